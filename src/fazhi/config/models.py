"""Runtime rules kept as data (STYLE R4): holiday notices the legal-time engine reads."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel


class HolidayYearNotice(TimestampedModel):
    """A year's State Council holiday notice, loaded before ``chinesecalendar`` carries it.

    ``days_off`` and ``makeup_working_days`` map ISO dates to the holiday name,
    e.g. ``{"2027-01-01": "元旦"}``. A notice replaces the package's data for its
    whole year (``fazhi.core.calendar.YearNotice``).
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    days_off = models.JSONField(_("放假日期"), default=dict)
    makeup_working_days = models.JSONField(_("调休上班日期"), default=dict, blank=True)
    source = models.CharField(_("来源"), max_length=300, help_text=_("例如 国务院办公厅关于2027年部分节假日安排的通知"))

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"
