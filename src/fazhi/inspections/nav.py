"""The inspections module in the shell's navigation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.constants import Role


def nav_module(user) -> dict | None:
    if not user.is_authenticated:
        return None
    children = [
        {"label": _("概览"), "url": reverse("inspections:dashboard")},
        {"label": _("检查事项"), "url": reverse("inspections:items")},
        {"label": _("检查计划"), "url": reverse("inspections:plans")},
        {"label": _("入企检查"), "url": reverse("inspections:visits")},
    ]
    if user.has_role(Role.LEGAL_OFFICE, Role.LEADERSHIP):
        children.append({"label": _("统筹（综合查一次）"), "url": reverse("inspections:runs")})
    if user.has_role(Role.LEGAL_OFFICE):
        children.append({"label": _("企业邀约"), "url": reverse("inspections:invitations")})
    children += [
        {"label": _("企业评价"), "url": reverse("inspections:ratings")},
        {"label": _("检查监督"), "url": reverse("inspections:findings")},
        {"label": _("公开的检查计划"), "url": reverse("inspections:public_plans")},
    ]
    return {"label": _("涉企检查"), "url": reverse("inspections:dashboard"), "children": children}
