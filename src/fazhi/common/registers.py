"""Registers (登记册): one declaration per register drives its pages, API, XLSX and audit.

A ``Register`` names the model, the fields a user edits, the XLSX columns, the
natural key an import matches rows on, and who may change it. The generic
views (``common.views``), API (``common.api``), XLSX import/export
(``common.xlsx``) and services (``common.services``) read the declaration, so
every register gets the same parity: list/detail/edit pages, REST endpoints,
export, all-or-nothing import, server-side permission checks and audit entries.

Apps declare their registers in ``<app>/registers.py`` and add them with
``register()``; ``fazhi.urls`` mounts them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role


@dataclass(frozen=True)
class Column:
    """One XLSX column (and list/detail field).

    ``field`` is a model field name. For a foreign key, ``lookup`` names the
    field of the related model that the cell holds (e.g. an organization's
    ``name``), so spreadsheets carry names rather than database ids.
    """

    field: str
    header: str
    lookup: str | None = None


@dataclass
class Register:
    key: str
    model: type[models.Model]
    event_prefix: str
    form_fields: Sequence[str]
    columns: Sequence[Column]
    natural_key: Sequence[str]
    list_fields: Sequence[str]
    search_fields: Sequence[str] = ()
    filter_fields: Sequence[str] = ()
    edit_roles: frozenset[str] = frozenset({Role.ADMINISTRATOR})
    #: extra rule a user must pass to change a given object (beyond scope and role)
    object_rule: Callable[[Any, models.Model], bool] | None = None
    #: a function ``(actor, obj, is_new) -> None`` run after saving, inside the transaction
    after_save: Callable[[Any, models.Model, bool], None] | None = None
    #: the owning organization of new records whose form has no organization field
    default_owner: Callable[[Any], models.Model] | None = None
    #: prepares a new, unsaved record before its form is bound (e.g. an unusable password)
    prepare_new: Callable[[models.Model], None] | None = None
    #: registers shown as tables on this register's detail page: (register key, fk field)
    related: Sequence[tuple[str, str]] = ()
    description: str = ""  # a lazy translation string
    nav_group: str = "registers"
    #: select_related for list pages and exports
    select_related: Sequence[str] = field(default_factory=tuple)

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def queryset_for(self, user) -> QuerySet:
        qs = self.model.objects.visible_to(user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs

    def new_instance(self, user) -> models.Model:
        """An unsaved record with the defaults this register gives new records."""
        obj = self.model()
        if self.default_owner is not None:
            obj.organization = self.default_owner(user)
        if self.prepare_new is not None:
            self.prepare_new(obj)
        return obj

    def clean_filters(self, params) -> tuple[dict[str, Any], list[str]]:
        """The register's filters from query ``params``, each checked against its field.

        Returns the lookups to apply and a message per value that is not valid
        for its field (an unknown choice, a non-boolean); those are not applied.
        """
        from django.core.exceptions import ValidationError

        lookups: dict[str, Any] = {}
        errors: list[str] = []
        for name in self.filter_fields:
            raw = params.get(name)
            if raw in (None, ""):
                continue
            f = self.model._meta.get_field(name)
            if isinstance(f, models.BooleanField):
                raw = {"true": "1", "yes": "1", "是": "1", "false": "0", "no": "0", "否": "0"}.get(
                    str(raw).strip().lower(), raw
                )
            try:
                value = f.to_python(raw)
                if f.choices and value not in {c for c, _label in f.flatchoices}:
                    raise ValidationError("not a choice")
            except ValidationError:
                errors.append(_("%(field)s：“%(value)s”不是有效的筛选值") % {"field": f.verbose_name, "value": raw})
                continue
            lookups[name] = value
        return lookups, errors

    def can_edit(self, user) -> bool:
        return bool(user and user.is_authenticated and (user.is_superuser or user.role in self.edit_roles))

    def can_change(self, user, obj: models.Model | None = None) -> bool:
        """May ``user`` create (obj None) or change ``obj``? Scope is checked by the caller's queryset."""
        if not self.can_edit(user):
            return False
        if obj is not None and self.object_rule is not None and not user.is_superuser:
            return self.object_rule(user, obj)
        return True


_REGISTRY: dict[str, Register] = {}


def register(reg: Register) -> Register:
    if reg.key in _REGISTRY:
        raise ValueError(f"register {reg.key!r} declared twice")
    _REGISTRY[reg.key] = reg
    return reg


def get_register(key: str) -> Register:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown register {key!r}; known: {', '.join(sorted(_REGISTRY))}") from None


def all_registers() -> list[Register]:
    return list(_REGISTRY.values())


def load_registers() -> None:
    """Import every app's ``registers`` module (idempotent)."""
    from importlib import import_module

    from django.apps import apps

    for app in apps.get_app_configs():
        if app.name.startswith("fazhi."):
            try:
                import_module(f"{app.name}.registers")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app.name}.registers":
                    raise
