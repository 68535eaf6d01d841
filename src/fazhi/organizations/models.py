"""The organization tree (组织机构): every record in fazhi is owned by one node."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.fields import USCCField
from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet

from .constants import OrganizationKind


class OrganizationQuerySet(ScopedQuerySet):
    scope_path_field = "path"


class Organization(TimestampedModel, VoidableModel):
    """A node of the tree: province, city, district/zone government, department, team, street.

    ``path`` is the materialised path of zero-padded ids ("/00000001/00000004/"), maintained by
    ``organizations.services``; subtree queries are ``path__startswith``.
    ``has_enforcement_authority`` and ``authority_basis`` record 执法主体资格:
    only an organization that holds it may inspect or punish (国办发〔2024〕54号).
    """

    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=30, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("路径"), max_length=255, editable=False, db_index=True, default="")
    uscc = USCCField(_("统一社会信用代码"), blank=True)
    has_enforcement_authority = models.BooleanField(_("具有执法主体资格"), default=False)
    authority_basis = models.CharField(
        _("执法主体资格依据"),
        max_length=500,
        blank=True,
        help_text=_("法律、法规或授权/委托文件，例如《浙江省综合行政执法条例》第十条"),
    )
    case_number_prefix = models.CharField(
        _("文书编号前缀"), max_length=30, blank=True, help_text=_("例如 甬高新综执罚")
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(has_enforcement_authority=False) | ~models.Q(authority_basis=""),
                name="organization_authority_needs_basis",
                violation_error_message=_("具有执法主体资格的机构必须填写资格依据"),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=models.Q(voided_at__isnull=True),
                name="organization_unique_name_under_parent",
                violation_error_message=_("同一上级机构下已有同名机构"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent_id and self.pk:
            parent_path = self.parent.path or ""
            if self.parent_id == self.pk or (self.path and parent_path.startswith(self.path)):
                raise ValidationError({"parent": _("上级机构不能是本机构或其下级机构")})

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0

    def ancestors(self) -> list[Organization]:
        ids = [int(x) for x in self.path.strip("/").split("/") if x]
        by_id = {o.id: o for o in Organization.objects.filter(id__in=ids)}
        return [by_id[i] for i in ids if i in by_id]

    def zone(self) -> Organization:
        """The nearest government (区政府/管委会) above or at this node; the root otherwise."""
        chain = self.ancestors()
        for org in reversed(chain):
            if org.kind == OrganizationKind.GOVERNMENT:
                return org
        return chain[0] if chain else self
