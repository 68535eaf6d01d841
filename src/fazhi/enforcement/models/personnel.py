"""Officers (执法人员), their enforcement certificates (执法证) and training hours (学时)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.enforcement.constants import CertificateStatus


class OfficerQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"


class Officer(TimestampedModel, VoidableModel):
    """执法人员: a person who may act in enforcement once certified (行政处罚法 第四十二条)."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("所属机构"), on_delete=models.PROTECT, related_name="officers"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officer",
    )
    staff_number = models.CharField(_("工号"), max_length=30)
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=50, blank=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")
        ordering = ["organization__path", "staff_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "staff_number"],
                name="officer_unique_staff_number",
                violation_error_message=_("本机构已有该工号的执法人员"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def valid_certificate(self, day: dt.date, organization_id: int | None = None):
        """The certificate valid on ``day`` (for ``organization_id`` when given), or None."""
        for cert in self.certificates.all():
            if cert.is_valid_on(day) and (organization_id is None or cert.organization_id == organization_id):
                return cert
        return None


class EnforcementCertificate(TimestampedModel, VoidableModel):
    """执法证: number, issuing body, validity and status."""

    officer = models.ForeignKey(Officer, verbose_name=_("执法人员"), on_delete=models.PROTECT, related_name="certificates")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("执法主体"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("证件准予执法的机构"),
    )
    number = models.CharField(_("证件号"), max_length=40, unique=True)
    issued_by = models.CharField(_("发证机关"), max_length=100)
    valid_from = models.DateField(_("有效期自"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.VALID)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("执法证")
        verbose_name_plural = _("执法证")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="certificate_validity_ordered",
                violation_error_message=_("有效期至不能早于有效期自"),
            )
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.voided_at is None
            and self.status == CertificateStatus.VALID
            and self.valid_from <= day <= self.valid_until
        )

    def status_on(self, day: dt.date) -> str:
        if self.status == CertificateStatus.VALID and day > self.valid_until:
            return CertificateStatus.EXPIRED
        return self.status


class TrainingRecord(TimestampedModel, VoidableModel):
    """Class hours an officer earned (学时); at least 60 a year are expected."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("所属机构"), on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(Officer, verbose_name=_("执法人员"), on_delete=models.PROTECT, related_name="training")
    held_on = models.DateField(_("日期"))
    topic = models.CharField(_("培训主题"), max_length=200)
    hours = models.DecimalField(
        _("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.officer} {self.held_on} {self.topic}"
