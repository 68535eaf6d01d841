"""Supervision findings (行政检查监督发现)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.inspections.constants import FindingRule, FindingStatus

from .base import StatusChange


class FindingQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"


class Finding(TimestampedModel, VoidableModel):
    """A breach of an inspection rule found by supervision, attributed to the department responsible.

    ``fingerprint`` (rule, visit, department, task, subject) identifies the
    finding, so a second check of the same period adds nothing twice. The legal
    office confirms or dismisses it with a reason; a confirmed finding becomes a
    supervision opinion (监督意见书, issued by the disputes module, which records
    its number in ``opinion_reference``) or is rectified.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.CharField(_("监督规则"), max_length=30, choices=FindingRule.choices)
    visit = models.ForeignKey(
        "inspections.Visit", verbose_name=_("入企检查"), null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    related_visit = models.ForeignKey(
        "inspections.Visit", verbose_name=_("相关入企检查"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        "inspections.InspectionTask", verbose_name=_("检查任务"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entity = models.ForeignKey(
        "entities.MarketEntity", verbose_name=_("企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    visit_day = models.DateField(_("检查日期"))
    detected_on = models.DateField(_("发现日期"))
    detail = models.TextField(_("情况"))
    fingerprint = models.CharField(_("识别码"), max_length=200, unique=True)
    status = models.CharField(_("状态"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    status_reason = models.TextField(_("处理理由"), blank=True)
    opinion_reference = models.CharField(_("监督意见书编号"), max_length=100, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("监督发现")
        verbose_name_plural = _("监督发现")
        ordering = ["-visit_day", "-pk"]
        indexes = [models.Index(fields=["rule", "visit_day"], name="finding_rule_day_idx")]

    def __str__(self) -> str:
        return f"F{self.pk} {self.get_rule_display()}"


class FindingStatusChange(StatusChange):
    finding = models.ForeignKey(Finding, verbose_name=_("监督发现"), on_delete=models.PROTECT, related_name="history")

    class Meta(StatusChange.Meta):
        verbose_name = _("监督发现状态变更")
        verbose_name_plural = _("监督发现状态变更")
