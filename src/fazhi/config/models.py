"""Runtime rules kept as data (STYLE R4): holiday notices the legal-time engine reads."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import DeploymentQuerySet


class HolidayYearNotice(TimestampedModel, VoidableModel):
    """A year's State Council holiday notice, loaded before ``chinesecalendar`` carries it.

    ``days_off`` and ``makeup_working_days`` map ISO dates to the holiday name,
    e.g. ``{"2027-01-01": "元旦"}``. A notice replaces the package's data for its
    whole year (``fazhi.core.calendar.YearNotice``).
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    days_off = models.JSONField(_("放假日期"), default=dict)
    makeup_working_days = models.JSONField(_("调休上班日期"), default=dict, blank=True)
    source = models.CharField(_("来源"), max_length=300, help_text=_("例如 国务院办公厅关于2027年部分节假日安排的通知"))

    objects = DeploymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"

    def as_notice(self):
        from fazhi.core.calendar import YearNotice

        return YearNotice.from_json(
            {"year": self.year, "days_off": self.days_off, "makeup_working_days": self.makeup_working_days,
             "source": self.source}
        )

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        for field in ("days_off", "makeup_working_days"):
            if getattr(self, field) is None:  # an empty form field
                setattr(self, field, {})
            if not isinstance(getattr(self, field), dict | list):
                raise ValidationError({field: _("应为 {\"YYYY-MM-DD\": \"节日名称\"} 形式的对象")})
        try:
            self.as_notice()
        except (ValueError, TypeError) as exc:
            raise ValidationError({"days_off": str(exc)}) from None
