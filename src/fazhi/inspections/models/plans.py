"""Inspection plans (检查计划) and tasks (检查任务)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.inspections.constants import PlanKind, PlanStatus, TaskSource

from .base import StatusChange


class PlanQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"

    def approved(self):
        return self.filter(status=PlanStatus.APPROVED, voided_at__isnull=True)


class InspectionPlan(TimestampedModel, VoidableModel):
    """A department's plan for a period (年度/季度/专项检查计划).

    The department drafts it and submits it; the legal office approves it
    (an approved plan is published on the public plans page) or returns it with
    a reason. ``status`` changes only in the transition services, each of which
    appends a ``PlanStatusChange``.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("制定部门"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("计划名称"), max_length=200)
    kind = models.CharField(_("计划类型"), max_length=20, choices=PlanKind.choices, default=PlanKind.ANNUAL)
    period_start = models.DateField(_("计划期间自"))
    period_end = models.DateField(_("计划期间至"))
    description = models.TextField(_("计划说明"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(_("审核意见"), blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查计划")
        verbose_name_plural = _("检查计划")
        ordering = ["-period_start", "organization__path", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="inspection_plan_period_ordered",
                violation_error_message=_("计划期间的结束日期不能早于开始日期"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanStatusChange(StatusChange):
    plan = models.ForeignKey(InspectionPlan, verbose_name=_("检查计划"), on_delete=models.PROTECT, related_name="history")

    class Meta(StatusChange.Meta):
        verbose_name = _("检查计划状态变更")
        verbose_name_plural = _("检查计划状态变更")


class TaskQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"


class InspectionTask(TimestampedModel, VoidableModel):
    """One inspection of one enterprise for one item within a window (检查任务).

    ``source`` says where the task comes from: a department's plan, an
    enterprise's invitation (邀约), a random draw (双随机; ``approval_reference``
    names the draw) or a complaint (投诉举报; ``approval_reference`` names the
    approval form). A plan task targeting a filter of enterprises is expanded
    into one task per enterprise; ``target_filter`` keeps the filter. ``visit``
    is the visit the task is carried out on, once coordination or an
    invitation has placed it.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("检查部门"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("检查计划"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    source = models.CharField(_("任务来源"), max_length=20, choices=TaskSource.choices, default=TaskSource.PLAN)
    entity = models.ForeignKey(
        "entities.MarketEntity", verbose_name=_("检查对象"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "inspections.InspectionItem", verbose_name=_("检查事项"), on_delete=models.PROTECT, related_name="tasks"
    )
    earliest = models.DateField(_("窗口开始"))
    latest = models.DateField(_("窗口结束"))
    officers_needed = models.PositiveSmallIntegerField(_("需要人数"), default=2, validators=[MinValueValidator(1)])
    reason = models.CharField(_("检查事由"), max_length=300, blank=True)
    target_filter = models.JSONField(_("对象筛选条件"), default=dict, blank=True)
    approval_reference = models.CharField(
        _("批准文号"), max_length=100, blank=True, help_text=_("双随机抽查批次号，或投诉举报核查的审批表编号")
    )
    no_disturbance_cause = models.CharField(_("“无事不扰”企业检查事由"), max_length=300, blank=True)
    invitation = models.ForeignKey(
        "inspections.Invitation", verbose_name=_("企业邀约"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    visit = models.ForeignKey(
        "inspections.Visit", verbose_name=_("入企检查"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    assigned_officers = models.ManyToManyField(
        "enforcement.Officer",
        through="inspections.TaskOfficer",
        verbose_name=_("预先指派的执法人员"),
        blank=True,
        related_name="+",
        help_text=_("双随机抽查抽中的执法人员：任务排入入企检查时，成为该次检查的默认检查人员"),
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查任务")
        verbose_name_plural = _("检查任务")
        ordering = ["earliest", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latest__gte=models.F("earliest")),
                name="inspection_task_window_ordered",
                violation_error_message=_("检查窗口的结束日期不能早于开始日期"),
            ),
            models.CheckConstraint(
                condition=models.Q(officers_needed__gte=1),
                name="inspection_task_officers_positive",
                violation_error_message=_("需要人数至少为 1 人"),
            ),
        ]
        indexes = [models.Index(fields=["entity", "earliest"], name="insp_task_entity_idx")]

    def __str__(self) -> str:
        return f"T{self.pk}"


class TaskOfficer(models.Model):
    """An officer named for a task before any visit carries it (a random draw's pick, 随机选派执法检查人员).

    ``position`` keeps the order the draw gave. When a visit is scheduled for
    the task (a coordination run issued, a visit scheduled from tasks) and has
    no officers yet, the union of its tasks' officers becomes the visit's
    officers; the gates still check their certificates when the visit opens.
    Written only by ``services.inspection_task_create`` (with the task).
    """

    task = models.ForeignKey(
        InspectionTask, verbose_name=_("检查任务"), on_delete=models.PROTECT, related_name="officer_assignments"
    )
    officer = models.ForeignKey("enforcement.Officer", verbose_name=_("执法人员"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("顺序"), default=1)

    class Meta:
        verbose_name = _("任务预先指派的执法人员")
        verbose_name_plural = _("任务预先指派的执法人员")
        ordering = ["task", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "officer"], name="task_officer_once", violation_error_message=_("该执法人员已指派给本任务")
            )
        ]

    def __str__(self) -> str:
        return str(self.officer)
