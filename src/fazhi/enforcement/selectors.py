"""Reads of officers, certificates and items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum

from .constants import TRAINING_HOURS_REQUIRED, CertificateStatus, ItemKind
from .models import EnforcementCertificate, EnforcementItem, Officer, TrainingRecord


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
