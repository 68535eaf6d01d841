"""The demo's disputes reproduce the report's 2024 figures through the selectors (SPEC §5).

Builds only the steps the disputes need (organizations, accounts, disputes);
the full demo is exercised by tests/integration/test_demo.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.demo.accounts import build_accounts
from fazhi.demo.base import DemoContext
from fazhi.demo.zone import build_organizations
from fazhi.disputes import selectors as s
from fazhi.disputes.demo import build_disputes

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def demo():
    from fazhi.accounts.models import User

    ctx = DemoContext(seed=2024, today=TODAY)
    build_organizations(ctx)
    build_accounts(ctx)
    result = build_disputes(ctx)
    return type("Demo", (), {"ctx": ctx, "result": result, "leader": User.objects.get(username="leader"),
                             "zone": ctx.orgs["zone"]})


def test_2024_figures_of_the_report(demo):
    kw = {"user": demo.leader, "organization": demo.zone, "year": 2024}
    assert s.reconsideration_received(**kw) == 16
    assert s.reconsideration_concluded(**kw) == 15
    assert s.reconsideration_suspended(**kw) == 1
    assert s.reconsideration_sued_after(**kw) == 1
    assert s.reconsideration_answered(**kw) == 6
    assert s.litigation_received(**kw) == 21
    assert s.litigation_concluded(**kw) == 15
    assert s.head_appearance_rate(**kw) == 1.0
    assert s.head_appearance_required(**kw) > 0


def test_2023_exists_and_double_decline(demo):
    ind = s.dispute_indicators(user=demo.leader, organization=demo.zone, year=2024)
    prev = ind.previous
    assert prev.reconsideration_received == 19 and prev.reconsideration_concluded == 17
    assert prev.litigation_received == 21 and prev.litigation_concluded == 17
    assert prev.loss_rate == pytest.approx(3 / 17) and ind.current.loss_rate == pytest.approx(2 / 15)
    assert prev.appearance_rate is not None and prev.appearance_rate < 1
    assert prev.lawyer_only == 1
    assert ind.current.disputes_new < prev.disputes_new
    assert ind.double_decline is True


def test_demo_records_keep_the_statutory_periods(demo):
    """Every concluded case was decided within its period; every record has its history."""
    from fazhi.disputes.deadlines import litigation_deadlines, reconsideration_deadlines
    from fazhi.disputes.models import LitigationCase, ReconsiderationCase, StatusChange

    for case in ReconsiderationCase.objects.all():
        for d in reconsideration_deadlines(case):
            assert d.state(TODAY) in ("met", "suspended"), (case.number, d.key, d.deadline, d.met_on)
        assert StatusChange.objects.filter(reconsideration=case).exists()
    for case in LitigationCase.objects.all():
        answer = next(d for d in litigation_deadlines(case) if d.key == "answer")
        assert answer.state(TODAY) == "met", case.number
        if case.appealed_on:
            appeal = next(d for d in litigation_deadlines(case) if d.key == "appeal")
            assert appeal.state(TODAY) == "met", case.number
        for later in case.later_stages.all():
            assert later.complaint_received_on > case.appealed_on
        assert StatusChange.objects.filter(litigation=case).exists()


def test_demo_is_deterministic_and_idempotent(demo):
    again = build_disputes(demo.ctx)
    assert again.skipped
    assert demo.result.created["reconsideration"] == 19 + 5 + 16 + 6
