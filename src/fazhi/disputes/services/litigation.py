"""Writes of litigation cases (行政应诉): receipt, answer, hearings with the head's appearance,
judgment or ruling, appeal. One service per step of ``fazhi.core.litigation.TRANSITIONS``.

Who may act: the defendant organization's staff and the legal office, within
their scope.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.audit.services import audit_record, diff, snapshot
from fazhi.config.selectors import work_calendar
from fazhi.core import litigation as core
from fazhi.core import reconsideration as core_reconsideration
from fazhi.disputes import deadlines
from fazhi.disputes.constants import Instance
from fazhi.disputes.models import LitigationCase, LitigationHearing, ReconsiderationCase
from fazhi.disputes.penalty_link import flow_back_on_commit, link_penalty_case

from ._common import in_scope, not_before, not_future, record_step, require

__all__ = [
    "litigation_answer",
    "litigation_conclude",
    "litigation_receive",
    "litigation_record_appeal",
    "litigation_record_hearing",
    "litigation_update",
    "litigation_void",
]

EVENTS = {
    core.Action.ANSWER: "answered",
    core.Action.RECORD_HEARING: "hearing_recorded",
    core.Action.CONCLUDE: "concluded",
    core.Action.RECORD_APPEAL: "appealed",
}

MSG_ROLE = _("只有法治办或被诉机关的工作人员可以办理应诉案件")
MSG_SCOPE = _("该案件不在您的管辖范围内")


def _check_actor(actor, organization) -> None:
    if actor is None or actor.is_superuser:
        return
    require(actor.role in (Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF), MSG_ROLE)
    require(in_scope(actor, organization), MSG_SCOPE)


def _locked(case: LitigationCase) -> LitigationCase:
    return LitigationCase.objects.select_for_update().get(pk=case.pk)


def _step(case, action: core.Action, *, actor, on, before, note="", data=None, apply=None) -> LitigationCase:
    if case.voided_at is not None:
        raise ValidationError({"status": _("案件已作废")})
    from_status = case.status
    try:
        to_status = core.transition(case.status, action)
    except core.InvalidTransition as exc:
        raise ValidationError({"status": exc.message}) from None
    if apply is not None:
        apply(case)
    case.status = to_status
    record_step(
        obj=case, kind="litigation", action=str(action), action_label=action.label, from_status=from_status,
        on=on, actor=actor, before=before, note=note, basis=action.basis,
        event=f"litigation.{EVENTS[action]}", data=data,
    )
    return case


RECEIPT_FIELDS = (
    "number", "court", "instance", "previous", "plaintiff_name", "plaintiff_kind", "third_party",
    "co_defendants", "disputed_act", "act_kind", "penalty_case_number", "reconsideration_case",
    "public_interest", "filed_on", "complaint_received_on", "note",
)


def _check_reconsideration_link(case: LitigationCase, actor) -> None:
    """复议后起诉: the reconsideration must be over (or its decision period lapsed), 行政复议法 第二十九条."""
    if case.reconsideration_case_id is None:
        return
    rc = ReconsiderationCase.objects.get(pk=case.reconsideration_case_id)  # fresh: its state decides
    if actor is not None and not ReconsiderationCase.objects.visible_to(actor).filter(pk=rc.pk).exists():
        raise ValidationError({"reconsideration_case": MSG_SCOPE})
    if rc.status in core_reconsideration.TERMINAL_STATUSES:
        return
    due = deadlines.reconsideration_deadline(rc, "decision", calendar=work_calendar())
    if due is not None and due.deadline is not None and case.complaint_received_on > due.deadline:
        return  # 行政诉讼法 第四十五条: 复议机关逾期不作决定的，可以起诉
    raise ValidationError({"reconsideration_case": _(
        "该复议案件尚在复议期间，已受理的复议案件在复议期间不得向人民法院提起行政诉讼（行政复议法 第二十九条）")})


@transaction.atomic
def litigation_receive(*, actor, organization, today: dt.date | None = None, **fields) -> LitigationCase:
    """收到起诉状副本: register a case against ``organization`` (the defendant); the answer period starts."""
    unknown = set(fields) - set(RECEIPT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    _check_actor(actor, organization)
    case = LitigationCase(organization=organization, **fields)
    not_future(case.complaint_received_on, "complaint_received_on", today)
    not_before(case.complaint_received_on, "complaint_received_on", case.filed_on, _("法院立案日"))
    if case.previous_id:
        prev = LitigationCase.objects.get(pk=case.previous_id)
        if actor is not None and not LitigationCase.objects.visible_to(actor).filter(pk=prev.pk).exists():
            raise ValidationError({"previous": MSG_SCOPE})
        if case.instance == Instance.FIRST and prev.outcome != core.Outcome.REMANDED:
            raise ValidationError({"instance": _("前审案件之后的案件应为二审、再审，或发回重审后的一审")})
    elif case.instance == Instance.SECOND:
        raise ValidationError({"previous": _("二审案件须关联一审案件")})
    _check_reconsideration_link(case, actor)
    link_penalty_case(case, actor=actor)
    case.full_clean()
    case.save()
    record_step(
        obj=case, kind="litigation", action="receive", action_label=_("收到起诉状副本"), from_status="",
        on=case.complaint_received_on, actor=actor, before=None, basis="行政诉讼法 第六十七条",
        event="litigation.received",
        data={"reconsideration_case": case.reconsideration_case_id, "previous": case.previous_id},
    )
    return case


EDITABLE_FIELDS = (
    "court", "plaintiff_name", "plaintiff_kind", "third_party", "co_defendants", "disputed_act", "act_kind",
    "penalty_case_number", "public_interest", "filed_on", "note",
)


@transaction.atomic
def litigation_update(
    *, case: LitigationCase, actor, today: dt.date | None = None, **fields
) -> LitigationCase:
    """Correct the descriptive particulars of a case (not its dates of steps or its state: those are steps)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({"__all__": _("这些字段须通过办理步骤修改：%(f)s") % {"f": ", ".join(sorted(unknown))}})
    case = _locked(case)
    _check_actor(actor, case.organization)
    if case.voided_at is not None:
        raise ValidationError({"status": _("案件已作废")})
    old_number = case.penalty_case_number
    before = snapshot(case)
    for k, v in fields.items():
        setattr(case, k, v)
    not_future(case.filed_on, "filed_on", today)
    if case.filed_on is not None and case.filed_on > case.complaint_received_on:
        raise ValidationError({"filed_on": _("法院立案日不能晚于收到起诉状副本日（%(d)s）") % {
            "d": case.complaint_received_on.isoformat()}})
    if case.penalty_case_number != old_number or case.penalty_case_id is None:
        link_penalty_case(case, actor=actor)
    case.full_clean()
    case.save()
    changes = diff(before, snapshot(case))
    if changes:
        audit_record(event="litigation.updated", obj=case, actor=actor, changes=changes)
    return case


@transaction.atomic
def litigation_void(*, case: LitigationCase, reason: str, actor) -> LitigationCase:
    """作废 a case registered by mistake: it stays in the record with the reason and leaves every indicator."""
    case = _locked(case)
    _check_actor(actor, case.organization)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": _("作废必须填写原因")})
    if case.voided_at is not None:
        raise ValidationError({"voided_at": _("该记录已作废")})
    later = LitigationCase.objects.filter(previous=case, voided_at__isnull=True).order_by("pk").first()
    if later is not None:
        raise ValidationError({"void_reason": _("该案件有后续审级（%(n)s），须先作废后续审级") % {"n": later.number}})
    case.voided_at = timezone.now()
    case.voided_by = actor
    case.void_reason = reason[:500]
    case.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_record(event="litigation.voided", obj=case, actor=actor,
                 changes={"voided_at": [None, case.voided_at], "void_reason": ["", case.void_reason]})
    return case


@transaction.atomic
def litigation_answer(
    *, case: LitigationCase, actor, answered_on: dt.date, evidence_submitted_on: dt.date | None = None,
    note: str = "", today: dt.date | None = None,
) -> LitigationCase:
    """提交答辩状、证据和所依据的规范性文件 (行政诉讼法 第六十七条: 15 days from receipt of the complaint copy).

    A late answer is recorded and shows late: 第三十四条第二款 then treats the
    act as having no evidence.
    """
    case = _locked(case)
    _check_actor(actor, case.organization)
    before = snapshot(case)
    not_future(answered_on, "answered_on", today)
    not_before(answered_on, "answered_on", case.complaint_received_on, _("收到起诉状副本日"))
    evidence_on = evidence_submitted_on or answered_on
    not_before(evidence_on, "evidence_submitted_on", case.complaint_received_on, _("收到起诉状副本日"))

    def apply(c):
        c.answer_submitted_on = answered_on
        c.evidence_submitted_on = evidence_on

    return _step(case, core.Action.ANSWER, actor=actor, on=answered_on, before=before, note=note, apply=apply)


@transaction.atomic
def litigation_record_hearing(
    *, case: LitigationCase, actor, held_on: dt.date, court_suggested: bool = False, head_appeared: bool = False,
    head_name: str = "", head_post: str = "", head_title: str = "", staff_names: str = "", lawyer_names: str = "",
    absence_reason: str = "", sealed_explanation: bool = False, note: str = "", today: dt.date | None = None,
) -> LitigationHearing:
    """开庭 and who appeared (行政诉讼法 第三条第三款; 解释 第一百二十八条至第一百三十二条).

    A head who appeared is named with post (正职/副职/分管, 解释 第一百二十八条、
    第一百三十一条). Breaches (only a lawyer, a required head absent without a
    sealed explanation) are recorded as flags, not refused.
    """
    case = _locked(case)
    _check_actor(actor, case.organization)
    before = snapshot(case)
    not_future(held_on, "held_on", today)
    not_before(held_on, "held_on", case.complaint_received_on, _("收到起诉状副本日"))
    if head_appeared:
        if not head_name.strip():
            raise ValidationError({"head_name": _("负责人出庭的，须填写出庭负责人姓名（解释 第一百三十一条）")})
        if not head_post:
            raise ValidationError({"head_post": _("出庭负责人须为正职、副职或者其他参与分管的负责人（解释 第一百二十八条）")})
    elif head_name or head_post:
        raise ValidationError({"head_appeared": _("填写了出庭负责人，请勾选“负责人出庭”")})
    a = core.assess_appearance(
        public_interest=case.public_interest, court_suggested=court_suggested, head_appeared=head_appeared,
        head_post=head_post or None, staff_appeared=bool(staff_names.strip()),
        lawyer_appeared=bool(lawyer_names.strip()), absence_reason=absence_reason,
        sealed_explanation=sealed_explanation,
    )
    hearing = LitigationHearing(
        case=case, held_on=held_on, court_suggested=court_suggested, head_required=a.required,
        head_appeared=head_appeared, head_name=head_name.strip(), head_post=head_post, head_title=head_title,
        staff_names=staff_names.strip(), lawyer_names=lawyer_names.strip(), absence_reason=absence_reason,
        sealed_explanation=sealed_explanation, flags=[f.value for f in a.flags],
        lawyer_only=core.AppearanceFlag.LAWYER_ONLY in a.flags, note=note,
    )
    hearing.full_clean()
    hearing.save()
    _step(case, core.Action.RECORD_HEARING, actor=actor, on=held_on, before=before, note=note,
          data={"hearing": hearing.pk, "head_required": a.required, "head_appeared": head_appeared,
                "flags": [f.value for f in a.flags]})
    return hearing


@transaction.atomic
def litigation_conclude(
    *, case: LitigationCase, actor, outcome: str, result_on: dt.date, served_on: dt.date | None = None,
    summary: str = "", today: dt.date | None = None,
) -> LitigationCase:
    """判决、裁定或者调解 ends the instance; a judgment revoking a penalty or confirming it void
    flows back to the penalty case (after commit)."""
    case = _locked(case)
    _check_actor(actor, case.organization)
    before = snapshot(case)
    kind = core.Outcome(outcome)
    not_future(result_on, "result_on", today)
    not_future(served_on, "served_on", today)
    not_before(result_on, "result_on", case.filed_on or case.complaint_received_on, _("立案（收到起诉状副本）日"))
    not_before(served_on, "served_on", result_on, _("裁判日"))
    if kind is core.Outcome.REMANDED and case.instance == Instance.FIRST:
        raise ValidationError({"outcome": _("发回重审是第二审的裁定（行政诉讼法 第八十九条）")})

    def apply(c):
        c.outcome = kind.value
        c.result_on = result_on
        c.served_on = served_on
        c.result_summary = summary
        c.concluded_on = served_on or result_on

    case = _step(case, core.Action.CONCLUDE, actor=actor, on=result_on, before=before, note=summary, apply=apply,
                 data={"outcome": kind.value, "lost": kind.is_loss})
    if kind in (core.Outcome.REVOKE, core.Outcome.CONFIRM_VOID):
        flow_back_on_commit(
            record=case, organization=case.organization, source="litigation", actor=actor,
            reason=_("人民法院%(k)s（%(n)s）") % {"k": kind.label, "n": case.number},
            event="litigation.penalty_flowback",
        )
    return case


@transaction.atomic
def litigation_record_appeal(
    *, case: LitigationCase, actor, appealed_on: dt.date, appellant: str, today: dt.date | None = None,
) -> LitigationCase:
    """上诉 within 15 days of service of a judgment, 10 of a ruling (行政诉讼法 第八十五条)."""
    case = _locked(case)
    _check_actor(actor, case.organization)
    before = snapshot(case)
    not_future(appealed_on, "appealed_on", today)
    if case.instance != Instance.FIRST:
        raise ValidationError({"appealed_on": _("只有第一审判决、裁定可以上诉（行政诉讼法 第八十五条）")})
    if not appellant.strip():
        raise ValidationError({"appellant": _("须填写上诉人")})
    due = next((d for d in deadlines.litigation_deadlines(case) if d.key == "appeal"), None)
    if due is None:
        raise ValidationError({"appealed_on": _("该裁判不可上诉或尚未登记送达日（行政诉讼法 第八十五条）")})
    not_before(appealed_on, "appealed_on", case.served_on, _("裁判文书送达日"))
    if appealed_on > due.deadline:
        raise ValidationError({"appealed_on": _("上诉期已于 %(d)s 届满（行政诉讼法 第八十五条）") % {
            "d": due.deadline.isoformat()}})

    def apply(c):
        c.appealed_on = appealed_on
        c.appellant = appellant.strip()

    return _step(case, core.Action.RECORD_APPEAL, actor=actor, on=appealed_on, before=before, apply=apply,
                 data={"appellant": appellant})
