"""The demo's penalty cases: the report's 131 comes out of the selector, every state, valid records.

Runs the demo steps the cases need (organizations, accounts, officers, items,
cases) without the 56,000 market entities: the case step then names its
parties itself, which keeps this module fast.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

TODAY = dt.date(2026, 11, 26)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.core.management import call_command
    from django.db import transaction

    from fazhi.audit.context import audit_context
    from fazhi.demo import DemoContext
    from fazhi.demo.accounts import build_accounts
    from fazhi.demo.items import build_items
    from fazhi.demo.officers import build_officers
    from fazhi.demo.zone import build_organizations
    from fazhi.enforcement.demo import build_cases

    with django_db_blocker.unblock():
        ctx = DemoContext(seed=2024, today=TODAY)
        results = {}
        with audit_context(via="demo"):
            for step in (build_organizations, build_accounts, build_officers, build_items, build_cases):
                with transaction.atomic():
                    results[step.__name__] = step(ctx)
        yield ctx, results
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def leader(demo):
    from fazhi.accounts.models import User

    return User.objects.get(username="leader")


def test_131_cases_filed_in_2024_come_out_of_the_selector(leader):
    """The report: 共办理行政处罚案件131件 (口径: cases filed in the year)."""
    from fazhi.enforcement.selectors import case_statistics, cases_filed

    filed = cases_filed(user=leader, year=2024)
    assert filed.count() == 131
    assert Counter(filed.values_list("organization__name", flat=True)) == {
        "综合行政执法队": 105, "市场监管分局": 16, "应急管理局": 10}
    assert cases_filed(user=leader, year=2023).count() == 118
    stats = case_statistics(user=leader, year=2024)
    assert stats["filed"] == 131 and stats["summary"] == 23 and stats["not_filed"] == 14
    assert stats["transferred"] == 8 and stats["hearings"] >= 2 and stats["legal_reviews"] >= 20


def test_every_state_and_the_mechanisms_appear(demo):
    from fazhi.enforcement.constants import CaseStatus
    from fazhi.enforcement.models import (
        CasePayment,
        CaseStep,
        CaseSuspension,
        EvidenceFile,
        PenaltyCase,
    )

    assert set(PenaltyCase.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    kinds = set(CaseStep.objects.values_list("kind", flat=True))
    assert {"inquiry", "inspection", "hearing_held", "legal_review", "collective_discussion", "statement"} <= kinds
    assert CasePayment.objects.exists() and CaseSuspension.objects.exists() and EvidenceFile.objects.exists()
    assert PenaltyCase.objects.filter(transfer_kind="judicial").exists()
    assert PenaltyCase.objects.exclude(withdrawal_source="").count() == 2


def test_a_few_overdue_and_some_due_soon(leader):
    from fazhi.enforcement.selectors import cases_due_within, cases_overdue

    overdue = list(cases_overdue(user=leader, today=TODAY))
    assert 3 <= len(overdue) <= 8
    assert {c.next_deadline_rule for c in overdue} == {"penalty.decision", "penalty.payment"}
    assert cases_due_within(user=leader, today=TODAY, days=30).count() >= 8


def test_every_record_chain_verifies_and_numbers_are_unique(demo):
    from fazhi.enforcement.models import CaseNumberCounter, PenaltyCase
    from fazhi.enforcement.services import case_record_verify

    for case in PenaltyCase.objects.all():
        assert case_record_verify(case) is None, case.number
    numbered = PenaltyCase.objects.exclude(number="")
    assert numbered.values("number").distinct().count() == numbered.count()
    for counter in CaseNumberCounter.objects.all():
        serials = PenaltyCase.objects.filter(organization_id=counter.organization_id, year=counter.year)
        assert sorted(serials.values_list("serial", flat=True)) == list(range(1, counter.last_serial + 1))


def test_one_audit_entry_per_case_and_a_second_run_writes_nothing(demo):
    from fazhi.audit.models import AuditEntry
    from fazhi.enforcement.demo import build_cases
    from fazhi.enforcement.models import PenaltyCase

    ctx, results = demo
    assert AuditEntry.objects.filter(event="case.created").count() == PenaltyCase.objects.count()
    assert results["build_cases"].created["penalty_cases"] == PenaltyCase.objects.count()
    again = build_cases(ctx)
    assert again.skipped


def test_items_of_the_acts_are_valid_on_the_day_of_the_act(demo):
    from fazhi.enforcement.models import PenaltyCase

    for case in PenaltyCase.objects.select_related("item").exclude(status="lead"):
        assert case.item.organization_id == case.organization_id
        assert case.item.is_valid_on(case.act_date), case.number
