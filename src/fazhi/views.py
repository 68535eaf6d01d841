"""The shell's home page: what each role needs first (SPEC §1)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.audit.models import AuditEntry
from fazhi.enforcement import selectors as enforcement
from fazhi.entities import selectors as entities


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    year = today.year
    figures = entities.entity_figures(user=user, year=year)
    cards = [
        {"label": _("实有经营主体"), "value": figures.existing, "url": "/registers/entities/"},
        {"label": _("%(year)s 年新增经营主体") % {"year": year}, "value": figures.registered, "url": "/registers/entities/"},
        {"label": _("持有效执法证人员"), "value": enforcement.officers_certified(user=user, day=today), "url": "/registers/officers/"},
        {"label": _("现行行政处罚事项"), "value": enforcement.penalty_items_claimed(user=user, day=today), "url": "/registers/items/?kind=penalty"},
    ]
    expiring = list(enforcement.certificates_expiring(user=user, today=today, within_days=30)[:10])
    chart = None
    if user.has_role(Role.LEADERSHIP, Role.LEGAL_OFFICE, Role.ADMINISTRATOR):
        years = list(range(year - 4, year + 1))
        chart = {
            "years": years,
            "labels": [_("年末实有"), _("当年新增")],
            "registered": [entities.entities_registered(user=user, year=y) for y in years],
            "existing": [entities.entities_existing(user=user, day=dt.date(y, 12, 31)) for y in years],
        }
    recent = AuditEntry.objects.visible_to(user).select_related("actor")[:10]
    return render(
        request,
        "home.html",
        {"cards": cards, "expiring": expiring, "chart": chart, "recent": recent, "figures": figures,
         "growth_pct": f"{figures.growth_rate * 100:.2f} %" if figures.growth_rate is not None else "", "role": user.get_role_display()},
    )
