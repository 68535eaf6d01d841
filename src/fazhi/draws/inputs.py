"""Registers → the inputs of a draw (the adapter of STYLE R1): population, officer pool, history.

``inputs_for`` reads the live registers and returns the ``DrawInputs`` of the
pure core (``fazhi.core.draw_snapshot``); the commit service freezes that value
and the preparation page previews it. The rules, each documented in
docs/domain/random-draw.md ("Web app"):

* **Population** (检查对象名录): the market entities of the drawing
  organization's zone that exist on the draw date (registered by then, not
  deregistered or revoked), are active and not voided, narrowed by the filter
  (street, GB/T 4754 industry prefix, entity types, credit-risk classes).
  Entities on the 无事不扰 list are left out (国发〔2019〕5号: 对守法者“无事不扰”)
  unless the draw records that its item requires them (``include_no_disturbance``
  with a cause, which each of their tasks carries).
* **Officer pool** (执法检查人员名录): officers, not voided, holding a certificate
  valid on the draw date for the drawing organization
  (``Officer.valid_certificate(day, organization_id)``: status 有效, within its
  validity, not voided). An officer's draw id is the text of its database id, so
  the same person has the same id in every draw.
* **History** (上次抽取): the (officer, enterprise) pairs of the organization's
  last draw that was run before this one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from fazhi.core.draw_snapshot import DrawInputs, PoolOfficer, PopulationRow
from fazhi.enforcement.models import Officer
from fazhi.entities.constants import EntityStatus
from fazhi.entities.models import MarketEntity

from .constants import DRAWN_STATUSES

__all__ = [
    "PopulationFilter",
    "inputs_for",
    "officer_key",
    "officer_pool",
    "population_queryset",
    "previous_draw",
]


@dataclass(frozen=True)
class PopulationFilter:
    """The filter of a draw's population over the entity register (stored as JSON on the draw)."""

    street_id: int | None = None
    industry_prefix: str = ""
    entity_types: tuple[str, ...] = ()
    risk_classes: tuple[str, ...] = ()
    include_no_disturbance: bool = False

    def as_json(self) -> dict:
        out: dict = {}
        if self.street_id:
            out["street_id"] = self.street_id
        if self.industry_prefix:
            out["industry_prefix"] = self.industry_prefix
        if self.entity_types:
            out["entity_types"] = list(self.entity_types)
        if self.risk_classes:
            out["risk_classes"] = list(self.risk_classes)
        if self.include_no_disturbance:
            out["include_no_disturbance"] = True
        return out

    @classmethod
    def from_json(cls, data: dict | None) -> PopulationFilter:
        d = data or {}
        return cls(
            street_id=d.get("street_id") or None,
            industry_prefix=d.get("industry_prefix", ""),
            entity_types=tuple(d.get("entity_types", ())),
            risk_classes=tuple(d.get("risk_classes", ())),
            include_no_disturbance=bool(d.get("include_no_disturbance", False)),
        )


def officer_key(officer_or_pk) -> str:
    """An officer's id in draws: the text of its database id (stable across draws)."""
    pk = officer_or_pk if isinstance(officer_or_pk, int) else officer_or_pk.pk
    return str(pk)


def population_queryset(*, organization, flt: PopulationFilter, day: dt.date) -> QuerySet[MarketEntity]:
    """The entities a draw of ``organization`` on ``day`` draws from (module docstring)."""
    qs = (
        MarketEntity.objects.filter(
            organization__path__startswith=organization.zone().path,
            voided_at__isnull=True,
            status=EntityStatus.ACTIVE,
        )
        .existing_on(day)
    )
    if flt.street_id:
        qs = qs.filter(street_id=flt.street_id)
    if flt.industry_prefix:
        qs = qs.filter(industry_code__startswith=flt.industry_prefix)
    if flt.entity_types:
        qs = qs.filter(entity_type__in=flt.entity_types)
    if flt.risk_classes:
        qs = qs.filter(credit_risk_class__in=flt.risk_classes)
    if not flt.include_no_disturbance:
        qs = qs.filter(no_disturbance=False)
    return qs.order_by("uscc")


def officer_pool(*, organization, day: dt.date) -> list[tuple[Officer, object]]:
    """(officer, certificate) for each officer with a certificate valid on ``day`` for ``organization``."""
    candidates = (
        Officer.objects.filter(certificates__organization=organization, voided_at__isnull=True)
        .distinct()
        .prefetch_related("certificates")
        .order_by("pk")
    )
    out = []
    for officer in candidates:
        cert = officer.valid_certificate(day, organization.pk)
        if cert is not None:
            out.append((officer, cert))
    return out


def previous_draw(*, organization, exclude_pk: int | None = None):
    """The organization's last draw that was run (the source of the history pairs), or None."""
    from .models import RandomDraw

    qs = RandomDraw.objects.filter(organization=organization, status__in=DRAWN_STATUSES, drawn_at__isnull=False)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("-drawn_at", "-pk").first()


def history_pairs(draw) -> list[tuple[str, str]]:
    """The (officer id, USCC) pairs of a draw that was run."""
    if draw is None:
        return []
    pairs = []
    for uscc, ids in draw.targets.values_list("uscc", "officer_ids"):
        pairs += [(oid, uscc) for oid in ids.split(";") if oid]
    return pairs


@dataclass
class LiveInputs:
    """What ``inputs_for`` found: the inputs, the draw the history comes from, and the entities."""

    inputs: DrawInputs
    previous: object | None
    entities: dict[str, MarketEntity]


def inputs_for(
    *,
    organization,
    draw_date: dt.date,
    per_visit: int,
    ratios: dict[str, str],
    flt: PopulationFilter,
    recusals: list[tuple[str, str]],
    exclude_draw_pk: int | None = None,
) -> LiveInputs:
    """The draw's inputs as the registers give them now (raises ``DrawInputError`` for bad ratios)."""
    entities = {
        e.uscc: e
        for e in population_queryset(organization=organization, flt=flt, day=draw_date).only(
            "pk", "uscc", "name", "credit_risk_class", "no_disturbance"
        )
    }
    pool = [
        PoolOfficer(
            officer_id=officer_key(officer),
            name=officer.name,
            organization=organization.name,
            certificate_valid_until=cert.valid_until,
            certificate_number=cert.number,
        )
        for officer, cert in officer_pool(organization=organization, day=draw_date)
    ]
    previous = previous_draw(organization=organization, exclude_pk=exclude_draw_pk)
    inputs = DrawInputs.build(
        draw_date=draw_date,
        per_visit=per_visit,
        organization=organization.name,
        ratios=ratios,
        population=[PopulationRow(e.uscc, e.name, e.credit_risk_class) for e in entities.values()],
        officers=pool,
        recusals=recusals,
        history=history_pairs(previous),
    )
    return LiveInputs(inputs=inputs, previous=previous, entities=entities)
