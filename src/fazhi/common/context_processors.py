"""Navigation by module, for the shell (base.html)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.constants import Role

from .registers import all_registers


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    registers = [
        {"key": r.key, "label": r.verbose_name_plural, "url": reverse("register_list", args=[r.key])}
        for r in all_registers()
        if r.key != "users" or user.has_role(Role.ADMINISTRATOR)
    ]
    modules = [
        {"label": _("首页"), "url": reverse("home"), "children": []},
        {"label": _("登记册"), "url": "", "children": registers},
        {"label": _("审计日志"), "url": reverse("audit_log"), "children": []},
    ]
    return {"nav_modules": modules}
