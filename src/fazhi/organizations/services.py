"""Writes to the organization tree beyond the generic register services."""

from __future__ import annotations

from django.db.models import Value
from django.db.models.functions import Concat, Substr

from .models import Organization


def path_segment(pk: int) -> str:
    """Ids are zero-padded so that sorting by path lists the tree in order (/…/4/ before /…/10/)."""
    return f"{pk:08d}"


def organization_path_refresh(org: Organization) -> None:
    """Recompute ``org.path`` from its parent and move its whole subtree with it."""
    parent_path = org.parent.path if org.parent_id else "/"
    new_path = f"{parent_path}{path_segment(org.pk)}/"
    old_path = org.path
    if new_path == old_path:
        return
    Organization.objects.filter(pk=org.pk).update(path=new_path)
    org.path = new_path
    if old_path:
        Organization.objects.filter(path__startswith=old_path).exclude(pk=org.pk).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
        )


def organization_after_save(actor, org: Organization, is_new: bool) -> None:
    organization_path_refresh(org)
