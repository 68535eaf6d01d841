"""The demo zone behind ``fazhi demo`` (SPEC §5): a synthetic 宁波高新区 that reproduces the report.

``build(seed=…)`` runs ``STEPS`` in order, each in its own transaction, and
returns a ``DemoSummary``. Every step is deterministic given the seed and
``today`` (certificate expiry is dated from today), writes with
``bulk_create`` in batches, and appends one audit entry per record it creates.
A step whose records are already there writes nothing, so running the demo
again on a built database changes nothing.

Adding records for a later module (inspections, cases, disputes …): write a
module ``fazhi/demo/<records>.py`` with ``def build_<records>(ctx:
DemoContext) -> StepResult`` following ``fazhi.demo.base`` (own ``ctx.rng``,
skip when present, ``ctx.create`` for the writes) and append
``("<records>", build_<records>)`` to ``STEPS`` below.

This package is plain Python using the apps' models, not a Django app.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from fazhi.audit.context import audit_context
from fazhi.disputes.demo import build_disputes
from fazhi.draws.demo import build_draws
from fazhi.enforcement.demo import build_cases
from fazhi.inspections.demo import build_inspections

from .accounts import ACCOUNTS, build_accounts
from .base import DemoContext, DemoError, NullProgress, Progress, StepResult
from .entities import build_entities
from .items import build_items
from .officers import build_officers, build_training
from .zone import ZONE_NAME, build_organizations, find_zone

__all__ = [
    "STEPS",
    "DemoAccount",
    "DemoContext",
    "DemoError",
    "DemoFigures",
    "DemoSummary",
    "StepResult",
    "build",
    "demo_figures",
    "module_figures",
]

Step = Callable[[DemoContext], StepResult]

#: the steps, in order; later issues append theirs
STEPS: list[tuple[str, Step]] = [
    ("organizations", build_organizations),
    ("accounts", build_accounts),
    ("entities", build_entities),
    ("officers", build_officers),
    ("training", build_training),
    ("items", build_items),
    ("cases", build_cases),
    ("inspections", build_inspections),
    ("disputes", build_disputes),
    ("draws", build_draws),
]

#: the year whose report the demo reproduces
REPORT_YEAR = 2024


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    organization: str
    created: bool


@dataclass(frozen=True)
class DemoFigures:
    """The seed's figures as the selectors compute them from the demo's records."""

    year: int
    entities_existing: int
    entities_existing_previous: int
    entities_registered: int
    growth_rate: float | None
    officers: int
    officers_certified_today: int
    penalty_items_team: int


@dataclass
class DemoSummary:
    seed: int
    today: dt.date
    steps: list[StepResult] = field(default_factory=list)
    #: the password of the accounts created in this run; None when none was created
    password: str | None = None
    accounts: list[DemoAccount] = field(default_factory=list)
    figures: DemoFigures | None = None
    seconds: float = 0.0

    @property
    def created(self) -> int:
        return sum(s.total_created for s in self.steps)


def _check_database(seed: int) -> None:
    """Refuse to add demo records to a zone the demo did not build, or built from another seed."""
    from fazhi.audit.models import AuditEntry

    zone = find_zone()
    if zone is None:
        return
    entry = (
        AuditEntry.objects.filter(
            event="organization.created",
            object_type="organizations.organization",
            object_id=str(zone.pk),
        )
        .order_by("seq")
        .first()
    )
    data = entry.data if entry is not None else {}
    if not data.get("demo"):
        raise DemoError(
            f"{ZONE_NAME} exists in this database and was not created by 'fazhi demo'; "
            "build the demo in a database of its own (FAZHI_HOME or DATABASE_URL)"
        )
    if data.get("seed") != seed:
        raise DemoError(
            f"the demo in this database was built with --seed {data.get('seed')}; "
            f"run 'fazhi demo --seed {data.get('seed')}' or rebuild with 'fazhi demo --fresh --seed {seed}'"
        )


def build(
    *, seed: int = 2024, progress: Progress | None = None, today: dt.date | None = None
) -> DemoSummary:
    """Build (or complete) the demo zone and return what was done.

    Raises ``DemoError`` when the database holds a zone of the same name that the
    demo did not build, or one built from another seed.
    """
    started = time.monotonic()
    _check_database(seed)
    ctx = DemoContext(
        seed=seed, today=today or timezone.localdate(), progress=progress or NullProgress()
    )
    summary = DemoSummary(seed=seed, today=ctx.today)
    for name, step in STEPS:
        ctx.progress.step_started(name)
        t0 = time.monotonic()
        with transaction.atomic(), audit_context(via="demo"):
            result = step(ctx)
        result.seconds = time.monotonic() - t0
        ctx.progress.step_finished(result)
        summary.steps.append(result)
    summary.password = ctx.password
    summary.accounts = _accounts(created=ctx.shared.get("accounts_created", ()))
    summary.figures = demo_figures(today=ctx.today)
    summary.seconds = time.monotonic() - started
    return summary


def _accounts(*, created: Collection[str]) -> list[DemoAccount]:
    from fazhi.accounts.models import User

    users = User.objects.filter(username__in=[a.username for a in ACCOUNTS]).select_related(
        "organization"
    )
    by_name = {u.username: u for u in users}
    return [
        DemoAccount(
            username=u.username,
            full_name=u.full_name,
            role=u.get_role_display(),
            organization=u.organization.name if u.organization else "",
            created=u.username in created,
        )
        for a in ACCOUNTS
        if (u := by_name.get(a.username)) is not None
    ]


def demo_figures(*, year: int = REPORT_YEAR, today: dt.date | None = None) -> DemoFigures:
    """The report's figures computed by the selectors, as the demo's leadership account sees them."""
    from fazhi.accounts.models import User
    from fazhi.enforcement import selectors as enforcement
    from fazhi.enforcement.models import Officer
    from fazhi.entities import selectors as entities

    today = today or timezone.localdate()
    leader = User.objects.select_related("organization").get(username="leader")
    zone = find_zone()
    team = zone.children.get(name="综合行政执法队", voided_at__isnull=True) if zone else None
    f = entities.entity_figures(user=leader, year=year)
    return DemoFigures(
        year=year,
        entities_existing=f.existing,
        entities_existing_previous=f.existing_previous,
        entities_registered=f.registered,
        growth_rate=f.growth_rate,
        officers=Officer.objects.visible_to(leader).active().count(),
        officers_certified_today=enforcement.officers_certified(user=leader, day=today),
        penalty_items_team=enforcement.penalty_items_claimed(
            user=leader, day=dt.date(year, 12, 31), organization=team
        ),
    )


def module_figures(*, year: int = REPORT_YEAR) -> list[str]:
    """One line per module: the seed report's figures as each module's selectors compute them."""
    from fazhi.accounts.models import User
    from fazhi.disputes import selectors as disputes
    from fazhi.enforcement import selectors as enforcement
    from fazhi.inspections import selectors as inspections

    leader = User.objects.select_related("organization").get(username="leader")
    insp = inspections.inspection_figures(user=leader, year=year)
    rate = disputes.head_appearance_rate(user=leader, year=year)
    return [
        f"penalty cases filed in {year}: {enforcement.cases_filed(user=leader, year=year).count()}",
        f"inspections {year}: {insp.joint_visits} joint inspections, {insp.disturbances_avoided} disturbances avoided "
        f"({insp.tasks} tasks in {insp.visits} visits)",
        f"reconsideration {year}: {disputes.reconsideration_received(user=leader, year=year)} received, "
        f"{disputes.reconsideration_concluded(user=leader, year=year)} concluded, "
        f"{disputes.reconsideration_suspended(user=leader, year=year)} suspended, "
        f"{disputes.reconsideration_sued_after(user=leader, year=year)} sued after reconsideration; "
        f"{disputes.reconsideration_answered(user=leader, year=year)} answered as respondent",
        f"litigation {year}: {disputes.litigation_received(user=leader, year=year)} cases, "
        f"{disputes.litigation_concluded(user=leader, year=year)} concluded, head-of-agency appearance "
        + (f"{rate * 100:.0f} %" if rate is not None else "n/a"),
    ]
