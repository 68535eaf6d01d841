"""Cards this app adds to the home page (see fazhi.views)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors


def home_cards(user, today: dt.date) -> list[dict]:
    """Overdue penalty cases and those due within 7 days, in the user's scope."""
    url = reverse("case_deadlines")
    return [
        {"label": _("已逾期的处罚案件"), "value": selectors.cases_overdue(user=user, today=today).count(), "url": url},
        {"label": _("7 日内到期的处罚案件"), "value": selectors.cases_due_within(user=user, today=today, days=7).count(),
         "url": url},
    ]
