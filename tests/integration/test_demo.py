"""The demo zone (SPEC §5) reproduces the report's 2024 figures from its own records.

The whole demo (every step of ``fazhi.demo.STEPS``) is built once for the module
and flushed afterwards; each test runs in a transaction that is rolled back, so
the tests only read it. The assertions here cover the foundation steps
(organizations, accounts, entities, officers, training, items) and the contract
every step keeps (audited, idempotent); later steps test their own records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

SEED = 2024
TODAY = dt.date(2026, 11, 26)
YEAR_END = dt.date(2024, 12, 31)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from fazhi.audit.context import audit_context
    from fazhi.demo import build

    with django_db_blocker.unblock():
        with audit_context(via="demo"):
            summary = build(seed=SEED, today=TODAY)
        yield summary
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def leader(demo):
    from fazhi.accounts.models import User

    return User.objects.get(username="leader")


@pytest.fixture
def team(demo):
    from fazhi.organizations.models import Organization

    return Organization.objects.get(name="综合行政执法队")


def test_entity_figures_reproduce_the_report(leader):
    """35,994 existing at the end of 2024, 4,726 new in 2024, +4.35 % on the year before."""
    from fazhi.entities.selectors import entity_figures

    f = entity_figures(user=leader, year=2024)
    assert (f.existing, f.registered, f.existing_previous) == (35_994, 4_726, 34_494)
    assert round(f.growth_rate * 100, 2) == 4.35


def test_entity_history_is_plausible(leader):
    """Every earlier year has registrations and closures, and the register grows every year."""
    from fazhi.entities.models import MarketEntity
    from fazhi.entities.selectors import entities_existing, entities_registered

    existing = [entities_existing(user=leader, day=dt.date(y, 12, 31)) for y in range(2015, 2025)]
    assert existing == sorted(existing)
    for year in range(2015, 2024):
        assert entities_registered(user=leader, year=year) > 2_000
        assert MarketEntity.objects.filter(status_changed_on__year=year).exists()
    closed = MarketEntity.objects.exclude(status="active")
    assert not closed.filter(status_changed_on__isnull=True).exists()


def test_entities_have_valid_codes_and_a_realistic_mix(demo):
    from fazhi.core.identifiers import uscc_is_valid
    from fazhi.entities.models import MarketEntity
    from fazhi.organizations.models import Organization

    rows = list(
        MarketEntity.objects.values_list(
            "uscc", "entity_type", "credit_risk_class", "no_disturbance", "street__kind", "status"
        )
    )
    assert all(uscc_is_valid(r[0]) for r in rows)
    assert len({r[0] for r in rows}) == len(rows)
    assert {r[4] for r in rows} == {"street"}
    types = Counter(r[1] for r in rows)
    assert types["company"] + types["individual_business"] > 0.8 * len(rows)
    active = [r for r in rows if r[5] == "active"]
    risk = Counter(r[2] for r in active)
    assert 0.30 < risk["A"] / len(active) < 0.40 and 0.03 < risk["D"] / len(active) < 0.08
    assert 0.01 < sum(r[3] for r in active) / len(active) < 0.03
    zone = Organization.objects.get(name="宁波高新区管委会")
    assert not MarketEntity.objects.exclude(organization=zone).exists()


def test_entities_are_a_function_of_the_seed(demo):
    """Generating the entities again from the seed gives exactly the stored rows."""
    from fazhi.demo.base import DemoContext
    from fazhi.demo.entities import generate_entities
    from fazhi.demo.zone import ZONE
    from fazhi.entities.models import MarketEntity
    from fazhi.organizations.models import Organization

    ctx = DemoContext(seed=SEED, today=TODAY)
    ctx.orgs = {
        s.key: Organization.objects.get(name=s.name)
        for s in ZONE
        if s.kind in ("government", "street")
    }
    fields = (
        "uscc",
        "name",
        "registered_on",
        "status",
        "status_changed_on",
        "credit_risk_class",
        "street_id",
    )
    again = [tuple(getattr(e, f) for f in fields) for e in generate_entities(ctx)]
    stored = list(MarketEntity.objects.order_by("pk").values_list(*fields)[: len(again)])
    assert again == stored


def test_penalty_items_claimed_by_the_enforcement_team(leader, team):
    from fazhi.enforcement.selectors import penalty_items_claimed

    assert penalty_items_claimed(user=leader, day=YEAR_END, organization=team) == 2_624
    assert penalty_items_claimed(user=leader, day=TODAY, organization=team) == 2_624


def test_inspection_items_for_the_other_bodies(demo):
    from fazhi.enforcement.models import EnforcementItem

    foundation = EnforcementItem.objects.filter(kind="inspection", code__contains="-JC-")
    per_body = Counter(foundation.values_list("organization__name", flat=True))
    assert len(per_body) == 8
    assert all(10 <= n <= 40 for n in per_body.values())
    versions = list(EnforcementItem.objects.values_list("organization_id", "code", "valid_from"))
    assert len(set(versions)) == len(versions)


def test_officers_certificates_and_training(leader):
    from fazhi.enforcement.models import EnforcementCertificate, Officer
    from fazhi.enforcement.selectors import certificates_expiring, officers_below_training

    officers = Officer.objects.all()
    assert 230 <= officers.count() <= 270
    assert not officers.filter(certificates__isnull=True).exists()
    assert all(
        c.organization.has_enforcement_authority
        for c in EnforcementCertificate.objects.select_related("organization")
    )
    assert len(certificates_expiring(user=leader, today=TODAY, within_days=30)) >= 5
    statuses = Counter(c.status_on(TODAY) for c in EnforcementCertificate.objects.all())
    assert statuses["expired"] >= 3 and statuses["suspended"] >= 1 and statuses["revoked"] >= 1
    assert statuses["valid"] > 0.9 * officers.count()
    below = officers_below_training(user=leader, year=2024)
    assert 0 < below < 0.2 * officers.count()
    assert Officer.objects.get(user__username="officer1").organization.name == "第一中队"


def test_accounts_one_per_role(demo):
    from fazhi.accounts.models import User

    roles = dict(User.objects.values_list("username", "role"))
    assert {
        "fzb": "legal_office",
        "zfd": "department_staff",
        "scjg": "department_staff",
        "officer1": "officer",
        "leader": "leadership",
    }.items() <= roles.items()
    assert demo.password and all(a.created for a in demo.accounts)
    assert [a.username for a in demo.accounts] == ["fzb", "zfd", "scjg", "officer1", "leader"]
    assert User.objects.get(username="fzb").check_password(demo.password)


def test_organization_tree_paths_are_consistent(demo):
    from fazhi.organizations.models import Organization

    orgs = {o.pk: o for o in Organization.objects.all()}
    for o in orgs.values():
        expected = (orgs[o.parent_id].path if o.parent_id else "/") + f"{o.pk:08d}/"
        assert o.path == expected, o.name
    zone = Organization.objects.get(name="宁波高新区管委会")
    assert [a.name for a in zone.ancestors()] == ["浙江省", "宁波市", "宁波高新区管委会"]
    assert Organization.objects.filter(path__startswith=zone.path).count() == len(orgs) - 2
    team = Organization.objects.get(name="综合行政执法队")
    assert team.case_number_prefix == "甬高新综执罚" and team.authority_basis
    assert team.children.filter(kind="team").count() == 3
    assert Organization.objects.filter(kind="street").count() == 3


def test_audit_chain_verifies_with_one_entry_per_record(demo):
    from fazhi.accounts.models import User
    from fazhi.audit.models import AuditEntry
    from fazhi.audit.services import audit_verify
    from fazhi.enforcement.models import (
        EnforcementCertificate,
        EnforcementItem,
        Officer,
        TrainingRecord,
    )
    from fazhi.entities.models import MarketEntity
    from fazhi.organizations.models import Organization

    assert audit_verify() is None
    models = {
        "organization": Organization,
        "user": User,
        "entity": MarketEntity,
        "officer": Officer,
        "certificate": EnforcementCertificate,
        "training": TrainingRecord,
        "item": EnforcementItem,
    }
    events = Counter(AuditEntry.objects.values_list("event", flat=True))
    for prefix, model in models.items():
        assert events[f"{prefix}.created"] == model.objects.count(), prefix
    for prefix, model in models.items():
        audited = set(
            AuditEntry.objects.filter(event=f"{prefix}.created").values_list("object_id", flat=True)
        )
        assert audited == {str(pk) for pk in model.objects.values_list("pk", flat=True)}, prefix
    created_events = [f"{prefix}.created" for prefix in models]
    assert not AuditEntry.objects.filter(event__in=created_events).exclude(data__demo=True).exists()
    # Every step runs in the demo's audit context, so every entry says where it came from.
    assert not AuditEntry.objects.exclude(data__via="demo").exists()
    assert not AuditEntry.objects.filter(event="user.created", changes__has_key="password").exists()


def test_second_build_creates_nothing(demo):
    from fazhi.audit.context import audit_context
    from fazhi.audit.models import AuditEntry
    from fazhi.demo import build

    before = AuditEntry.objects.count()
    with audit_context(via="demo"):
        again = build(seed=SEED, today=TODAY)
    assert again.created == 0
    assert all(step.skipped for step in again.steps)
    assert again.password is None
    assert AuditEntry.objects.count() == before
    assert again.figures == demo.figures


def test_build_refuses_another_seed_and_a_zone_it_did_not_build(demo, monkeypatch):
    from fazhi.demo import DemoError, build, zone
    from fazhi.organizations.models import Organization

    with pytest.raises(DemoError, match="--seed 2024"):
        build(seed=SEED + 1, today=TODAY)
    monkeypatch.setattr(zone, "ZONE_NAME", "另一管委会")
    Organization.objects.create(name="另一管委会", kind="government")
    with pytest.raises(DemoError, match="not created by 'fazhi demo'"):
        build(seed=SEED, today=TODAY)


def test_command_on_a_built_database_says_nothing_new(demo):
    out, err = StringIO(), StringIO()
    call_command("demo", stdout=out, stderr=err)
    text = out.getvalue()
    assert "nothing new" in text
    assert "35,994 existing" in text and "4,726 registered" in text and "+4.35 %" in text
    assert "2,624" in text
    for username in ("fzb", "zfd", "scjg", "officer1", "leader"):
        assert username in text
    assert "already built" in err.getvalue()
