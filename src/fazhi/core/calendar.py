"""Working-day calendar (工作日历): weekends, statutory holidays and make-up working days.

The national schedule comes from the State Council's yearly notice
(国务院办公厅关于部分节假日安排的通知). Two sources feed the calendar:

* the pinned ``chinesecalendar`` package, which carries the notices of 2004–2026;
* ``YearNotice`` rows an administrator loads as data (the ``config`` app, or a
  JSON file for the CLI), so a new year can be added before the package has it.
  A notice replaces the package's data for its whole year.

A date in a year that no source covers raises ``CalendarYearUnknown`` naming the
year — never a guess (LEGAL.md decision 7).

Make-up working days (调休上班日) are working days by default (LEGAL.md decision 4);
``makeup_days_are_working=False`` turns them into rest days for deployments that
decide otherwise.

perf: every query is an index lookup. The calendar precomputes, once, over the
whole covered range: one "is working" flag per day, the running count of working
days and the ordered list of working days, so "the N-th working day after D",
"the next working day" and "working days between" are O(1) list lookups, never
a day-by-day loop. Building the index for 2004–2026 takes a few milliseconds.

Counting statutory periods (which unit, roll-forward, suspension) is not done
here but in ``fazhi.core.legaltime``.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

__all__ = [
    "CalendarYearUnknown",
    "HolidayRun",
    "WorkCalendar",
    "YearNotice",
    "default_calendar",
]


class CalendarYearUnknown(ValueError):
    """A date falls in a year whose holiday notice no source carries."""

    def __init__(self, year: int, known: Iterable[int] = ()):
        self.year = year
        known = sorted(known)
        span = f"{known[0]}–{known[-1]}" if known else "none"
        super().__init__(
            f"no working-day calendar for year {year} (known years: {span}); "
            f"load the State Council notice for {year} as a year notice first"
        )


@dataclass(frozen=True)
class YearNotice:
    """One year's holiday arrangement as data (the State Council notice).

    ``days_off`` are the weekdays *and* weekend days on which offices are closed
    for a holiday, with the holiday's name; ``makeup_working_days`` are the
    Saturdays/Sundays that become working days (调休上班日). Weekends not listed
    in either are ordinary rest days.
    """

    year: int
    days_off: Mapping[date, str] = field(default_factory=dict, hash=False)
    makeup_working_days: Mapping[date, str] = field(default_factory=dict, hash=False)
    source: str = ""

    def __post_init__(self) -> None:
        # A frozen notice must not change under a calendar built from it: keep read-only copies.
        object.__setattr__(self, "days_off", MappingProxyType(dict(self.days_off)))
        object.__setattr__(
            self, "makeup_working_days", MappingProxyType(dict(self.makeup_working_days))
        )
        for label, days in (
            ("days_off", self.days_off),
            ("makeup_working_days", self.makeup_working_days),
        ):
            for d in days:
                if d.year != self.year:
                    raise ValueError(f"{label}: {d.isoformat()} is not in year {self.year}")
        both = set(self.days_off) & set(self.makeup_working_days)
        if both:
            first = min(both).isoformat()
            raise ValueError(f"{first} is listed both as a day off and as a make-up working day")

    def __reduce__(self) -> tuple[type[YearNotice], tuple[object, ...]]:
        # mappingproxy cannot be pickled; rebuild from plain dicts (caches, worker processes)
        return (
            YearNotice,
            (self.year, dict(self.days_off), dict(self.makeup_working_days), self.source),
        )

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> YearNotice:
        """Build a notice from ``{"year": 2027, "days_off": {"2027-01-01": "元旦"}, ...}``.

        ``days_off`` and ``makeup_working_days`` are objects mapping ISO dates to
        the holiday's name, or plain lists of ISO dates. Raises ``ValueError``
        with a message naming the offending key or date.
        """
        if not isinstance(data, Mapping):
            raise ValueError("a year notice must be a JSON object")
        raw_year = data.get("year")
        if isinstance(raw_year, bool) or not isinstance(raw_year, int | str):
            raise ValueError("a year notice needs an integer 'year'")
        try:
            year = int(raw_year)
        except ValueError:
            raise ValueError(f"year notice: 'year' is not an integer: {raw_year!r}") from None

        def days(key: str) -> dict[date, str]:
            raw = data.get(key) or {}
            if isinstance(raw, list):
                raw = {d: "" for d in raw}
            if not isinstance(raw, dict):
                raise ValueError(f"year notice {year}: {key} must be an object or a list of dates")
            out: dict[date, str] = {}
            for k, v in raw.items():
                try:
                    out[date.fromisoformat(str(k))] = str(v)
                except ValueError:
                    raise ValueError(f"year notice {year}: {key}: not an ISO date: {k!r}") from None
            return out

        return cls(
            year=year,
            days_off=days("days_off"),
            makeup_working_days=days("makeup_working_days"),
            source=str(data.get("source", "")),
        )

    def to_json(self) -> dict[str, object]:
        """The inverse of ``from_json``."""
        return {
            "year": self.year,
            "days_off": {d.isoformat(): n for d, n in sorted(self.days_off.items())},
            "makeup_working_days": {
                d.isoformat(): n for d, n in sorted(self.makeup_working_days.items())
            },
            "source": self.source,
        }


HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _package_notices() -> dict[int, YearNotice]:
    """The notices carried by the pinned ``chinesecalendar`` package, by year."""
    import chinese_calendar  # type: ignore[import-untyped]  # lazily: only the calendar needs it

    off: dict[int, dict[date, str]] = {}
    makeup: dict[int, dict[date, str]] = {}
    for d, name in chinese_calendar.holidays.items():
        off.setdefault(d.year, {})[d] = HOLIDAY_NAMES_ZH.get(name, name)
    for d, name in chinese_calendar.workdays.items():
        makeup.setdefault(d.year, {})[d] = HOLIDAY_NAMES_ZH.get(name, name)
    years = sorted(set(off) | set(makeup))
    return {
        y: YearNotice(y, off.get(y, {}), makeup.get(y, {}), source="chinesecalendar 1.11.0")
        for y in range(years[0], years[-1] + 1)
    }


@dataclass(frozen=True)
class HolidayRun:
    """A run of consecutive rest days that contains at least one holiday day off.

    ``names`` are the holidays in the run, in order (e.g. ``("国庆节", "中秋节")``);
    the weekends the run absorbs are part of it (2025: 10-01 … 10-08).
    """

    first: date
    last: date
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        return "、".join(self.names)


class WorkCalendar:
    """Answers "is this a working day" and counts days over the covered years.

    Build one with ``WorkCalendar(notices)`` or ``default_calendar()``. The
    object is immutable after construction and safe to share between threads.

    Every query that touches a date outside the covered years raises
    ``CalendarYearUnknown`` naming that year; so does a count whose span crosses
    an uncovered year (a gap between two loaded years).
    """

    def __init__(self, notices: Iterable[YearNotice], *, makeup_days_are_working: bool = True):
        by_year: dict[int, YearNotice] = {}
        for notice in notices:
            by_year[notice.year] = notice  # a later notice for the same year replaces the earlier
        if not by_year:
            raise ValueError("a calendar needs at least one year notice")
        self.notices: dict[int, YearNotice] = dict(sorted(by_year.items()))
        self.makeup_days_are_working = makeup_days_are_working
        self.years = frozenset(self.notices)
        self.first_year = min(self.years)
        self.last_year = max(self.years)
        self._has_gaps = len(self.years) != self.last_year - self.first_year + 1
        self._origin = date(self.first_year, 1, 1).toordinal()
        end = date(self.last_year, 12, 31).toordinal()
        n = end - self._origin + 1

        # perf: one pass over the covered range builds every index the queries use.
        working = bytearray(n)
        holiday_at: dict[int, str] = {}  # index -> holiday name, for days off
        makeup: list[int] = []  # ordinals of make-up working days
        for i in range(n):
            d = date.fromordinal(self._origin + i)
            year_notice = self.notices.get(d.year)
            if year_notice is None:
                continue  # uncovered year inside the range: never working, guarded by _check_span
            if d in year_notice.makeup_working_days:
                working[i] = 1 if makeup_days_are_working else 0
                makeup.append(self._origin + i)
            elif d in year_notice.days_off:
                working[i] = 0
                holiday_at[i] = year_notice.days_off[d] or "节假日"
            else:
                working[i] = 1 if d.weekday() < 5 else 0
        self._working = bytes(working)
        # _cum[i] = number of working days among indices 0..i
        cum = [0] * n
        running = 0
        for i in range(n):
            running += working[i]
            cum[i] = running
        self._cum = cum
        # working ordinals, sorted: the k-th working day of the range
        self._working_index = [self._origin + i for i in range(n) if working[i]]
        self._makeup_ordinals = makeup

        # Runs of rest days that contain a holiday, for explaining a count ("跳过 10-01 至 10-08 国庆节假期").
        runs: list[HolidayRun] = []
        i = 0
        while i < n:
            if working[i]:
                i += 1
                continue
            j = i  # extend to the maximal run of rest days starting at i
            while j + 1 < n and not working[j + 1]:
                j += 1
            names = tuple(dict.fromkeys(holiday_at[k] for k in range(i, j + 1) if k in holiday_at))
            if names:
                first = date.fromordinal(self._origin + i)
                runs.append(HolidayRun(first, date.fromordinal(self._origin + j), names))
            i = j + 1
        self._runs = runs
        self._run_last = [r.last.toordinal() for r in runs]
        self._variants: dict[bool, WorkCalendar] = {makeup_days_are_working: self}

    # ---- construction helpers -------------------------------------------------

    @classmethod
    def with_notices(
        cls, extra: Iterable[YearNotice] = (), *, makeup_days_are_working: bool = True
    ) -> WorkCalendar:
        """The package's years plus (and overridden by) ``extra`` notices."""
        notices = dict(_package_notice_cache())
        for n in extra:
            notices[n.year] = n
        return cls(notices.values(), makeup_days_are_working=makeup_days_are_working)

    @classmethod
    def from_json_file(
        cls, path: str | Path, *, makeup_days_are_working: bool = True
    ) -> WorkCalendar:
        """The package's years plus the notices in a JSON file (one notice object or a list).

        Raises ``OSError`` if the file cannot be read and ``ValueError`` if it is
        not valid JSON or a notice in it is malformed.
        """
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: not valid JSON ({e.msg}, line {e.lineno})") from None
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list):
            raise ValueError(f"{path}: expected a year notice object or a list of them")
        return cls.with_notices(
            [YearNotice.from_json(x) for x in data], makeup_days_are_working=makeup_days_are_working
        )

    def with_makeup(self, makeup_days_are_working: bool) -> WorkCalendar:
        """The same notices with make-up days counted as working (True) or as rest days (False).

        LEGAL.md decision 4: the UI shows both answers where they differ. The
        variant is built once and kept.
        """
        variant = self._variants.get(makeup_days_are_working)
        if variant is None:
            variant = WorkCalendar(
                self.notices.values(), makeup_days_are_working=makeup_days_are_working
            )
            variant._variants = self._variants
            self._variants[makeup_days_are_working] = variant
        return variant

    # ---- queries ---------------------------------------------------------------

    def _index(self, d: date) -> int:
        if d.year not in self.years:
            raise CalendarYearUnknown(d.year, self.years)
        return d.toordinal() - self._origin

    def covers(self, d: date) -> bool:
        return d.year in self.years

    def is_working_day(self, d: date) -> bool:
        return bool(self._working[self._index(d)])

    def is_rest_day(self, d: date) -> bool:
        return not self._working[self._index(d)]

    def is_makeup_working_day(self, d: date) -> bool:
        """Whether the notice makes ``d`` a make-up working day (调休上班日).

        This is a fact of the notice: it is True even when this calendar counts
        make-up days as rest days (``makeup_days_are_working=False``).
        """
        self._index(d)
        return d in self.notices[d.year].makeup_working_days

    def holiday_name(self, d: date) -> str | None:
        """The holiday a day off belongs to, or None for an ordinary day or weekend."""
        self._index(d)
        return self.notices[d.year].days_off.get(d)

    def makeup_name(self, d: date) -> str | None:
        """The holiday a make-up working day is swapped for (e.g. 国庆节), or None."""
        self._index(d)
        return self.notices[d.year].makeup_working_days.get(d)

    def next_working_day(self, d: date, *, inclusive: bool = True) -> date:
        """The first working day on or after ``d`` (after, when ``inclusive`` is False)."""
        i = self._index(d)
        if not inclusive:
            if i + 1 >= len(self._working):
                raise CalendarYearUnknown(self.last_year + 1, self.years)
            i += 1
        # perf: working days strictly before index i is the position of the next one
        k = self._cum[i] - self._working[i]
        if k >= len(self._working_index):
            raise CalendarYearUnknown(self.last_year + 1, self.years)
        found = date.fromordinal(self._working_index[k])
        if self._has_gaps:
            self._check_span(d, found)
        return found

    def previous_working_day(self, d: date, *, inclusive: bool = True) -> date:
        """The last working day on or before ``d`` (before, when ``inclusive`` is False)."""
        i = self._index(d)
        k = self._cum[i] - 1 if inclusive else self._cum[i] - self._working[i] - 1
        if k < 0:
            raise CalendarYearUnknown(self.first_year - 1, self.years)
        found = date.fromordinal(self._working_index[k])
        if self._has_gaps:
            self._check_span(found, d)
        return found

    def add_working_days(self, start: date, n: int) -> date:
        """The N-th working day after ``start`` (start day excluded; 民法典 art. 201).

        ``n`` may be negative: the N-th working day before ``start``. ``n == 0``
        returns ``start`` itself. The start day's own status does not matter:
        from a Saturday, the first working day after it is day 1 (unlike
        ``chinese_calendar.find_workday``, LEGAL.md decision 9).
        """
        i = self._index(start)
        if n == 0:
            return start
        if n > 0:
            k = self._cum[i] + n - 1  # position in _working_index of the target
            if k >= len(self._working_index):
                raise CalendarYearUnknown(self.last_year + 1, self.years)
        else:
            # working days strictly before start: _cum[i] - working[i]
            k = self._cum[i] - self._working[i] + n
            if k < 0:
                raise CalendarYearUnknown(self.first_year - 1, self.years)
        found = date.fromordinal(self._working_index[k])
        if self._has_gaps:
            self._check_span(start, found)
        return found

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in (start, end] (start excluded, end included)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = self._cum[self._index(end)] - self._cum[self._index(start)]
        if self._has_gaps:
            self._check_span(start, end)
        return count

    def working_days(self, start: date, end: date) -> list[date]:
        """The working days in [start, end], in order."""
        self._index(start)
        self._index(end)
        self._check_span(start, end)
        lo = bisect.bisect_left(self._working_index, start.toordinal())
        hi = bisect.bisect_right(self._working_index, end.toordinal())
        return [date.fromordinal(o) for o in self._working_index[lo:hi]]

    def rest_days(self, start: date, end: date) -> list[date]:
        """The rest days in [start, end], in order."""
        self._index(start)
        self._index(end)
        self._check_span(start, end)
        out = []
        d = start
        while d <= end:
            if self.is_rest_day(d):
                out.append(d)
            d += timedelta(days=1)
        return out

    def makeup_days(self, start: date, end: date) -> list[date]:
        """The make-up working days (调休上班日) in [start, end], in order.

        Dates outside the covered years are simply not listed (no error): this
        is an explanation helper, not a count.
        """
        lo = bisect.bisect_left(self._makeup_ordinals, start.toordinal())
        hi = bisect.bisect_right(self._makeup_ordinals, end.toordinal())
        return [date.fromordinal(o) for o in self._makeup_ordinals[lo:hi]]

    def holiday_runs(self, start: date, end: date) -> list[HolidayRun]:
        """The holiday runs that overlap [start, end], in order (explanation helper, no error)."""
        out = []
        k = bisect.bisect_left(self._run_last, start.toordinal())
        while k < len(self._runs) and self._runs[k].first <= end:
            out.append(self._runs[k])
            k += 1
        return out

    def _check_span(self, a: date, b: date) -> None:
        lo, hi = (a, b) if a <= b else (b, a)
        for y in range(lo.year, hi.year + 1):
            if y not in self.years:
                raise CalendarYearUnknown(y, self.years)


@lru_cache(maxsize=1)
def _package_notice_cache() -> tuple[tuple[int, YearNotice], ...]:
    return tuple(_package_notices().items())


@lru_cache(maxsize=4)
def default_calendar(*, makeup_days_are_working: bool = True) -> WorkCalendar:
    """The calendar of the pinned package alone (2004–2026), cached."""
    return WorkCalendar.with_notices(makeup_days_are_working=makeup_days_are_working)
