"""Users: staff accounts with one organization and one role."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import VoidableModel
from fazhi.common.scoping import ScopedQuerySet

from .constants import ZONE_WIDE_ROLES, Role


class UserQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser, VoidableModel):
    """A staff account. ``organization`` places the user in the tree; ``role`` says what they do.

    What a user sees (``scope_path``): their organization's subtree, or, for the
    legal office, leadership and administrators, their whole zone (the subtree of
    the nearest 区政府/管委会; SPEC §1).
    """

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices, default=Role.DEPARTMENT_STAFF)
    phone = models.CharField(_("电话"), max_length=30, blank=True)

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def zone(self):
        return self.organization.zone() if self.organization_id else None

    @cached_property
    def zone_path(self) -> str:
        return self.zone.path if self.zone else ""

    @cached_property
    def scope_path(self) -> str:
        if not self.organization_id:
            return ""
        if self.role in ZONE_WIDE_ROLES:
            return self.zone_path
        return self.organization.path

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or self.role in roles
