"""Reads of the draws app (STYLE R6): staff lists scoped by ``visible_to``, and the public draws.

* ``draw_list`` / ``draw_get_for_user``: the user's scope (a department its
  own subtree, the legal office and leadership the zone); anything else is a
  404, drafts included.
* ``public_draw_list`` / ``public_draw_get``: draws whose commitment is
  published (no login). A draft is never public.
* ``draw_preview``: what a draw prepared with the given parameters would draw
  from, read from the registers now (nothing written).
* ``inspection_results``: the recorded results of the draw's tasks, from the
  inspections module's selector (guarded, see ``INSPECTION_RESULTS_SELECTOR``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from fazhi.core.draw import DrawInputError

from .inputs import PopulationFilter, inputs_for
from .models import DrawRecusal, RandomDraw

__all__ = [
    "INSPECTION_RESULTS_SELECTOR",
    "DrawPreview",
    "TaskResult",
    "draw_get_for_user",
    "draw_list",
    "draw_preview",
    "draw_recusals_for_user",
    "inspection_results",
    "public_draw_get",
    "public_draw_list",
    "year_or_none",
]

#: the years a list may be filtered by (others are ignored, not a 500)
YEARS = range(1900, 3000)


def year_or_none(value) -> int | None:
    """``value`` (a query parameter or int) as a year in ``YEARS``, else None."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if year in YEARS else None

#: the inspections selector the public page reads results from (guarded import)
INSPECTION_RESULTS_SELECTOR = "fazhi.inspections.selectors.public_task_results"


def draw_list(*, user, filters: Mapping | None = None) -> QuerySet[RandomDraw]:
    qs = RandomDraw.objects.visible_to(user).select_related("organization", "item").defer("inputs_blob")
    f = filters or {}
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if year := year_or_none(f.get("year")):
        qs = qs.filter(draw_date__year=year)
    if f.get("organization") and str(f["organization"]).isascii() and str(f["organization"]).isdigit():
        qs = qs.filter(organization_id=int(f["organization"]))
    return qs.order_by("-draw_date", "-pk")


def draw_get_for_user(*, user, draw_id) -> RandomDraw:
    try:
        return draw_list(user=user).get(pk=draw_id)
    except (RandomDraw.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def draw_recusals_for_user(*, user, draw: RandomDraw) -> QuerySet[DrawRecusal]:
    """The draw's recusal pairs (sensitive): the drawing department's scope and the legal office only."""
    return DrawRecusal.objects.visible_to(user).filter(draw=draw).select_related("officer", "entity")


def public_draw_list(*, year: int | None = None, organization_id: int | None = None) -> QuerySet[RandomDraw]:
    qs = RandomDraw.objects.public().select_related("organization", "item").defer("inputs_blob")
    if year := year_or_none(year):
        qs = qs.filter(draw_date__year=year)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return qs.order_by("-committed_at", "-pk")


def public_draw_get(*, draw_id) -> RandomDraw:
    try:
        return public_draw_list().select_related("item__catalogue_item", "previous_draw").get(pk=draw_id)
    except (RandomDraw.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class DrawPreview:
    """What a draw would draw from now: entities and targets per class, the pool, the first problem."""

    population: int
    classes: list[tuple[str, str, int, int]]  # (class, ratio, entities, targets)
    targets: int
    pool: int
    history: int
    previous: str
    problem: str


def draw_preview(
    *,
    organization,
    draw_date: dt.date,
    per_visit: int,
    ratios: Mapping[str, str],
    flt: PopulationFilter,
    recusals: Iterable[tuple[str, str]] = (),
) -> DrawPreview:
    """Read the registers as a commit would (nothing is written, no seed is drawn)."""
    from .services import live_problems

    try:
        live = inputs_for(
            organization=organization, draw_date=draw_date, per_visit=per_visit, ratios=dict(ratios), flt=flt,
            recusals=list(recusals),
        )
    except DrawInputError as exc:
        return DrawPreview(0, [], 0, 0, 0, "", str(exc))
    inputs = live.inputs
    sizes, per_class = inputs.class_sizes(), inputs.targets_per_class()
    problems = live_problems(inputs)
    return DrawPreview(
        population=len(inputs.population),
        classes=[(c, r, sizes[c], per_class[c]) for c, r in inputs.ratios],
        targets=sum(per_class.values()),
        pool=len(inputs.pool_ids()),
        history=len(inputs.history),
        previous=str(live.previous) if live.previous else "",
        problem="；".join(str(m) for m in problems.values()),
    )


@dataclass(frozen=True)
class TaskResult:
    """A task's result as the public page shows it."""

    status: str
    outcome: str
    completed_on: dt.date | None


def inspection_results(task_ids: Iterable[int]) -> dict[int, TaskResult] | None:
    """The results recorded for ``task_ids``, or None while the inspections module has no such selector.

    Expects ``fazhi.inspections.selectors.public_task_results(*, task_ids) -> {task id: result}``,
    each result with ``status`` (the visit's status, text), ``outcome`` (未发现问题 / 责令整改 /
    立案查处, "" until recorded) and ``completed_on`` (date or None), as attributes or keys.
    """
    try:
        from fazhi.inspections.selectors import public_task_results  # type: ignore[attr-defined]
    except ImportError:
        return None
    ids = [i for i in task_ids if i]
    if not ids:
        return {}
    out: dict[int, TaskResult] = {}
    for task_id, r in public_task_results(task_ids=ids).items():
        get = r.get if isinstance(r, Mapping) else lambda k, _r=r: getattr(_r, k, None)
        out[int(task_id)] = TaskResult(
            status=str(get("status") or ""), outcome=str(get("outcome") or ""), completed_on=get("completed_on")
        )
    return out
