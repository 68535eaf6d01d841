"""The enforcement app's writes (STYLE R3): other apps call these and nothing else.

* ``items``: the item catalogue's register hook (a new version closes the old);
* ``cases``: one service per transition of the penalty-case lifecycle;
* ``steps``: acts inside a stage (investigation, statement, hearing, legal review,
  discussion, payments, suspension and extension of periods);
* ``record``: the full-process record (hash chain), documents and evidence;
* ``publicity``: withdrawal of a revoked decision from the public page.
"""

from .cases import (
    HANDLER_ROLES,
    case_close,
    case_create,
    case_decide,
    case_decide_summary,
    case_decline,
    case_discussion_submit,
    case_execute,
    case_file,
    case_hearing_request,
    case_investigation_start,
    case_legal_review_submit,
    case_notify,
    case_organizations_for,
    case_reinvestigate,
    case_serve,
    case_transfer,
    case_update,
    case_void,
    check_handler,
)
from .items import item_after_save
from .publicity import case_decision_withdraw
from .record import case_evidence_add, case_evidence_void, case_record_verify, document_render
from .steps import (
    case_deadline_extend,
    case_payment_record,
    case_preservation_resolve,
    case_resume,
    case_step_record,
    case_suspend,
)

__all__ = [
    "HANDLER_ROLES",
    "case_close",
    "case_create",
    "case_deadline_extend",
    "case_decide",
    "case_decide_summary",
    "case_decision_withdraw",
    "case_decline",
    "case_discussion_submit",
    "case_evidence_add",
    "case_evidence_void",
    "case_execute",
    "case_file",
    "case_hearing_request",
    "case_investigation_start",
    "case_legal_review_submit",
    "case_notify",
    "case_organizations_for",
    "case_payment_record",
    "case_preservation_resolve",
    "case_record_verify",
    "case_reinvestigate",
    "case_resume",
    "case_serve",
    "case_step_record",
    "case_suspend",
    "case_transfer",
    "case_update",
    "case_void",
    "check_handler",
    "document_render",
    "item_after_save",
]
