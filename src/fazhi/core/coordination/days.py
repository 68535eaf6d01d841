"""Working-day index: the engine counts in working days, not dates.

``DayIndex`` maps the working days of a horizon to 0, 1, 2, …, computed once
per run from ``WorkCalendar.working_days`` (make-up working days count,
weekends and statutory holidays do not). A window [earliest, latest] becomes
the index range [first working day ≥ earliest, last working day ≤ latest].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from fazhi.core.calendar import CalendarYearUnknown, WorkCalendar

__all__ = ["LATE_HORIZON", "DayIndex", "years_of"]

#: How far past the last window the engine looks for a day to put a late task
#: (working days; stops earlier where the calendar ends).
LATE_HORIZON = 250

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def years_of(ordinals: np.ndarray) -> np.ndarray:
    """Calendar years of ``date.toordinal()`` values, vectorised."""
    d = (np.asarray(ordinals, np.int64) - _EPOCH_ORDINAL).astype("datetime64[D]")
    return d.astype("datetime64[Y]").astype(np.int64) + 1970


@dataclass(frozen=True, eq=False)
class DayIndex:
    """The working days of a horizon, in order; position = working-day index."""

    ordinals: np.ndarray  # int64, sorted: ordinal of working day k
    calendar: WorkCalendar

    @classmethod
    def build(cls, calendar: WorkCalendar, first: date, last: date, *, extend: int = LATE_HORIZON) -> DayIndex:
        """Working days from ``first`` to ``last``, plus up to ``extend`` more after it.

        The extension stops quietly at the end of the calendar's known years
        (it only serves to place late tasks); ``first``..``last`` must be known.
        """
        days = calendar.working_days(first, last)
        ordinals = [d.toordinal() for d in days]
        if extend > 0:
            more: list[int] = []
            year = last.year
            start = last.toordinal() + 1
            while len(more) < extend and year + 1 <= calendar.last_year + 1:
                end_of_year = date(year, 12, 31)
                if start <= end_of_year.toordinal():
                    more += [d.toordinal() for d in calendar.working_days(date.fromordinal(start), end_of_year)]
                year += 1
                if year not in calendar.years:
                    break
                start = date(year, 1, 1).toordinal()
            ordinals += more[:extend]
        return cls(np.asarray(ordinals, np.int64), calendar)

    def __len__(self) -> int:
        return len(self.ordinals)

    def on_or_after(self, ordinals: np.ndarray) -> np.ndarray:
        """Index of the first working day on or after each ordinal."""
        return np.searchsorted(self.ordinals, ordinals, side="left").astype(np.int32)

    def on_or_before(self, ordinals: np.ndarray) -> np.ndarray:
        """Index of the last working day on or before each ordinal (−1 if none)."""
        return (np.searchsorted(self.ordinals, ordinals, side="right") - 1).astype(np.int32)

    def date(self, k: int) -> date:
        return date.fromordinal(int(self.ordinals[k]))

    def index(self, d: date) -> int:
        """Index of a working day of the horizon; ``ValueError`` otherwise."""
        k = int(np.searchsorted(self.ordinals, d.toordinal()))
        if k >= len(self.ordinals) or self.ordinals[k] != d.toordinal():
            raise ValueError(f"{d.isoformat()} is not a working day of this plan's horizon")
        return k

    def isoformat(self) -> np.ndarray:
        """ISO strings of every working day (for fast CSV output)."""
        return (self.ordinals - _EPOCH_ORDINAL).astype("datetime64[D]").astype(str)


def check_years(calendar: WorkCalendar, ordinals: np.ndarray) -> None:
    """Raise ``CalendarYearUnknown`` for the first year the calendar does not cover."""
    for y in np.unique(years_of(ordinals)).tolist():
        if y not in calendar.years:
            raise CalendarYearUnknown(int(y), calendar.years)
