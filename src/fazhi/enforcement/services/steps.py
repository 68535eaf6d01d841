"""Writes inside a stage of a case that do not change its status.

Investigative steps (询问、检查、抽样、先行登记保存) by two certified officers;
the party's statement or written waiver; the hearing as held; the legal
review's opinion; the collective discussion; the decision on preserved evidence;
payments; suspension, resumption and extension of a period with its approver.
Each is appended to the case's full-process record and audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.audit.services import audit_record
from fazhi.config.selectors import work_calendar
from fazhi.core.legaltime import DeadlineInputError, compute_deadline
from fazhi.enforcement.constants import (
    INVESTIGATIVE_STEPS,
    CaseStatus,
    DeadlineRule,
    DocumentKind,
    ReviewOutcome,
    StepKind,
)
from fazhi.enforcement.deadlines import case_rules, has_fine
from fazhi.enforcement.models import (
    CaseExtension,
    CasePayment,
    CaseStep,
    CaseSuspension,
    Officer,
    PenaltyCase,
)

from .cases import _lock, _today, check_handler, check_officers, refresh_deadlines
from .record import document_generate, record_append

__all__ = [
    "APPROVER_ROLES",
    "REVIEW_ROLES",
    "case_deadline_extend",
    "case_payment_record",
    "case_preservation_resolve",
    "case_resume",
    "case_step_record",
    "case_suspend",
]

#: who records the legal review's opinion (法制审核人员: the legal office or the body's own reviewers)
REVIEW_ROLES = frozenset({Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF, Role.ADMINISTRATOR})
#: who may approve a suspension or an extension (负责人)
APPROVER_ROLES = frozenset({Role.LEADERSHIP, Role.DEPARTMENT_STAFF, Role.ADMINISTRATOR})

#: the status each kind of step belongs to
STEP_STATUSES: dict[str, frozenset[str]] = {
    **{k: frozenset({CaseStatus.INVESTIGATING}) for k in INVESTIGATIVE_STEPS},
    StepKind.STATEMENT: frozenset({CaseStatus.NOTIFIED, CaseStatus.HEARING}),
    StepKind.STATEMENT_WAIVER: frozenset({CaseStatus.NOTIFIED}),
    StepKind.HEARING_HELD: frozenset({CaseStatus.HEARING}),
    StepKind.LEGAL_REVIEW: frozenset({CaseStatus.LEGAL_REVIEW}),
    StepKind.COLLECTIVE_DISCUSSION: frozenset({CaseStatus.COLLECTIVE_DISCUSSION}),
    StepKind.OTHER: frozenset({CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED, CaseStatus.HEARING,
                               CaseStatus.LEGAL_REVIEW, CaseStatus.COLLECTIVE_DISCUSSION, CaseStatus.DECIDED,
                               CaseStatus.SERVED, CaseStatus.EXECUTED}),
}

ERR_STEP_STAGE = _("“%(step)s”只能在以下阶段记录：%(stages)s（当前：%(status)s）")
ERR_REVIEWER = _("应当填写审核人（主持人）")
ERR_HOST_INVESTIGATOR = _("听证由行政机关指定的非本案调查人员主持（行政处罚法第六十四条第一款第四项），%(name)s 是本案承办人")
ERR_REVIEWER_INVESTIGATOR = _("法制审核应当由从事法制审核的人员进行，本案承办人 %(name)s 不能审核本案（行政处罚法第五十八条）")
ERR_OUTCOME = _("应当填写审核结论")
ERR_SUMMARY = _("应当填写内容摘要")
ERR_APPROVER = _("批准人应当是本辖区的负责人，且不能是登记人本人")
ERR_NOT_SUSPENDABLE = _("“%(rule)s”依法不能中止（%(basis)s）")
ERR_ALREADY_SUSPENDED = _("该期限已在中止中")
ERR_NOT_SUSPENDED = _("该期限没有未恢复的中止")
ERR_RULE_STAGE = _("该期限尚未开始或已经结束，不能中止或延长")


def _check_date(on: dt.date, case: PenaltyCase, field: str = "on") -> None:
    if on > _today():
        raise ValidationError({field: _("日期不能晚于今天")})
    if on < case.lead_received_on:
        raise ValidationError({field: _("日期不能早于线索发现日期 %(day)s") % {"day": case.lead_received_on.isoformat()}})


def _record(case: PenaltyCase, event: str, obj, summary: str, data: dict[str, Any], actor) -> None:
    record_append(case=case, event=event, obj=obj, summary=summary, data=data, actor=actor)
    audit_record(event=f"case.{event.replace('.', '_')}", obj=case, actor=actor, data={"object_id": obj.pk, **data})


@transaction.atomic
def case_step_record(
    *, case: PenaltyCase, actor, kind: str, on: dt.date, summary: str = "",
    officers: Sequence[Officer] | None = None, outcome: str = "", reviewer: str = "",
    data: dict[str, Any] | None = None,
) -> CaseStep:
    """Record a step of the current stage (see ``STEP_STATUSES``).

    Investigative steps need two officers certified that day (第四十二条、第五十五条);
    a hearing is chaired by someone who did not investigate (第六十四条第一款第四项);
    the legal review records its reviewer and outcome (第五十八条).
    """
    case = _lock(case)
    kind = StepKind(kind)
    roles = REVIEW_ROLES if kind == StepKind.LEGAL_REVIEW else None
    check_handler(actor, case, roles) if roles else check_handler(actor, case)
    allowed = STEP_STATUSES[kind]
    if case.status not in allowed:
        raise ValidationError({"kind": ERR_STEP_STAGE % {
            "step": kind.label, "stages": "、".join(str(CaseStatus(s).label) for s in sorted(allowed)),
            "status": case.get_status_display()}})
    _check_date(on, case)
    chosen: list[Officer] = []
    if kind in INVESTIGATIVE_STEPS:
        chosen = check_officers(case, officers, on, str(kind.label))
    investigators = {o.name for o in case.officers.all()}
    if kind in (StepKind.HEARING_HELD, StepKind.LEGAL_REVIEW):
        if not reviewer.strip():
            raise ValidationError({"reviewer": ERR_REVIEWER})
        if reviewer.strip() in investigators:
            msg = ERR_HOST_INVESTIGATOR if kind == StepKind.HEARING_HELD else ERR_REVIEWER_INVESTIGATOR
            raise ValidationError({"reviewer": msg % {"name": reviewer.strip()}})
    if kind == StepKind.LEGAL_REVIEW:
        if outcome not in ReviewOutcome.values:
            raise ValidationError({"outcome": ERR_OUTCOME})
    else:
        outcome = ""
    if kind in (StepKind.STATEMENT, StepKind.STATEMENT_WAIVER, StepKind.COLLECTIVE_DISCUSSION,
                StepKind.LEGAL_REVIEW, StepKind.OTHER) and not summary.strip():
        raise ValidationError({"summary": ERR_SUMMARY})
    step = CaseStep(case=case, kind=kind, on=on, summary=summary.strip(), outcome=outcome,
                    reviewer=reviewer.strip(), data=data or {},
                    created_by=actor if actor is not None and actor.pk else None)
    step.full_clean()
    step.save()
    if chosen:
        step.officers.set(chosen)
    refresh_deadlines(case)
    case.save(update_fields=["next_deadline", "next_deadline_rule", "deadline_problem", "suspended"])
    payload = {"kind": kind.value, "on": on, "summary": step.summary, "officers": [o.name for o in chosen],
               "outcome": outcome, "reviewer": step.reviewer}
    _record(case, "step.recorded", step, f"{kind.label}（{on.isoformat()}）", payload, actor)
    if kind == StepKind.LEGAL_REVIEW:
        document_generate(case=case, kind=DocumentKind.LEGAL_REVIEW_OPINION, actor=actor, step=step, on=on)
    elif kind == StepKind.COLLECTIVE_DISCUSSION:
        document_generate(case=case, kind=DocumentKind.DISCUSSION_RECORD, actor=actor, step=step, on=on)
    return step


@transaction.atomic
def case_preservation_resolve(*, step: CaseStep, actor, on: dt.date, measure: str) -> CaseStep:
    """The decision on evidence preserved under 第五十六条 (within 7 working days)."""
    case = _lock(step.case)
    check_handler(actor, case)
    step = CaseStep.objects.select_for_update(of=("self",)).get(pk=step.pk)
    if step.kind != StepKind.PRESERVATION or step.resolved_on is not None:
        raise ValidationError({"step": _("只能对尚未处理的先行登记保存作出处理决定")})
    if on < step.on:
        raise ValidationError({"on": _("处理日期不能早于保存日期")})
    _check_date(on, case)
    if not measure.strip():
        raise ValidationError({"measure": _("应当写明处理决定（解除保存、移交检测、没收等）")})
    step.resolved_on = on
    step.data = {**step.data, "measure": measure.strip()}
    step.save(update_fields=["resolved_on", "data", "updated_at"])
    refresh_deadlines(case)
    case.save(update_fields=["next_deadline", "next_deadline_rule", "deadline_problem", "suspended"])
    _record(case, "preservation.resolved", step, _("先行登记保存处理决定（%(day)s）") % {"day": on.isoformat()},
            {"on": on, "measure": measure.strip()}, actor)
    return step


@transaction.atomic
def case_payment_record(
    *, case: PenaltyCase, actor, paid_on: dt.date, amount: Decimal, receipt_number: str = "",
) -> CasePayment:
    """A payment of the fine or the surcharge (罚缴分离: into the designated bank, 第六十七条)."""
    case = _lock(case)
    check_handler(actor, case)
    if case.status != CaseStatus.SERVED or not has_fine(case):
        raise ValidationError({"amount": _("只有已送达、尚未执行完毕的罚款决定可以登记缴款")})
    _check_date(paid_on, case, "paid_on")
    if case.decided_on and paid_on < case.decided_on:
        raise ValidationError({"paid_on": _("缴款日期不能早于决定日期")})
    amount = Decimal(amount)
    payment = CasePayment(case=case, paid_on=paid_on, amount=amount, receipt_number=receipt_number.strip()[:60],
                          recorded_at=timezone.now(), recorded_by=actor if actor is not None and actor.pk else None)
    payment.full_clean()
    payment.save()
    _record(case, "payment.recorded", payment, _("缴款 %(amount)s 元（%(day)s）") % {
        "amount": amount, "day": paid_on.isoformat()},
        {"paid_on": paid_on, "amount": amount, "receipt_number": payment.receipt_number}, actor)
    return payment


def _check_approver(actor, approver, case: PenaltyCase) -> None:
    if approver is None or (actor is not None and approver.pk == actor.pk) or not approver.has_role(*APPROVER_ROLES):
        raise ValidationError({"approver": ERR_APPROVER})
    zone = case.organization.zone()
    if not approver.is_superuser and not (approver.organization and approver.organization.path.startswith(zone.path)):
        raise ValidationError({"approver": ERR_APPROVER})


def _rule_running(case: PenaltyCase, rule: str) -> bool:
    if rule == DeadlineRule.DECISION:
        return bool(case.filed_on and not case.decided_on and case.is_open)
    return bool(case.served_on and has_fine(case) and not case.executed_on and case.is_open)


@transaction.atomic
def case_suspend(*, case: PenaltyCase, actor, rule: str = DeadlineRule.DECISION, on: dt.date, reason: str,
                 approver) -> CaseSuspension:
    """中止 a period where the rule allows it (the clock stops from ``on``), with the approver."""
    case = _lock(case)
    check_handler(actor, case)
    rule = DeadlineRule(rule)
    r = case_rules()[rule.value]
    if not r.suspendable:
        raise ValidationError({"rule": ERR_NOT_SUSPENDABLE % {"rule": r.title, "basis": r.basis}})
    if not _rule_running(case, rule):
        raise ValidationError({"rule": ERR_RULE_STAGE})
    if case.suspensions.filter(rule=rule, resumed_on__isnull=True).exists():
        raise ValidationError({"rule": ERR_ALREADY_SUSPENDED})
    _check_date(on, case)
    if not reason.strip():
        raise ValidationError({"reason": _("应当填写中止理由")})
    _check_approver(actor, approver, case)
    s = CaseSuspension(case=case, rule=rule, suspended_on=on, reason=reason.strip()[:500], approver=approver,
                       created_by=actor if actor is not None and actor.pk else None)
    s.full_clean()
    s.save()
    refresh_deadlines(case)
    case.save(update_fields=["next_deadline", "next_deadline_rule", "deadline_problem", "suspended"])
    _record(case, "deadline.suspended", s, _("中止%(rule)s（%(day)s）") % {"rule": r.title, "day": on.isoformat()},
            {"rule": rule.value, "on": on, "reason": s.reason, "approver": str(approver)}, actor)
    return s


@transaction.atomic
def case_resume(*, case: PenaltyCase, actor, rule: str = DeadlineRule.DECISION, on: dt.date) -> CaseSuspension:
    """恢复: the clock runs again from ``on`` (the days before it are not counted)."""
    case = _lock(case)
    check_handler(actor, case)
    s = case.suspensions.filter(rule=rule, resumed_on__isnull=True).first()
    if s is None:
        raise ValidationError({"rule": ERR_NOT_SUSPENDED})
    _check_date(on, case)
    if on < s.suspended_on:
        raise ValidationError({"on": _("恢复日期不能早于中止日期")})
    s.resumed_on = on
    s.save(update_fields=["resumed_on", "updated_at"])
    refresh_deadlines(case)
    case.save(update_fields=["next_deadline", "next_deadline_rule", "deadline_problem", "suspended"])
    _record(case, "deadline.resumed", s, _("恢复计算期限（%(day)s）") % {"day": on.isoformat()},
            {"rule": s.rule, "on": on}, actor)
    return s


@transaction.atomic
def case_deadline_extend(*, case: PenaltyCase, actor, rule: str, days: int, on: dt.date, reason: str,
                         approver) -> CaseExtension:
    """延长 a period where the rule allows it (the 90-day period under the sector rule; payment
    deferral under 第六十六条第二款), within its maximum, with the approver."""
    case = _lock(case)
    check_handler(actor, case)
    rule = DeadlineRule(rule)
    r = case_rules()[rule.value]
    if not _rule_running(case, rule):
        raise ValidationError({"rule": ERR_RULE_STAGE})
    if days is None or int(days) < 1:
        raise ValidationError({"days": _("延长天数应当大于零")})
    _check_date(on, case)
    if not reason.strip():
        raise ValidationError({"reason": _("应当填写延长理由")})
    _check_approver(actor, approver, case)
    total = sum(e.days for e in case.extensions.filter(rule=rule)) + int(days)
    start = case.filed_on if rule == DeadlineRule.DECISION else case.served_on
    try:
        compute_deadline(r, start, calendar=work_calendar(), extension_days=total)
    except DeadlineInputError as exc:
        raise ValidationError({"days": _("不能延长：%(why)s") % {"why": exc}}) from None
    except ValueError as exc:  # the calendar does not know the year yet
        raise ValidationError({"days": str(exc)}) from None
    e = CaseExtension(case=case, rule=rule, days=int(days), approved_on=on, reason=reason.strip()[:500],
                      approver=approver, created_by=actor if actor is not None and actor.pk else None)
    e.full_clean()
    e.save()
    refresh_deadlines(case)
    case.save(update_fields=["next_deadline", "next_deadline_rule", "deadline_problem", "suspended"])
    _record(case, "deadline.extended", e, _("延长%(rule)s %(days)s 日") % {"rule": r.title, "days": days},
            {"rule": rule.value, "days": int(days), "on": on, "reason": e.reason, "approver": str(approver),
             "basis": r.basis}, actor)
    return e

