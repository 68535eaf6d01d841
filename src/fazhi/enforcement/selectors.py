"""Reads of the enforcement app (STYLE R6): officers, certificates, items and penalty cases.

Every read is scoped by ``visible_to(user)``. The selectors other apps use:
``case_list``, ``case_get_for_user``, ``cases_filed`` (the annual report's
"办理行政处罚案件 N 件"), ``case_statistics``, ``cases_overdue`` /
``cases_due_within`` / ``deadline_board``, and ``public_decisions`` (no user).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from .constants import (
    TRAINING_HOURS_REQUIRED,
    CaseStatus,
    CertificateStatus,
    DecisionKind,
    ItemKind,
    Procedure,
)
from .models import EnforcementCertificate, EnforcementItem, Officer, PenaltyCase, TrainingRecord


def certificates_expiring(*, user, today: dt.date, within_days: int = 30):
    """Valid certificates whose validity ends within ``within_days`` of ``today``."""
    return (
        EnforcementCertificate.objects.visible_to(user)
        .active()
        .filter(status=CertificateStatus.VALID, valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=within_days))
        .select_related("officer")
        .order_by("valid_until")
    )


def officers_certified(*, user, day: dt.date) -> int:
    """Officers holding a certificate valid on ``day``."""
    return (
        Officer.objects.visible_to(user)
        .active()
        .filter(
            certificates__status=CertificateStatus.VALID,
            certificates__valid_from__lte=day,
            certificates__valid_until__gte=day,
            certificates__voided_at__isnull=True,
        )
        .distinct()
        .count()
    )


def officers_below_training(*, user, year: int) -> int:
    """Officers with fewer than 60 training hours recorded in ``year``."""
    hours = (
        Officer.objects.visible_to(user)
        .active()
        .annotate(h=Sum("training__hours", filter=Q(training__held_on__year=year, training__voided_at__isnull=True)))
    )
    return sum(1 for o in hours if (o.h or Decimal(0)) < TRAINING_HOURS_REQUIRED)


def penalty_items_claimed(*, user, day: dt.date, organization=None) -> int:
    """行政处罚事项 in force on ``day`` (the seed: 2,624 claimed by the enforcement team)."""
    qs = EnforcementItem.objects.visible_to(user).active().valid_on(day).filter(kind=ItemKind.PENALTY)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.count()


def training_hours(*, officer: Officer, year: int) -> Decimal:
    total = TrainingRecord.objects.filter(officer=officer, held_on__year=year, voided_at__isnull=True).aggregate(
        s=Sum("hours")
    )["s"]
    return total or Decimal(0)


# ---- penalty cases -----------------------------------------------------------------------

#: statuses of a case still being handled
OPEN_STATUSES = (
    CaseStatus.LEAD, CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED, CaseStatus.HEARING,
    CaseStatus.LEGAL_REVIEW, CaseStatus.COLLECTIVE_DISCUSSION, CaseStatus.DECIDED, CaseStatus.SERVED,
    CaseStatus.EXECUTED,
)

#: the filters ``case_list`` understands (query-string names of the list page and the API)
CASE_FILTERS = ("q", "status", "organization", "year", "procedure", "open", "overdue", "due_within", "published")


def _flag(value) -> bool:
    return str(value).lower() in {"1", "true", "yes", "on"}


def _int_filter(f: dict, key: str, *, low: int, high: int) -> int:
    """The integer filter ``key``; a value that is not a whole number in [low, high] is a ValidationError."""
    try:
        value = int(f[key])
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high:
        raise ValidationError({key: [f"须为 {low} 至 {high} 之间的整数"]})
    return value


def case_list(*, user, filters: dict | None = None, today: dt.date | None = None) -> QuerySet[PenaltyCase]:
    """The cases ``user`` may see, filtered.

    ``filters`` (all optional): ``q`` (number, party or facts), ``status``,
    ``organization`` (id; its subtree), ``year`` (filed in), ``procedure``,
    ``open`` (not yet ended), ``overdue`` (next deadline passed), ``due_within``
    (days: next deadline from today within N days), ``published`` (on the public
    page). ``today`` defaults to the local date. A malformed ``organization``,
    ``year`` or ``due_within`` raises ``ValidationError`` naming the filter.
    """
    f = filters or {}
    today = today or timezone.localdate()
    qs = PenaltyCase.objects.visible_to(user).select_related("organization", "handling_unit", "item")
    q = (f.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(party_name__icontains=q) | Q(facts__icontains=q))
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("organization"):
        from fazhi.organizations.models import Organization

        org = Organization.objects.filter(pk=_int_filter(f, "organization", low=1, high=2**63 - 1)).first()
        qs = qs.filter(organization__path__startswith=org.path) if org else qs.none()
    if f.get("year"):
        qs = qs.filter(filed_on__year=_int_filter(f, "year", low=1900, high=2999))
    if f.get("procedure"):
        qs = qs.filter(procedure=f["procedure"])
    if _flag(f.get("open", "")):
        qs = qs.filter(status__in=OPEN_STATUSES)
    if _flag(f.get("overdue", "")):
        qs = qs.filter(status__in=OPEN_STATUSES, next_deadline__lt=today)
    if f.get("due_within") not in (None, ""):
        days = _int_filter(f, "due_within", low=0, high=3660)
        qs = qs.filter(status__in=OPEN_STATUSES, next_deadline__gte=today,
                       next_deadline__lte=today + dt.timedelta(days=days))
    if _flag(f.get("published", "")):
        qs = qs.filter(published_at__isnull=False, withdrawn_at__isnull=True)
    return qs.order_by("-lead_received_on", "-pk")


def case_get_for_user(*, user, case_id: int) -> PenaltyCase:
    """One case, or ``Http404`` when it does not exist or lies outside the user's scope."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise Http404("penalty case") from None
    case = (
        PenaltyCase.objects.visible_to(user)
        .select_related("organization", "handling_unit", "item", "market_entity")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404("penalty case")
    return case


def cases_filed(*, user, year: int) -> QuerySet[PenaltyCase]:
    """口径 of the report's "共办理行政处罚案件 N 件": cases filed (立案) in ``year``.

    Counted: ordinary-procedure cases whose filing date (``filed_on``) lies in
    the year, whatever happened to them later (decided, closed, transferred).
    Not counted: leads never filed or declined (不予立案), summary-procedure
    decisions on the spot (当场处罚, counted separately) and voided cases.
    """
    return PenaltyCase.objects.visible_to(user).filed_in(year).select_related("organization")


def cases_overdue(*, user, today: dt.date) -> QuerySet[PenaltyCase]:
    """Open cases whose next deadline (decision, service, preservation, payment) has passed."""
    return case_list(user=user, filters={"overdue": True}, today=today).order_by("next_deadline")


def cases_due_within(*, user, today: dt.date, days: int) -> QuerySet[PenaltyCase]:
    """Open cases whose next deadline falls within ``days`` days from ``today`` (inclusive)."""
    return case_list(user=user, filters={"due_within": days}, today=today).order_by("next_deadline")


def deadline_board(*, user, today: dt.date, days: int = 7) -> list[dict]:
    """Per enforcement body: open cases, overdue, due within ``days``, suspended."""
    qs = PenaltyCase.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
    rows = (
        qs.values("organization_id", "organization__name")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(next_deadline__lt=today)),
            due=Count("pk", filter=Q(next_deadline__gte=today, next_deadline__lte=today + dt.timedelta(days=days))),
            suspended=Count("pk", filter=Q(suspended=True)),
        )
        .order_by("organization__name")
    )
    return [
        {"organization_id": r["organization_id"], "organization": r["organization__name"], "open": r["open"],
         "overdue": r["overdue"], "due": r["due"], "suspended": r["suspended"]}
        for r in rows
    ]


def case_statistics(*, user, year: int) -> dict[str, object]:
    """The year's case figures for the annual report, each with its 口径 (docs/domain/penalty-cases.md)."""
    filed = cases_filed(user=user, year=year)
    visible = PenaltyCase.objects.visible_to(user).filter(voided_at__isnull=True)
    decided = visible.filter(decided_on__year=year, decision_kind=DecisionKind.PENALTY)
    return {
        "year": year,
        "filed": filed.count(),
        "filed_by_organization": list(
            filed.values("organization__name").annotate(n=Count("pk")).order_by("-n", "organization__name")
        ),
        "summary": visible.filter(procedure=Procedure.SUMMARY, decided_on__year=year).count(),
        "decided_penalty": decided.filter(procedure=Procedure.ORDINARY).count(),
        "fines_total": decided.aggregate(s=Sum("fine_amount"))["s"] or Decimal(0),
        "not_filed": visible.filter(status=CaseStatus.NOT_FILED, lead_received_on__year=year).count(),
        "transferred": filed.filter(status=CaseStatus.TRANSFERRED).count(),
        "hearings": filed.filter(steps__kind="hearing_held", steps__voided_at__isnull=True).distinct().count(),
        "legal_reviews": filed.filter(steps__kind="legal_review", steps__voided_at__isnull=True).distinct().count(),
        "closed": filed.filter(status=CaseStatus.CLOSED).count(),
    }


def public_decisions() -> QuerySet[PenaltyCase]:
    """Decisions on the public page (no login): published, not withdrawn, not voided."""
    return (
        PenaltyCase.objects.filter(published_at__isnull=False, withdrawn_at__isnull=True, voided_at__isnull=True)
        .select_related("organization", "item")
        .order_by("-decided_on", "-pk")
    )
