"""A penalty case's statutory deadlines, computed by the legal-time engine (STYLE R1 adapter).

The app never counts days: each deadline is ``fazhi.core.legaltime.compute_deadline``
on the deployment's working-day calendar (``config.selectors.work_calendar``),
with the case's suspensions and approved extensions. The rule table is
``RULES`` plus the configurable sector rules of
``core/legaltime/data/unverified_rules.json`` (the 陈述申辩 period; the
suspension and extension of the 90-day period), which replace the statute's
entries of the same id.

Deadlines of the agency (decision, service, the art. 56 decision on preserved
evidence) and the party's payment feed ``PenaltyCase.next_deadline`` and the
overdue lists; the party's waiting periods (statement, hearing request) are
shown but cannot be "overdue".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _

from fazhi.core.calendar import CalendarYearUnknown, WorkCalendar
from fazhi.core.legaltime import (
    DeadlineInputError,
    DeadlineResult,
    Rule,
    compute_deadline,
    load_rules,
    rules_with,
)
from fazhi.core.penalty import PenaltyKind, Surcharge, late_payment_surcharge

from .constants import CaseStatus, DecisionKind, StepKind


@lru_cache(maxsize=1)
def case_rules() -> Mapping[str, Rule]:
    """The statutory rules with the configured sector rules laid over them."""
    return rules_with(load_rules())


@dataclass(frozen=True)
class CaseDeadline:
    """One period of a case: what it is, its computed result (or why it could not be computed),
    and the day it was met (None while open)."""

    key: str
    rule: str
    label: str
    agency: bool
    result: DeadlineResult | None
    error: str = ""
    done_on: dt.date | None = None

    @property
    def deadline(self) -> dt.date | None:
        return self.result.deadline if self.result else None

    def state(self, today: dt.date) -> str:
        """met | late | open | due | overdue | suspended | ended | unknown."""
        if self.result is None:
            return "unknown"
        if self.result.suspended:
            return "suspended"
        d = self.result.deadline
        assert d is not None
        if self.done_on is not None:
            return "met" if self.done_on <= d else "late"
        if not self.agency:
            return "ended" if today > d else "open"
        if today > d:
            return "overdue"
        return "open"


STATE_LABELS = {
    "met": "按期完成",
    "late": "逾期完成",
    "open": "进行中",
    "overdue": "已逾期",
    "suspended": "中止中",
    "ended": "已届满",
    "unknown": "无法计算",
}


def _compute(
    key: str, rule_id: str, label: str, start: dt.date, *, agency: bool, calendar: WorkCalendar,
    done_on: dt.date | None = None, suspensions=(), extension_days: int = 0,
) -> CaseDeadline:
    rule = case_rules()[rule_id]
    try:
        result = compute_deadline(rule, start, calendar=calendar, suspensions=suspensions,
                                  extension_days=extension_days)
    except CalendarYearUnknown as exc:
        return CaseDeadline(key, rule_id, label, agency, None,
                            _("%(year)s 年节假日安排尚未载入，无法计算（请管理员录入当年放假通知）") % {"year": exc.year},
                            done_on)
    except DeadlineInputError as exc:
        return CaseDeadline(key, rule_id, label, agency, None, str(exc), done_on)
    return CaseDeadline(key, rule_id, label, agency, result, "", done_on)


def _suspensions(case, rule: str) -> list[tuple[dt.date, dt.date | None]]:
    return [(s.suspended_on, s.resumed_on) for s in case.suspensions.all() if s.rule == rule]


def _extension(case, rule: str) -> int:
    return sum(e.days for e in case.extensions.all() if e.rule == rule)


def has_fine(case) -> bool:
    return PenaltyKind.FINE in (case.decision_kinds or []) and (case.fine_amount or 0) > 0


def case_deadlines(case, *, calendar: WorkCalendar) -> list[CaseDeadline]:
    """Every period that applies to ``case`` in its current state, in the order they arise."""
    out: list[CaseDeadline] = []
    stopped = case.status in {CaseStatus.TRANSFERRED, CaseStatus.VOIDED} and not case.decided_on
    if case.filed_on and not stopped:
        out.append(_compute(
            "decision", "penalty.decision", _("作出行政处罚决定（办案期限）"), case.filed_on, agency=True,
            calendar=calendar, done_on=case.decided_on,
            suspensions=_suspensions(case, "penalty.decision"), extension_days=_extension(case, "penalty.decision"),
        ))
    for step in case.steps.all():
        if step.kind == StepKind.PRESERVATION and step.voided_at is None:
            out.append(_compute(
                f"preservation-{step.pk}", "penalty.registered_preservation",
                _("先行登记保存后作出处理决定（%(day)s 保存）") % {"day": step.on.isoformat()}, step.on,
                agency=True, calendar=calendar, done_on=step.resolved_on,
            ))
    if case.notified_on and case.procedure == "ordinary":
        out.append(_compute(
            "statement", "penalty.statement_defence", _("陈述、申辩"), case.notified_on, agency=False,
            calendar=calendar,
        ))
        if case.hearing_right:
            out.append(_compute(
                "hearing_request", "penalty.hearing_request", _("要求听证"), case.notified_on, agency=False,
                calendar=calendar,
            ))
    if case.decided_on and case.procedure == "ordinary" and not stopped:
        out.append(_compute(
            "service", "penalty.service", _("送达行政处罚决定书"), case.decided_on, agency=True,
            calendar=calendar, done_on=case.served_on,
        ))
    if case.served_on and has_fine(case) and case.decision_kind == DecisionKind.PENALTY:
        out.append(_compute(
            "payment", "penalty.payment", _("缴纳罚款"), case.served_on, agency=True, calendar=calendar,
            done_on=case.executed_on, extension_days=_extension(case, "penalty.payment"),
        ))
    return out


def deadline_refresh(case, *, calendar: WorkCalendar) -> None:
    """Set ``next_deadline`` (the earliest open deadline), its rule, ``suspended`` and any problem.

    Does not save; the calling service does, inside its transaction.
    """
    case.next_deadline = None
    case.next_deadline_rule = ""
    case.deadline_problem = ""
    case.suspended = any(s.resumed_on is None for s in case.suspensions.all())
    if not case.is_open:
        return
    open_ones = []
    for d in case_deadlines(case, calendar=calendar):
        if not d.agency or d.done_on is not None:
            continue
        if d.result is None:
            case.deadline_problem = d.error[:300]
            continue
        if d.result.deadline is not None:
            open_ones.append(d)
    if open_ones:
        first = min(open_ones, key=lambda d: d.result.deadline)
        case.next_deadline = first.result.deadline
        case.next_deadline_rule = first.rule


def payment_due(case, *, calendar: WorkCalendar) -> dt.date | None:
    """The last day to pay the fine (after any approved deferral), or None."""
    for d in case_deadlines(case, calendar=calendar):
        if d.key == "payment":
            return d.deadline
    return None


def case_surcharge(case, *, as_of: dt.date, calendar: WorkCalendar) -> Surcharge | None:
    """The art. 72 surcharge on the unpaid fine as of ``as_of`` (None without a fine or due date)."""
    if not has_fine(case):
        return None
    due = payment_due(case, calendar=calendar)
    if due is None:
        return None
    # 第七十二条: 3 % of the fine a day until the fine itself is paid in full.
    paid, settled_on = Decimal(0), None
    for p in sorted(case.payments.all(), key=lambda p: p.paid_on):
        paid += p.amount
        if paid >= case.fine_amount:
            settled_on = p.paid_on
            break
    day = min(settled_on, as_of) if settled_on else as_of
    return late_payment_surcharge(case.fine_amount, due, day)


def fine_paid_on(case) -> dt.date | None:
    """The day the payments first add up to the fine, or None."""
    paid = Decimal(0)
    for p in sorted(case.payments.all(), key=lambda p: p.paid_on):
        paid += p.amount
        if paid >= (case.fine_amount or 0):
            return p.paid_on
    return None
