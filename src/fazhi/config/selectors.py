"""The working-day calendar of this deployment: the pinned package plus loaded notices."""

from __future__ import annotations

from django.conf import settings

from fazhi.core.calendar import WorkCalendar, YearNotice

from .models import HolidayYearNotice


def year_notices() -> list[YearNotice]:
    return [n.as_notice() for n in HolidayYearNotice.objects.filter(voided_at__isnull=True)]


def work_calendar() -> WorkCalendar:
    """The calendar every deadline of this deployment is counted on."""
    return WorkCalendar.with_notices(
        year_notices(), makeup_days_are_working=getattr(settings, "MAKEUP_DAYS_ARE_WORKING", True)
    )
