"""The enforcement item catalogue (执法事项 / 权责清单)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.enforcement.constants import ItemKind


class EnforcementItemQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"

    def valid_on(self, day: dt.date):
        return self.filter(valid_from__lte=day).filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day))


class EnforcementItem(TimestampedModel, VoidableModel):
    """执法事项: one entry of the item catalogue (权责清单).

    An item is valid between ``valid_from`` and ``valid_until``; a later
    catalogue closes the old version instead of overwriting it, so records keep
    pointing at the wording they were decided under.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("实施机构"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField(_("事项编码"), max_length=60)
    name = models.CharField(_("事项名称"), max_length=300)
    kind = models.CharField(_("事项类别"), max_length=20, choices=ItemKind.choices)
    legal_basis = models.TextField(_("法律依据"))
    discretion_standard = models.TextField(_("裁量基准"), blank=True)
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("失效日期"), null=True, blank=True)

    objects = EnforcementItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("执法事项")
        verbose_name_plural = _("执法事项")
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code", "valid_from"],
                name="item_unique_version",
                violation_error_message=_("同一机构同一事项编码在该生效日期已有版本"),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="item_validity_ordered",
                violation_error_message=_("失效日期不能早于生效日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
