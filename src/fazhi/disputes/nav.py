"""The disputes module in the shell's navigation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def nav_module(user) -> dict | None:
    if user is None or not user.is_authenticated:
        return None
    return {
        "label": _("行政复议与应诉"),
        "url": reverse("disputes:dashboard"),
        "children": [
            {"label": _("争议指标"), "url": reverse("disputes:dashboard")},
            {"label": _("行政复议案件"), "url": reverse("disputes:reconsideration_list")},
            {"label": _("行政应诉案件"), "url": reverse("disputes:litigation_list")},
            {"label": _("监督意见书"), "url": reverse("disputes:opinion_list")},
        ],
    }
