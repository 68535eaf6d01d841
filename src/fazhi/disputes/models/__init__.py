"""Models of the disputes app (行政复议、行政应诉、监督意见书), one module per aggregate."""

from .history import StatusChange
from .litigation import LitigationCase, LitigationHearing
from .opinions import OpinionEvidence, SupervisionOpinion
from .reconsideration import IncidentalReview, ReconsiderationCase, ReconsiderationSuspension

__all__ = [
    "IncidentalReview",
    "LitigationCase",
    "LitigationHearing",
    "OpinionEvidence",
    "ReconsiderationCase",
    "ReconsiderationSuspension",
    "StatusChange",
    "SupervisionOpinion",
]
