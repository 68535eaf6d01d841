"""Transition tables of the inspection workflows (涉企行政检查), as data (STYLE R7).

Each workflow is a mapping ``(status, action) -> new status``. The inspections
app has one service per action; the service looks the pair up here and refuses
anything not listed with ``InvalidTransition``, whose message names the rule
(the current status and what it allows). The tables are rendered as the
transition diagrams of ``docs/domain/inspections.md``.

Workflows:

* plan (检查计划): a department drafts and submits; the legal office approves
  (an approved plan is published) or returns it with a reason; an approved plan
  can be withdrawn with a reason.
* coordination run (统筹): proposed by the engine, issued to the departments or
  discarded.
* visit (入企): proposed by a run (or scheduled directly for an invitation, a
  random draw or a complaint), opened when its gates pass and its code is
  issued, in progress from arrival, completed when its record is complete;
  cancelled with a reason before it is completed.
* invitation (企业邀约检查): submitted by an enterprise, accepted (an
  appointment and one joint visit) or declined with a reason; completed with its
  visit, or cancelled.
* finding (监督发现): open, then confirmed or dismissed (with a reason); a
  confirmed finding becomes a supervision opinion (监督意见书, the disputes
  module) or is rectified.

Pure Python; no Django imports (STYLE R1).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

__all__ = [
    "FINDING_TRANSITIONS",
    "INVITATION_TRANSITIONS",
    "PLAN_TRANSITIONS",
    "RUN_TRANSITIONS",
    "VISIT_TRANSITIONS",
    "FindingAction",
    "FindingStatus",
    "InvalidTransition",
    "InvitationAction",
    "InvitationStatus",
    "LABELS",
    "PlanAction",
    "PlanStatus",
    "RunAction",
    "RunStatus",
    "VisitAction",
    "VisitStatus",
    "allowed_actions",
    "next_status",
]


class InvalidTransition(ValueError):
    """An action the workflow does not allow in the current status."""

    def __init__(self, workflow: str, status: str, action: str, allowed: tuple[str, ...]):
        self.workflow = workflow
        self.status = status
        self.action = action
        self.allowed = allowed
        allowed_text = "、".join(LABELS.get(a, a) for a in allowed) if allowed else "无"
        super().__init__(
            f"{workflow}流程不允许在“{LABELS.get(status, status)}”状态下执行“{LABELS.get(action, action)}”"
            f"（该状态允许的操作：{allowed_text}）"
        )


class PlanStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


class PlanAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    WITHDRAW = "withdraw"


PLAN_TRANSITIONS: Mapping[tuple[PlanStatus, PlanAction], PlanStatus] = {
    (PlanStatus.DRAFT, PlanAction.SUBMIT): PlanStatus.SUBMITTED,
    (PlanStatus.RETURNED, PlanAction.SUBMIT): PlanStatus.SUBMITTED,
    (PlanStatus.SUBMITTED, PlanAction.APPROVE): PlanStatus.APPROVED,
    (PlanStatus.SUBMITTED, PlanAction.RETURN): PlanStatus.RETURNED,
    (PlanStatus.APPROVED, PlanAction.WITHDRAW): PlanStatus.WITHDRAWN,
}


class RunStatus(StrEnum):
    PROPOSED = "proposed"
    ISSUED = "issued"
    DISCARDED = "discarded"


class RunAction(StrEnum):
    ISSUE = "issue"
    DISCARD = "discard"


RUN_TRANSITIONS: Mapping[tuple[RunStatus, RunAction], RunStatus] = {
    (RunStatus.PROPOSED, RunAction.ISSUE): RunStatus.ISSUED,
    (RunStatus.PROPOSED, RunAction.DISCARD): RunStatus.DISCARDED,
}


class VisitStatus(StrEnum):
    PROPOSED = "proposed"
    SCHEDULED = "scheduled"
    OPENED = "opened"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class VisitAction(StrEnum):
    ISSUE = "issue"
    OPEN = "open"
    ARRIVE = "arrive"
    COMPLETE = "complete"
    CANCEL = "cancel"


VISIT_TRANSITIONS: Mapping[tuple[VisitStatus, VisitAction], VisitStatus] = {
    (VisitStatus.PROPOSED, VisitAction.ISSUE): VisitStatus.SCHEDULED,
    (VisitStatus.PROPOSED, VisitAction.CANCEL): VisitStatus.CANCELLED,
    (VisitStatus.SCHEDULED, VisitAction.OPEN): VisitStatus.OPENED,
    (VisitStatus.SCHEDULED, VisitAction.CANCEL): VisitStatus.CANCELLED,
    (VisitStatus.OPENED, VisitAction.ARRIVE): VisitStatus.IN_PROGRESS,
    (VisitStatus.OPENED, VisitAction.CANCEL): VisitStatus.CANCELLED,
    (VisitStatus.IN_PROGRESS, VisitAction.COMPLETE): VisitStatus.COMPLETED,
}


class InvitationStatus(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class InvitationAction(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    COMPLETE = "complete"
    CANCEL = "cancel"


INVITATION_TRANSITIONS: Mapping[tuple[InvitationStatus, InvitationAction], InvitationStatus] = {
    (InvitationStatus.SUBMITTED, InvitationAction.ACCEPT): InvitationStatus.ACCEPTED,
    (InvitationStatus.SUBMITTED, InvitationAction.DECLINE): InvitationStatus.DECLINED,
    (InvitationStatus.ACCEPTED, InvitationAction.COMPLETE): InvitationStatus.COMPLETED,
    (InvitationStatus.ACCEPTED, InvitationAction.CANCEL): InvitationStatus.CANCELLED,
}


class FindingStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    OPINION_ISSUED = "opinion_issued"
    RECTIFIED = "rectified"


class FindingAction(StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    ISSUE_OPINION = "issue_opinion"
    RECTIFY = "rectify"


FINDING_TRANSITIONS: Mapping[tuple[FindingStatus, FindingAction], FindingStatus] = {
    (FindingStatus.OPEN, FindingAction.CONFIRM): FindingStatus.CONFIRMED,
    (FindingStatus.OPEN, FindingAction.DISMISS): FindingStatus.DISMISSED,
    (FindingStatus.CONFIRMED, FindingAction.ISSUE_OPINION): FindingStatus.OPINION_ISSUED,
    (FindingStatus.CONFIRMED, FindingAction.RECTIFY): FindingStatus.RECTIFIED,
    (FindingStatus.OPINION_ISSUED, FindingAction.RECTIFY): FindingStatus.RECTIFIED,
}

#: Chinese names of statuses and actions, for messages (the app's choices carry the same words)
LABELS: Mapping[str, str] = {
    "draft": "草稿",
    "submitted": "已提交",
    "approved": "已批准",
    "returned": "已退回",
    "withdrawn": "已撤回",
    "submit": "提交",
    "approve": "批准",
    "return": "退回",
    "withdraw": "撤回",
    "proposed": "待审定",
    "issued": "已下达",
    "discarded": "已废弃",
    "issue": "下达",
    "discard": "废弃",
    "scheduled": "已排期",
    "opened": "已亮码",
    "in_progress": "检查中",
    "completed": "已完成",
    "cancelled": "已取消",
    "open": "亮码（通过检查前核验）",
    "arrive": "到达企业",
    "complete": "完成记录",
    "cancel": "取消",
    "accepted": "已受理",
    "declined": "不予受理",
    "accept": "受理",
    "decline": "不予受理",
    "confirmed": "已确认",
    "dismissed": "已排除",
    "opinion_issued": "已制发监督意见",
    "rectified": "已整改",
    "confirm": "确认",
    "dismiss": "排除",
    "issue_opinion": "制发监督意见",
    "rectify": "整改完成",
}

_WORKFLOW_NAMES = {
    id(PLAN_TRANSITIONS): "检查计划",
    id(RUN_TRANSITIONS): "统筹结果",
    id(VISIT_TRANSITIONS): "入企检查",
    id(INVITATION_TRANSITIONS): "企业邀约",
    id(FINDING_TRANSITIONS): "监督发现",
}


def allowed_actions(table: Mapping[tuple[StrEnum, StrEnum], StrEnum], status: str) -> tuple[str, ...]:
    """The actions ``table`` allows in ``status``, in table order."""
    return tuple(str(action) for (s, action) in table if s == status)


def next_status(table: Mapping[tuple[StrEnum, StrEnum], StrEnum], status: str, action: str) -> str:
    """The status after ``action``; ``InvalidTransition`` when the table does not list the pair."""
    for (s, a), target in table.items():
        if s == status and a == action:
            return str(target)
    raise InvalidTransition(_WORKFLOW_NAMES.get(id(table), "流程"), status, action, allowed_actions(table, status))
