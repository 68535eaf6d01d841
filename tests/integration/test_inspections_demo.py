"""The demo's 2024 inspections reproduce the report from raw records: 21 joint inspections, 302 disturbances avoided.

The figures are computed by ``selectors.inspection_figures`` over the visits the
demo wrote (joint inspection = a visit carrying tasks of ≥ 2 departments;
disturbances avoided = tasks − visits), and the coordination run behind most of
them is the engine's own result, stored as it came.
"""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)
#: the demo steps the inspections step stands on, and itself (other modules' steps are not needed here)
STEPS = ("organizations", "accounts", "entities", "officers", "items", "inspections")


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
    from fazhi.audit.context import audit_context

    with django_db_blocker.unblock(), audit_context(via="demo"):
        summary = build_part(seed=2024, today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def test_the_report_figures_come_out_of_the_records(demo):
    from fazhi.accounts.models import User
    from fazhi.inspections import selectors

    leader = User.objects.get(username="leader")
    f = selectors.inspection_figures(user=leader, year=2024)
    assert (f.joint_visits, f.disturbances_avoided) == (21, 302)
    assert f.tasks - f.visits == 302 and f.visits > 1000
    assert selectors.joint_visits(user=leader, year=2024).count() == 21
    previous = selectors.inspection_figures(user=leader, year=2023)  # the year before coordination, for comparison
    assert 0 < previous.joint_visits < 21 and 0 < previous.disturbances_avoided < 302


def test_the_run_is_the_engines_result_with_its_bound_and_explanations(demo):
    from fazhi.inspections.models import CoordinationRun, Visit
    from fazhi.inspections.selectors import run_figures

    run = CoordinationRun.objects.get()
    assert run.status == "issued" and run.late == []
    assert run.visits_count == run.lower_bound  # the engine reached the proven minimum
    assert run.tasks_count - run.visits_count == run.disturbances_avoided
    current = run_figures(run)
    invitation_joint = Visit.objects.filter(invitation__isnull=False, status="completed").count()
    assert current.joint_visits + invitation_joint == 21
    assert any("联合检查" in line for lines in run.explanations.values() for line in lines)


def test_plans_items_invitations_codes_records_ratings_and_findings_exist(demo):
    from fazhi.inspections.models import (
        Finding,
        InspectionCode,
        InspectionItem,
        InspectionPlan,
        InspectionRecord,
        InspectionTask,
        Invitation,
        Rating,
    )

    assert InspectionItem.objects.filter(status="published").count() > 100
    assert InspectionPlan.objects.filter(status="approved", period_start__year=2024).count() == 8
    assert set(InspectionTask.objects.values_list("source", flat=True)) == {"plan", "random_draw", "invitation", "complaint"}
    assert set(Invitation.objects.values_list("status", flat=True)) == {"completed", "declined", "submitted"}
    assert InspectionCode.objects.filter(kind="N").count() == 30
    assert InspectionRecord.objects.filter(outcome="rectification_ordered", rectification_deadline__isnull=False).exists()
    assert InspectionRecord.objects.exclude(case_number="").exists()
    assert 200 < Rating.objects.count() < 800
    rules = set(Finding.objects.values_list("rule", flat=True))
    assert {"no_code", "record_incomplete", "no_record", "repeated", "no_certificate", "no_disturbance", "disguised"} <= rules
    assert 20 <= Finding.objects.count() <= 120
    assert Finding.objects.filter(status="opinion_issued").exclude(opinion_reference="").exists()


def test_codes_verify_and_a_department_sees_no_single_rating(demo):
    from fazhi.accounts.models import User
    from fazhi.inspections import selectors
    from fazhi.inspections.models import InspectionCode

    code = InspectionCode.objects.filter(visit__status="completed", kind="E").first()
    assert selectors.public_code_view(code.code, today=code.expires_on).valid
    assert not selectors.public_code_view(code.code, today=TODAY).valid  # expired since
    scjg = User.objects.get(username="scjg")
    assert not selectors.rating_list(user=scjg).exists()
    assert all(d.count == 0 or d.count >= 5 for d in selectors.rating_summary(user=scjg, year=2024, today=TODAY))


def test_the_demo_officer_has_visits_to_open_today(demo):
    from fazhi.accounts.models import User
    from fazhi.inspections import selectors
    from fazhi.inspections.services.visits import visit_gates

    officer = User.objects.get(username="officer1")
    upcoming = selectors.visit_list(user=officer, filters={"mine": True, "status": "scheduled"})
    assert upcoming.count() == 2
    assert all(visit_gates(v) == () for v in upcoming)


def test_building_again_changes_nothing(demo):
    from fazhi.inspections.models import Visit

    before = Visit.objects.count()
    again = build_part(seed=2024, today=TODAY)
    assert next(s for s in again.steps if s.name == "inspections").skipped
    assert Visit.objects.count() == before
