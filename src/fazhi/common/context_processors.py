"""Navigation by module, for the shell (base.html)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.constants import Role

from .registers import all_registers


def _app_modules(user) -> list[dict]:
    """Modules contributed by apps: ``<app>/nav.py`` defines ``nav_module(user) -> dict | None``.

    The dict is ``{"label": ..., "url": ..., "children": [{"label": ..., "url": ...}]}``.
    """
    from importlib import import_module

    from django.apps import apps

    out = []
    for app in apps.get_app_configs():
        if not app.name.startswith("fazhi."):
            continue
        try:
            module = import_module(f"{app.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.nav":
                raise
            continue
        entry = module.nav_module(user)
        if entry:
            out.append(entry)
    return out


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    registers = [
        {"key": r.key, "label": r.verbose_name_plural, "url": reverse("register_list", args=[r.key])}
        for r in all_registers()
        if r.key != "users" or user.has_role(Role.ADMINISTRATOR)
    ]
    modules = [{"label": _("首页"), "url": reverse("home"), "children": []}]
    modules += _app_modules(user)
    modules += [
        {"label": _("登记册"), "url": "", "children": registers},
        {"label": _("审计日志"), "url": reverse("audit_log"), "children": []},
    ]
    return {"nav_modules": modules}
