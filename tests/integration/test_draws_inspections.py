"""Random draws → inspection tasks → visits → public results (issue 6: “the selected visits become
inspection tasks (they then go through coordination, gates and codes like any other task), and the
result page is public. Results of the inspections are published on the same page when recorded.”)

* the officers a draw picks for a target go with its task (``TaskOfficer``) and become the
  officers of the visit that carries it (a coordination run issued, a visit scheduled from tasks);
* the gates still check their certificates when the visit opens;
* ``fazhi.inspections.selectors.public_task_results`` gives the draw's public page each task's
  status, outcome label and completion date, and nothing else;
* an officer outside the task's department subtree is refused, naming the officer and the rule.

The world is ``drawable`` of tests/integration/test_draws.py (its fixtures are imported).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.core.identifiers import mask_name
from tests.integration import test_draws as world
from tests.integration.test_draws import committed, drawn, today

pytestmark = pytest.mark.django_db

# the world of tests/integration/test_draws.py, as fixtures of this module too
drawable = world.drawable
years = world.years


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def drawn_ids(target) -> list[int]:
    return [int(x) for x in target.officer_ids.split(";")]


def issued_run(zone, users, draw):
    from fazhi.inspections import services

    run = services.coordination_run_create(
        organization=zone.legal, period_start=draw.window_start, period_end=draw.window_end, actor=users.legal,
        capacity={zone.market.pk: 40},
    )
    return services.coordination_run_issue(run=run, actor=users.legal)


def carry_out(visit, actor, *, outcome="rectification_ordered", findings="进货查验记录缺失"):
    from fazhi.inspections import services
    from fazhi.inspections.services.records import checklist_template

    day = visit.window_start
    services.visit_open(visit=visit, actor=actor, today=day)
    services.visit_arrive(visit=visit, actor=actor, at=at(day, 9))
    services.visit_record_save(
        visit=visit, actor=actor, left_at=at(day, 11),
        checklist_results=[{"task": r["task"], "index": r["index"], "result": "problem"} for r in checklist_template(visit)],
        officers_present=list(visit.officers.values_list("officer_id", flat=True)), outcome=outcome, findings=findings,
        rectification_deadline=day + dt.timedelta(days=15),
    )
    return services.visit_complete(visit=visit, actor=actor)


class TestDrawnOfficersGoWithTheTask:
    def test_a_draw_run_creates_tasks_carrying_the_drawn_officers(self, zone, users, drawable):
        from fazhi.inspections.models import TaskOfficer

        draw = drawn(zone, users, drawable)
        targets = list(draw.targets.select_related("task").order_by("position"))
        assert targets and all(t.task_id for t in targets)
        for t in targets:
            rows = TaskOfficer.objects.filter(task=t.task).order_by("position")
            assert [r.officer_id for r in rows] == drawn_ids(t)  # the draw's order
            assert set(t.task.assigned_officers.values_list("pk", flat=True)) == set(drawn_ids(t))
        entry = AuditEntry.objects.filter(event="inspection.task_created", object_id=str(targets[0].task_id)).get()
        assert entry.data["officers"] == drawn_ids(targets[0])

    def test_an_issued_coordination_runs_visits_get_those_officers(self, zone, users, drawable):
        draw = drawn(zone, users, drawable)
        run = issued_run(zone, users, draw)
        visits = list(run.visits.filter(voided_at__isnull=True))
        assert visits and all(v.status == "scheduled" for v in visits)
        for v in visits:
            expected = {oid for t in draw.targets.filter(task__visit=v) for oid in drawn_ids(t)}
            assert set(v.officers.values_list("officer_id", flat=True)) == expected
            assert set(v.officers.values_list("organization_id", flat=True)) == {zone.market.pk}
            entry = AuditEntry.objects.filter(
                event="inspection.visit_officers_assigned", object_type="inspections.visit", object_id=str(v.pk)).get()
            assert entry.data["from_tasks"] and set(entry.data["officers"]) == expected

    def test_a_visit_scheduled_from_tasks_gets_the_union_of_their_officers(self, zone, users, drawable):
        from fazhi.inspections import services

        entity = drawable.entities[0]
        m = drawable.market_officers
        day = today() + dt.timedelta(days=3)
        kw = dict(entity=entity, department=zone.market, item=drawable.food, earliest=day, latest=day + dt.timedelta(days=9),
                  actor=users.market_staff)
        t1 = services.task_create_from_draw(draw_reference="测试双随机〔2099〕1号", officers=[m[0], m[1]], **kw)
        t2 = services.task_create_from_draw(draw_reference="测试双随机〔2099〕2号", officers=[m[1], m[2]], **kw)
        visit = services.visit_schedule(tasks=[t1, t2], window_start=day, window_end=day, actor=users.market_staff)
        assert list(visit.officers.order_by("pk").values_list("officer_id", flat=True)) == [m[0].pk, m[1].pk, m[2].pk]

    def test_officers_set_by_hand_are_kept(self, zone, users, drawable):
        from fazhi.inspections import services

        draw = drawn(zone, users, drawable)
        run = services.coordination_run_create(
            organization=zone.legal, period_start=draw.window_start, period_end=draw.window_end, actor=users.legal,
            capacity={zone.market.pk: 40},
        )
        services.coordination_run_issue(run=run, actor=users.legal)
        visit = run.visits.filter(voided_at__isnull=True).first()
        chosen = [o for o in drawable.market_officers[:6]
                  if o.pk not in set(visit.officers.values_list("officer_id", flat=True))][:2]
        services.visit_officers_set(visit=visit, officers=chosen, actor=users.market_staff)
        services.visit_officers_default(visits=[visit], actor=users.legal)
        assert set(visit.officers.values_list("officer_id", flat=True)) == {o.pk for o in chosen}

    def test_the_gates_still_check_the_drawn_officers_certificates_when_the_visit_opens(self, zone, users, drawable):
        from fazhi.enforcement.models import EnforcementCertificate
        from fazhi.inspections import services

        draw = drawn(zone, users, drawable)
        run = issued_run(zone, users, draw)
        visit = run.visits.filter(voided_at__isnull=True).first()
        officer = visit.officers.select_related("officer").first().officer
        EnforcementCertificate.objects.filter(officer=officer).update(status="suspended")
        with pytest.raises(ValidationError) as exc:
            services.visit_open(visit=visit, actor=users.market_staff, today=visit.window_start)
        assert officer.name in str(exc.value.message_dict["gates"])
        visit.refresh_from_db()
        assert visit.status == "scheduled" and not visit.codes.exists()


class TestPublicResults:
    def test_recording_the_visit_shows_its_outcome_on_the_public_draw_page(self, zone, users, drawable):
        from fazhi.draws.selectors import inspection_results
        from fazhi.inspections.selectors import public_task_results

        draw = drawn(zone, users, drawable)
        c = Client()
        page = c.get(f"/draws/public/{draw.pk}/").content.decode()
        assert "待记录" in page and "责令整改" not in page
        run = issued_run(zone, users, draw)
        visit = run.visits.filter(voided_at__isnull=True).order_by("window_start", "pk").first()
        carry_out(visit, users.market_staff)
        target = draw.targets.get(task__visit=visit)
        completed_on = timezone.localtime(visit.record.completed_at).date()

        results = public_task_results(task_ids=[t.task_id for t in draw.targets.all()])
        assert results[target.task_id] == {"status": "已完成", "outcome": "责令整改", "completed_on": completed_on}
        others = [r for pk, r in results.items() if pk != target.task_id]
        assert others and all(r == {"status": "已排期", "outcome": "", "completed_on": None} for r in others)
        # the draws app reads exactly these keys
        seen = inspection_results([target.task_id])[target.task_id]
        assert (seen.status, seen.outcome, seen.completed_on) == ("已完成", "责令整改", completed_on)

        page = c.get(f"/draws/public/{draw.pk}/").content.decode()
        assert f"责令整改（{completed_on:%Y-%m-%d}）" in page and "已排期" in page
        assert "进货查验记录缺失" not in page  # findings stay inside
        for vo in visit.officers.select_related("officer"):
            assert vo.officer.name not in page and mask_name(vo.officer.name) in page
        api = Client().get(f"/api/draws/public/{draw.pk}/").json()
        row = next(t for t in api["targets"] if t["uscc"] == target.uscc)
        assert row["result"] == {"status": "已完成", "outcome": "责令整改", "completed_on": completed_on.isoformat()}

    def test_a_task_not_yet_scheduled_or_voided(self, zone, users, drawable):
        from fazhi.inspections import services
        from fazhi.inspections.selectors import public_task_results

        draw = drawn(zone, users, drawable)
        first, second = draw.targets.order_by("position")[:2]
        services.inspection_task_void(task=second.task, actor=users.market_staff, reason="企业已迁出本区")
        results = public_task_results(task_ids=[first.task_id, second.task_id, 10**9])
        assert results == {
            first.task_id: {"status": "", "outcome": "", "completed_on": None},
            second.task_id: {"status": "任务已撤销", "outcome": "", "completed_on": None},
        }


class TestRefusals:
    def test_an_officer_outside_the_department_is_refused_and_nothing_is_written(self, zone, users, officers, drawable):
        from fazhi.inspections import services
        from fazhi.inspections.models import InspectionTask, TaskOfficer

        day = today() + dt.timedelta(days=3)
        before = (InspectionTask.objects.count(), TaskOfficer.objects.count(), AuditEntry.objects.count())
        with pytest.raises(ValidationError) as exc:
            services.task_create_from_draw(
                draw_reference="市场监管双随机〔2099〕1号", entity=drawable.entities[0], department=zone.market,
                item=drawable.food, earliest=day, latest=day + dt.timedelta(days=9), actor=users.market_staff,
                officers=[drawable.market_officers[0], officers.team],
            )
        message = " ".join(exc.value.message_dict["officers"])
        assert officers.team.name in message and "第四十二条" in message and str(zone.market) in message
        assert drawable.market_officers[0].name not in message
        assert (InspectionTask.objects.count(), TaskOfficer.objects.count(), AuditEntry.objects.count()) == before

    def test_an_officer_of_a_unit_under_the_department_is_accepted(self, zone, users, drawable):
        from fazhi.inspections import services

        day = today() + dt.timedelta(days=3)
        wang2 = drawable.team_officers[1]  # 一中队, under 执法队
        task = services.inspection_task_create(
            plan_or_none=None, entity=drawable.entities[0], department=zone.team, item=drawable.gas, earliest=day,
            latest=day + dt.timedelta(days=9), officers_needed=2, source="random_draw", approval_reference="执法队双随机〔2099〕1号",
            actor=users.team_staff, officers=drawable.team_officers,
        )
        assert set(task.assigned_officers.values_list("pk", flat=True)) == {o.pk for o in drawable.team_officers}
        assert wang2.organization_id == zone.squad.pk

    def test_a_drawn_officer_moved_out_of_the_department_leaves_the_rule_on_the_target(self, zone, users, drawable):
        from fazhi.draws import services
        from fazhi.enforcement.models import Officer

        draw = committed(zone, users, drawable)
        moved = drawable.market_officers[1]
        Officer.objects.filter(pk=moved.pk).update(organization=zone.team)
        draw = services.draw_run(draw=draw, actor=users.market_staff)
        hit = [t for t in draw.targets.all() if moved.pk in drawn_ids(t)]
        assert hit, "the pool of six draws every officer"
        for t in hit:
            assert t.task_id is None and moved.name in t.task_problem and "第四十二条" in t.task_problem
        assert all(t.task_id for t in draw.targets.all() if moved.pk not in drawn_ids(t))
