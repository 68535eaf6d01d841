"""Row-level scope: what a user may see, by the organization tree (STYLE R6).

Every scoped model's queryset subclasses ``ScopedQuerySet`` and names the path
of its owning organization (``scope_path_field``). ``visible_to(user)`` is the
only place a permission filter is built; views, the API and exports call it.

The user's scope (``accounts.models.User.scope_path``) is their organization's
subtree; legal-office and leadership staff see their whole zone (the subtree of
the nearest 区政府/管委会). Registers shared by a zone (market entities) set
``zone_shared = True``: every user of the zone may read them.
"""

from __future__ import annotations

from django.db import models


class ScopedQuerySet(models.QuerySet):
    scope_path_field: str = "organization__path"
    zone_shared: bool = False

    def visible_to(self, user) -> ScopedQuerySet:
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        path = user.zone_path if self.zone_shared else user.scope_path
        if not path:
            return self.none()
        return self.filter(**{f"{self.scope_path_field}__startswith": path})

    def active(self) -> ScopedQuerySet:
        """Records not voided."""
        return self.filter(voided_at__isnull=True)


class DeploymentQuerySet(ScopedQuerySet):
    """Deployment-wide rows (runtime configuration): every signed-in user may read them."""

    def visible_to(self, user) -> ScopedQuerySet:
        if user is None or not user.is_authenticated:
            return self.none()
        return self.all()
