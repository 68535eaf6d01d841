"""The penalty-case module in the shell's navigation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def nav_module(user) -> dict | None:
    if user is None or not user.is_authenticated:
        return None
    return {
        "label": _("行政处罚"),
        "url": reverse("case_list"),
        "children": [
            {"label": _("案件列表"), "url": reverse("case_list")},
            {"label": _("登记线索"), "url": reverse("case_create")},
            {"label": _("期限预警"), "url": reverse("case_deadlines")},
            {"label": _("执法公示（公开）"), "url": reverse("case_public_list")},
        ],
    }
