"""The draws module in the shell's navigation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .services import can_prepare


def nav_module(user) -> dict | None:
    if not user.is_authenticated:
        return None
    children = [{"label": _("抽查批次"), "url": reverse("draws:list")}]
    if can_prepare(user):
        children.append({"label": _("准备抽查"), "url": reverse("draws:prepare")})
    children.append({"label": _("公示的抽查结果"), "url": reverse("draws:public_list")})
    return {"label": _("双随机抽查"), "url": reverse("draws:list"), "children": children}
