"""Visits (入企), the officers on them, gate overrides and inspection codes (检查码)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.inspections.constants import VisitKind, VisitPurpose, VisitStatus

from .base import StatusChange


class VisitQuerySet(ScopedQuerySet):
    """A visit is visible to its lead department's scope, to every participating department's, and to its officers."""

    scope_path_field = "organization__path"

    def visible_to(self, user) -> ScopedQuerySet:
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        path = user.scope_path
        if not path:
            return self.none()
        from .plans import InspectionTask

        participating = InspectionTask.objects.filter(
            organization__path__startswith=path, visit__isnull=False
        ).values("visit_id")
        assigned = VisitOfficer.objects.filter(officer__user=user).values("visit_id")
        return self.filter(Q(organization__path__startswith=path) | Q(pk__in=participating) | Q(pk__in=assigned))

    def carried_out(self):
        return self.filter(status=VisitStatus.COMPLETED, voided_at__isnull=True)


class Visit(TimestampedModel, VoidableModel):
    """One enterprise visited on one occasion (入企), carrying one or more tasks.

    ``organization`` is the lead department; the participating departments are
    those of its tasks. A visit carrying tasks of two or more departments is a
    joint inspection (联合检查, docs/domain/inspections.md). A non-enforcement
    visit (调研、普法、惠企服务 …) carries no tasks; ``participants`` names its
    staff. The window [``window_start``, ``window_end``] is when the visit may
    take place; its inspection code expires after ``window_end``.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    entity = models.ForeignKey("entities.MarketEntity", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=VisitKind.choices, default=VisitKind.ENFORCEMENT)
    purpose = models.CharField(_("入企事由"), max_length=20, choices=VisitPurpose.choices, blank=True)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    participants = models.CharField(_("入企人员"), max_length=300, blank=True, help_text=_("非执法类入企的人员，以“、”分隔"))
    run = models.ForeignKey(
        "inspections.CoordinationRun", verbose_name=_("统筹结果"), null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    invitation = models.ForeignKey(
        "inspections.Invitation", verbose_name=_("企业邀约"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    window_start = models.DateField(_("检查日期自"))
    window_end = models.DateField(_("检查日期至"))
    status = models.CharField(_("状态"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.SCHEDULED)
    no_disturbance_cause = models.CharField(_("“无事不扰”企业检查事由"), max_length=300, blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("入企检查")
        verbose_name_plural = _("入企检查")
        ordering = ["window_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__gte=models.F("window_start")),
                name="visit_window_ordered",
                violation_error_message=_("检查日期的结束日期不能早于开始日期"),
            )
        ]
        indexes = [
            models.Index(fields=["window_start"], name="visit_window_idx"),
            models.Index(fields=["entity", "window_start"], name="visit_entity_idx"),
        ]

    def __str__(self) -> str:
        return f"V{self.pk}"

    @property
    def is_enforcement(self) -> bool:
        return self.kind == VisitKind.ENFORCEMENT


class VisitStatusChange(StatusChange):
    visit = models.ForeignKey(Visit, verbose_name=_("入企检查"), on_delete=models.PROTECT, related_name="history")

    class Meta(StatusChange.Meta):
        verbose_name = _("入企检查状态变更")
        verbose_name_plural = _("入企检查状态变更")


class VisitOfficer(models.Model):
    """An officer assigned to a visit, acting for one participating organization.

    ``certificate`` is the certificate the gates accepted when the visit was
    opened; ``present`` is filled in by the record (在场检查人员).
    """

    visit = models.ForeignKey(Visit, verbose_name=_("入企检查"), on_delete=models.PROTECT, related_name="officers")
    officer = models.ForeignKey("enforcement.Officer", verbose_name=_("执法人员"), on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("代表机构"), on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.ForeignKey(
        "enforcement.EnforcementCertificate",
        verbose_name=_("执法证"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    present = models.BooleanField(_("在场"), null=True, blank=True)

    class Meta:
        verbose_name = _("检查人员")
        verbose_name_plural = _("检查人员")
        ordering = ["visit", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "officer"], name="visit_officer_once", violation_error_message=_("该执法人员已在本次检查中")
            )
        ]

    def __str__(self) -> str:
        return str(self.officer)


class GateOverride(models.Model):
    """Gates failed and were overridden: by whom (the named approver), why, which rules. Append-only."""

    visit = models.ForeignKey(Visit, verbose_name=_("入企检查"), on_delete=models.PROTECT, related_name="overrides")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    rules = models.JSONField(_("未通过的核验规则"), default=list)
    messages = models.JSONField(_("核验意见"), default=list)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT, related_name="+"
    )
    approver_name = models.CharField(_("批准人姓名"), max_length=150)
    reason = models.TextField(_("理由"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("核验例外批准")
        verbose_name_plural = _("核验例外批准")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.visit} {self.approver_name}"


class InspectionCode(models.Model):
    """An inspection code issued to a visit (检查码). ``ref`` is what the code names; the code text is signed.

    A reissued code revokes the one before (``revoked_at``); a cancelled visit's
    codes are revoked with it.
    """

    visit = models.ForeignKey(Visit, verbose_name=_("入企检查"), on_delete=models.PROTECT, related_name="codes")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    ref = models.CharField(_("编号"), max_length=10, unique=True)
    kind = models.CharField(_("类别"), max_length=1)
    code = models.CharField(_("检查码"), max_length=80, unique=True)
    expires_on = models.DateField(_("有效期至"))
    issued_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("作废原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("检查码")
        verbose_name_plural = _("检查码")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return self.ref
