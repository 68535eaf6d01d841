"""A year notice loaded as data extends the deployment's calendar before the package has the year."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.config.models import HolidayYearNotice
from fazhi.config.selectors import work_calendar
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.legaltime import compute_deadline
from tests.conftest import api_for

pytestmark = pytest.mark.django_db

NOTICE_2027 = {
    "year": 2027,
    "days_off": {"2027-01-01": "元旦"},
    "makeup_working_days": {},
    "source": "测试用通知（非真实安排）",
}


def test_a_deadline_into_an_unknown_year_is_an_error_until_the_notice_is_loaded(users):
    with pytest.raises(CalendarYearUnknown, match="2027"):
        compute_deadline("reconsideration.acceptance_review", dt.date(2026, 12, 30), calendar=work_calendar())
    r = api_for(users.admin).post("/api/holiday-notices/", NOTICE_2027, format="json")
    assert r.status_code == 201, r.json()
    result = compute_deadline("reconsideration.acceptance_review", dt.date(2026, 12, 30), calendar=work_calendar())
    # 12-31 (1), 01-01 元旦 skipped, 01-04 (2) … 01-07 (5)
    assert result.deadline == dt.date(2027, 1, 7)


def test_a_malformed_notice_is_refused_naming_the_field(users):
    bad = {**NOTICE_2027, "days_off": {"2028-01-01": "元旦"}}
    r = api_for(users.admin).post("/api/holiday-notices/", bad, format="json")
    assert r.status_code == 400 and "days_off" in r.json()
    assert not HolidayYearNotice.objects.exists()


def test_only_administrators_load_notices(users):
    assert api_for(users.legal).post("/api/holiday-notices/", NOTICE_2027, format="json").status_code == 403
