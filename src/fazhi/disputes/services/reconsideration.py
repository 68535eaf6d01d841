"""Writes of reconsideration cases (行政复议): one service per step of the core transition table.

Every service takes keyword arguments, checks the actor's role and scope on
the server, validates the step against the statute (the rule it breaks is
named in the message, nothing is written), moves the case through
``fazhi.core.reconsideration.transition``, appends a ``StatusChange`` row and
an audit entry in the same transaction.

Who may act: the legal office (法治办, the reconsideration body's office) runs
the cases it decides (``role = body``); the respondent department may record
its reply to them. A case a department answers before another body
(``role = respondent``, 应议) is run by that department and the legal office.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.audit.services import audit_record, diff, snapshot
from fazhi.config.selectors import work_calendar
from fazhi.core import reconsideration as core
from fazhi.core.legaltime import compute_deadline
from fazhi.disputes import deadlines
from fazhi.disputes.constants import ActKind, CaseRole, Procedure, ReconsiderationStatus
from fazhi.disputes.models import IncidentalReview, ReconsiderationCase, ReconsiderationSuspension
from fazhi.disputes.penalty_link import flow_back_on_commit, link_penalty_case

from ._common import in_scope, not_before, not_future, record_step, require

__all__ = [
    "incidental_review_record",
    "reconsideration_accept",
    "reconsideration_apply_deemed_acceptance",
    "reconsideration_convert_to_ordinary",
    "reconsideration_correction_lapse",
    "reconsideration_decide",
    "reconsideration_deem_accepted",
    "reconsideration_extend",
    "reconsideration_extend_correction",
    "reconsideration_hear_views",
    "reconsideration_hold_hearing",
    "reconsideration_incidental_review",
    "reconsideration_mediate",
    "reconsideration_not_accept",
    "reconsideration_publish",
    "reconsideration_receive",
    "reconsideration_receive_correction",
    "reconsideration_record_reply",
    "reconsideration_request_correction",
    "reconsideration_resume",
    "reconsideration_send_copy",
    "reconsideration_suspend",
    "reconsideration_terminate",
    "reconsideration_update",
    "reconsideration_void",
]

A = core.Action

#: audit event per step ("reconsideration.<verb>")
EVENTS = {
    A.REQUEST_CORRECTION: "correction_requested",
    A.EXTEND_CORRECTION: "correction_extended",
    A.RECEIVE_CORRECTION: "correction_received",
    A.CORRECTION_LAPSE: "abandoned",
    A.NOT_ACCEPT: "not_accepted",
    A.ACCEPT: "accepted",
    A.DEEM_ACCEPTED: "deemed_accepted",
    A.SEND_COPY: "copy_sent",
    A.RECORD_REPLY: "reply_recorded",
    A.HEAR_VIEWS: "views_heard",
    A.HOLD_HEARING: "hearing_held",
    A.CONVERT_TO_ORDINARY: "converted_to_ordinary",
    A.INCIDENTAL_REVIEW: "incidental_review_requested",
    A.SUSPEND: "suspended",
    A.RESUME: "resumed",
    A.EXTEND: "extended",
    A.TERMINATE: "terminated",
    A.MEDIATE: "mediated",
    A.DECIDE: "decided",
    A.PUBLISH: "published",
}

MSG_BODY_ONLY = _("受理案件由法治办（行政复议机构）办理")
MSG_SCOPE = _("该案件不在您的管辖范围内")


def _check_actor(case: ReconsiderationCase, actor, action: str | None) -> None:
    """Role and scope, checked on the server for every write."""
    if actor is None or actor.is_superuser:
        return
    if case.role == CaseRole.BODY:
        if action == A.RECORD_REPLY and actor.role == Role.DEPARTMENT_STAFF:
            require(in_scope(actor, case.respondent), MSG_SCOPE)
            return
        require(actor.role == Role.LEGAL_OFFICE, MSG_BODY_ONLY)
        require(in_scope(actor, case.organization), MSG_SCOPE)
    else:
        require(actor.role in (Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF), _("只有法治办或应议部门可以办理应议案件"))
        require(in_scope(actor, case.organization), MSG_SCOPE)


def _step(
    case: ReconsiderationCase,
    action: core.Action,
    *,
    actor,
    on: dt.date,
    before: dict,
    note: str = "",
    data: dict | None = None,
    apply=None,
) -> ReconsiderationCase:
    """Check the table, apply the field changes (``apply(case)``), save, history, audit."""
    if case.voided_at is not None:
        raise ValidationError({"status": _("案件已作废")})
    from_status = case.status
    try:
        to_status = core.transition(case.status, action, case.role)
    except core.InvalidTransition as exc:
        raise ValidationError({"status": exc.message}) from None
    if apply is not None:
        apply(case)
    case.status = to_status
    if to_status in core.TERMINAL_STATUSES and from_status not in core.TERMINAL_STATUSES:
        case.concluded_on = on
    record_step(
        obj=case, kind="reconsideration", action=str(action), action_label=action.label,
        from_status=from_status, on=on, actor=actor, before=before, note=note, basis=action.basis,
        event=f"reconsideration.{EVENTS[action]}", data=data,
    )
    return case


def _locked(case: ReconsiderationCase) -> ReconsiderationCase:
    """The case re-read under a row lock, so two clerks cannot both move it."""
    return ReconsiderationCase.objects.select_for_update().get(pk=case.pk)


def _deadline(case, key: str):
    return deadlines.reconsideration_deadline(case, key, calendar=work_calendar())


# ---- receipt --------------------------------------------------------------------------------


RECEIPT_FIELDS = (
    "role", "number", "handler_name", "applicant_name", "applicant_kind", "third_party", "respondent",
    "respondent_name", "body_name", "disputed_act", "act_kind", "sanction_kind", "amount", "on_the_spot",
    "penalty_case_number", "request", "known_on", "channel", "posted_on", "penalty_organization_received_on",
    "received_on", "note",
)


@transaction.atomic
def reconsideration_receive(*, actor, organization, today: dt.date | None = None, **fields) -> ReconsiderationCase:
    """收到行政复议申请 (第二十二条): register an application, or (应议) the copy a department received.

    Receipt date rules: in person — the day it was handed over (or the oral
    application recorded); by post — the day the body signed for the letter,
    with the postmark date kept for the application period (民事诉讼法
    第八十五条: posted within the period is on time); online — the day it
    reached the designated channel; through the penalty organization
    (第三十二条) — the day the body received it from that organization, with
    the day that organization received it kept for its 5-day forwarding period.
    """
    unknown = set(fields) - set(RECEIPT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    case = ReconsiderationCase(organization=organization, **fields)
    role = case.role
    if actor is not None and not actor.is_superuser:
        if role == CaseRole.BODY:
            require(actor.role == Role.LEGAL_OFFICE, MSG_BODY_ONLY)
        else:
            require(actor.role in (Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF), _("只有法治办或应议部门可以登记应议案件"))
        require(in_scope(actor, organization), _("办理机构不在您的管辖范围内"))
    if role == CaseRole.RESPONDENT:
        case.respondent = organization
        if not case.body_name:
            raise ValidationError({"body_name": _("应议案件必须填写复议机关")})
        case.status = ReconsiderationStatus.ACCEPTED
        case.copy_received_on = case.received_on
    else:
        if not case.body_name:
            case.body_name = organization.zone().name
        if case.respondent_id and not case.respondent.path.startswith(organization.zone().path):
            raise ValidationError({"respondent": _("被申请人须为本区机构；区外机构请填写被申请人名称")})
    if case.respondent_id and not case.respondent_name:
        case.respondent_name = case.respondent.name
    not_future(case.received_on, "received_on", today)
    if case.channel == core.Channel.POST and case.posted_on is not None:
        not_before(case.received_on, "received_on", case.posted_on, _("交邮日期"))
    if case.channel == core.Channel.VIA_PENALTY_ORGANIZATION:
        if case.penalty_organization_received_on is None:
            raise ValidationError(
                {"penalty_organization_received_on": _("经处罚机关转送的，须填写该机关收到申请之日（行政复议法 第三十二条）")}
            )
        not_before(case.received_on, "received_on", case.penalty_organization_received_on, _("处罚机关收到申请之日"))
    elif case.penalty_organization_received_on is not None:
        raise ValidationError({"penalty_organization_received_on": _("仅经处罚机关转送的申请填写此项（第三十二条）")})
    if case.known_on is not None:
        not_before(case.received_on, "received_on", case.known_on, _("知道该行政行为之日"))
    link_penalty_case(case, actor=actor)
    case.full_clean()
    case.save()
    record_step(
        obj=case, kind="reconsideration", action="receive", action_label=_("收到申请"), from_status="",
        on=case.received_on, actor=actor, before=None, basis="行政复议法 第二十二条",
        event="reconsideration.received", data={"channel": case.channel},
    )
    return case


EDITABLE_FIELDS = (
    "handler_name", "applicant_name", "applicant_kind", "third_party", "respondent_name", "body_name",
    "disputed_act", "act_kind", "sanction_kind", "amount", "on_the_spot", "penalty_case_number", "request",
    "known_on", "note",
)


@transaction.atomic
def reconsideration_update(*, case: ReconsiderationCase, actor, **fields) -> ReconsiderationCase:
    """Correct the descriptive particulars of a case (not its dates or state: those are steps)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({"__all__": _("这些字段须通过办理步骤修改：%(f)s") % {"f": ", ".join(sorted(unknown))}})
    case = _locked(case)
    _check_actor(case, actor, None)
    if case.voided_at is not None:
        raise ValidationError({"status": _("案件已作废")})
    old_number = case.penalty_case_number
    before = snapshot(case)
    for k, v in fields.items():
        setattr(case, k, v)
    if case.penalty_case_number != old_number or case.penalty_case_id is None:
        link_penalty_case(case, actor=actor)
    case.full_clean()
    case.save()
    changes = diff(before, snapshot(case))
    if changes:
        audit_record(event="reconsideration.updated", obj=case, actor=actor, changes=changes)
    return case


@transaction.atomic
def reconsideration_void(*, case: ReconsiderationCase, actor, reason: str) -> ReconsiderationCase:
    """作废 a case registered by mistake; it stays in the record with the reason."""
    case = _locked(case)
    _check_actor(case, actor, None)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": _("作废必须填写原因")})
    if case.voided_at is not None:
        raise ValidationError({"voided_at": _("该记录已作废")})
    case.voided_at = timezone.now()
    case.voided_by = actor
    case.void_reason = reason[:500]
    case.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_record(event="reconsideration.voided", obj=case, actor=actor,
                 changes={"voided_at": [None, case.voided_at], "void_reason": ["", case.void_reason]})
    return case


# ---- acceptance review (第三十条、第三十一条) -------------------------------------------------


@transaction.atomic
def reconsideration_request_correction(
    *, case: ReconsiderationCase, actor, sent_on: dt.date, items: str,
    notice_received_on: dt.date | None = None, today: dt.date | None = None,
) -> ReconsiderationCase:
    """书面通知补正 (第三十一条第一款): within 5 working days of receipt, every item at once."""
    case = _locked(case)
    _check_actor(case, actor, A.REQUEST_CORRECTION)
    before = snapshot(case)
    if not (items or "").strip():
        raise ValidationError({"items": _("补正通知应当一次性载明需要补正的事项（行政复议法 第三十一条第一款）")})
    not_future(sent_on, "sent_on", today)
    not_before(sent_on, "sent_on", case.received_on, _("收到申请之日"))
    if case.correction_notice_sent_on is not None:
        raise ValidationError({"sent_on": _("补正通知应当一次性载明需要补正的事项，不得再次通知补正（行政复议法 第三十一条第一款）")})
    limit = compute_deadline("reconsideration.correction_notice", case.received_on, calendar=work_calendar()).deadline
    if sent_on > limit:
        raise ValidationError({"sent_on": _(
            "应当自收到申请之日起五日内书面通知补正，即 %(d)s 前（行政复议法 第三十一条第一款）；"
            "审查期限届满未作出不予受理决定的，视为受理（第三十条第三款）"
        ) % {"d": limit.isoformat()}})
    not_before(notice_received_on, "notice_received_on", sent_on, _("补正通知发出日"))

    def apply(c):
        c.correction_notice_sent_on = sent_on
        c.correction_notice_received_on = notice_received_on
        c.correction_items = items.strip()

    return _step(case, A.REQUEST_CORRECTION, actor=actor, on=sent_on, before=before, note=items, apply=apply,
                 data={"notice_received_on": notice_received_on})


@transaction.atomic
def reconsideration_extend_correction(
    *, case: ReconsiderationCase, actor, days: int, reason: str, on: dt.date,
    notice_received_on: dt.date | None = None,
) -> ReconsiderationCase:
    """延长合理的补正期限 (第三十一条第二款): the applicant shows a good reason."""
    case = _locked(case)
    _check_actor(case, actor, A.EXTEND_CORRECTION)
    before = snapshot(case)
    if days < 1:
        raise ValidationError({"days": _("延长天数至少为 1 个工作日")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("须说明申请人不能按期补正的正当理由（行政复议法 第三十一条第二款）")})

    def apply(c):
        if notice_received_on is not None:
            c.correction_notice_received_on = notice_received_on
        c.correction_extension_days += days

    return _step(case, A.EXTEND_CORRECTION, actor=actor, on=on, before=before, note=reason, apply=apply,
                 data={"days": days})


@transaction.atomic
def reconsideration_receive_correction(
    *, case: ReconsiderationCase, actor, received_on: dt.date, notice_received_on: dt.date | None = None,
    today: dt.date | None = None,
) -> ReconsiderationCase:
    """收到补正材料 (第三十一条第三款): the art. 30 review starts again from this day."""
    case = _locked(case)
    _check_actor(case, actor, A.RECEIVE_CORRECTION)
    before = snapshot(case)
    not_future(received_on, "received_on", today)
    not_before(received_on, "received_on", case.correction_notice_sent_on, _("补正通知发出日"))

    def apply(c):
        if notice_received_on is not None:
            c.correction_notice_received_on = notice_received_on
        c.correction_received_on = received_on

    return _step(case, A.RECEIVE_CORRECTION, actor=actor, on=received_on, before=before, apply=apply)


@transaction.atomic
def reconsideration_correction_lapse(*, case: ReconsiderationCase, actor, today: dt.date) -> ReconsiderationCase:
    """逾期不补正，视为放弃 (第三十一条第二款): only once the (extended) correction period has run out."""
    case = _locked(case)
    _check_actor(case, actor, A.CORRECTION_LAPSE)
    before = snapshot(case)
    if case.correction_notice_received_on is None:
        raise ValidationError({"correction_notice_received_on": _(
            "补正期限自申请人收到补正通知之日起计算，须先登记收到日（行政复议法 第三十一条第二款）")})
    d = compute_deadline(
        "reconsideration.correction_submission", case.correction_notice_received_on,
        calendar=work_calendar(), extension_days=case.correction_extension_days,
    )
    if today <= d.deadline:
        raise ValidationError({"status": _("补正期限至 %(d)s 届满，尚未逾期（行政复议法 第三十一条第二款）") % {
            "d": d.deadline.isoformat()}})
    return _step(case, A.CORRECTION_LAPSE, actor=actor, on=today, before=before,
                 data={"correction_deadline": d.deadline})


def _review_deadline(case: ReconsiderationCase) -> dt.date:
    d = compute_deadline("reconsideration.acceptance_review", case.review_start, calendar=work_calendar()).deadline
    assert d is not None
    return d


@transaction.atomic
def reconsideration_not_accept(
    *, case: ReconsiderationCase, actor, decided_on: dt.date, reason: str, today: dt.date | None = None,
) -> ReconsiderationCase:
    """决定不予受理并说明理由 (第三十条第二款), within the review period only."""
    case = _locked(case)
    _check_actor(case, actor, A.NOT_ACCEPT)
    before = snapshot(case)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("不予受理应当说明理由（行政复议法 第三十条第二款）")})
    not_future(decided_on, "decided_on", today)
    not_before(decided_on, "decided_on", case.review_start, _("收到申请（补正材料）之日"))
    limit = _review_deadline(case)
    if case.status == ReconsiderationStatus.RECEIVED and decided_on > limit:
        raise ValidationError({"decided_on": _(
            "审查期限已于 %(d)s 届满，申请自该日起视为受理（行政复议法 第三十条第三款）；"
            "受理后发现不符合受理条件的，应当决定驳回申请（第三十三条）"
        ) % {"d": limit.isoformat()}})

    def apply(c):
        c.review_concluded_on = decided_on
        c.not_accepted_reason = reason.strip()

    return _step(case, A.NOT_ACCEPT, actor=actor, on=decided_on, before=before, note=reason, apply=apply)


@transaction.atomic
def reconsideration_accept(
    *, case: ReconsiderationCase, actor, accepted_on: dt.date, procedure: str = Procedure.ORDINARY,
    facts_clear: bool = False, all_parties_agree: bool = False, today: dt.date | None = None,
) -> ReconsiderationCase:
    """受理 (第三十条第一款) in the ordinary or — if 第五十三条 allows it — the simplified procedure."""
    case = _locked(case)
    _check_actor(case, actor, A.ACCEPT)
    before = snapshot(case)
    not_future(accepted_on, "accepted_on", today)
    not_before(accepted_on, "accepted_on", case.review_start, _("收到申请（补正材料）之日"))
    limit = _review_deadline(case)
    if case.status == ReconsiderationStatus.RECEIVED and accepted_on > limit:
        raise ValidationError({"accepted_on": _(
            "审查期限已于 %(d)s 届满，依法自该日起视为受理，请登记“视为受理”（行政复议法 第三十条第三款）"
        ) % {"d": limit.isoformat()}})
    grounds = ""
    if procedure == Procedure.SIMPLIFIED:
        e = core.simplified_eligibility(
            facts_clear=facts_clear,
            on_the_spot=case.on_the_spot,
            sanction_kind=case.sanction_kind or None,
            amount=case.amount,
            information_disclosure=case.act_kind == ActKind.INFORMATION_DISCLOSURE,
            all_parties_agree=all_parties_agree,
        )
        if not e.allowed:
            raise ValidationError({"procedure": e.reason})
        grounds = "；".join(e.grounds)

    def apply(c):
        c.accepted_on = accepted_on
        c.review_concluded_on = accepted_on
        c.procedure = procedure
        c.simplified_grounds = grounds

    return _step(case, A.ACCEPT, actor=actor, on=accepted_on, before=before, apply=apply,
                 data={"procedure": procedure, "simplified_grounds": grounds})


@transaction.atomic
def reconsideration_deem_accepted(*, case: ReconsiderationCase, actor, today: dt.date) -> ReconsiderationCase:
    """视为受理 (第三十条第三款): the review period lapsed with no decision not to accept.

    The acceptance date is the last day of the review period, and the
    decision period runs from it in the ordinary procedure.
    """
    case = _locked(case)
    _check_actor(case, actor, A.DEEM_ACCEPTED)
    before = snapshot(case)
    deemed = core.deemed_acceptance_on(review_start=case.review_start, today=today, calendar=work_calendar())
    if deemed is None:
        raise ValidationError({"status": _("审查期限至 %(d)s 届满，尚未视为受理（行政复议法 第三十条第三款）") % {
            "d": _review_deadline(case).isoformat()}})

    def apply(c):
        c.accepted_on = deemed
        c.review_concluded_on = deemed
        c.acceptance_deemed = True
        c.procedure = Procedure.ORDINARY

    return _step(case, A.DEEM_ACCEPTED, actor=actor, on=deemed, before=before, apply=apply,
                 data={"recorded_on": today})


def reconsideration_apply_deemed_acceptance(*, today: dt.date, actor=None, cases=None) -> int:
    """Apply 第三十条第三款 to every case (or those given) whose review period lapsed before ``today``.

    For a daily job (``fazhi disputes deemed-acceptance``) and the case list;
    each case is its own transaction.
    """
    qs = cases if cases is not None else ReconsiderationCase.objects.all()
    qs = qs.filter(role=CaseRole.BODY, status=ReconsiderationStatus.RECEIVED, voided_at__isnull=True)
    cal = work_calendar()
    done = 0
    for case in qs:
        if core.deemed_acceptance_on(review_start=case.review_start, today=today, calendar=cal) is None:
            continue
        reconsideration_deem_accepted(case=case, actor=actor, today=today)
        done += 1
    return done


# ---- hearing the case (第四十八条至第六十二条) ------------------------------------------------


@transaction.atomic
def reconsideration_send_copy(
    *, case: ReconsiderationCase, actor, sent_on: dt.date, received_on: dt.date | None = None,
    today: dt.date | None = None,
) -> ReconsiderationCase:
    """发送申请书副本 to the respondent (第四十八条: 7 working days; 第五十四条: 3 in the simplified procedure)."""
    case = _locked(case)
    _check_actor(case, actor, A.SEND_COPY)
    before = snapshot(case)
    not_future(sent_on, "sent_on", today)
    not_before(sent_on, "sent_on", case.accepted_on, _("受理日"))
    not_before(received_on, "received_on", sent_on, _("发送日"))

    def apply(c):
        c.copy_sent_on = sent_on
        c.copy_received_on = received_on

    return _step(case, A.SEND_COPY, actor=actor, on=sent_on, before=before, apply=apply)


@transaction.atomic
def reconsideration_record_reply(
    *, case: ReconsiderationCase, actor, replied_on: dt.date, copy_received_on: dt.date | None = None,
    note: str = "", today: dt.date | None = None,
) -> ReconsiderationCase:
    """被申请人书面答复并提交证据、依据 (第四十八条: 10 working days; 第五十四条: 5).

    A late reply is recorded (the deadline shows it late): the consequence is
    第七十条 — the act is then treated as having no evidence or basis.
    """
    case = _locked(case)
    _check_actor(case, actor, A.RECORD_REPLY)
    before = snapshot(case)
    not_future(replied_on, "replied_on", today)
    received = copy_received_on or case.copy_received_on
    if received is None:
        raise ValidationError({"copy_received_on": _("答复期限自被申请人收到申请书副本之日起计算，须填写收到日（第四十八条）")})
    not_before(received, "copy_received_on", case.copy_sent_on, _("发送申请书副本日"))
    not_before(replied_on, "replied_on", received, _("收到申请书副本日"))
    if case.reply_received_on is not None:
        raise ValidationError({"replied_on": _("已登记答复")})

    def apply(c):
        c.copy_received_on = received
        c.reply_received_on = replied_on

    return _step(case, A.RECORD_REPLY, actor=actor, on=replied_on, before=before, note=note, apply=apply)


@transaction.atomic
def reconsideration_hear_views(
    *, case: ReconsiderationCase, actor, heard_on: dt.date, mode: str, note: str = "",
    today: dt.date | None = None,
) -> ReconsiderationCase:
    """听取当事人意见 (第四十九条): in person, online or by phone; in writing only when the parties cannot be heard."""
    case = _locked(case)
    _check_actor(case, actor, A.HEAR_VIEWS)
    before = snapshot(case)
    not_future(heard_on, "heard_on", today)
    not_before(heard_on, "heard_on", case.accepted_on, _("受理日"))
    if mode == "written" and not note.strip():
        raise ValidationError({"note": _("因当事人原因不能听取意见、书面审理的，应当记录原因（行政复议法 第四十九条）")})

    def apply(c):
        c.views_heard_on = heard_on

    return _step(case, A.HEAR_VIEWS, actor=actor, on=heard_on, before=before, note=note, apply=apply,
                 data={"mode": mode})


@transaction.atomic
def reconsideration_hold_hearing(
    *, case: ReconsiderationCase, actor, held_on: dt.date, notice_sent_on: dt.date | None, note: str = "",
    respondent_head_attended: bool = False,
) -> ReconsiderationCase:
    """听证 (第五十条); the parties are notified in writing five working days before it (第五十一条)."""
    case = _locked(case)
    _check_actor(case, actor, A.HOLD_HEARING)
    before = snapshot(case)
    not_before(held_on, "held_on", case.accepted_on, _("受理日"))
    if case.role == CaseRole.BODY:
        if notice_sent_on is None:
            raise ValidationError({"notice_sent_on": _("应当书面通知当事人听证的时间、地点和拟听证事项（行政复议法 第五十一条）")})
        limit = compute_deadline("reconsideration.hearing_notice", held_on,
                                 calendar=work_calendar()).deadline
        if notice_sent_on > limit:
            raise ValidationError({"notice_sent_on": _(
                "应当于举行听证的五日前（%(d)s 前）书面通知当事人（行政复议法 第五十一条第一款、第八十八条第二款）"
            ) % {"d": limit.isoformat()}})

    def apply(c):
        c.hearing_on = held_on
        c.hearing_notice_on = notice_sent_on

    return _step(case, A.HOLD_HEARING, actor=actor, on=held_on, before=before, note=note, apply=apply,
                 data={"respondent_head_attended": respondent_head_attended})


@transaction.atomic
def reconsideration_convert_to_ordinary(
    *, case: ReconsiderationCase, actor, on: dt.date, approved_by: str, reason: str = "",
) -> ReconsiderationCase:
    """简易程序转普通程序, approved by the head of the reconsideration office (第五十五条)."""
    case = _locked(case)
    _check_actor(case, actor, A.CONVERT_TO_ORDINARY)
    before = snapshot(case)
    if case.procedure != Procedure.SIMPLIFIED:
        raise ValidationError({"procedure": _("案件适用普通程序，无须转换（行政复议法 第五十五条）")})
    if not (approved_by or "").strip():
        raise ValidationError({"approved_by": _("转为普通程序须经行政复议机构的负责人批准（行政复议法 第五十五条）")})

    def apply(c):
        c.procedure = Procedure.ORDINARY

    return _step(case, A.CONVERT_TO_ORDINARY, actor=actor, on=on, before=before, note=reason, apply=apply,
                 data={"approved_by": approved_by})


@transaction.atomic
def reconsideration_incidental_review(
    *, case: ReconsiderationCase, actor, document_title: str, issuing_body: str, requested_on: dt.date,
    handled_by_body: bool,
) -> IncidentalReview:
    """附带审查 of a normative document (第五十六条、第五十七条): 30 days to handle it, or 7 working days to transfer."""
    case = _locked(case)
    _check_actor(case, actor, A.INCIDENTAL_REVIEW)
    before = snapshot(case)
    review = IncidentalReview(case=case, document_title=document_title, issuing_body=issuing_body,
                              requested_on=requested_on, handled_by_body=handled_by_body)
    review.full_clean()
    review.save()
    _step(case, A.INCIDENTAL_REVIEW, actor=actor, on=requested_on, before=before, note=document_title,
          data={"review": review.pk, "handled_by_body": handled_by_body})
    return review


@transaction.atomic
def incidental_review_record(
    *, review: IncidentalReview, actor, transferred_on: dt.date | None = None,
    reply_received_on: dt.date | None = None, handled_on: dt.date | None = None, conclusion: str = "",
    today: dt.date | None = None,
) -> IncidentalReview:
    """The progress of an incidental review: transfer, the reply (第六十条), its handling (第五十九条)."""
    case = _locked(review.case)
    _check_actor(case, actor, A.INCIDENTAL_REVIEW)
    review = IncidentalReview.objects.select_for_update().get(pk=review.pk)
    if case.voided_at is not None:
        raise ValidationError({"status": _("案件已作废")})
    if review.voided_at is not None:
        raise ValidationError({"review": _("该附带审查已作废")})
    before = snapshot(review)
    if review.handled_by_body and (transferred_on or reply_received_on):
        field = "transferred_on" if transferred_on else "reply_received_on"
        raise ValidationError({field: _("本机关有权处理的不转送（行政复议法 第五十六条）")})
    if not review.handled_by_body and reply_received_on and not (transferred_on or review.transferred_on):
        raise ValidationError({"reply_received_on": _("须先登记转送日（行政复议法 第六十条）")})
    for name, value in (("transferred_on", transferred_on), ("reply_received_on", reply_received_on),
                        ("handled_on", handled_on)):
        not_future(value, name, today)
        not_before(value, name, review.requested_on, _("提出日"))
    not_before(reply_received_on, "reply_received_on", transferred_on or review.transferred_on, _("转送日"))
    for name, value in (("transferred_on", transferred_on), ("reply_received_on", reply_received_on),
                        ("handled_on", handled_on)):
        if value is not None:
            setattr(review, name, value)
    if conclusion:
        review.conclusion = conclusion
    review.full_clean()
    review.save()
    audit_record(event="reconsideration.incidental_review_recorded", obj=review, actor=actor,
                 changes=diff(before, snapshot(review)))
    return review


# ---- suspension, extension (第三十九条、第六十二条) ---------------------------------------------


@transaction.atomic
def reconsideration_suspend(
    *, case: ReconsiderationCase, actor, ground: str, suspended_on: dt.date, notice_sent_on: dt.date | None,
    reason: str = "", today: dt.date | None = None,
) -> ReconsiderationSuspension:
    """中止 on one of 第三十九条's grounds, with written notice to the parties (第三十九条第三款).

    From the suspension day until the day before resumption the decision clock stops.
    """
    case = _locked(case)
    _check_actor(case, actor, A.SUSPEND)
    before = snapshot(case)
    not_future(suspended_on, "suspended_on", today)
    not_before(suspended_on, "suspended_on", case.accepted_on, _("受理日"))
    last = case.suspensions.filter(voided_at__isnull=True).order_by("-suspended_on").first()
    if last is not None and last.resumed_on is not None:
        not_before(suspended_on, "suspended_on", last.resumed_on, _("上次恢复审理日"))
    if case.role == CaseRole.BODY and notice_sent_on is None:
        raise ValidationError({"notice_sent_on": _("中止行政复议案件的审理，应当书面告知当事人（行政复议法 第三十九条第三款）")})
    not_before(notice_sent_on, "notice_sent_on", suspended_on, _("中止日"))
    s = ReconsiderationSuspension(case=case, ground=ground, reason=reason, suspended_on=suspended_on,
                                  notice_sent_on=notice_sent_on)
    s.full_clean()
    s.save()
    _step(case, A.SUSPEND, actor=actor, on=suspended_on, before=before, note=reason,
          data={"ground": ground, "suspension": s.pk, "notice_sent_on": notice_sent_on})
    return s


@transaction.atomic
def reconsideration_resume(
    *, case: ReconsiderationCase, actor, resumed_on: dt.date, notice_sent_on: dt.date | None,
    today: dt.date | None = None,
) -> ReconsiderationCase:
    """恢复审理 once the ground is gone (第三十九条第二款), with written notice (第三十九条第三款)."""
    case = _locked(case)
    _check_actor(case, actor, A.RESUME)
    before = snapshot(case)
    s = case.suspensions.filter(voided_at__isnull=True, resumed_on__isnull=True).order_by("-suspended_on").first()
    not_future(resumed_on, "resumed_on", today)
    if s is not None:
        not_before(resumed_on, "resumed_on", s.suspended_on, _("中止日"))
    if case.role == CaseRole.BODY and notice_sent_on is None:
        raise ValidationError({"notice_sent_on": _("恢复行政复议案件的审理，应当书面告知当事人（行政复议法 第三十九条第三款）")})

    def apply(c):
        if s is not None:
            s.resumed_on = resumed_on
            s.resumption_notice_on = notice_sent_on
            s.full_clean()
            s.save()

    return _step(case, A.RESUME, actor=actor, on=resumed_on, before=before, apply=apply,
                 data={"suspension": s.pk if s else None, "notice_sent_on": notice_sent_on})


@transaction.atomic
def reconsideration_extend(
    *, case: ReconsiderationCase, actor, days: int, approved_by: str, on: dt.date, reason: str,
) -> ReconsiderationCase:
    """延长审理期限 (第六十二条第一款): approved by the head of the reconsideration office, 30 days at most,
    before the period runs out, with written notice to the parties; not in the simplified procedure."""
    case = _locked(case)
    _check_actor(case, actor, A.EXTEND)
    before = snapshot(case)
    if case.procedure == Procedure.SIMPLIFIED:
        raise ValidationError({"days": _("简易程序不得延长审理期限；不宜适用简易程序的，经批准转为普通程序"
                                         "（行政复议法 第六十二条第二款、第五十五条）")})
    if not (approved_by or "").strip():
        raise ValidationError({"approved_by": _("延长须经行政复议机构的负责人批准（行政复议法 第六十二条第一款）")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("须说明情况复杂、不能在规定期限内作出决定的理由（行政复议法 第六十二条第一款）")})
    if days < 1 or case.extension_days + days > 30:
        raise ValidationError({"days": _("延长期限最多不得超过三十日（行政复议法 第六十二条第一款），已延长 %(n)s 日") % {
            "n": case.extension_days}})
    current = _deadline(case, "decision")
    if current is not None and current.deadline is not None and on > current.deadline:
        raise ValidationError({"on": _("审理期限已于 %(d)s 届满，不能再批准延长（行政复议法 第六十二条第一款）") % {
            "d": current.deadline.isoformat()}})

    def apply(c):
        c.extension_days += days
        c.extension_approved_by = approved_by

    return _step(case, A.EXTEND, actor=actor, on=on, before=before, note=reason, apply=apply,
                 data={"days": days, "approved_by": approved_by})


# ---- conclusion (第四十一条、第六十三条至第六十九条、第七十三条、第七十九条) -----------------------


@transaction.atomic
def reconsideration_terminate(
    *, case: ReconsiderationCase, actor, ground: str, on: dt.date, withdrawn_after_correction: bool = False,
    note: str = "", today: dt.date | None = None,
) -> ReconsiderationCase:
    """终止 on one of 第四十一条's grounds.

    Ground (5) needs a suspension on ground (1), (2) or (4) of 第三十九条 that
    is still open and has run 60 days. ``withdrawn_after_correction`` marks a
    withdrawal after the respondent corrected its act (or a settlement, 第七十四条).
    """
    case = _locked(case)
    _check_actor(case, actor, A.TERMINATE)
    before = snapshot(case)
    not_future(on, "on", today)
    not_before(on, "on", case.accepted_on, _("受理日"))
    ground = core.TerminationGround(ground)
    if withdrawn_after_correction and ground is not core.TerminationGround.WITHDRAWN:
        raise ValidationError({"withdrawn_after_correction": _("仅申请人撤回申请的终止可以标注为纠正后撤回（第四十一条第一项）")})
    if ground is core.TerminationGround.SUSPENSION_LAPSED:
        open_s = case.suspensions.filter(voided_at__isnull=True, resumed_on__isnull=True).first()
        limit = (
            core.suspension_limit(ground=open_s.ground, suspended_on=open_s.suspended_on, resumed_on=None,
                                  today=on, calendar=work_calendar())
            if open_s is not None else None
        )
        if limit is None or not limit.due:
            raise ValidationError({"ground": _(
                "依第四十一条第五项终止，须依第三十九条第一款第一、二、四项中止满六十日且中止原因仍未消除"
                "（行政复议法 第四十一条第五项）")})

    def apply(c):
        c.termination_ground = ground.value
        c.withdrawn_after_correction = withdrawn_after_correction

    return _step(case, A.TERMINATE, actor=actor, on=on, before=before, note=note, apply=apply,
                 data={"ground": ground.value, "withdrawn_after_correction": withdrawn_after_correction})


@transaction.atomic
def reconsideration_mediate(
    *, case: ReconsiderationCase, actor, mediated_on: dt.date, summary: str, today: dt.date | None = None,
) -> ReconsiderationCase:
    """调解书 signed by the parties and sealed by the body: the case ends by mediation (第七十三条第一款)."""
    case = _locked(case)
    _check_actor(case, actor, A.MEDIATE)
    before = snapshot(case)
    not_future(mediated_on, "mediated_on", today)
    not_before(mediated_on, "mediated_on", case.accepted_on, _("受理日"))
    if not (summary or "").strip():
        raise ValidationError({"summary": _("须载明调解协议内容（行政复议法 第七十三条）")})

    def apply(c):
        c.mediated_on = mediated_on
        c.decision_summary = summary

    return _step(case, A.MEDIATE, actor=actor, on=mediated_on, before=before, note=summary, apply=apply)


def _sanctions(raw) -> list[core.Sanction]:
    out = []
    for item in raw or []:
        if isinstance(item, core.Sanction):
            out.append(item)
        else:
            out.append(core.Sanction(core.SanctionKind(item["kind"]), Decimal(str(item.get("amount") or 0)),
                                     int(item.get("days") or 0)))
    return out


@transaction.atomic
def reconsideration_decide(
    *, case: ReconsiderationCase, actor, decision_type: str, decided_on: dt.date, summary: str = "",
    varied_sanctions=None, original_sanctions=None, third_party_contrary_request: bool = False,
    today: dt.date | None = None,
) -> ReconsiderationCase:
    """作出行政复议决定 (第六十三条至第六十九条) or 驳回申请 (第三十三条).

    A 变更 decision is checked against 第六十三条第二款 (no variation worse for
    the applicant); 责令履行 and 驳回复议请求 only answer a claim of inaction
    (第六十六条、第六十九条). A decision that revokes a penalty or confirms it
    void flows back to the penalty case once this transaction commits.
    """
    case = _locked(case)
    _check_actor(case, actor, A.DECIDE)
    before = snapshot(case)
    kind = core.DecisionType(decision_type)
    not_future(decided_on, "decided_on", today)
    not_before(decided_on, "decided_on", case.accepted_on, _("受理日"))
    if kind in (core.DecisionType.ORDER_PERFORMANCE, core.DecisionType.DISMISS_CLAIM) and case.act_kind != ActKind.INACTION:
        raise ValidationError({"decision_type": _(
            "“%(k)s”只适用于申请人认为被申请人不履行法定职责的案件（%(a)s）") % {"k": kind.label, "a": kind.article}})
    variation: dict = {}
    if kind is core.DecisionType.VARY:
        original = _sanctions(original_sanctions)
        if not original and case.sanction_kind:
            original = [core.Sanction(core.SanctionKind(case.sanction_kind), case.amount or Decimal(0))]
        varied = _sanctions(varied_sanctions)
        if not varied:
            raise ValidationError({"varied_sanctions": _("变更决定须载明变更后的内容（行政复议法 第六十三条）")})
        try:
            core.check_variation(original=original, varied=varied,
                                 third_party_contrary_request=third_party_contrary_request)
        except core.WorseVariation as exc:
            raise ValidationError({"varied_sanctions": str(exc)}) from None
        variation = {
            "original": [{"kind": s.kind.value, "amount": str(s.amount), "days": s.days} for s in original],
            "varied": [{"kind": s.kind.value, "amount": str(s.amount), "days": s.days} for s in varied],
            "third_party_contrary_request": third_party_contrary_request,
        }
    due = _deadline(case, "decision")
    late = bool(due and due.deadline and decided_on > due.deadline)

    def apply(c):
        c.decision_type = kind.value
        c.decided_on = decided_on
        c.decision_summary = summary
        c.variation = variation

    case = _step(case, A.DECIDE, actor=actor, on=decided_on, before=before, note=summary, apply=apply,
                 data={"decision_type": kind.value, "article": kind.article, "late": late,
                       "deadline": due.deadline if due else None})
    if kind in core.WITHDRAWS_ACT and case.act_kind == ActKind.PENALTY:
        flow_back_on_commit(
            record=case, organization=case.respondent, source="reconsideration", actor=actor,
            reason=_("行政复议决定%(k)s（%(n)s，%(a)s）") % {"k": kind.label, "n": case.number, "a": kind.article},
            event="reconsideration.penalty_flowback",
        )
    return case


@transaction.atomic
def reconsideration_publish(
    *, case: ReconsiderationCase, actor, published_on: dt.date, ref: str,
) -> ReconsiderationCase:
    """公开行政复议决定书 (第七十九条), after the decision."""
    case = _locked(case)
    _check_actor(case, actor, A.PUBLISH)
    before = snapshot(case)
    not_before(published_on, "published_on", case.decided_on, _("决定日"))
    if not (ref or "").strip():
        raise ValidationError({"ref": _("须填写公开位置（网址或栏目）")})

    def apply(c):
        c.published_on = published_on
        c.publication_ref = ref

    return _step(case, A.PUBLISH, actor=actor, on=published_on, before=before, apply=apply)
