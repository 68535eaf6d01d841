"""Counting statutory periods: the deadline, the unrolled day, the basis and a derivation.

Contract of ``compute_deadline`` (LEGAL.md "Decisions fazhi takes"):

1. The start day is not counted (民法典 第二百零一条; 民事诉讼法 第八十五条第二款).
2. Working-day periods count forward the N-th working day after the start day,
   whatever the start day is (a Saturday start counts Monday as day 1). Make-up
   working days (调休上班日) count unless the calendar says otherwise (decision 4).
3. Calendar-day periods end N days after the start day; month and year periods
   end on the corresponding day of the closing month, or on its last day when it
   has none (民法典 第二百零二条). If that day is a rest day and the rule rolls
   forward, the deadline is the next working day (民法典 第二百零三条;
   民事诉讼法 第八十五条第三款; 行诉法解释 第四十八条); ``unrolled`` keeps the day
   before rolling for the early warning (LEGAL.md §0 item 4). A make-up working
   day is not a rest day, so a period ending on one does not roll (V13, V15).
4. Suspension (中止, decision 5): the days from the suspension date up to, not
   including, the resumption date are not counted, and the deadline moves by
   that many days (working days for a working-day period). Only days the period
   would have counted matter: a suspension that begins after the last counted
   day changes nothing, one that began before the start day counts from the day
   after it. A suspension not yet resumed is ``(date, None)``: the result then
   has ``suspended=True``, ``deadline=None`` and ``remaining`` (the days still to
   run once the case resumes). Month and year periods are turned into their
   number of calendar days before suspensions are applied.
5. Extension (延长, decision 6) is counted from the last day of the original
   period before rolling (the extended period replaces the original one, so the
   original last day is no longer a last day to roll), in the rule's unit, and
   may not exceed ``Rule.max_extension``.
6. A date in a year that the calendar does not cover raises
   ``CalendarYearUnknown`` naming the year (decision 7). A period that is never
   rolled (the limitation windows of 行政处罚法 第三十六条) is pure date arithmetic
   and needs no calendar.

Backward periods ("举行听证的七日前", 行政处罚法 第六十四条) count the N-th
working day before the event, the event day not counted; a backward
calendar-day period would roll back to the previous working day.

Policy deadlines that are not statutory periods ("4月1日之前") are
``policy_deadline()``: shown as "before DATE" and never rolled (decision 8).
"""

from __future__ import annotations

import calendar as _gregorian
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fazhi.core.calendar import WorkCalendar, default_calendar
from fazhi.core.legaltime.rules import Direction, Rule, Unit, get_rule
from fazhi.core.legaltime.text import day_label, short_date, weekday_zh

__all__ = [
    "AppliedSuspension",
    "DeadlineInputError",
    "DeadlineResult",
    "ExtensionNotAllowed",
    "InvalidSuspension",
    "MakeupVariants",
    "NotSuspendable",
    "PolicyDeadline",
    "Suspension",
    "add_months",
    "compute_deadline",
    "compute_makeup_variants",
    "policy_deadline",
]

Suspension = tuple[date, date | None]
"""(suspension date, resumption date); resumption None while the case is still suspended."""

_ONE_DAY = timedelta(days=1)


class DeadlineInputError(ValueError):
    """The inputs of a computation contradict the rule (base of the errors below)."""


class NotSuspendable(DeadlineInputError):
    def __init__(self, rule: Rule):
        super().__init__(f"rule '{rule.id}' ({rule.basis}) cannot be suspended")


class ExtensionNotAllowed(DeadlineInputError):
    def __init__(self, rule: Rule, days: int):
        if not rule.extendable:
            msg = f"rule '{rule.id}' ({rule.basis}) cannot be extended"
        elif days < 0:
            msg = f"rule '{rule.id}': an extension cannot be negative ({days})"
        else:
            msg = (
                f"rule '{rule.id}': an extension of {days} {rule.unit.label} exceeds the "
                f"maximum of {rule.max_extension} {rule.unit.label} ({rule.basis})"
            )
        super().__init__(msg)


class InvalidSuspension(DeadlineInputError):
    def __init__(self, suspended: date, resumed: date | None, why: str):
        end = resumed.isoformat() if resumed else "…"
        super().__init__(f"suspension {suspended.isoformat()}:{end}: {why}")


@dataclass(frozen=True)
class AppliedSuspension:
    """A suspension as the computation used it.

    ``suspended`` is the first day not counted (clipped to the day after the
    start), ``resumed`` the resumption date (None: still suspended), ``days``
    the days not counted because of it (working days for working-day periods;
    0 when it began after the period's last counted day).
    """

    suspended: date
    resumed: date | None
    days: int


@dataclass(frozen=True)
class DeadlineResult:
    """A computed deadline that explains itself.

    ``deadline`` is the last day to act (after rolling forward); ``unrolled`` is
    the last counted day before rolling, for the early warning (they are equal
    when nothing rolled). Both are None while a suspension is open
    (``suspended``), when ``remaining`` says how many days are left to run.
    ``original_deadline`` is the deadline without the extension (None when
    there is no extension). ``derivation`` is the count in words for a clerk.
    """

    rule: str
    title: str
    start: date
    deadline: date | None
    unrolled: date | None
    basis: str
    derivation: str
    unit: Unit
    length: int
    direction: Direction
    rolled: bool = False
    extension_days: int = 0
    original_deadline: date | None = None
    suspensions: tuple[AppliedSuspension, ...] = ()
    suspended_days: int = 0
    suspended: bool = False
    remaining: int | None = None
    makeup_days_are_working: bool = True
    verified: bool = True

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: dates as ISO strings, enums as their values."""

        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "rule": self.rule,
            "title": self.title,
            "start": self.start.isoformat(),
            "deadline": iso(self.deadline),
            "unrolled": iso(self.unrolled),
            "basis": self.basis,
            "derivation": self.derivation,
            "unit": str(self.unit),
            "length": self.length,
            "direction": str(self.direction),
            "rolled": self.rolled,
            "extension_days": self.extension_days,
            "original_deadline": iso(self.original_deadline),
            "suspensions": [
                {"from": s.suspended.isoformat(), "to": iso(s.resumed), "days": s.days}
                for s in self.suspensions
            ],
            "suspended_days": self.suspended_days,
            "suspended": self.suspended,
            "remaining": self.remaining,
            "makeup_days_are_working": self.makeup_days_are_working,
            "verified": self.verified,
        }

    def to_json(self) -> str:
        """``to_dict()`` as one line of JSON (UTF-8 text, Chinese unescaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


def add_months(d: date, months: int) -> tuple[date, bool]:
    """The corresponding day ``months`` months after ``d`` (民法典 第二百零二条).

    Returns ``(day, clipped)``: when the closing month has no corresponding day
    (08-31 + 6 months), the day is that month's last day and ``clipped`` is True.
    ``months`` may be negative.
    """
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    last = _gregorian.monthrange(year, month)[1]
    if d.day > last:
        return date(year, month, last), True
    return date(year, month, d.day), False


def _unit_add(d: date, unit: Unit, n: int) -> tuple[date, bool]:
    if unit is Unit.CALENDAR_DAY:
        return d + timedelta(days=n), False
    return add_months(d, n * 12 if unit is Unit.YEAR else n)


def _merge(suspensions: Sequence[Suspension]) -> list[tuple[date, date | None]]:
    """Validate, sort and merge overlapping or touching intervals; an open one absorbs the rest."""
    cleaned: list[tuple[date, date | None]] = []
    open_count = 0
    for item in suspensions:
        try:
            f, t = item
        except (TypeError, ValueError):
            raise DeadlineInputError(f"a suspension is a (from, to) pair, got {item!r}") from None
        if not isinstance(f, date) or (t is not None and not isinstance(t, date)):
            raise DeadlineInputError(f"a suspension is a pair of dates, got {item!r}")
        if t is None:
            open_count += 1
        elif t < f:
            raise InvalidSuspension(f, t, "resumption is before the suspension")
        cleaned.append((f, t))
    if open_count > 1:
        raise DeadlineInputError("at most one suspension can be open (not yet resumed)")
    cleaned.sort(key=lambda p: p[0])
    merged: list[tuple[date, date | None]] = []
    for f, t in cleaned:
        if merged:
            pf, pt = merged[-1]
            if pt is None:
                break
            if f <= pt:  # overlaps or resumes on the day the next suspension starts
                merged[-1] = (pf, None if t is None else max(pt, t))
                continue
        merged.append((f, t))
    return merged


def _run_days(
    start: date, span: int, merged: Sequence[tuple[date, date | None]]
) -> tuple[date | None, int, list[AppliedSuspension]]:
    """Count ``span`` calendar days after ``start``, the suspended days not counted.

    Returns (last day or None if an open suspension stops the clock, days left
    at that point, applied suspensions).
    """
    cursor, remaining = start, span
    applied: list[AppliedSuspension] = []
    for f, t in merged:
        f = max(f, cursor + _ONE_DAY)
        if t is not None and t <= f:
            continue  # wholly before the clock started
        counted = (f - cursor).days - 1  # days in (cursor, f)
        if counted >= remaining:
            applied.append(AppliedSuspension(f, t, 0))
            break
        remaining -= counted
        if t is None:
            applied.append(AppliedSuspension(f, None, 0))
            return None, remaining, applied
        applied.append(AppliedSuspension(f, t, (t - f).days))
        cursor = t - _ONE_DAY
    return cursor + timedelta(days=remaining), 0, applied


def _run_working_days(
    cal: WorkCalendar, start: date, n: int, merged: Sequence[tuple[date, date | None]]
) -> tuple[date | None, int, list[AppliedSuspension]]:
    """Count the n-th working day after ``start``, suspended working days not counted."""
    cursor, remaining = start, n
    applied: list[AppliedSuspension] = []
    for f, t in merged:
        f = max(f, cursor + _ONE_DAY)
        if t is not None and t <= f:
            continue
        counted = cal.working_days_between(cursor, f - _ONE_DAY)  # working days in (cursor, f)
        if counted >= remaining:
            applied.append(AppliedSuspension(f, t, 0))
            break
        remaining -= counted
        if t is None:
            applied.append(AppliedSuspension(f, None, 0))
            return None, remaining, applied
        last = t - _ONE_DAY
        applied.append(AppliedSuspension(f, t, cal.working_days_between(f - _ONE_DAY, last)))
        cursor = last
    return cal.add_working_days(cursor, remaining), 0, applied


def _check(rule: Rule, suspensions: Sequence[Suspension], extension_days: int) -> None:
    if suspensions and not rule.suspendable:
        raise NotSuspendable(rule)
    if extension_days and (
        not rule.extendable
        or extension_days < 0
        or (rule.max_extension is not None and extension_days > rule.max_extension)
    ):
        raise ExtensionNotAllowed(rule, extension_days)


def compute_deadline(
    rule_id: str | Rule,
    start: date,
    *,
    calendar: WorkCalendar | None = None,
    suspensions: Sequence[Suspension] = (),
    extension_days: int = 0,
    rules: Mapping[str, Rule] | None = None,
) -> DeadlineResult:
    """The deadline of the period ``rule_id`` whose start event happened on ``start``.

    ``rule_id`` is an id of ``rules`` (default ``RULES``) or a ``Rule`` itself
    (for rules the ``config`` app stores as data). ``calendar`` defaults to
    ``default_calendar()``. ``suspensions`` are (from, to) pairs, ``to`` None
    while still suspended; ``extension_days`` is an approved extension in the
    rule's unit. See the module docstring for the counting contract.

    Raises ``UnknownRule``, ``CalendarYearUnknown``, ``NotSuspendable``,
    ``ExtensionNotAllowed``, ``InvalidSuspension`` (all ``ValueError``).
    """
    rule = rule_id if isinstance(rule_id, Rule) else get_rule(rule_id, rules)
    if type(start) is not date:
        raise DeadlineInputError(f"start must be a date, got {start!r}")
    cal = default_calendar() if calendar is None else calendar
    _check(rule, suspensions, extension_days)
    merged = _merge(suspensions) if suspensions else []
    if rule.direction is Direction.BACKWARD:
        return _backward(rule, start, cal)

    ext = extension_days
    steps: list[str] = []
    if rule.unit is Unit.WORKING_DAY:
        end0, rem0, applied0 = _run_working_days(cal, start, rule.length, merged)
        end, remaining, applied = (
            _run_working_days(cal, start, rule.length + ext, merged)
            if ext
            else (end0, rem0, applied0)
        )
    else:
        raw0, clipped = _unit_add(start, rule.unit, rule.length)
        raw1 = _unit_add(raw0, rule.unit, ext)[0] if ext else raw0
        end0, rem0, applied0 = _run_days(start, (raw0 - start).days, merged)
        end, remaining, applied = (
            _run_days(start, (raw1 - start).days, merged) if ext else (end0, rem0, applied0)
        )
        if rule.unit is not Unit.CALENDAR_DAY:
            nominal = _nominal_corresponding(start, rule)
            if clipped:
                steps.append(
                    f"到期月对应日 {nominal} 不存在，以月末日 {raw0.isoformat()} 为最后一日"
                )
            else:
                steps.append(f"到期月对应日为 {raw0.isoformat()}")

    steps[:0] = [f"{rule.period_label}，自 {day_label(start)}起算（当日不计）"]
    if rule.unit is Unit.WORKING_DAY and end is not None:
        steps += _working_day_steps(cal, start, end)
    suspended_days = sum(a.days for a in applied)
    steps += _suspension_steps(rule, applied, start, remaining)

    rolled = False
    deadline = end
    original: date | None = None
    if ext:
        if end0 is None:
            steps.append(f"经批准延长 {ext} {rule.unit.label}（已计入所余期间）")
        else:
            original = _roll(cal, rule, end0)[0] if rule.unit is not Unit.WORKING_DAY else end0
            steps.append(
                f"经批准延长 {ext} {rule.unit.label}，自原期限最后一日 {end0.isoformat()} 起算"
            )
    if end is not None:
        if rule.unit is Unit.WORKING_DAY:
            steps.append(f"第 {rule.length + ext} 个工作日为 {day_label(end)}")
        else:
            deadline, rolled, text = _roll(cal, rule, end)
            steps.append(text)
    if not rule.verified:
        steps.append("本规则依据未经核实（配置数据）")

    return DeadlineResult(
        rule=rule.id,
        title=rule.title,
        start=start,
        deadline=deadline,
        unrolled=end,
        basis=rule.basis,
        derivation="；".join(steps) + "。",
        unit=rule.unit,
        length=rule.length,
        direction=rule.direction,
        rolled=rolled,
        extension_days=ext,
        original_deadline=original,
        suspensions=tuple(applied),
        suspended_days=suspended_days,
        suspended=end is None,
        remaining=remaining if end is None else None,
        makeup_days_are_working=cal.makeup_days_are_working,
        verified=rule.verified,
    )


def _nominal_corresponding(start: date, rule: Rule) -> str:
    months = rule.length * (12 if rule.unit is Unit.YEAR else 1)
    y, m = divmod(start.month - 1 + months, 12)
    return f"{start.year + y:04d}-{m + 1:02d}-{start.day:02d}"


def _roll(cal: WorkCalendar, rule: Rule, end: date) -> tuple[date, bool, str]:
    """(deadline, rolled, wording) for the last counted day of a calendar/month/year period."""
    if not rule.roll_forward:
        return end, False, f"最后一日 {day_label(end)}，本期限不因节假日顺延"
    if cal.is_working_day(end):
        if cal.is_makeup_working_day(end):
            return end, False, f"最后一日 {day_label(end)}为调休上班日，不顺延"
        return end, False, f"最后一日 {day_label(end)}为工作日"
    nxt = cal.next_working_day(end)
    return (
        nxt,
        True,
        f"最后一日 {day_label(end)}为{_rest_reason(cal, end)}，顺延至 {day_label(nxt)}",
    )


def _rest_reason(cal: WorkCalendar, d: date) -> str:
    name = cal.holiday_name(d)
    if name:
        return f"{name}假期"
    if cal.is_makeup_working_day(d):
        return "调休上班日（本部署按休息日计）"
    return "休息日"


def _working_day_steps(cal: WorkCalendar, start: date, end: date) -> list[str]:
    """Which holidays a working-day count skipped and which make-up days it counted.

    The counted days are (start, end] going forward and [end, start) going
    backward; the start day is never counted.
    """
    if start <= end:
        lo, hi = start + _ONE_DAY, end
    else:
        lo, hi = end, start - _ONE_DAY
    steps = []
    runs = cal.holiday_runs(lo, hi)
    if runs:
        parts = []
        for r in runs:
            span = (
                short_date(r.first, start)
                if r.first == r.last
                else f"{short_date(r.first, start)} 至 {short_date(r.last, start)}"
            )
            parts.append(f"{span} {r.label}假期")
        steps.append("跳过 " + "、".join(parts))
    makeups = cal.makeup_days(lo, hi)
    if makeups:
        days = "、".join(f"{short_date(d, start)}（{weekday_zh(d)}）" for d in makeups)
        if cal.makeup_days_are_working:
            steps.append(f"{days}为调休上班日，计入")
        else:
            steps.append(f"{days}为调休上班日，本部署按休息日不计")
    return steps


def _suspension_steps(
    rule: Rule, applied: Sequence[AppliedSuspension], start: date, remaining: int
) -> list[str]:
    unit = "个工作日" if rule.unit is Unit.WORKING_DAY else "日"
    steps = []
    for a in applied:
        f = short_date(a.suspended, start)
        if a.resumed is None:
            if a.days == 0 and remaining == 0:
                steps.append(f"{f} 起中止，晚于期限最后一日，不影响期限")
            else:
                steps.append(f"自 {f} 起中止，尚未恢复：余 {remaining} {unit}，恢复后继续计算")
        elif a.days == 0:
            steps.append(f"{f} 起中止，晚于期限最后一日，不影响期限")
        else:
            last = short_date(a.resumed - _ONE_DAY, start)
            steps.append(
                f"中止 {f} 至 {last}（{short_date(a.resumed, start)} 恢复），不计 {a.days} {unit}"
            )
    return steps


def _backward(rule: Rule, event: date, cal: WorkCalendar) -> DeadlineResult:
    """The last day to act for "…的N日前", counting back from the event (not counted)."""
    head = f"{rule.start_event.label} {day_label(event)}前 {rule.period_label}（当日不计）"
    steps = [head]
    rolled = False
    if rule.unit is Unit.WORKING_DAY:
        end = cal.add_working_days(event, -rule.length)
        steps += _working_day_steps(cal, event, end)
        deadline = end
    else:
        end, _ = _unit_add(event, rule.unit, -rule.length)
        deadline = end
        if rule.roll_forward and cal.is_rest_day(end):
            deadline = cal.previous_working_day(end)
            rolled = True
            steps.append(
                f"{day_label(end)}为{_rest_reason(cal, end)}，提前至 {day_label(deadline)}"
            )
    steps.append(f"最迟 {day_label(deadline)}")
    if not rule.verified:
        steps.append("本规则依据未经核实（配置数据）")
    return DeadlineResult(
        rule=rule.id,
        title=rule.title,
        start=event,
        deadline=deadline,
        unrolled=end,
        basis=rule.basis,
        derivation="；".join(steps) + "。",
        unit=rule.unit,
        length=rule.length,
        direction=rule.direction,
        rolled=rolled,
        makeup_days_are_working=cal.makeup_days_are_working,
        verified=rule.verified,
    )


@dataclass(frozen=True)
class MakeupVariants:
    """The same deadline with make-up days counted as working days and as rest days.

    LEGAL.md decision 4: whether a 调休上班日 counts is a per-deployment flag and
    the UI shows both answers where they differ (V1, V15, V16).
    """

    counted: DeadlineResult
    not_counted: DeadlineResult

    @property
    def differs(self) -> bool:
        return self.counted.deadline != self.not_counted.deadline


def compute_makeup_variants(
    rule_id: str | Rule,
    start: date,
    *,
    calendar: WorkCalendar | None = None,
    suspensions: Sequence[Suspension] = (),
    extension_days: int = 0,
    rules: Mapping[str, Rule] | None = None,
) -> MakeupVariants:
    """``compute_deadline`` under both settings of the make-up-day flag."""
    cal = default_calendar() if calendar is None else calendar
    results = [
        compute_deadline(
            rule_id,
            start,
            calendar=cal.with_makeup(flag),
            suspensions=suspensions,
            extension_days=extension_days,
            rules=rules,
        )
        for flag in (True, False)
    ]
    return MakeupVariants(*results)


@dataclass(frozen=True)
class PolicyDeadline:
    """A policy deadline that is not a statutory period (LEGAL.md decision 8).

    Shown as "before DATE"; never rolled, whatever day it falls on. ``last_day``
    is the day before ``before``.
    """

    label: str
    before: date
    basis: str = ""

    @property
    def last_day(self) -> date:
        return self.before - _ONE_DAY

    @property
    def display(self) -> str:
        return f"{self.before.isoformat()} 前"

    @property
    def derivation(self) -> str:
        return (
            f"{self.label}：应于 {self.before.isoformat()} 前完成，最后一日 {day_label(self.last_day)}；"
            "政策期限，不因节假日顺延。"
        )


def policy_deadline(before: date, *, label: str, basis: str = "") -> PolicyDeadline:
    """A "before DATE" deadline, e.g. the annual report published "每年4月1日之前"."""
    return PolicyDeadline(label=label, before=before, basis=basis)
