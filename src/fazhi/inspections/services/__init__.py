"""Writes of the inspections app (STYLE R5): one service per action, each validated, scoped and audited.

Other apps call these (the random-draw module: ``task_create_from_draw`` /
``inspection_task_create``; the disputes module: ``finding_opinion_issued``).
"""

from .coordination import (
    coordination_run_adjust,
    coordination_run_create,
    coordination_run_discard,
    coordination_run_issue,
)
from .invitations import invitation_accept, invitation_decline, invitation_submit, rating_submit
from .items import inspection_item_create, inspection_item_publish, inspection_item_withdraw
from .plans import (
    EntityFilter,
    inspection_task_create,
    inspection_task_void,
    plan_approve,
    plan_create,
    plan_return,
    plan_submit,
    plan_tasks_from_filter,
    plan_withdraw,
    task_create_from_draw,
)
from .records import record_document_add, visit_arrive, visit_complete, visit_record_save
from .supervision import (
    finding_confirm,
    finding_dismiss,
    finding_opinion_issued,
    finding_rectify,
    supervision_check,
)
from .visits import (
    non_enforcement_visit_register,
    visit_cancel,
    visit_officers_default,
    visit_officers_set,
    visit_open,
    visit_schedule,
)

__all__ = [
    "EntityFilter",
    "coordination_run_adjust",
    "coordination_run_create",
    "coordination_run_discard",
    "coordination_run_issue",
    "finding_confirm",
    "finding_dismiss",
    "finding_opinion_issued",
    "finding_rectify",
    "inspection_item_create",
    "inspection_item_publish",
    "inspection_item_withdraw",
    "inspection_task_create",
    "inspection_task_void",
    "invitation_accept",
    "invitation_decline",
    "invitation_submit",
    "non_enforcement_visit_register",
    "plan_approve",
    "plan_create",
    "plan_return",
    "plan_submit",
    "plan_tasks_from_filter",
    "plan_withdraw",
    "rating_submit",
    "record_document_add",
    "supervision_check",
    "task_create_from_draw",
    "visit_arrive",
    "visit_cancel",
    "visit_complete",
    "visit_officers_default",
    "visit_officers_set",
    "visit_open",
    "visit_record_save",
    "visit_schedule",
]
