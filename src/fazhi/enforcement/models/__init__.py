"""Models of the enforcement app, by aggregate (STYLE R2).

* ``personnel``: officers (执法人员), certificates (执法证), training hours;
* ``items``: the enforcement item catalogue (执法事项);
* ``cases``: penalty cases (行政处罚案件) and their full-process record.
"""

from .cases import (
    CaseDocument,
    CaseExtension,
    CaseNumberCounter,
    CasePayment,
    CaseRecordEntry,
    CaseStatusChange,
    CaseStep,
    CaseSuspension,
    EvidenceFile,
    PenaltyCase,
    PenaltyCaseQuerySet,
)
from .items import EnforcementItem, EnforcementItemQuerySet
from .personnel import EnforcementCertificate, Officer, OfficerQuerySet, TrainingRecord

__all__ = [
    "CaseDocument",
    "CaseExtension",
    "CaseNumberCounter",
    "CasePayment",
    "CaseRecordEntry",
    "CaseStatusChange",
    "CaseStep",
    "CaseSuspension",
    "EnforcementCertificate",
    "EnforcementItem",
    "EnforcementItemQuerySet",
    "EvidenceFile",
    "Officer",
    "OfficerQuerySet",
    "PenaltyCase",
    "PenaltyCaseQuerySet",
    "TrainingRecord",
]
