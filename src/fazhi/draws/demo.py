"""Demo step ``draws``: two 2024 random draws (双随机抽查) per department, committed, run and published.

For each body with enforcement authority that has a published inspection item
(the inspections demo step publishes them; a department without one is
skipped and counted), two draws over the same population — a street and a
GB/T 4754 division fitting the department — with the ratios A=0.02, B=0.05,
C=0.2, D=0.5, two officers per visit, the commitment published three days
before the draw date and the draw run on it. The second draw takes the first
one's pairs as its history, so nobody is sent back to the same enterprise.
The drawn targets become inspection tasks of 2024 through the inspections
service, exactly as in the web app.

Deterministic: the seeds come from ``ctx.rng("draws")`` (a demo's seeds are
reproducible by design; a real draw's come from ``secrets``). The draws are
written through the same helpers as the services (``commit_inputs``,
``run_committed``) with the demo's own timestamps, and audited with the demo's
marker. A database that already has draws in the zone is left alone.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fazhi.demo.base import DemoContext, StepResult
from fazhi.inspections.models import InspectionItem

from .inputs import PopulationFilter, inputs_for
from .models import RandomDraw
from .services import _audit, _record, commit_inputs, live_problems, results_due, run_committed

RATIOS = {"A": "0.02", "B": "0.05", "C": "0.2", "D": "0.5"}
SHANGHAI = ZoneInfo("Asia/Shanghai")

#: department key (fazhi.demo.zone) → (street key or None, industry prefix, first and second draw dates)
PLAN: dict[str, tuple[str | None, str, dt.date, dt.date]] = {
    "enforcement_team": ("street_juxian", "K70", dt.date(2024, 4, 15), dt.date(2024, 10, 14)),
    "market": (None, "C27", dt.date(2024, 3, 18), dt.date(2024, 9, 9)),
    "emergency": ("street_juxian", "C38", dt.date(2024, 5, 13), dt.date(2024, 11, 4)),
    "fire": (None, "G59", dt.date(2024, 4, 8), dt.date(2024, 10, 21)),
    "ecology": (None, "C26", dt.date(2024, 6, 3), dt.date(2024, 11, 18)),
    "health": ("street_meixu", "O80", dt.date(2024, 3, 25), dt.date(2024, 9, 23)),
    "hrss": ("street_xinming", "L72", dt.date(2024, 5, 20), dt.date(2024, 11, 11)),
    "housing": (None, "E50", dt.date(2024, 4, 22), dt.date(2024, 10, 28)),
}
WINDOW_DAYS = 45
COMMIT_DAYS_BEFORE = 3


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def build_draws(ctx: DemoContext) -> StepResult:
    zone = ctx.orgs["zone"]
    existing = RandomDraw.objects.filter(organization__path__startswith=zone.path).count()
    if existing:
        return ctx.skipped("draws", draws=existing)
    rng = ctx.rng("draws")
    ctx.total(2 * len(PLAN))
    draws = targets = tasks = skipped = 0
    for key, (street_key, industry, *days) in PLAN.items():
        org = ctx.orgs[key]
        item = InspectionItem.objects.published().filter(organization=org).order_by("code").first()
        if item is None:
            skipped += 1
            ctx.advance(2)
            continue
        flt = PopulationFilter(street_id=ctx.orgs[street_key].pk if street_key else None, industry_prefix=industry)
        for n, day in enumerate(days, start=1):
            window_start = day + dt.timedelta(days=1)
            window_end = min(day + dt.timedelta(days=WINDOW_DAYS), dt.date(day.year, 12, 31))
            live = inputs_for(organization=org, draw_date=day, per_visit=2, ratios=RATIOS, flt=flt, recusals=[])
            if live_problems(live.inputs):
                skipped += 1
                ctx.advance(1)
                continue
            draw = RandomDraw(
                organization=org,
                title=f"{item.name}双随机抽查（{day.year}年第{n}次）",
                item=item,
                draw_date=day,
                window_start=window_start,
                window_end=window_end,
                per_visit=2,
                ratios=RATIOS,
                population_filter=flt.as_json(),
                results_due=results_due(window_end),
            )
            draw.full_clean()
            draw.save()
            prepared_at = _at(day - dt.timedelta(days=COMMIT_DAYS_BEFORE + 1), 16)
            _record(draw, previous="", action="prepare", actor=None, at=prepared_at)
            _audit("draw.prepared", draw, actor=None, before=None, data=ctx.audit_data)
            seed = f"{rng.getrandbits(256):064x}"
            commit_inputs(
                draw, live, actor=None, at=_at(day - dt.timedelta(days=COMMIT_DAYS_BEFORE), 9, 30), seed=seed,
                data=ctx.audit_data,
            )
            run_committed(draw, actor=None, at=_at(day, 10), data=ctx.audit_data)
            draws += 1
            targets += draw.targets_count
            tasks += draw.targets.filter(task__isnull=False).count()
            ctx.advance(1)
    created = {"draws": draws, "draw_targets": targets, "inspection_tasks": tasks}
    if skipped:
        return StepResult("draws", created=created, existing={"draws_skipped_no_item_or_pool": skipped})
    return StepResult("draws", created=created)
