"""Reads of the entity register, and the figures the annual report quotes (口径 in each docstring)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fazhi.core.identifiers import uscc_normalize

from .models import MarketEntity


def entity_list(*, user):
    return MarketEntity.objects.visible_to(user).active()


def entity_by_uscc(uscc: str | None) -> MarketEntity | None:
    """The register's entity (not voided) with this USCC as typed (normalized first), else None.

    Not scoped to a user: the entity register is shared by the whole zone, and
    callers check what they do with the entity (a task, a visit) themselves.
    """
    return MarketEntity.objects.active().filter(uscc=uscc_normalize(uscc or "")).first()


def entities_existing(*, user, day: dt.date) -> int:
    """实有经营主体: registered on or before ``day`` and neither deregistered nor revoked by then."""
    return entity_list(user=user).existing_on(day).count()


def entities_registered(*, user, year: int) -> int:
    """新增经营主体: entities whose date of establishment falls in ``year``."""
    return entity_list(user=user).filter(registered_on__year=year).count()


@dataclass(frozen=True)
class EntityFigures:
    year: int
    existing: int
    existing_previous: int
    registered: int

    @property
    def growth_rate(self) -> float | None:
        """累计在册经营主体同比增速: existing at year end over existing a year earlier, minus one."""
        if not self.existing_previous:
            return None
        return self.existing / self.existing_previous - 1


def entity_figures(*, user, year: int) -> EntityFigures:
    """The report's entity figures for ``year`` (seed 2024: 35,994 existing, 4,726 new, +4.35 %)."""
    return EntityFigures(
        year=year,
        existing=entities_existing(user=user, day=dt.date(year, 12, 31)),
        existing_previous=entities_existing(user=user, day=dt.date(year - 1, 12, 31)),
        registered=entities_registered(user=user, year=year),
    )


def latest_year_with_records(*, user, up_to: int) -> int:
    """The latest year ≤ ``up_to`` in which an entity was registered (the year a dashboard opens on)."""
    from django.db.models import Max

    last = entity_list(user=user).filter(registered_on__year__lte=up_to).aggregate(m=Max("registered_on"))["m"]
    return last.year if last else up_to
