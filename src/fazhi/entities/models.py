"""Market entities (经营主体): the register every inspection, draw and case refers to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.fields import USCCField
from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet

from .constants import CreditRiskClass, EntityStatus, EntityType


class MarketEntityQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"
    zone_shared = True  # every department of the zone inspects the same entities

    def existing_on(self, day):
        """Registered on or before ``day`` and not deregistered by then (实有)."""
        return self.filter(registered_on__lte=day).exclude(
            status_changed_on__lte=day, status__in=[EntityStatus.DEREGISTERED, EntityStatus.REVOKED]
        )


class MarketEntity(TimestampedModel, VoidableModel):
    """A market entity of the zone, owned by the zone's government node.

    ``no_disturbance`` puts it on the 无事不扰 list: an inspection needs a
    recorded cause. ``credit_risk_class`` drives the sampling ratio of random
    draws (浙江省综合行政执法条例 第二十一条).
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所属辖区"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uscc = USCCField(_("统一社会信用代码"), unique=True)
    name = models.CharField(_("名称"), max_length=200)
    entity_type = models.CharField(_("主体类型"), max_length=30, choices=EntityType.choices)
    industry_code = models.CharField(
        _("行业代码"), max_length=5, blank=True, help_text=_("GB/T 4754-2017 门类字母加大类/中类代码，例如 C39")
    )
    address = models.CharField(_("住所"), max_length=300, blank=True)
    street = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所在街道"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "street"},
    )
    legal_representative = models.CharField(_("法定代表人/经营者"), max_length=50, blank=True)
    status = models.CharField(_("登记状态"), max_length=20, choices=EntityStatus.choices, default=EntityStatus.ACTIVE)
    registered_on = models.DateField(_("成立日期"))
    status_changed_on = models.DateField(_("注销/吊销日期"), null=True, blank=True)
    credit_risk_class = models.CharField(
        _("信用风险分类"), max_length=1, choices=CreditRiskClass.choices, default=CreditRiskClass.B
    )
    no_disturbance = models.BooleanField(_("无事不扰"), default=False)

    objects = MarketEntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("经营主体")
        verbose_name_plural = _("经营主体")
        ordering = ["uscc"]
        indexes = [
            models.Index(fields=["registered_on"], name="entity_registered_idx"),
            models.Index(fields=["credit_risk_class"], name="entity_risk_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="active") | models.Q(status_changed_on__isnull=False),
                name="entity_closed_needs_date",
                violation_error_message=_("注销或吊销的主体必须填写注销/吊销日期"),
            ),
            models.CheckConstraint(
                condition=models.Q(status_changed_on__isnull=True)
                | models.Q(status_changed_on__gte=models.F("registered_on")),
                name="entity_closed_after_registered",
                violation_error_message=_("注销/吊销日期不能早于成立日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.name
