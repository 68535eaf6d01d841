"""Writes of supervision opinions (监督意见书 / 建议书) and reconsideration opinion letters (意见书).

The legal office issues, returns, closes and withdraws; the addressed
department signs for the opinion and replies with its rectification and
evidence. Steps follow ``fazhi.core.supervision_opinions.TRANSITIONS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.config.selectors import work_calendar
from fazhi.core import supervision_opinions as core
from fazhi.disputes.constants import OpinionKind, OpinionSource
from fazhi.disputes.models import (
    LitigationCase,
    OpinionEvidence,
    ReconsiderationCase,
    SupervisionOpinion,
)

from ._common import in_scope, not_before, not_future, record_step, require

__all__ = [
    "opinion_close",
    "opinion_issue",
    "opinion_receive",
    "opinion_reply",
    "opinion_return",
    "opinion_withdraw",
]

MSG_LEGAL_OFFICE = _("监督意见书由法治办制发和审核")
MSG_SCOPE = _("该意见书不在您的管辖范围内")
EVENTS = {
    core.Action.RECEIVE: "received",
    core.Action.REPLY: "replied",
    core.Action.RETURN: "returned",
    core.Action.CLOSE: "closed",
    core.Action.WITHDRAW: "withdrawn",
}


def _legal_office(actor, opinion: SupervisionOpinion) -> None:
    if actor is None or actor.is_superuser:
        return
    require(actor.role == Role.LEGAL_OFFICE, MSG_LEGAL_OFFICE)
    require(in_scope(actor, opinion.organization), MSG_SCOPE)


def _addressee(actor, opinion: SupervisionOpinion) -> None:
    """The department addressed (or the legal office recording on its behalf)."""
    if actor is None or actor.is_superuser:
        return
    if actor.role == Role.LEGAL_OFFICE and in_scope(actor, opinion.organization):
        return
    require(actor.role in (Role.DEPARTMENT_STAFF, Role.LEADERSHIP), _("只有整改部门可以签收和回复"))
    require(in_scope(actor, opinion.department), MSG_SCOPE)


def _step(opinion, action: core.Action, *, actor, on, before, note="", data=None, apply=None):
    if opinion.voided_at is not None:
        raise ValidationError({"status": _("意见书已作废")})
    from_status = opinion.status
    try:
        to_status = core.transition(opinion.status, action)
    except core.InvalidTransition as exc:
        raise ValidationError({"status": exc.message}) from None
    if apply is not None:
        apply(opinion)
    opinion.status = to_status
    record_step(obj=opinion, kind="opinion", action=str(action), action_label=action.label,
                from_status=from_status, on=on, actor=actor, before=before, note=note,
                event=f"opinion.{EVENTS[action]}", data=data)
    return opinion


def _source_label(source_type: str, source_id: str, actor) -> str:
    model = {OpinionSource.RECONSIDERATION: ReconsiderationCase, OpinionSource.LITIGATION: LitigationCase}.get(
        source_type
    )
    if model is None:
        return ""
    qs = model.objects.visible_to(actor) if actor is not None else model.objects.all()
    obj = qs.filter(pk=source_id).first() if str(source_id).isdigit() else None
    if obj is None:
        raise ValidationError({"source_id": _("找不到该来源案件，或不在您的管辖范围内")})
    return f"{model._meta.verbose_name} {obj.number}"


@transaction.atomic
def opinion_issue(
    *, actor, organization, department, kind: str, number: str, title: str, content: str, issued_on: dt.date,
    rectification_deadline: dt.date | None = None, source_type: str = OpinionSource.OTHER, source_id: str = "",
    source_label: str = "", today: dt.date | None = None,
) -> SupervisionOpinion:
    """制发 an opinion to ``department``. A 行政复议意见书 gets its 60-day reply period when the
    department signs for it (行政复议法 第七十六条); other opinions need a rectification deadline."""
    if actor is not None and not actor.is_superuser:
        require(actor.role == Role.LEGAL_OFFICE, MSG_LEGAL_OFFICE)
        require(in_scope(actor, organization), _("制发机构不在您的管辖范围内"))
    if not department.path.startswith(organization.zone().path):
        raise ValidationError({"department": _("整改部门须为本区机构")})
    not_future(issued_on, "issued_on", today)
    if kind == OpinionKind.RECONSIDERATION_OPINION:
        if rectification_deadline is not None:
            raise ValidationError({"rectification_deadline": _(
                "行政复议意见书的报送期限为收到之日起六十日，由系统计算（行政复议法 第七十六条）")})
    elif rectification_deadline is None:
        raise ValidationError({"rectification_deadline": _("监督意见书必须载明整改期限")})
    else:
        not_before(rectification_deadline, "rectification_deadline", issued_on + dt.timedelta(days=1), _("制发日次日"))
    if source_type in (OpinionSource.RECONSIDERATION, OpinionSource.LITIGATION):
        source_label = _source_label(source_type, source_id, actor)
    elif source_type == OpinionSource.INSPECTION_FINDING and not (source_id or source_label):
        raise ValidationError({"source_label": _("须填写来源的检查发现编号或说明")})
    opinion = SupervisionOpinion(
        organization=organization, department=department, kind=kind, number=number, title=title, content=content,
        issued_on=issued_on, rectification_deadline=rectification_deadline, source_type=source_type,
        source_id=str(source_id or ""), source_label=source_label,
    )
    opinion.full_clean()
    opinion.save()
    record_step(obj=opinion, kind="opinion", action="issue", action_label=_("制发"), from_status="", on=issued_on,
                actor=actor, before=None, event="opinion.issued",
                basis="行政复议法 第七十六条" if kind == OpinionKind.RECONSIDERATION_OPINION else "",
                data={"source_type": source_type, "source_id": source_id})
    return opinion


@transaction.atomic
def opinion_receive(*, opinion: SupervisionOpinion, actor, received_on: dt.date,
                    today: dt.date | None = None) -> SupervisionOpinion:
    """签收: for a 行政复议意见书 the 60-day period of 第七十六条 starts the day after."""
    opinion = SupervisionOpinion.objects.select_for_update().get(pk=opinion.pk)
    _addressee(actor, opinion)
    before_snapshot = _snap(opinion)
    not_future(received_on, "received_on", today)
    not_before(received_on, "received_on", opinion.issued_on, _("制发日"))
    if opinion.received_on is not None:
        raise ValidationError({"received_on": _("已签收")})

    def apply(o):
        o.received_on = received_on
        due, _basis = core.reply_deadline(
            statutory=o.kind == OpinionKind.RECONSIDERATION_OPINION, received_on=received_on,
            set_deadline=o.rectification_deadline, calendar=work_calendar(),
        )
        o.rectification_deadline = due

    return _step(opinion, core.Action.RECEIVE, actor=actor, on=received_on, before=before_snapshot, apply=apply)


def _snap(opinion):
    from fazhi.audit.services import snapshot

    return snapshot(opinion)


@transaction.atomic
def opinion_reply(
    *, opinion: SupervisionOpinion, actor, replied_on: dt.date, text: str, evidence=(),
    today: dt.date | None = None,
) -> SupervisionOpinion:
    """回复整改情况 with evidence (uploaded files, each kept with its SHA-256)."""
    opinion = SupervisionOpinion.objects.select_for_update().get(pk=opinion.pk)
    _addressee(actor, opinion)
    before = _snap(opinion)
    if not (text or "").strip():
        raise ValidationError({"text": _("须填写整改情况")})
    not_future(replied_on, "replied_on", today)
    not_before(replied_on, "replied_on", opinion.issued_on, _("制发日"))

    def apply(o):
        if o.received_on is None:
            o.received_on = replied_on
        o.reply_on = replied_on
        o.reply_text = text.strip()

    late = bool(opinion.rectification_deadline and replied_on > opinion.rectification_deadline)
    try:  # refuse before any file is stored
        core.transition(opinion.status, core.Action.REPLY)
    except core.InvalidTransition as exc:
        raise ValidationError({"status": exc.message}) from None
    files = []
    for f in evidence or []:
        h = hashlib.sha256()
        for chunk in f.chunks():
            h.update(chunk)
        f.seek(0)
        files.append(OpinionEvidence(opinion=opinion, file=f, name=f.name[:200], sha256=h.hexdigest(), size=f.size))
    for e in files:
        e.save()
    return _step(opinion, core.Action.REPLY, actor=actor, on=replied_on, before=before, note=text, apply=apply,
                 data={"late": late, "evidence": [{"name": e.name, "sha256": e.sha256} for e in files]})


@transaction.atomic
def opinion_return(*, opinion: SupervisionOpinion, actor, on: dt.date, note: str) -> SupervisionOpinion:
    """退回: the rectification is not sufficient; the department must rectify again."""
    opinion = SupervisionOpinion.objects.select_for_update().get(pk=opinion.pk)
    _legal_office(actor, opinion)
    before = _snap(opinion)
    if not (note or "").strip():
        raise ValidationError({"note": _("退回须说明理由")})

    def apply(o):
        o.review_note = note

    return _step(opinion, core.Action.RETURN, actor=actor, on=on, before=before, note=note, apply=apply)


@transaction.atomic
def opinion_close(*, opinion: SupervisionOpinion, actor, closed_on: dt.date, note: str = "") -> SupervisionOpinion:
    """审核销号: the legal office accepts the rectification."""
    opinion = SupervisionOpinion.objects.select_for_update().get(pk=opinion.pk)
    _legal_office(actor, opinion)
    before = _snap(opinion)
    not_before(closed_on, "closed_on", opinion.reply_on, _("回复日"))

    def apply(o):
        o.closed_on = closed_on
        o.review_note = note

    return _step(opinion, core.Action.CLOSE, actor=actor, on=closed_on, before=before, note=note, apply=apply)


@transaction.atomic
def opinion_withdraw(*, opinion: SupervisionOpinion, actor, on: dt.date, reason: str) -> SupervisionOpinion:
    """撤回 an opinion issued in error (it stays in the record)."""
    opinion = SupervisionOpinion.objects.select_for_update().get(pk=opinion.pk)
    _legal_office(actor, opinion)
    before = _snap(opinion)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("撤回须说明理由")})
    return _step(opinion, core.Action.WITHDRAW, actor=actor, on=on, before=before, note=reason)
