"""The shell's home page: what each role needs first (SPEC §1).

* officer: their own certificates and this year's training hours;
* department staff: their organization's officers, expiring certificates and items;
* legal office and leadership: the zone's figures and a chart;
* administrator: the calendar coverage (is next year's holiday notice loaded?)
  and the audit chain.

Apps add their own cards through ``<app>/home.py: home_cards(user, today) -> list[dict]``.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.audit.models import AuditEntry
from fazhi.config.selectors import work_calendar
from fazhi.enforcement import selectors as enforcement
from fazhi.enforcement.constants import TRAINING_HOURS_REQUIRED
from fazhi.entities import selectors as entities


def _app_cards(user, today: dt.date) -> list[dict]:
    cards: list[dict] = []
    for app in apps.get_app_configs():
        if not app.name.startswith("fazhi."):
            continue
        try:
            module = import_module(f"{app.name}.home")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.home":
                raise
            continue
        cards += module.home_cards(user, today)
    return cards


def _officer_section(user, today: dt.date) -> dict | None:
    officer = getattr(user, "officer", None)
    if officer is None:
        return None
    return {
        "officer": officer,
        "certificates": list(officer.certificates.filter(voided_at__isnull=True).order_by("-valid_until")),
        "valid_certificate": officer.valid_certificate(today),
        "hours": enforcement.training_hours(officer=officer, year=today.year),
        "hours_required": TRAINING_HOURS_REQUIRED,
    }


def _calendar_section(today: dt.date) -> dict:
    calendar = work_calendar()
    next_year = today.year + 1
    return {
        "first": calendar.first_year,
        "last": calendar.last_year,
        "next_year": next_year,
        "next_year_loaded": next_year in calendar.years,
    }


def _year(request, user, today: dt.date) -> int:
    """The year the figures are for: ?year=, else the latest year with records."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= today.year:
        return int(raw)
    return entities.latest_year_with_records(user=user, up_to=today.year)


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    year = _year(request, user, today)
    figures = entities.entity_figures(user=user, year=year)
    zone_wide = user.has_role(Role.LEADERSHIP, Role.LEGAL_OFFICE, Role.ADMINISTRATOR)
    cards = [
        {"label": _("实有经营主体"), "value": figures.existing, "url": "/registers/entities/"},
        {"label": _("%(year)s 年新增经营主体") % {"year": year}, "value": figures.registered, "url": "/registers/entities/"},
        {"label": _("持有效执法证人员"), "value": enforcement.officers_certified(user=user, day=today), "url": "/registers/officers/"},
        {"label": _("现行行政处罚事项"), "value": enforcement.penalty_items_claimed(user=user, day=today), "url": "/registers/items/?kind=penalty"},
    ]
    if not user.has_role(Role.OFFICER) or user.is_superuser:
        cards.append({
            "label": _("%(year)s 年学时不足 60 的执法人员") % {"year": year},
            "value": enforcement.officers_below_training(user=user, year=year),
            "url": "/registers/officers/",
        })
    cards += _app_cards(user, today)
    chart = None
    if zone_wide:
        years = list(range(year - 4, year + 1))
        chart = {
            "years": years,
            "labels": [_("年末实有"), _("当年新增")],
            "registered": [entities.entities_registered(user=user, year=y) for y in years],
            "existing": [entities.entities_existing(user=user, day=dt.date(y, 12, 31)) for y in years],
        }
    context = {
        "cards": cards,
        "expiring": list(enforcement.certificates_expiring(user=user, today=today, within_days=30)[:10]),
        "chart": chart,
        "recent": AuditEntry.objects.visible_to(user).select_related("actor")[:10],
        "figures": figures,
        "growth_pct": f"{figures.growth_rate * 100:.2f} %" if figures.growth_rate is not None else "",
        "role": user.get_role_display(),
        "year": year,
        "years": list(range(today.year, today.year - 6, -1)),
        "me": _officer_section(user, today),
        "calendar": _calendar_section(today) if user.has_role(Role.ADMINISTRATOR, Role.LEGAL_OFFICE) else None,
    }
    return render(request, "home.html", context)
