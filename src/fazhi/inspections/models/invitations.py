"""Enterprise invitations (企业邀约检查, “一次预约、全面体检”)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.fields import USCCField
from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.inspections.constants import InvitationStatus

from .base import StatusChange


class InvitationQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"


class Invitation(TimestampedModel, VoidableModel):
    """An enterprise's request for one appointment covering several matters.

    Submitted on the public form with the enterprise's USCC and a contact phone;
    owned by the zone's legal office, which accepts it (an appointment date and
    one joint visit with every competent department) or declines it with a
    reason. The enterprise follows it on a public page reached by a private
    link: only the SHA-256 of the link's token is stored.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("受理机构"), on_delete=models.PROTECT, related_name="+"
    )
    entity = models.ForeignKey("entities.MarketEntity", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+")
    uscc = USCCField(_("统一社会信用代码"))
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    scopes = models.JSONField(_("体检范围"), default=list)
    preferred_from = models.DateField(_("希望日期自"))
    preferred_to = models.DateField(_("希望日期至"))
    note = models.TextField(_("说明"), max_length=1000, blank=True)
    token_hash = models.CharField(_("查询链接摘要"), max_length=64, unique=True, editable=False)
    status = models.CharField(_("状态"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("提交时间"))
    appointment_on = models.DateField(_("预约日期"), null=True, blank=True)
    visit = models.ForeignKey(
        "inspections.Visit", verbose_name=_("联合检查"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("受理人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(_("受理意见"), blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业邀约")
        verbose_name_plural = _("企业邀约")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(preferred_to__gte=models.F("preferred_from")),
                name="invitation_dates_ordered",
                violation_error_message=_("希望日期的结束日期不能早于开始日期"),
            )
        ]

    def __str__(self) -> str:
        return f"Y{self.pk}"


class InvitationStatusChange(StatusChange):
    invitation = models.ForeignKey(Invitation, verbose_name=_("企业邀约"), on_delete=models.PROTECT, related_name="history")

    class Meta(StatusChange.Meta):
        verbose_name = _("企业邀约状态变更")
        verbose_name_plural = _("企业邀约状态变更")
