"""Writes of penalty cases: one service per transition of ``fazhi.core.penalty.TRANSITIONS``.

Each transition service locks the case row, checks the actor's role and scope,
asks the core table whether the move is allowed (refused with the rule it
breaks), checks the legal gates of that move, then changes the case, appends
a ``CaseStatusChange`` row, recomputes the deadlines through the legal-time
engine, appends the step and its generated documents to the case's
full-process record and writes the audit entry — all in one transaction
(STYLE R5, R7, R8). A refused move raises ``ValidationError`` naming the field
and the article, and writes nothing.

The gates (行政处罚法):

* 第四十二条 — at least two officers with a certificate of the case's body
  valid on the day: filing, investigation and its steps, the notice, the decision;
* 第三十六条 — limitation at filing (2 years, 5 with harm to life, health or finances);
* the item (执法事项) belongs to the body's catalogue and is valid on the day of the act;
* 第五十一条 — the summary procedure's limits;
* 第五十四条 — no notice without investigation;
* 第六十二条 — no penalty decision before the notice and the end of the
  statement/defence period (a configurable sector rule) unless waived in writing;
* 第六十四条 — the hearing request within 5 working days of the notice, the
  hearing notice 7 working days before it, no decision before the request period
  ends unless waived, none before a requested hearing is held (第六十五条);
* 第五十八条 — no decision without a passed legal review where required;
* 第五十七条第二款 — collective discussion of complex or major cases;
* 第四十五条第二款 — no heavier fine than the one notified.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.audit.services import audit_record, diff, snapshot
from fazhi.config.selectors import work_calendar
from fazhi.core import penalty as core
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.legaltime import compute_deadline
from fazhi.enforcement.constants import (
    CASE_EVENTS,
    INVESTIGATIVE_STEPS,
    CaseStatus,
    DecisionKind,
    DocumentKind,
    ExecutionMethod,
    ItemKind,
    Procedure,
    ServiceMethod,
    StepKind,
    TransferKind,
)
from fazhi.enforcement.deadlines import (
    case_deadlines,
    case_surcharge,
    deadline_refresh,
    fine_paid_on,
    has_fine,
)
from fazhi.enforcement.models import (
    CaseNumberCounter,
    CaseStatusChange,
    EnforcementCertificate,
    Officer,
    PenaltyCase,
)

from .record import document_generate, record_append

__all__ = [
    "HANDLER_ROLES",
    "case_close",
    "case_create",
    "case_decide",
    "case_decide_summary",
    "case_decline",
    "case_discussion_submit",
    "case_execute",
    "case_file",
    "case_hearing_request",
    "case_investigation_start",
    "case_legal_review_submit",
    "case_notify",
    "case_reinvestigate",
    "case_serve",
    "case_transfer",
    "case_update",
    "case_void",
    "check_handler",
]

#: roles that handle cases (立案、调查、告知、决定 …)
HANDLER_ROLES = frozenset({Role.DEPARTMENT_STAFF, Role.OFFICER, Role.ADMINISTRATOR})

ERR_ROLE = _("您的角色不能办理行政处罚案件")
ERR_SCOPE = _("该案件不在您的管辖范围内")
ERR_FUTURE = _("办理日期不能晚于今天")
ERR_BEFORE = _("办理日期不能早于上一环节的日期 %(day)s")
ERR_SUSPENDED = _("案件期限中止中，恢复后方可继续办理（移送、作废除外）")
ERR_NO_AUTHORITY = _("%(org)s 不具有执法主体资格，不能以其名义办理行政处罚案件")
ERR_PREFIX = _("执法主体 %(org)s 未设置文书编号前缀，无法编排案号（组织机构 → 文书编号前缀）")
ERR_ITEM_MISSING = _("立案应当选定执法事项（权责清单）")
ERR_ITEM_KIND = _("所选事项不是行政处罚事项")
ERR_ITEM_ORG = _("所选事项不在本机关 %(org)s 的权责清单内")
ERR_ITEM_INVALID = _("执法事项“%(item)s”在违法行为发生日 %(day)s 不在有效期内（有效期 %(span)s）")
ERR_ACT_DATE = _("应当填写违法行为发生日期")
ERR_ACT_AFTER = _("违法行为发生日期不能晚于发现日期")
ERR_FACTS = _("应当填写违法事实（案由）")
ERR_NO_INVESTIGATION = _("尚未记录任何调查取证（询问、检查、抽样、先行登记保存），不得告知拟作出的行政处罚（行政处罚法第五十四条、第四十四条）")
ERR_KINDS = _("应当选择处罚种类")
ERR_FINE_NEEDED = _("处罚种类含罚款的，应当填写大于零的罚款数额")
ERR_FINE_NOT_ALLOWED = _("处罚种类不含罚款的，不能填写罚款数额")
ERR_NOT_NOTIFIED = _("未告知当事人拟作出的行政处罚内容及事实、理由、依据，不得作出行政处罚决定（行政处罚法第六十二条）")
ERR_STATEMENT_RUNNING = _("陈述、申辩期限至 %(day)s 届满，期满前不得作出处罚决定，当事人书面放弃的除外（行政处罚法第六十二条；期限依据：%(basis)s）")
ERR_HEARING_RUNNING = _("当事人要求听证的期限至 %(day)s 届满，期满前不得作出处罚决定，当事人书面放弃的除外（行政处罚法第六十四条第一款第一项）")
ERR_HEARING_NOT_HELD = _("当事人已要求听证，听证结束后方可作出决定（行政处罚法第六十五条）")
ERR_LEGAL_REVIEW = _("未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）：%(reasons)s")
ERR_DISCUSSION = _("情节复杂或者重大违法行为，应当由行政机关负责人集体讨论决定（行政处罚法第五十七条第二款）")
ERR_NO_HEARING_RIGHT = _("拟作出的行政处罚不属于听证范围（行政处罚法第六十三条）")
ERR_HEARING_LATE = _("要求听证应当在告知后五日内提出（行政处罚法第六十四条第一款第一项），期限已于 %(day)s 届满")
ERR_HEARING_NOTICE_LATE = _("应当在举行听证的七日前通知当事人（行政处罚法第六十四条第一款第二项），听证日 %(hearing)s 的通知最迟应于 %(day)s 发出")
ERR_ON_THE_SPOT = _("宣告后当场交付的，送达日期应当为决定日期 %(day)s（行政处罚法第六十一条）")
ERR_NOT_PAID = _("罚款 %(fine)s 元及加处罚款 %(surcharge)s 元尚未缴清（已缴 %(paid)s 元；行政处罚法第七十二条）")
ERR_NOTHING_TO_EXECUTE = _("该决定没有罚款，不能以“缴清罚款”结束执行")
ERR_EXECUTE_FIRST = _("处罚决定尚未执行完毕，不能结案；没有需要执行内容的（不予处罚、警告、通报批评）方可送达后直接结案")
ERR_REASON = _("应当填写理由")
ERR_TRANSFER = _("移送应当填写接收机关、移送理由和所适用的移送标准")
ERR_OFFICERS_MISSING = _("应当选择执法人员")


# ---- shared steps -----------------------------------------------------------------------


def check_handler(actor, case: PenaltyCase, roles: Iterable[str] = HANDLER_ROLES) -> None:
    """The actor's role may handle cases and the case lies in their scope (server-side, every write).

    ``actor`` None is the system (the demo generator, a management command).
    """
    if actor is None:
        return
    if not actor.has_role(*roles):
        raise PermissionDenied(ERR_ROLE)
    if case.pk is not None and not PenaltyCase.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied(ERR_SCOPE)


def _lock(case: PenaltyCase) -> PenaltyCase:
    return (
        PenaltyCase.objects.select_for_update(of=("self",))
        .select_related("organization", "handling_unit", "item")
        .get(pk=case.pk)
    )


def _today() -> dt.date:
    return timezone.localdate()


def _last_act_day(case: PenaltyCase) -> dt.date:
    last = case.history.order_by("-on", "-pk").values_list("on", flat=True).first()
    return max(filter(None, [last, case.lead_received_on]))


def _begin(case: PenaltyCase, actor, action: core.Action, on: dt.date, *, allow_suspended: bool = False):
    """Lock, check role, scope, the table, the date; returns (locked case, snapshot before)."""
    case = _lock(case)
    check_handler(actor, case)
    try:
        core.transition(case.status, action)
    except core.TransitionRefused as exc:
        raise ValidationError({"status": exc.rule}) from None
    if on > _today():
        raise ValidationError({"on": ERR_FUTURE})
    last = _last_act_day(case)
    if on < last:
        raise ValidationError({"on": ERR_BEFORE % {"day": last.isoformat()}})
    if case.suspended and not allow_suspended:
        raise ValidationError({"status": ERR_SUSPENDED})
    return case, snapshot(case)


def _officers_on(officers: Sequence[Officer], day: dt.date, organization_id: int) -> list[core.OfficerOnDay]:
    ids = [o.pk for o in officers]
    fresh = Officer.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("certificates", queryset=EnforcementCertificate.objects.filter(voided_at__isnull=True))
    )
    out = []
    for o in fresh:
        cert = o.valid_certificate(day, organization_id) if o.voided_at is None else None
        out.append(core.OfficerOnDay(o.name, cert.number if cert else None))
    return out


def check_officers(case: PenaltyCase, officers: Sequence[Officer] | None, day: dt.date, what: str) -> list[Officer]:
    """第四十二条: two or more officers with a certificate of the case's body valid on ``day``."""
    chosen = list(officers) if officers else list(case.officers.all())
    if not chosen:
        raise ValidationError({"officers": ERR_OFFICERS_MISSING})
    err = core.officers_error(_officers_on(chosen, day, case.organization_id), day=day, what=what)
    if err:
        raise ValidationError({"officers": err})
    return chosen


def _check_item(case: PenaltyCase) -> None:
    """The item is a penalty item of the body's catalogue, valid on the day of the act."""
    item = case.item
    if item is None:
        raise ValidationError({"item": ERR_ITEM_MISSING})
    if item.kind != ItemKind.PENALTY:
        raise ValidationError({"item": ERR_ITEM_KIND})
    if item.organization_id != case.organization_id or item.voided_at is not None:
        raise ValidationError({"item": ERR_ITEM_ORG % {"org": case.organization.name}})
    if case.act_date is None:
        raise ValidationError({"act_date": ERR_ACT_DATE})
    if not item.is_valid_on(case.act_date):
        span = f"{item.valid_from.isoformat()} 至 {item.valid_until.isoformat() if item.valid_until else '今'}"
        raise ValidationError({"item": ERR_ITEM_INVALID % {"item": item.name, "day": case.act_date.isoformat(),
                                                            "span": span}})


def _check_limitation(case: PenaltyCase) -> core.LimitationResult:
    """第三十六条 at filing (and at a summary decision)."""
    if case.act_date is None:
        raise ValidationError({"act_date": ERR_ACT_DATE})
    ended = case.act_ended_on or case.act_date
    if ended > case.lead_received_on or case.act_date > case.lead_received_on:
        raise ValidationError({"act_date": ERR_ACT_AFTER})
    r = core.limitation_check(act_ended_on=ended, discovered_on=case.lead_received_on,
                              life_health_or_financial_harm=case.harm_to_life_health_finance)
    if r.expired:
        raise ValidationError({"act_date": _("违法行为在法定期限内未被发现，不再给予行政处罚：%(msg)s") % {"msg": r.message}})
    return r


def _allocate_number(case: PenaltyCase, year: int) -> None:
    """Take the next serial of the body's year, the counter row locked FOR UPDATE; never reused."""
    prefix = case.organization.case_number_prefix
    if not prefix:
        raise ValidationError({"organization": ERR_PREFIX % {"org": case.organization.name}})
    counter, _created = CaseNumberCounter.objects.select_for_update().get_or_create(
        organization_id=case.organization_id, year=year
    )
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    case.year, case.serial = year, counter.last_serial
    case.number = core.format_case_number(prefix, year, counter.last_serial)


def _steps(case: PenaltyCase, kind: str):
    return case.steps.filter(kind=kind, voided_at__isnull=True)


def _waived(case: PenaltyCase) -> bool:
    return _steps(case, StepKind.STATEMENT_WAIVER).exists()


def refresh_deadlines(case: PenaltyCase) -> None:
    deadline_refresh(case, calendar=work_calendar())


def _finish(
    case: PenaltyCase, before: dict[str, Any], action: core.Action, *, actor, on: dt.date, note: str = "",
    documents: Sequence[tuple[str, dict[str, Any]]] = (), data: dict[str, Any] | None = None,
) -> PenaltyCase:
    """Change the status, save, history row, deadlines, record entries, documents, audit."""
    frm = case.status
    to = core.transition(frm, action)
    now = timezone.now()
    case.status = to
    case.status_changed_at = now
    refresh_deadlines(case)
    case.full_clean()
    case.save()
    actor_obj = actor if actor is not None and actor.pk else None
    CaseStatusChange.objects.create(
        case=case, action=action.value, from_status=frm, to_status=to.value, on=on, occurred_at=now,
        actor=actor_obj, actor_name=(str(actor) if actor is not None else "system")[:150], note=note,
    )
    label = core.ACTION_LABELS[action]
    changes = diff(before, snapshot(case))
    changes.pop("record_seq", None)
    changes.pop("record_head", None)
    record_append(
        case=case, event=f"case.{action.value}", obj=case, summary=f"{label}（{on.isoformat()}）",
        data={"action": action.value, "from": frm, "to": to.value, "on": on, "note": note,
              "changes": changes, **(data or {})},
        actor=actor,
    )
    doc_ids = [document_generate(case=case, kind=kind, actor=actor, on=on, **extra).pk for kind, extra in documents]
    audit_record(
        event=CASE_EVENTS[action.value], obj=case, actor=actor, changes=changes,
        data={"on": on, "note": note, "documents": doc_ids, **(data or {})},
    )
    return case


def _legal_review_reasons(case: PenaltyCase) -> list[str]:
    return core.legal_review_reasons(
        major_public_interest=case.major_public_interest,
        major_rights=case.major_rights,
        hearing_held=_steps(case, StepKind.HEARING_HELD).exists(),
        complex_case=case.complex_case,
        other_basis=case.legal_review_other_basis,
    )


def legal_review_passed(case: PenaltyCase) -> bool:
    last = _steps(case, StepKind.LEGAL_REVIEW).order_by("-on", "-pk").first()
    return bool(last and last.outcome == "passed")


def _money(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


# ---- create and edit ------------------------------------------------------------------

#: fields a lead may carry and may change until the case is decided
EDITABLE_FIELDS = (
    "source", "source_detail", "lead_received_on", "party_kind", "party_name", "party_id_number",
    "party_address", "party_representative", "market_entity", "item", "act_date", "act_ended_on",
    "harm_to_life_health_finance", "facts", "major_public_interest", "major_rights", "complex_case",
    "legal_review_other_basis", "serious_violation",
)


def case_organizations_for(user):
    """Bodies in whose name ``user`` may open a case: the authority bodies they see, and the
    nearest one above their own unit (a 中队 acts for its 执法队)."""
    from fazhi.organizations.models import Organization

    qs = Organization.objects.filter(has_enforcement_authority=True, voided_at__isnull=True)
    if user is None or user.is_superuser:
        return qs
    ids = set(qs.visible_to(user).values_list("pk", flat=True))
    if user.organization_id:
        for org in reversed(user.organization.ancestors()):
            if org.has_enforcement_authority and org.voided_at is None:
                ids.add(org.pk)
                break
    return qs.filter(pk__in=ids)


@transaction.atomic
def case_create(*, actor, organization, handling_unit=None, **fields: Any) -> PenaltyCase:
    """Register a lead (线索登记). ``fields`` are ``EDITABLE_FIELDS``."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {', '.join(sorted(unknown))}")
    if actor is not None:
        if not actor.has_role(*HANDLER_ROLES):
            raise PermissionDenied(ERR_ROLE)
        if not case_organizations_for(actor).filter(pk=organization.pk).exists():
            raise ValidationError({"organization": ERR_SCOPE})
    if not organization.has_enforcement_authority:
        raise ValidationError({"organization": ERR_NO_AUTHORITY % {"org": organization.name}})
    if handling_unit is None:
        own = getattr(actor, "organization", None)
        handling_unit = own if own is not None and own.path.startswith(organization.path) else organization
    elif not handling_unit.path.startswith(organization.path):
        raise ValidationError({"handling_unit": _("承办机构应当是执法主体或其下属机构")})
    case = PenaltyCase(organization=organization, handling_unit=handling_unit,
                       created_by=actor if actor is not None and actor.pk else None, **fields)
    if case.lead_received_on and case.lead_received_on > _today():
        raise ValidationError({"lead_received_on": ERR_FUTURE})
    case.full_clean()
    case.save()
    case = _lock(case)
    record_append(case=case, event="case.created", obj=case,
                  summary=_("登记线索：%(party)s") % {"party": case.party_name},
                  data={"fields": snapshot(case)}, actor=actor)
    audit_record(event="case.created", obj=case, actor=actor, changes=diff({}, snapshot(case)))
    return case


@transaction.atomic
def case_update(*, case: PenaltyCase, actor, **fields: Any) -> PenaltyCase:
    """Correct the lead's particulars before the decision (each change is recorded)."""
    case = _lock(case)
    check_handler(actor, case)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {', '.join(sorted(unknown))}")
    if not case.is_open or case.decided_on:
        raise ValidationError({"status": _("已作出决定或已办结的案件不能修改基本信息")})
    if case.filed_on and "item" in fields and fields["item"] != case.item:
        raise ValidationError({"item": _("立案后不能更换执法事项；事项有误的，应当作废后重新立案")})
    before = snapshot(case)
    for k, v in fields.items():
        setattr(case, k, v)
    case.full_clean()
    refresh_deadlines(case)
    case.save()
    changes = diff(before, snapshot(case))
    changes.pop("record_seq", None)
    changes.pop("record_head", None)
    if changes:
        record_append(case=case, event="case.updated", obj=case, summary=_("修改案件信息"),
                      data={"changes": changes}, actor=actor)
        audit_record(event="case.updated", obj=case, actor=actor, changes=changes)
    return case


# ---- the transitions (one service each) -----------------------------------------------


@transaction.atomic
def case_file(*, case: PenaltyCase, actor, on: dt.date, officers: Sequence[Officer], note: str = "") -> PenaltyCase:
    """立案: checks the item, the limitation (第三十六条) and two certified officers; allocates the number."""
    case, before = _begin(case, actor, core.Action.FILE, on)
    if not case.organization.has_enforcement_authority:
        raise ValidationError({"organization": ERR_NO_AUTHORITY % {"org": case.organization.name}})
    if not case.facts.strip():
        raise ValidationError({"facts": ERR_FACTS})
    limitation = _check_limitation(case)
    _check_item(case)
    chosen = check_officers(case, officers, on, _("立案调查"))
    _allocate_number(case, on.year)
    case.procedure = Procedure.ORDINARY
    case.filed_on = on
    case.officers.set(chosen)
    return _finish(case, before, core.Action.FILE, actor=actor, on=on, note=note,
                   documents=[(DocumentKind.FILING_APPROVAL, {"limitation": limitation})],
                   data={"number": case.number, "officers": [o.name for o in chosen],
                         "limitation": limitation.message})


@transaction.atomic
def case_decline(*, case: PenaltyCase, actor, on: dt.date, reason: str) -> PenaltyCase:
    """不予立案, with the reason."""
    case, before = _begin(case, actor, core.Action.DECLINE, on)
    if not reason.strip():
        raise ValidationError({"reason": ERR_REASON})
    case.decline_reason = reason.strip()
    return _finish(case, before, core.Action.DECLINE, actor=actor, on=on, note=reason.strip(),
                   documents=[(DocumentKind.DECLINE_APPROVAL, {})])


def _check_kinds(kinds: Sequence[str], fine: Decimal | None) -> list[str]:
    kinds = [core.PenaltyKind(k).value for k in kinds]
    if not kinds:
        raise ValidationError({"kinds": ERR_KINDS})
    if core.PenaltyKind.FINE in kinds and (fine is None or fine <= 0):
        raise ValidationError({"fine": ERR_FINE_NEEDED})
    if core.PenaltyKind.FINE not in kinds and fine:
        raise ValidationError({"fine": ERR_FINE_NOT_ALLOWED})
    return kinds


@transaction.atomic
def case_decide_summary(
    *, case: PenaltyCase, actor, on: dt.date, kinds: Sequence[str], fine: Decimal | None,
    officers: Sequence[Officer], decision_text: str = "",
) -> PenaltyCase:
    """当场处罚 (简易程序, 第五十一条、第五十二条): decided and handed over on the spot."""
    case, before = _begin(case, actor, core.Action.DECIDE_SUMMARY, on)
    fine = _money(fine)
    err = core.summary_procedure_error(case.party_kind, kinds, fine)
    if err:
        raise ValidationError({"fine" if fine else "kinds": err})
    kinds = _check_kinds(kinds, fine)
    if not case.facts.strip():
        raise ValidationError({"facts": ERR_FACTS})
    _check_item(case)
    _check_limitation(case)
    chosen = check_officers(case, officers, on, _("当场处罚"))
    _allocate_number(case, on.year)
    case.procedure = Procedure.SUMMARY
    case.officers.set(chosen)
    case.decision_kind = DecisionKind.PENALTY
    case.decision_kinds = kinds
    case.fine_amount = fine
    case.decision_text = decision_text.strip()
    case.decided_on = case.served_on = on
    case.service_method = ServiceMethod.ON_THE_SPOT
    return _finish(case, before, core.Action.DECIDE_SUMMARY, actor=actor, on=on,
                   documents=[(DocumentKind.SUMMARY_DECISION, {})],
                   data={"number": case.number, "officers": [o.name for o in chosen], "fine": fine})


@transaction.atomic
def case_investigation_start(
    *, case: PenaltyCase, actor, on: dt.date, officers: Sequence[Officer] | None = None, note: str = "",
) -> PenaltyCase:
    """开始调查取证 (第五十四条), by two certified officers."""
    case, before = _begin(case, actor, core.Action.INVESTIGATE, on)
    chosen = check_officers(case, officers, on, _("调查取证"))
    return _finish(case, before, core.Action.INVESTIGATE, actor=actor, on=on, note=note,
                   data={"officers": [o.name for o in chosen]})


@transaction.atomic
def case_notify(
    *, case: PenaltyCase, actor, on: dt.date, kinds: Sequence[str], fine: Decimal | None = None,
    confiscation: Decimal | None = None, text: str = "", officers: Sequence[Officer] | None = None,
) -> PenaltyCase:
    """告知 (第四十四条): the intended penalty, its facts, reasons and basis, and the party's rights.

    Sets ``hearing_right`` from 第六十三条 and generates the 事先告知书 with the
    statement and hearing-request deadlines.
    """
    case, before = _begin(case, actor, core.Action.NOTIFY, on)
    if not case.steps.filter(kind__in=INVESTIGATIVE_STEPS, voided_at__isnull=True).exists():
        raise ValidationError({"status": ERR_NO_INVESTIGATION})
    fine, confiscation = _money(fine), _money(confiscation)
    kinds = _check_kinds(kinds, fine)
    chosen = check_officers(case, officers, on, _("告知"))
    reasons = core.hearing_right_applies(case.party_kind, kinds, fine, confiscation)
    case.proposed_kinds = kinds
    case.proposed_fine = fine
    case.proposed_confiscation = confiscation
    case.proposed_text = text.strip()
    case.hearing_right = bool(reasons)
    case.hearing_reasons = reasons
    case.notified_on = on
    deadlines = {d.key: d for d in case_deadlines(case, calendar=work_calendar())}
    return _finish(case, before, core.Action.NOTIFY, actor=actor, on=on,
                   documents=[(DocumentKind.NOTICE_OF_INTENT, {"deadlines": deadlines})],
                   data={"officers": [o.name for o in chosen], "hearing_right": case.hearing_right,
                         "kinds": kinds, "fine": fine})


def _deadline_of(case: PenaltyCase, key: str):
    for d in case_deadlines(case, calendar=work_calendar()):
        if d.key == key:
            return d
    return None


@transaction.atomic
def case_hearing_request(
    *, case: PenaltyCase, actor, on: dt.date, hearing_date: dt.date | None = None, note: str = "",
) -> PenaltyCase:
    """当事人要求听证 (第六十三条、第六十四条): within 5 working days of the notice; the hearing
    notice goes out at least 7 working days before the hearing."""
    case, before = _begin(case, actor, core.Action.REQUEST_HEARING, on)
    if not case.hearing_right:
        raise ValidationError({"status": ERR_NO_HEARING_RIGHT})
    d = _deadline_of(case, "hearing_request")
    if d is not None and d.deadline is not None and on > d.deadline:
        raise ValidationError({"on": ERR_HEARING_LATE % {"day": d.deadline.isoformat()}})
    notice = None
    if hearing_date is not None:
        try:
            notice = compute_deadline("penalty.hearing_notice", hearing_date, calendar=work_calendar())
        except CalendarYearUnknown as exc:
            raise ValidationError({"hearing_date": str(exc)}) from None
        if notice.deadline is not None and on > notice.deadline:
            raise ValidationError({"hearing_date": ERR_HEARING_NOTICE_LATE % {
                "hearing": hearing_date.isoformat(), "day": notice.deadline.isoformat()}})
    case.hearing_scheduled_on = hearing_date
    return _finish(case, before, core.Action.REQUEST_HEARING, actor=actor, on=on, note=note,
                   documents=[(DocumentKind.HEARING_NOTICE, {"hearing_date": hearing_date, "notice": notice})],
                   data={"hearing_date": hearing_date})


def _check_hearing_held(case: PenaltyCase) -> None:
    if case.status == CaseStatus.HEARING and not _steps(case, StepKind.HEARING_HELD).exists():
        raise ValidationError({"status": ERR_HEARING_NOT_HELD})


@transaction.atomic
def case_legal_review_submit(*, case: PenaltyCase, actor, on: dt.date, note: str = "") -> PenaltyCase:
    """提交法制审核 (第五十八条), after the notice and any hearing."""
    case, before = _begin(case, actor, core.Action.SUBMIT_LEGAL_REVIEW, on)
    _check_hearing_held(case)
    return _finish(case, before, core.Action.SUBMIT_LEGAL_REVIEW, actor=actor, on=on, note=note,
                   data={"reasons": _legal_review_reasons(case)})


@transaction.atomic
def case_discussion_submit(*, case: PenaltyCase, actor, on: dt.date, note: str = "") -> PenaltyCase:
    """提交负责人集体讨论 (第五十七条第二款), after a required legal review has passed."""
    case, before = _begin(case, actor, core.Action.DISCUSS, on)
    _check_hearing_held(case)
    reasons = _legal_review_reasons(case)
    if reasons and not legal_review_passed(case):
        raise ValidationError({"status": ERR_LEGAL_REVIEW % {"reasons": "；".join(reasons)}})
    return _finish(case, before, core.Action.DISCUSS, actor=actor, on=on, note=note)


@transaction.atomic
def case_reinvestigate(*, case: PenaltyCase, actor, on: dt.date, reason: str) -> PenaltyCase:
    """退回补充调查: the statement, the hearing or the legal review changed the facts (第四十五条)."""
    case, before = _begin(case, actor, core.Action.REINVESTIGATE, on)
    if not reason.strip():
        raise ValidationError({"reason": ERR_REASON})
    return _finish(case, before, core.Action.REINVESTIGATE, actor=actor, on=on, note=reason.strip())


@transaction.atomic
def case_decide(
    *, case: PenaltyCase, actor, on: dt.date, decision_kind: str, kinds: Sequence[str] = (),
    fine: Decimal | None = None, confiscation: Decimal | None = None, text: str = "",
    officers: Sequence[Officer] | None = None, publish: bool | None = None,
) -> PenaltyCase:
    """作出决定 (第五十七条): a penalty, or no penalty. A penalty passes every gate of 第六十二条,
    第六十四条、第六十五条, 第五十八条, 第五十七条第二款 and 第四十五条第二款.

    ``publish`` (第四十八条) defaults to True for a penalty: the decision appears on the
    public page, personal data masked.
    """
    case, before = _begin(case, actor, core.Action.DECIDE, on)
    decision_kind = DecisionKind(decision_kind)
    fine, confiscation = _money(fine), _money(confiscation)
    chosen = check_officers(case, officers, on, _("作出处罚决定"))
    _check_item(case)
    errors: dict[str, str] = {}
    if decision_kind == DecisionKind.PENALTY:
        kinds = _check_kinds(kinds, fine)
        if case.status == CaseStatus.INVESTIGATING or not case.notified_on:
            raise ValidationError({"status": ERR_NOT_NOTIFIED})
        waived = _waived(case)
        if not waived:
            d = _deadline_of(case, "statement")
            if d is None or d.deadline is None:
                raise ValidationError({"on": d.error if d else ERR_NOT_NOTIFIED})
            if on <= d.deadline:
                errors["on"] = ERR_STATEMENT_RUNNING % {"day": d.deadline.isoformat(), "basis": d.result.basis}
            h = _deadline_of(case, "hearing_request") if case.hearing_right else None
            if h is not None and h.deadline is not None and on <= h.deadline and case.status != CaseStatus.HEARING:
                errors.setdefault("on", ERR_HEARING_RUNNING % {"day": h.deadline.isoformat()})
        if errors:
            raise ValidationError(errors)
        _check_hearing_held(case)
        reasons = _legal_review_reasons(case)
        if reasons and not legal_review_passed(case):
            raise ValidationError({"status": ERR_LEGAL_REVIEW % {"reasons": "；".join(reasons)}})
        if case.serious_violation and not _steps(case, StepKind.COLLECTIVE_DISCUSSION).exists():
            raise ValidationError({"status": ERR_DISCUSSION})
        heavier = core.heavier_after_statement(case.proposed_fine, fine)
        if heavier:
            raise ValidationError({"fine": heavier})
    else:
        kinds, fine, confiscation = [], None, None
    case.decision_kind = decision_kind
    case.decision_kinds = kinds
    case.fine_amount = fine
    case.confiscation_amount = confiscation
    case.decision_text = text.strip()
    case.decided_on = on
    case.publish = decision_kind == DecisionKind.PENALTY if publish is None else bool(publish)
    if case.publish:
        case.published_at = timezone.now()
    kind = DocumentKind.DECISION if decision_kind == DecisionKind.PENALTY else DocumentKind.NO_PENALTY_DECISION
    return _finish(case, before, core.Action.DECIDE, actor=actor, on=on, documents=[(kind, {})],
                   data={"decision_kind": decision_kind.value, "kinds": kinds, "fine": fine,
                         "officers": [o.name for o in chosen], "published": case.publish})


@transaction.atomic
def case_serve(*, case: PenaltyCase, actor, on: dt.date, method: str, note: str = "") -> PenaltyCase:
    """送达决定书 (第六十一条): on the spot, or within 7 working days when the party is absent."""
    case, before = _begin(case, actor, core.Action.SERVE, on)
    method = ServiceMethod(method)
    if method == ServiceMethod.ON_THE_SPOT and on != case.decided_on:
        raise ValidationError({"on": ERR_ON_THE_SPOT % {"day": case.decided_on.isoformat()}})
    case.service_method = method
    case.served_on = on
    return _finish(case, before, core.Action.SERVE, actor=actor, on=on, note=note,
                   documents=[(DocumentKind.SERVICE_RECEIPT, {})], data={"method": method.value})


@transaction.atomic
def case_execute(*, case: PenaltyCase, actor, on: dt.date, method: str, note: str = "") -> PenaltyCase:
    """执行完毕 (第六十六条至第七十二条). Paying means the fine and the art. 72 surcharge are paid."""
    case, before = _begin(case, actor, core.Action.EXECUTE, on, allow_suspended=True)
    method = ExecutionMethod(method)
    data: dict[str, Any] = {"method": method.value}
    if method == ExecutionMethod.PAID:
        if not has_fine(case):
            raise ValidationError({"method": ERR_NOTHING_TO_EXECUTE})
        paid = sum((p.amount for p in case.payments.all()), Decimal(0))
        settled = fine_paid_on(case)
        sur = case_surcharge(case, as_of=settled or on, calendar=work_calendar())
        surcharge = sur.amount if sur else Decimal(0)
        if paid < case.fine_amount + surcharge:
            raise ValidationError({"method": ERR_NOT_PAID % {"fine": case.fine_amount, "surcharge": surcharge,
                                                             "paid": paid}})
        data.update(paid=paid, surcharge=surcharge)
    elif method in (ExecutionMethod.COURT, ExecutionMethod.OFFSET) and not note.strip():
        raise ValidationError({"note": _("应当写明法院裁定或抵缴情况")})
    case.execution_method = method
    case.executed_on = on
    return _finish(case, before, core.Action.EXECUTE, actor=actor, on=on, note=note, data=data)


@transaction.atomic
def case_close(*, case: PenaltyCase, actor, on: dt.date, note: str = "") -> PenaltyCase:
    """结案: after execution, or once served when there is nothing to execute."""
    case, before = _begin(case, actor, core.Action.CLOSE, on, allow_suspended=True)
    if case.status == CaseStatus.SERVED:
        nothing = case.decision_kind != DecisionKind.PENALTY or set(case.decision_kinds) <= {"warning", "criticism"}
        if not nothing:
            raise ValidationError({"status": ERR_EXECUTE_FIRST})
    case.closed_on = on
    return _finish(case, before, core.Action.CLOSE, actor=actor, on=on, note=note,
                   documents=[(DocumentKind.CLOSING_REPORT, {})])


@transaction.atomic
def case_transfer(
    *, case: PenaltyCase, actor, on: dt.date, kind: str, to: str, reason: str, standard: str,
) -> PenaltyCase:
    """移送 (第二十七条; the body's 案件移送标准): from any open state, with reason and standard."""
    case, before = _begin(case, actor, core.Action.TRANSFER, on, allow_suspended=True)
    kind = TransferKind(kind)
    if not (to.strip() and reason.strip() and standard.strip()):
        raise ValidationError({"reason": ERR_TRANSFER})
    case.transfer_kind = kind
    case.transferred_to = to.strip()
    case.transfer_reason = reason.strip()
    case.transfer_standard = standard.strip()
    case.transferred_on = on
    return _finish(case, before, core.Action.TRANSFER, actor=actor, on=on, note=reason.strip(),
                   documents=[(DocumentKind.TRANSFER_LETTER, {})],
                   data={"kind": kind.value, "to": case.transferred_to, "standard": case.transfer_standard})


@transaction.atomic
def case_void(*, case: PenaltyCase, actor, on: dt.date, reason: str) -> PenaltyCase:
    """作废, with the reason: the case stays, marked voided; its number is not reused."""
    case, before = _begin(case, actor, core.Action.VOID, on, allow_suspended=True)
    if not reason.strip():
        raise ValidationError({"reason": ERR_REASON})
    case.voided_at = timezone.now()
    case.voided_by = actor if actor is not None and actor.pk else None
    case.void_reason = reason.strip()[:500]
    return _finish(case, before, core.Action.VOID, actor=actor, on=on, note=reason.strip())
