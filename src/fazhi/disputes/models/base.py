"""The scope of dispute records: the owning organization's subtree, or the other party's."""

from __future__ import annotations

from django.db.models import Q

from fazhi.common.scoping import ScopedQuerySet


class TwoPartyQuerySet(ScopedQuerySet):
    """Visible to the owner's subtree *and* the subtree of a second organization.

    A reconsideration case the legal office decides is also the business of the
    department it was brought against (it must reply); a supervision opinion is
    read by the department it is addressed to. ``scope_path_fields`` names both
    paths; the first is the owner's.
    """

    scope_path_fields: tuple[str, ...] = ("organization__path",)

    def visible_to(self, user) -> ScopedQuerySet:
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        path = user.scope_path
        if not path:
            return self.none()
        cond = Q()
        for field in self.scope_path_fields:
            cond |= Q(**{f"{field}__startswith": path})
        return self.filter(cond)

    def of_organization(self, organization) -> ScopedQuerySet:
        """Records that concern ``organization``'s subtree as owner or as the other party."""
        cond = Q()
        for field in self.scope_path_fields:
            cond |= Q(**{f"{field}__startswith": organization.path})
        return self.filter(cond)


class ChildQuerySet(ScopedQuerySet):
    """Rows that belong to a parent record (``parent_field``) and share its scope."""

    parent_field: str = "case"
    parent_model_label: str = ""

    def visible_to(self, user) -> ScopedQuerySet:
        from django.apps import apps

        parent = apps.get_model(self.parent_model_label)
        return self.filter(**{f"{self.parent_field}__in": parent.objects.visible_to(user).values("pk")})
