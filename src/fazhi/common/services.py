"""Generic writes for registers: create, update, void — each validated and audited.

Every register write goes through these functions (or an app's own service
that calls them), so each change is validated in full (field rules, database
constraints, the organization scope of every foreign key) and appended to the
audit chain in the same transaction (STYLE R5, R8).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms import ModelForm, modelform_factory
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import AuditItem, audit_record, audit_record_many, diff, snapshot

from .registers import Register


def scoped_form_class(reg: Register, user) -> type[ModelForm]:
    """A ModelForm for ``reg`` whose foreign-key choices are limited to what ``user`` may see.

    A foreign key to a record of another organization is then refused with the
    field's "选择一个有效的选项" message, before anything is written.
    """
    form_class = modelform_factory(reg.model, fields=list(reg.form_fields))

    class ScopedForm(form_class):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for f in self.fields.values():
                qs = getattr(f, "queryset", None)
                if qs is not None and hasattr(qs, "visible_to"):
                    f.queryset = qs.visible_to(user).filter(voided_at__isnull=True)

    ScopedForm.__name__ = f"{reg.model.__name__}Form"
    return ScopedForm


def _check_change(reg: Register, user, obj: models.Model | None) -> None:
    if user is not None and not reg.can_change(user, obj):
        raise PermissionDenied(_("您没有修改“%(register)s”的权限") % {"register": reg.verbose_name_plural})


def _owner_check(reg: Register, user, obj: models.Model) -> None:
    """The record's owning organization must lie in the user's scope."""
    if user is None or user.is_superuser or not hasattr(obj, "organization_id"):
        return
    if reg.model._meta.label_lower == "organizations.organization":
        return
    from fazhi.organizations.models import Organization

    if obj.organization_id is None:
        raise ValidationError({"organization": _("必须填写所属机构")})
    if getattr(reg.model.objects.get_queryset(), "zone_shared", False):
        allowed = Organization.objects.filter(path__startswith=user.zone_path)
    else:
        allowed = Organization.objects.visible_to(user)
    if not allowed.filter(pk=obj.organization_id).exists():
        raise ValidationError({"organization": _("所属机构不在您的管辖范围内")})


def record_save(*, reg: Register, actor, obj: models.Model, before: dict[str, Any] | None) -> models.Model:
    """Validate and save ``obj`` (new when ``before`` is None) and audit it. Caller holds a transaction."""
    is_new = before is None
    _check_change(reg, actor, None if is_new else obj)
    _owner_check(reg, actor, obj)
    obj.full_clean()
    obj.save()
    if reg.after_save is not None:
        reg.after_save(actor, obj, is_new)
    after = snapshot(obj)
    changes = diff(before or {}, after)
    if not is_new and not changes:
        return obj
    audit_record(
        event=f"{reg.event_prefix}.{'created' if is_new else 'updated'}",
        obj=obj,
        actor=actor,
        changes=changes,
    )
    return obj


@transaction.atomic
def record_create(*, reg: Register, actor, obj: models.Model) -> models.Model:
    return record_save(reg=reg, actor=actor, obj=obj, before=None)


@transaction.atomic
def record_update(*, reg: Register, actor, obj: models.Model, before: dict[str, Any]) -> models.Model:
    return record_save(reg=reg, actor=actor, obj=obj, before=before)


@transaction.atomic
def record_void(*, reg: Register, actor, obj: models.Model, reason: str) -> models.Model:
    """Void (作废) a record with a reason; it stays in the register, marked voided."""
    _check_change(reg, actor, obj)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": _("作废必须填写原因")})
    if getattr(obj, "voided_at", None) is not None:
        raise ValidationError({"voided_at": _("该记录已作废")})
    obj.voided_at = timezone.now()
    obj.voided_by = actor
    obj.void_reason = reason[:500]
    fields = ["voided_at", "voided_by", "void_reason"]
    if hasattr(obj, "is_active"):  # a voided account can no longer log in
        obj.is_active = False
        fields.append("is_active")
    obj.save(update_fields=fields)
    audit_record(
        event=f"{reg.event_prefix}.voided",
        obj=obj,
        actor=actor,
        changes={"voided_at": [None, obj.voided_at], "void_reason": ["", obj.void_reason]},
    )
    return obj


def records_save_many(*, reg: Register, actor, rows: list[tuple[models.Model, dict[str, Any] | None]]) -> int:
    """Save a validated batch (an import) and audit it as one chain append. Caller holds a transaction."""
    items: list[AuditItem] = []
    for obj, before in rows:
        is_new = before is None
        _check_change(reg, actor, None if is_new else obj)
        _owner_check(reg, actor, obj)
        obj.save()
        if reg.after_save is not None:
            reg.after_save(actor, obj, is_new)
        changes = diff(before or {}, snapshot(obj))
        if is_new or changes:
            items.append(
                AuditItem(
                    f"{reg.event_prefix}.{'created' if is_new else 'updated'}",
                    obj,
                    changes,
                    {"import": True},
                )
            )
    audit_record_many(items=items, actor=actor)
    return len(items)
