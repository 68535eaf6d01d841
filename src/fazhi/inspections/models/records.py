"""Inspection records (检查记录), their documents, and enterprises' ratings (企业评价)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.constants import Role
from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.inspections.constants import Outcome


class RecordQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"


class InspectionRecord(TimestampedModel, VoidableModel):
    """What happened on a visit: arrival and leaving, officers present, checklist results, findings, outcome.

    ``checklist_results`` is a list of ``{"task": id, "point": text, "result":
    "ok"|"problem"|"na", "note": text}``, one per checklist point of each
    task's item. The outcome is 未发现问题, 责令整改 (with a deadline) or 立案查处
    (with the penalty case's number; the case module links it once it exists).
    ``completed_at`` is set when the record passes the completeness rules and
    the visit is completed.
    """

    visit = models.OneToOneField(
        "inspections.Visit", verbose_name=_("入企检查"), on_delete=models.PROTECT, related_name="record"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    arrived_at = models.DateTimeField(_("到达时间"), null=True, blank=True)
    left_at = models.DateTimeField(_("离开时间"), null=True, blank=True)
    checklist_results = models.JSONField(_("检查要点结果"), default=list, blank=True)
    findings = models.TextField(_("检查发现"), blank=True)
    outcome = models.CharField(_("检查结果"), max_length=30, choices=Outcome.choices, blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    case_number = models.CharField(
        _("案件编号"), max_length=60, blank=True, help_text=_("立案查处的行政处罚案件编号")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查记录")
        verbose_name_plural = _("检查记录")
        ordering = ["-arrived_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_at__isnull=True)
                | models.Q(arrived_at__isnull=True)
                | models.Q(left_at__gte=models.F("arrived_at")),
                name="inspection_record_times_ordered",
                violation_error_message=_("离开时间不能早于到达时间"),
            )
        ]

    def __str__(self) -> str:
        return f"R{self.pk}"


class RecordDocument(TimestampedModel, VoidableModel):
    """A document of a record (现场照片、笔录、责令整改通知书 …) with its SHA-256, computed when stored."""

    record = models.ForeignKey(InspectionRecord, verbose_name=_("检查记录"), on_delete=models.PROTECT, related_name="documents")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to="inspections/records/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查记录文件")
        verbose_name_plural = _("检查记录文件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class RatingQuerySet(ScopedQuerySet):
    """Individual ratings are visible to the legal office only (SPEC §2.2, issue 5 item 8).

    A department sees ratings only as aggregates over at least
    ``RATING_MIN_AGGREGATE`` ratings, through ``selectors.rating_summary``;
    this queryset returns nothing to it, so no page, API or export built on
    ``visible_to`` can show one enterprise's rating.
    """

    scope_path_field = "organization__path"

    def visible_to(self, user) -> ScopedQuerySet:
        if user is None or not user.is_authenticated:
            return self.none()
        if not (user.is_superuser or user.role == Role.LEGAL_OFFICE):
            return self.none()
        return super().visible_to(user)


class Rating(models.Model):
    """An enterprise's rating of a visit (1–5 and a text), given on the public code page.

    Owned by the zone's legal office (the supervising body), not by the
    inspected department, so that neither the records nor their audit entries
    fall into the department's scope. ``__str__`` names neither the enterprise
    nor the score.
    """

    visit = models.OneToOneField("inspections.Visit", verbose_name=_("入企检查"), on_delete=models.PROTECT, related_name="rating")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("监督机构"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("评分"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("评价内容"), max_length=1000, blank=True)
    submitted_at = models.DateTimeField(_("评价时间"))

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业评价")
        verbose_name_plural = _("企业评价")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="rating_score_range",
                violation_error_message=_("评分应为 1 至 5 分"),
            )
        ]

    def __str__(self) -> str:
        return f"E{self.pk}"
