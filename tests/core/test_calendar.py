"""The working-day calendar (fazhi.core.calendar): package data, year notices, counting."""

from __future__ import annotations

import json
from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.calendar import (
    CalendarYearUnknown,
    HolidayRun,
    WorkCalendar,
    YearNotice,
    default_calendar,
)

CAL = default_calendar()
COVERED = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31))

# 国务院办公厅关于2027年部分节假日安排的通知 does not exist yet: a made-up notice for tests.
NOTICE_2027 = YearNotice(
    2027,
    days_off={date(2027, 1, 1): "元旦", date(2027, 10, 1): "国庆节", date(2027, 10, 4): "国庆节"},
    makeup_working_days={date(2027, 9, 26): "国庆节"},
    source="test",
)


def test_agrees_with_the_package_on_every_covered_day():
    """Every day of 2004–2026 is a working day exactly when chinesecalendar 1.11.0 says so."""
    d = date(2004, 1, 1)
    while d <= date(2026, 12, 31):
        assert CAL.is_working_day(d) is chinese_calendar.is_workday(d), d
        d += timedelta(days=1)


def test_national_day_2025():
    """国办发明电〔2024〕12号: 10-01…10-08 off, 09-28 (Sun) and 10-11 (Sat) make-up days."""
    assert CAL.is_rest_day(date(2025, 10, 1))
    assert CAL.holiday_name(date(2025, 10, 1)) == "国庆节"
    assert CAL.holiday_name(date(2025, 10, 6)) == "中秋节"
    assert CAL.holiday_name(date(2025, 10, 13)) is None  # an ordinary Monday
    assert CAL.holiday_name(date(2025, 10, 12)) is None  # an ordinary Sunday
    for d in (date(2025, 9, 28), date(2025, 10, 11)):
        assert CAL.is_working_day(d)
        assert CAL.is_makeup_working_day(d)
        assert CAL.makeup_name(d) == "国庆节"
    assert not CAL.is_makeup_working_day(date(2025, 10, 10))
    assert CAL.holiday_runs(date(2025, 9, 20), date(2025, 10, 20)) == [
        HolidayRun(date(2025, 10, 1), date(2025, 10, 8), ("国庆节", "中秋节"))
    ]
    assert CAL.makeup_days(date(2025, 9, 1), date(2025, 10, 31)) == [
        date(2025, 9, 28),
        date(2025, 10, 11),
    ]


def test_add_working_days_excludes_the_start_day_even_on_a_rest_day():
    """民法典 第二百零一条 / LEGAL.md decision 9: from Saturday 2025-09-27, day 1 is Sunday 09-28
    (a make-up day), so 5 working days end on 10-10 — chinesecalendar.find_workday says 10-11."""
    assert CAL.add_working_days(date(2025, 9, 27), 5) == date(2025, 10, 10)
    assert chinese_calendar.find_workday(5, date(2025, 9, 27)) == date(2025, 10, 11)
    assert CAL.add_working_days(date(2025, 9, 28), 5) == date(2025, 10, 11)  # LEGAL.md V1


def test_add_working_days_backwards_and_zero():
    assert CAL.add_working_days(date(2025, 10, 15), -7) == date(2025, 9, 29)  # LEGAL.md V9
    assert CAL.add_working_days(date(2025, 10, 15), 0) == date(2025, 10, 15)
    assert CAL.add_working_days(date(2025, 10, 4), -1) == date(2025, 9, 30)


def test_next_and_previous_working_day():
    assert CAL.next_working_day(date(2025, 10, 3)) == date(2025, 10, 9)
    assert CAL.next_working_day(date(2025, 10, 9)) == date(2025, 10, 9)
    assert CAL.next_working_day(date(2025, 10, 9), inclusive=False) == date(2025, 10, 10)
    assert CAL.previous_working_day(date(2025, 10, 3)) == date(2025, 9, 30)
    assert CAL.previous_working_day(date(2025, 9, 30)) == date(2025, 9, 30)
    assert CAL.previous_working_day(date(2025, 9, 30), inclusive=False) == date(2025, 9, 29)


def test_working_days_between_and_lists():
    start, end = date(2025, 9, 28), date(2025, 10, 11)
    assert CAL.working_days_between(start, end) == 5
    assert CAL.working_days_between(end, start) == -5
    assert CAL.working_days(date(2025, 9, 29), end) == [
        date(2025, 9, 29),
        date(2025, 9, 30),
        date(2025, 10, 9),
        date(2025, 10, 10),
        date(2025, 10, 11),
    ]
    assert CAL.rest_days(date(2025, 10, 1), date(2025, 10, 12)) == [
        date(2025, 10, d) for d in (1, 2, 3, 4, 5, 6, 7, 8, 12)
    ]


@pytest.mark.parametrize("d", [date(2027, 1, 4), date(2003, 12, 31)])
def test_unknown_year_is_an_error_naming_the_year(d):
    """LEGAL.md decision 7: a year no notice covers raises, never a guess."""
    with pytest.raises(CalendarYearUnknown, match=str(d.year)) as info:
        CAL.is_working_day(d)
    assert info.value.year == d.year
    assert isinstance(info.value, ValueError)


def test_counting_past_the_last_covered_year_names_that_year():
    with pytest.raises(CalendarYearUnknown, match="2027"):
        CAL.add_working_days(date(2026, 12, 28), 10)
    with pytest.raises(CalendarYearUnknown, match="2027"):
        CAL.next_working_day(date(2026, 12, 31), inclusive=False)
    with pytest.raises(CalendarYearUnknown, match="2003"):
        CAL.add_working_days(date(2004, 1, 2), -5)


def test_a_loaded_notice_adds_a_year():
    cal = WorkCalendar.with_notices([NOTICE_2027])
    assert cal.last_year == 2027
    assert cal.is_rest_day(date(2027, 10, 4))  # a Monday off
    assert cal.is_working_day(date(2027, 9, 26))  # a make-up Sunday
    assert cal.holiday_name(date(2027, 1, 1)) == "元旦"
    assert cal.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert CAL.last_year == 2026  # the default calendar is untouched


def test_a_loaded_notice_replaces_the_package_year():
    """An administrator's correction of a year wins over the package's data."""
    fix = YearNotice(2025, days_off={date(2025, 10, 9): "国庆节"})
    cal = WorkCalendar.with_notices([fix])
    assert cal.is_rest_day(date(2025, 10, 9))
    assert cal.is_rest_day(date(2025, 10, 11))  # the replaced notice's make-up day is gone
    assert cal.is_working_day(date(2025, 10, 1))


def test_a_gap_between_years_is_never_bridged():
    cal = WorkCalendar([YearNotice(2026), YearNotice(2028)])
    with pytest.raises(CalendarYearUnknown, match="2027"):
        cal.is_working_day(date(2027, 6, 1))
    with pytest.raises(CalendarYearUnknown, match="2027"):
        cal.add_working_days(date(2026, 12, 30), 5)
    with pytest.raises(CalendarYearUnknown, match="2027"):
        cal.next_working_day(date(2026, 12, 31), inclusive=False)
    with pytest.raises(CalendarYearUnknown, match="2027"):
        cal.working_days_between(date(2026, 12, 1), date(2028, 1, 5))


def test_makeup_days_can_be_rest_days():
    """LEGAL.md decision 4: the per-deployment flag turns 调休上班日 into rest days."""
    off = default_calendar(makeup_days_are_working=False)
    assert off.is_rest_day(date(2025, 10, 11))
    assert off.is_makeup_working_day(date(2025, 10, 11))  # still a make-up day per the notice
    assert off.add_working_days(date(2025, 9, 28), 5) == date(2025, 10, 13)
    assert CAL.with_makeup(False).is_rest_day(date(2025, 10, 11))
    assert CAL.with_makeup(False).with_makeup(True) is CAL
    assert CAL.with_makeup(True) is CAL


def test_year_notice_validation():
    with pytest.raises(ValueError, match="not in year 2025"):
        YearNotice(2025, days_off={date(2026, 1, 1): "元旦"})
    with pytest.raises(ValueError, match="both"):
        YearNotice(
            2025, days_off={date(2025, 1, 1): ""}, makeup_working_days={date(2025, 1, 1): ""}
        )
    with pytest.raises(ValueError, match="ISO date"):
        YearNotice.from_json({"year": 2027, "days_off": ["2027-02-30"]})
    with pytest.raises(ValueError, match="year"):
        YearNotice.from_json({"days_off": []})
    with pytest.raises(ValueError, match="object or a list"):
        YearNotice.from_json({"year": 2027, "days_off": "2027-01-01"})


def test_year_notice_is_frozen_and_round_trips():
    n = YearNotice.from_json(NOTICE_2027.to_json())
    assert n == NOTICE_2027
    assert hash(n) == hash(NOTICE_2027)
    with pytest.raises(TypeError):
        n.days_off[date(2027, 1, 2)] = "元旦"  # type: ignore[index]
    listed = YearNotice.from_json({"year": 2027, "days_off": ["2027-01-01"]})
    assert listed.days_off == {date(2027, 1, 1): ""}


def test_notices_and_calendars_pickle():
    """Calendars can go through a cache or to a worker process."""
    import pickle

    assert pickle.loads(pickle.dumps(NOTICE_2027)) == NOTICE_2027
    cal = pickle.loads(pickle.dumps(WorkCalendar.with_notices([NOTICE_2027])))
    assert cal.is_rest_day(date(2027, 10, 4))
    assert cal.add_working_days(date(2025, 9, 28), 5) == date(2025, 10, 11)


def test_from_json_file(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(NOTICE_2027.to_json(), ensure_ascii=False), encoding="utf-8")
    assert WorkCalendar.from_json_file(path).is_rest_day(date(2027, 10, 4))
    path.write_text(json.dumps([NOTICE_2027.to_json()]), encoding="utf-8")
    cal = WorkCalendar.from_json_file(path, makeup_days_are_working=False)
    assert cal.is_rest_day(date(2027, 9, 26))
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        WorkCalendar.from_json_file(path)


@settings(max_examples=300, deadline=None)
@given(start=COVERED, n=st.integers(min_value=-40, max_value=40))
def test_add_working_days_matches_a_day_by_day_count(start, n):
    """The index lookup agrees with walking day by day over chinesecalendar's own answer."""
    try:
        got = CAL.add_working_days(start, n)
    except CalendarYearUnknown:
        return
    d, left, step = start, abs(n), (1 if n > 0 else -1)
    while left:
        d += timedelta(days=step)
        left -= chinese_calendar.is_workday(d)
    assert got == d
    if n >= 0:
        assert CAL.working_days_between(start, got) == n
    else:  # the working days in [got, start)
        assert CAL.working_days_between(got - timedelta(days=1), start - timedelta(days=1)) == -n


@settings(max_examples=200, deadline=None)
@given(start=COVERED)
def test_next_working_day_is_the_first_working_day(start):
    try:
        nxt = CAL.next_working_day(start)
    except CalendarYearUnknown:
        return
    assert CAL.is_working_day(nxt)
    assert all(CAL.is_rest_day(start + timedelta(days=k)) for k in range((nxt - start).days))
