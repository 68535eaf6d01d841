"""Coordination runs (统筹 / 综合查一次) and hand adjustments of their result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.inspections.constants import RunStatus

from .base import StatusChange


class RunQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"


class CoordinationRun(TimestampedModel, VoidableModel):
    """One run of the coordination engine over the approved tasks of a period.

    The engine's result is stored as proposed visits (``Visit.run``) and the
    run keeps what the engine reported when it ran: its figures (tasks, visits,
    joint visits, disturbances avoided), the lower bound with its certificate,
    late tasks with the witness that proves lateness unavoidable, and the
    per-enterprise explanations. The figures of the visits as they stand after
    hand adjustments are computed by ``selectors.run_figures``. The legal office
    reviews the result, adjusts it with reasons (``RunAdjustment``) and issues
    it to the departments.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("统筹机构"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("名称"), max_length=200)
    period_start = models.DateField(_("统筹期间自"))
    period_end = models.DateField(_("统筹期间至"))
    status = models.CharField(_("状态"), max_length=20, choices=RunStatus.choices, default=RunStatus.PROPOSED)
    capacity = models.JSONField(_("各部门每日可派人数"), default=dict)
    tasks_count = models.PositiveIntegerField(_("任务数"), default=0)
    visits_count = models.PositiveIntegerField(_("入企次数（引擎方案）"), default=0)
    joint_visits = models.PositiveIntegerField(_("联合检查次数（引擎方案）"), default=0)
    disturbances_avoided = models.IntegerField(_("减少扰企次数（引擎方案）"), default=0)
    lower_bound = models.PositiveIntegerField(_("入企次数下界"), default=0)
    certificate = models.JSONField(_("下界证明"), default=list, blank=True)
    late = models.JSONField(_("逾期任务"), default=list, blank=True)
    witnesses = models.JSONField(_("逾期不可避免的证明"), default=list, blank=True)
    stats = models.JSONField(_("运行统计"), default=dict, blank=True)
    explanations = models.JSONField(_("逐企业说明"), default=dict, blank=True)
    issued_at = models.DateTimeField(_("下达时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("下达人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("统筹结果")
        verbose_name_plural = _("统筹结果")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="coordination_run_period_ordered",
                violation_error_message=_("统筹期间的结束日期不能早于开始日期"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def capacity_lower_bound(self) -> int:
        """The bound that also counts each department's daily capacity (``Plan.capacity_lower_bound``),
        kept in ``stats``; a run stored before it was reported has only the plain bound."""
        return int(self.stats.get("capacity_lower_bound", self.lower_bound))


class RunStatusChange(StatusChange):
    run = models.ForeignKey(CoordinationRun, verbose_name=_("统筹结果"), on_delete=models.PROTECT, related_name="history")

    class Meta(StatusChange.Meta):
        verbose_name = _("统筹结果状态变更")
        verbose_name_plural = _("统筹结果状态变更")


class RunAdjustment(models.Model):
    """A hand adjustment of a proposed run: one task moved to another day, with the reason. Append-only."""

    run = models.ForeignKey(CoordinationRun, verbose_name=_("统筹结果"), on_delete=models.PROTECT, related_name="adjustments")
    task = models.ForeignKey("inspections.InspectionTask", verbose_name=_("检查任务"), on_delete=models.PROTECT, related_name="+")
    from_day = models.DateField(_("原日期"))
    to_day = models.DateField(_("新日期"))
    reason = models.TextField(_("调整理由"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("调整人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("调整人姓名"), max_length=150)
    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("统筹结果调整")
        verbose_name_plural = _("统筹结果调整")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task} {self.from_day} → {self.to_day}"
