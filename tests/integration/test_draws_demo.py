"""The demo's 2024 random draws: two per department, committed before they ran, re-verifiable.

Built on the demo steps they stand on (organizations … inspections, whose item
list they draw for); the zone is built once for the module and flushed after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

import pytest

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)
STEPS = ("organizations", "accounts", "entities", "officers", "items", "inspections", "draws")


def build_part(**kwargs):
    import fazhi.demo as demo_package

    steps = demo_package.STEPS
    demo_package.STEPS = [s for s in steps if s[0] in STEPS]
    try:
        return demo_package.build(**kwargs)
    finally:
        demo_package.STEPS = steps


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    from fazhi.audit.context import audit_context

    with django_db_blocker.unblock(), audit_context(via="demo"):
        summary = build_part(seed=2024, today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def draws(demo):
    from fazhi.draws.models import RandomDraw

    return list(RandomDraw.objects.select_related("organization").order_by("organization__path", "draw_date"))


def test_two_published_2024_draws_per_department(demo, draws):
    from fazhi.draws.demo import PLAN, RATIOS

    step = next(s for s in demo.steps if s.name == "draws")
    assert step.created["draws"] == len(draws) == 2 * len(PLAN)
    assert len({d.organization_id for d in draws}) == len(PLAN)
    assert len({d.reference for d in draws}) == len(draws)
    for d in draws:
        assert d.status == "published" and d.draw_date.year == 2024
        assert d.ratios == RATIOS and d.per_visit == 2 and d.targets_count > 0
        assert d.committed_at < d.drawn_at == d.revealed_at
        assert d.committed_at.year == 2024


def test_each_draw_reveals_its_committed_seed_and_frozen_inputs(draws):
    from fazhi.core.draw_snapshot import decode

    for d in draws:
        assert hashlib.sha256(d.seed.encode()).hexdigest() == d.seed_commitment
        inputs = decode(d.inputs_blob)
        assert inputs.input_hash() == d.input_hash == d.public_input_hash  # the demo has no recusals
        assert len(inputs.population) == d.population_count


def test_each_draw_reverifies_from_its_public_download(draws):
    import io
    import zipfile

    from django.test import Client

    from fazhi.core.draw_snapshot import decode

    c = Client()
    for d in draws[:4]:
        with zipfile.ZipFile(io.BytesIO(c.get(f"/draws/public/{d.pk}/inputs.zip").content)) as z:
            rows = [tuple(line.split(",")) for line in z.read("draw.csv").decode().splitlines()[1:]]
        assert decode(d.inputs_blob).verify(rows, d.seed, with_recusals=False) is None


def test_the_second_draw_keeps_officers_away_from_the_first_draws_enterprises(draws):
    by_org = {}
    for d in draws:
        by_org.setdefault(d.organization_id, []).append(d)
    for first, second in by_org.values():
        assert second.previous_draw_id == first.pk
        before = {(o, t.uscc) for t in first.targets.all() for o in t.officer_ids.split(";")}
        after = {(o, t.uscc) for t in second.targets.all() for o in t.officer_ids.split(";")}
        assert second.history_count == len(before) and not before & after


def test_the_targets_became_2024_random_draw_tasks(draws):
    from fazhi.inspections.models import InspectionTask

    for d in draws:
        tasks = InspectionTask.objects.filter(approval_reference=d.reference)
        assert tasks.count() == d.targets_count == d.targets.filter(task__isnull=False).count()
        assert set(tasks.values_list("source", flat=True)) == {"random_draw"}
        assert all(t.earliest.year == 2024 for t in tasks)


def test_the_seeds_come_from_the_demo_seed():
    from fazhi.draws.models import RandomDraw

    rng = random.Random("fazhi-demo:2024:draws")
    expected = [f"{rng.getrandbits(256):064x}" for _ in range(RandomDraw.objects.count())]
    assert list(RandomDraw.objects.order_by("committed_at", "pk").values_list("seed", flat=True)) != []
    assert sorted(RandomDraw.objects.values_list("seed", flat=True)) == sorted(expected)


def test_the_inspection_figures_of_the_report_are_untouched(demo):
    """21 joint inspections and 302 disturbances avoided: the draws' tasks are not on any completed visit."""
    from fazhi.accounts.models import User
    from fazhi.inspections.selectors import inspection_figures

    f = inspection_figures(user=User.objects.get(username="leader"), year=2024)
    assert (f.joint_visits, f.disturbances_avoided) == (21, 302)


def test_building_again_changes_nothing(demo):
    from fazhi.audit.context import audit_context
    from fazhi.draws.models import RandomDraw

    n = RandomDraw.objects.count()
    with audit_context(via="demo"):
        again = build_part(seed=2024, today=TODAY)
    assert next(s for s in again.steps if s.name == "draws").skipped and RandomDraw.objects.count() == n
