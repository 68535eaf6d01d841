"""Models of enterprise inspections (涉企行政检查), one module per aggregate.

* ``items``: inspection items and standards (检查事项 / 检查标准)
* ``plans``: plans (检查计划) and their tasks (检查任务)
* ``coordination``: coordination runs (统筹) and their hand adjustments
* ``visits``: visits (入企), officers on them, gate overrides, inspection codes (检查码)
* ``records``: inspection records (检查记录), documents, ratings (企业评价)
* ``invitations``: enterprise invitations (企业邀约检查)
* ``supervision``: supervision findings (行政检查监督)
"""

from .coordination import CoordinationRun, RunAdjustment, RunStatusChange
from .invitations import Invitation, InvitationStatusChange
from .items import InspectionItem
from .plans import InspectionPlan, InspectionTask, PlanStatusChange, TaskOfficer
from .records import InspectionRecord, Rating, RecordDocument
from .supervision import Finding, FindingStatusChange
from .visits import GateOverride, InspectionCode, Visit, VisitOfficer, VisitStatusChange

__all__ = [
    "CoordinationRun",
    "Finding",
    "FindingStatusChange",
    "GateOverride",
    "InspectionCode",
    "InspectionItem",
    "InspectionPlan",
    "InspectionRecord",
    "InspectionTask",
    "Invitation",
    "InvitationStatusChange",
    "PlanStatusChange",
    "Rating",
    "RecordDocument",
    "RunAdjustment",
    "RunStatusChange",
    "TaskOfficer",
    "Visit",
    "VisitOfficer",
    "VisitStatusChange",
]
