"""Inspection items and standards (检查事项 / 检查标准)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.inspections.constants import ItemStatus


class InspectionItemQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"

    def published(self):
        return self.filter(status=ItemStatus.PUBLISHED, voided_at__isnull=True)


class InspectionItem(TimestampedModel, VoidableModel):
    """What may be inspected (检查事项), by which organization, on what basis, how often.

    ``catalogue_item`` is the 执法事项 of the item catalogue that gives the
    legal basis (an item of kind 行政检查 of the same organization).
    ``matter`` groups items of different departments that look at the same
    thing (消防安全, 食品安全 …): enterprises pick matters on the invitation form,
    and supervision treats two departments inspecting one matter separately as
    多头检查. ``yearly_cap`` is the published frequency cap per enterprise and
    calendar year (国办发〔2024〕54号). Only a published item can be planned or
    inspected ("清单之外无检查"); the legal office publishes and withdraws items.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("实施机构"), on_delete=models.PROTECT, related_name="+"
    )
    catalogue_item = models.ForeignKey(
        "enforcement.EnforcementItem",
        verbose_name=_("执法事项（法律依据）"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "inspection"},
    )
    code = models.CharField(_("检查事项编码"), max_length=60)
    name = models.CharField(_("检查事项名称"), max_length=200)
    matter = models.CharField(
        _("检查领域"), max_length=50, help_text=_("不同部门检查同一领域的事项归为一类，例如 消防安全、食品安全")
    )
    checklist = models.TextField(_("检查要点（检查标准）"), help_text=_("每行一项"))
    yearly_cap = models.PositiveSmallIntegerField(
        _("年度频次上限"), validators=[MinValueValidator(1)], help_text=_("同一企业每个自然年度最多接受该事项检查的次数")
    )
    off_site_allowed = models.BooleanField(_("可非现场检查"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公布人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = InspectionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查事项")
        verbose_name_plural = _("检查事项")
        ordering = ["organization__path", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"],
                condition=models.Q(voided_at__isnull=True),
                name="inspection_item_unique_code",
                violation_error_message=_("本机构已有该编码的检查事项"),
            ),
            models.CheckConstraint(
                condition=models.Q(yearly_cap__gte=1),
                name="inspection_item_cap_positive",
                violation_error_message=_("年度频次上限至少为 1 次"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.catalogue_item_id and self.organization_id:
            item = self.catalogue_item
            if item.organization_id != self.organization_id:
                raise ValidationError({"catalogue_item": _("执法事项必须属于本实施机构（权责清单中的本机构事项）")})
            if item.kind != "inspection":
                raise ValidationError({"catalogue_item": _("只能引用“行政检查”类执法事项")})

    @property
    def legal_basis(self) -> str:
        return self.catalogue_item.legal_basis

    @property
    def checklist_points(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]

    @property
    def is_published(self) -> bool:
        return self.status == ItemStatus.PUBLISHED and self.voided_at is None
