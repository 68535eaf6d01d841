"""The link from a dispute to the penalty case it challenges, and the outcome flowing back.

The penalty cases live in the enforcement app, built alongside this one, so
nothing here imports it at module level. A dispute carries the penalty case's
number (``penalty_case_number``); when a reconsideration decision or a
judgment takes the penalty decision away (撤销、确认无效), the enforcement
service ``case_decision_withdraw(*, case, reason, source, actor)`` is called
— if it exists — after the dispute's own transaction has committed, in a
transaction of its own, so that a refusal there never undoes the dispute's
decision. What happened is stored on the dispute (``penalty_flowback``) and
audited ("reconsideration.penalty_flowback" / "litigation.penalty_flowback").
"""

from __future__ import annotations

import logging
from importlib import import_module

from django.apps import apps
from django.db import transaction

from fazhi.audit.services import audit_record

logger = logging.getLogger(__name__)

NOT_AVAILABLE = "处罚案件模块未提供撤回服务，需人工处理"
NOT_FOUND = "未找到案号为 %s 的处罚案件，需人工处理"
WITHDRAWN = "已通知处罚案件 %s 撤回处罚决定"
REFUSED = "处罚案件 %s 撤回失败：%s"


def _withdraw_service():
    try:
        module = import_module("fazhi.enforcement.services")
    except ImportError:
        return None
    return getattr(module, "case_decision_withdraw", None)


def _find_penalty_case(number: str, organization):
    try:
        model = apps.get_model("enforcement", "PenaltyCase")
    except LookupError:
        return None
    qs = model.objects.filter(number=number, voided_at__isnull=True)
    if organization is not None:
        qs = qs.filter(organization__path__startswith=organization.path)
    return qs.order_by("pk").first()


def match_penalty_case(number: str, *, actor):
    """The penalty case whose 案号 is ``number``, if exactly one that ``actor`` can see has it; else None.

    Matching is exact on the trimmed number; an ambiguous or unknown number leaves the link empty (the
    string ``penalty_case_number`` is kept either way).
    """
    number = (number or "").strip()
    if not number:
        return None
    try:
        model = apps.get_model("enforcement", "PenaltyCase")
    except LookupError:
        return None
    qs = model.objects.visible_to(actor) if actor is not None else model.objects.all()
    found = list(qs.filter(number=number, voided_at__isnull=True).exclude(status="voided").order_by("pk")[:2])
    return found[0] if len(found) == 1 else None


def link_penalty_case(record, *, actor) -> None:
    """Set ``record.penalty_case`` from ``record.penalty_case_number`` (called by the receive/update services)."""
    record.penalty_case = match_penalty_case(record.penalty_case_number, actor=actor)


def flow_back(*, record, organization, reason: str, source: str, actor, event: str) -> str:
    """Withdraw the penalty decision named by ``record.penalty_case_number``; returns what happened.

    Runs in its own transaction; call it through ``flow_back_on_commit``.
    """
    number = record.penalty_case_number
    service = _withdraw_service()
    if service is None:
        result = NOT_AVAILABLE
    else:
        linked = getattr(record, "penalty_case", None)
        case = linked if linked is not None and linked.voided_at is None else _find_penalty_case(number, organization)
        if case is None:
            result = NOT_FOUND % number
        else:
            try:
                # the service runs its own transaction (this runs after the dispute's has committed)
                service(case=case, reason=reason, source=source, actor=actor)
                result = WITHDRAWN % number
            except Exception as exc:  # the dispute stands whatever the penalty side says
                logger.warning("penalty flow-back for %s failed: %s", record, exc)
                result = REFUSED % (number, exc)
    with transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(penalty_flowback=result[:200])
        record.penalty_flowback = result[:200]
        audit_record(event=event, obj=record, actor=actor, data={"penalty_case_number": number, "result": result})
    return result


def flow_back_on_commit(*, record, organization, reason: str, source: str, actor, event: str) -> None:
    """Schedule ``flow_back`` for when the current transaction commits."""
    if not record.penalty_case_number:
        return
    transaction.on_commit(
        lambda: flow_back(record=record, organization=organization, reason=reason, source=source,
                          actor=actor, event=event)
    )
