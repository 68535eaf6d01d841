"""What the inspection services share: role and scope checks, transitions with history, audit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.audit.services import audit_record, diff, snapshot
from fazhi.core.inspection_workflow import InvalidTransition, next_status
from fazhi.organizations.constants import OrganizationKind
from fazhi.organizations.models import Organization

__all__ = [
    "audit",
    "in_scope",
    "is_legal_office",
    "require",
    "require_legal_office",
    "require_staff_of",
    "supervising_office",
    "transition",
]


def is_legal_office(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.LEGAL_OFFICE))


def in_scope(user, organization: Organization | int | None) -> bool:
    """Is ``organization`` inside what ``user`` may see and act on?"""
    if organization is None or user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    pk = organization.pk if isinstance(organization, Organization) else organization
    return Organization.objects.visible_to(user).filter(pk=pk).exists()


def require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def require_legal_office(user, organization: Organization | None = None) -> None:
    require(is_legal_office(user), _("只有法治办可以执行此操作"))
    if organization is not None:
        require(in_scope(user, organization), _("该记录不在您的管辖范围内"))


def require_staff_of(user, organization: Organization, *, officers_too: bool = False) -> None:
    """The user works for ``organization`` (its subtree, or the zone for the legal office)."""
    roles = {Role.DEPARTMENT_STAFF, Role.LEGAL_OFFICE}
    if officers_too:
        roles.add(Role.OFFICER)
    require(
        bool(user and user.is_authenticated and (user.is_superuser or user.role in roles)),
        _("您的角色不能执行此操作"),
    )
    require(in_scope(user, organization), _("%(org)s 不在您的管辖范围内") % {"org": organization})


def supervising_office(organization: Organization) -> Organization:
    """The legal office of the zone ``organization`` belongs to (the zone itself when it has none)."""
    zone = organization.zone()
    office = (
        Organization.objects.filter(
            path__startswith=zone.path, kind=OrganizationKind.LEGAL_OFFICE, voided_at__isnull=True
        )
        .order_by("path")
        .first()
    )
    return office or zone


def transition(
    *,
    obj: models.Model,
    table: Mapping,
    action: str,
    history_model: type[models.Model],
    parent_field: str,
    actor,
    reason: str = "",
    event: str,
    data: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> models.Model:
    """Apply ``action`` to ``obj.status`` by ``table``, append its history row and audit it.

    ``extra`` sets more fields on ``obj`` in the same save. Refuses an action
    the table does not list with a ValidationError naming the rule.
    """
    before = snapshot(obj)
    try:
        target = next_status(table, obj.status, action)
    except InvalidTransition as exc:
        raise ValidationError({"status": str(exc)}) from None
    previous = obj.status
    obj.status = target
    for k, v in (extra or {}).items():
        setattr(obj, k, v)
    obj.full_clean()
    obj.save()
    history_model.objects.create(
        **{parent_field: obj},
        from_status=previous,
        to_status=target,
        action=action,
        reason=reason or "",
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None else _("企业（公开页面）"),
        occurred_at=timezone.now(),
    )
    audit(event=event, obj=obj, actor=actor, before=before, data={"reason": reason, **(data or {})})
    return obj


def audit(*, event: str, obj: models.Model, actor, before: dict[str, Any] | None = None, data=None) -> None:
    """Audit ``obj`` after a change: its changed fields (all of them when ``before`` is None)."""
    audit_record(
        event=event,
        obj=obj,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        changes=diff(before or {}, snapshot(obj)),
        data=data,
    )
