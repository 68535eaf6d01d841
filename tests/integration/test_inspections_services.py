"""Inspection services: plans and tasks, coordination, gates (each rule refuses; override audited),
codes, records, invitations, ratings and supervision — state, history and audit entry each time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.inspections import selectors, services
from fazhi.inspections.models import (
    Finding,
    GateOverride,
    InspectionTask,
    Invitation,
    Visit,
)
from tests.integration.test_inspections_world import DAY, WINDOW

pytest_plugins = ["tests.integration.test_inspections_world"]

pytestmark = pytest.mark.django_db


def events(obj) -> list[str]:
    return list(AuditEntry.objects.for_object(obj).order_by("seq").values_list("event", flat=True))


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def open_visit(visit, actor, **kw):
    return services.visit_open(visit=visit, actor=actor, today=visit.window_start, **kw)


class TestPlansAndTasks:
    def test_a_window_that_ends_before_it_starts_is_refused_and_nothing_is_written(self, world, zone, users):
        plan = services.plan_create(organization=zone.team, title="专项", period_start=dt.date(2024, 1, 1),
                                    period_end=dt.date(2024, 12, 31), actor=users.team_staff)
        before = InspectionTask.objects.count()
        with pytest.raises(ValidationError) as exc:
            services.inspection_task_create(plan_or_none=plan, entity=world.e3, department=zone.team, item=world.gas,
                                            earliest=dt.date(2024, 6, 10), latest=dt.date(2024, 6, 1), officers_needed=2,
                                            source="plan", actor=users.team_staff)
        assert "不能早于开始日期" in exc.value.message_dict["latest"][0]
        assert InspectionTask.objects.count() == before

    def test_an_unpublished_item_cannot_be_planned(self, world, zone, users):
        plan = services.plan_create(organization=zone.market, title="专项", period_start=dt.date(2024, 1, 1),
                                    period_end=dt.date(2024, 12, 31), actor=users.market_staff)
        with pytest.raises(ValidationError) as exc:
            services.inspection_task_create(plan_or_none=plan, entity=world.e3, department=zone.market, item=world.draft,
                                            earliest=WINDOW[0], latest=WINDOW[1], officers_needed=2, source="plan",
                                            actor=users.market_staff)
        assert "未公布" in exc.value.message_dict["item"][0]

    def test_a_department_cannot_plan_for_another(self, world, zone, users):
        with pytest.raises(PermissionDenied):
            services.plan_create(organization=zone.team, title="x", period_start=dt.date(2024, 1, 1),
                                 period_end=dt.date(2024, 12, 31), actor=users.market_staff)

    def test_only_the_legal_office_approves_and_a_return_needs_a_reason(self, world, zone, users):
        plan = services.plan_create(organization=zone.team, title="专项", period_start=dt.date(2024, 1, 1),
                                    period_end=dt.date(2024, 12, 31), actor=users.team_staff)
        with pytest.raises(ValidationError):
            services.plan_submit(plan=plan, actor=users.team_staff)  # no task yet
        services.inspection_task_create(plan_or_none=plan, entity=world.e3, department=zone.team, item=world.gas,
                                        earliest=WINDOW[0], latest=WINDOW[1], officers_needed=2, source="plan",
                                        actor=users.team_staff)
        services.plan_submit(plan=plan, actor=users.team_staff)
        with pytest.raises(PermissionDenied):
            services.plan_approve(plan=plan, actor=users.team_staff)
        with pytest.raises(ValidationError):
            services.plan_return(plan=plan, actor=users.legal, reason=" ")
        services.plan_return(plan=plan, actor=users.legal, reason="窗口过宽")
        plan.refresh_from_db()
        assert plan.status == "returned" and plan.decision_reason == "窗口过宽"
        assert [h.to_status for h in plan.history.all()] == ["draft", "submitted", "returned"]
        assert events(plan) == ["inspection.plan_created", "inspection.plan_submitted", "inspection.plan_returned"]
        with pytest.raises(ValidationError) as exc:
            services.plan_approve(plan=plan, actor=users.legal)
        assert "已退回" in exc.value.message_dict["status"][0]

    def test_filter_lines_expand_and_draws_become_tasks(self, world, zone, users):
        plan = services.plan_create(organization=zone.team, title="燃气专项", period_start=dt.date(2024, 1, 1),
                                    period_end=dt.date(2024, 12, 31), actor=users.team_staff)
        tasks = services.plan_tasks_from_filter(plan=plan, item=world.gas, flt=services.EntityFilter(no_disturbance=False),
                                                earliest=WINDOW[0], latest=WINDOW[1], officers_needed=2,
                                                reason="燃气专项", actor=users.team_staff)
        assert {t.entity_id for t in tasks} == {world.e1.pk, world.e3.pk}
        assert tasks[0].target_filter == {"no_disturbance": False}
        task = services.task_create_from_draw(draw_reference="DRAW-2024-07", entity=world.e3, department=zone.team,
                                              item=world.gas, earliest=WINDOW[0], latest=WINDOW[1], actor=users.team_staff)
        assert task.source == "random_draw" and task.plan is None
        with pytest.raises(ValidationError) as exc:
            services.task_create_from_draw(draw_reference="", entity=world.e3, department=zone.team, item=world.gas,
                                           earliest=WINDOW[0], latest=WINDOW[1], actor=users.team_staff)
        assert "抽查批次号" in exc.value.message_dict["approval_reference"][0]


    def test_the_entity_of_a_task_is_found_by_its_uscc_as_typed_and_never_a_voided_one(self, world):
        from fazhi.entities.models import MarketEntity
        from fazhi.entities.selectors import entity_by_uscc

        code = world.e3.uscc
        assert entity_by_uscc(f" {code.lower()} ") == world.e3
        assert entity_by_uscc("".join(chr(ord(c) + 0xFEE0) for c in code)) == world.e3  # full-width IME input
        assert entity_by_uscc("") is None and entity_by_uscc(None) is None
        MarketEntity.objects.filter(pk=world.e3.pk).update(voided_at=timezone.now())
        assert entity_by_uscc(code) is None


class TestCoordination:
    def test_a_department_too_small_for_one_day_raises_the_bound_the_run_reports(self, world, zone, users):
        """Two gas inspections of one enterprise, a team that can send two officers a day: the plain bound
        says one visit, the capacity-aware bound two, and the run page shows the plan reaches it."""
        from django.urls import reverse

        from tests.conftest import api_for, client_for

        services.task_create_from_draw(draw_reference="DRAW-2024-07", entity=world.e1, department=zone.team,
                                       item=world.gas, earliest=WINDOW[0], latest=WINDOW[1], actor=users.team_staff)
        run = services.coordination_run_create(organization=zone.legal, period_start=dt.date(2024, 1, 1),
                                               period_end=dt.date(2024, 12, 31), actor=users.legal,
                                               capacity={zone.team.pk: 2})
        assert (run.tasks_count, run.lower_bound, run.stats["capacity_lower_bound"], run.visits_count) == (3, 1, 2, 2)
        page = client_for(users.legal).get(reverse("inspections:run", args=[run.pk])).content.decode()
        assert "计入部门每日能力后的下界" in page and "已达最少" in page
        assert api_for(users.legal).get(f"/api/inspections/runs/{run.pk}/").json()["capacity_lower_bound"] == 2
        entry = AuditEntry.objects.for_object(run).get(event="inspection.run_created")
        assert (entry.data["lower_bound"], entry.data["capacity_lower_bound"]) == (1, 2)

    def test_the_run_merges_two_departments_into_one_joint_visit(self, world, zone, users):
        run = services.coordination_run_create(organization=zone.legal, period_start=dt.date(2024, 1, 1),
                                               period_end=dt.date(2024, 12, 31), actor=users.legal)
        assert (run.tasks_count, run.visits_count, run.joint_visits, run.disturbances_avoided, run.lower_bound) == (2, 1, 1, 1, 1)
        visit = run.visits.get()
        assert visit.status == "proposed" and WINDOW[0] <= visit.window_start <= WINDOW[1]
        assert set(visit.tasks.values_list("pk", flat=True)) == {world.t1.pk, world.t2.pk}
        assert "联合检查" in "".join(run.explanations[world.e1.uscc])
        figures = selectors.run_figures(run)
        assert (figures.tasks, figures.visits, figures.joint_visits, figures.disturbances_avoided) == (2, 1, 1, 1)
        with pytest.raises(PermissionDenied):
            services.coordination_run_issue(run=run, actor=users.team_staff)
        services.coordination_run_issue(run=run, actor=users.legal)
        visit.refresh_from_db()
        assert visit.status == "scheduled"
        assert "inspection.visit_scheduled" in events(visit)

    def test_a_task_changed_while_the_engine_ran_makes_the_run_refuse_and_store_nothing(self, world, zone, users, monkeypatch):
        """The engine runs outside the transaction (a deeper search may take a minute); if a planned task's
        window changes meanwhile, the stale proposal is refused and nothing is written."""
        from fazhi.inspections.models import CoordinationRun
        from fazhi.inspections.services import coordination

        real = coordination.engine_plan

        def engine_then_edit(**kw):
            got = real(**kw)
            InspectionTask.objects.filter(pk=world.t2.pk).update(latest=WINDOW[1] - dt.timedelta(days=1))
            return got

        monkeypatch.setattr(coordination, "engine_plan", engine_then_edit)
        before = (CoordinationRun.objects.count(), AuditEntry.objects.filter(event="inspection.run_created").count())
        with pytest.raises(ValidationError) as exc:
            services.coordination_run_create(organization=zone.legal, period_start=dt.date(2024, 1, 1),
                                             period_end=dt.date(2024, 12, 31), actor=users.legal)
        assert "重新运行" in exc.value.message_dict["period_start"][0]
        assert (CoordinationRun.objects.count(), AuditEntry.objects.filter(event="inspection.run_created").count()) == before
        world.t2.refresh_from_db()
        assert world.t2.visit_id is None
        monkeypatch.setattr(coordination, "engine_plan", real)  # run again: the plan now reads the new window
        run = services.coordination_run_create(organization=zone.legal, period_start=dt.date(2024, 1, 1),
                                               period_end=dt.date(2024, 12, 31), actor=users.legal)
        assert run.tasks_count == 2

    def test_an_adjustment_needs_a_reason_and_splits_the_visit(self, world, zone, users):
        run = services.coordination_run_create(organization=zone.legal, period_start=dt.date(2024, 1, 1),
                                               period_end=dt.date(2024, 12, 31), actor=users.legal)
        visit = run.visits.get()
        new_day = dt.date(2024, 5, 14) if visit.window_start != dt.date(2024, 5, 14) else dt.date(2024, 5, 15)
        with pytest.raises(ValidationError):
            services.coordination_run_adjust(run=run, task=world.t2, to_day=new_day, reason="", actor=users.legal)
        with pytest.raises(ValidationError) as exc:
            services.coordination_run_adjust(run=run, task=world.t2, to_day=dt.date(2024, 7, 1), reason="x", actor=users.legal)
        assert "窗口" in exc.value.message_dict["to_day"][0]
        services.coordination_run_adjust(run=run, task=world.t2, to_day=new_day, reason="企业当日停产检修", actor=users.legal)
        figures = selectors.run_figures(run)
        assert (figures.visits, figures.joint_visits, figures.disturbances_avoided) == (2, 0, 0)
        assert run.adjustments.get().reason == "企业当日停产检修"
        assert "inspection.run_adjusted" in events(run)


class TestGates:
    def test_a_visit_that_keeps_every_rule_gets_its_code(self, joint_visit, users):
        code = open_visit(joint_visit, users.team_staff)
        joint_visit.refresh_from_db()
        assert joint_visit.status == "opened" and code.code.startswith("FZ1-E-")
        assert all(vo.certificate_id for vo in joint_visit.officers.all())
        assert events(joint_visit)[-2:] == ["inspection.visit_opened", "inspection.code_issued"]

    def test_an_unpublished_item_refuses_and_no_override_lifts_it(self, joint_visit, world, users):
        services.inspection_item_withdraw(item=world.gas, actor=users.legal, reason="清理")
        with pytest.raises(ValidationError) as exc:
            open_visit(joint_visit, users.team_staff, override_approver=users.legal, override_reason="急需")
        assert "检查事项已公布" in exc.value.message_dict["gates"][0]
        joint_visit.refresh_from_db()
        assert joint_visit.status == "scheduled" and not joint_visit.codes.exists()

    def test_an_unapproved_plan_refuses_and_the_override_is_audited(self, joint_visit, world, users):
        type(world.team_plan).objects.filter(pk=world.team_plan.pk).update(status="withdrawn")
        with pytest.raises(ValidationError) as exc:
            open_visit(joint_visit, users.team_staff)
        messages = exc.value.message_dict["gates"]
        assert any("检查已经批准" in m and "已撤回" in m for m in messages)
        with pytest.raises(ValidationError) as exc:
            open_visit(joint_visit, users.team_staff, override_approver=users.market_staff, override_reason="急需")
        assert any("批准人须为本区法治办或领导" in m for m in exc.value.message_dict["gates"])
        with pytest.raises(ValidationError):
            open_visit(joint_visit, users.team_staff, override_approver=users.leader, override_reason="")
        open_visit(joint_visit, users.team_staff, override_approver=users.leader, override_reason="群众举报燃气泄漏，情况紧急")
        override = GateOverride.objects.get(visit=joint_visit)
        assert override.rules == ["plan_approved"] and override.approver == users.leader
        entry = AuditEntry.objects.for_object(joint_visit).get(event="inspection.gates_overridden")
        assert entry.data["approver_name"] == str(users.leader) and entry.data["reason"].startswith("群众举报")

    def test_an_officer_without_a_valid_certificate_refuses(self, joint_visit, world, users):
        world.team_officers[0].certificates.update(valid_until=joint_visit.window_start - dt.timedelta(days=1))
        with pytest.raises(ValidationError) as exc:
            open_visit(joint_visit, users.team_staff, override_approver=users.legal, override_reason="x")
        assert any("执法人员持有效执法证" in m and "王一" in m for m in exc.value.message_dict["gates"])

    def test_an_organization_without_authority_refuses(self, joint_visit, zone, users):
        type(zone.market).objects.filter(pk=zone.market.pk).update(has_enforcement_authority=False)
        with pytest.raises(ValidationError) as exc:
            open_visit(joint_visit, users.team_staff)
        assert any("执法主体资格" in m and "市场监管分局" in m for m in exc.value.message_dict["gates"])

    def test_the_yearly_cap_refuses(self, joint_visit, world, zone, users):
        earlier = Visit.objects.create(organization=zone.market, entity=world.e1, window_start=dt.date(2024, 3, 1),
                                       window_end=dt.date(2024, 3, 1), status="completed")
        InspectionTask.objects.create(organization=zone.market, source="complaint", approval_reference="SP-1",
                                      entity=world.e1, item=world.food, earliest=dt.date(2024, 3, 1),
                                      latest=dt.date(2024, 3, 1), visit=earlier)
        with pytest.raises(ValidationError) as exc:
            open_visit(joint_visit, users.team_staff)
        assert any("年度检查频次上限" in m and "年度上限1次" in m for m in exc.value.message_dict["gates"])
        open_visit(joint_visit, users.team_staff, override_approver=users.legal, override_reason="上级部署专项检查")
        assert GateOverride.objects.get(visit=joint_visit).rules == ["yearly_cap"]

    def test_a_no_disturbance_enterprise_needs_a_cause(self, joint_visit, world, users):
        type(world.e1).objects.filter(pk=world.e1.pk).update(no_disturbance=True)
        with pytest.raises(ValidationError) as exc:
            open_visit(joint_visit, users.team_staff)
        assert any("无事不扰" in m for m in exc.value.message_dict["gates"])
        Visit.objects.filter(pk=joint_visit.pk).update(no_disturbance_cause="投诉举报：燃气异味")
        joint_visit.refresh_from_db()
        open_visit(joint_visit, users.team_staff)

    def test_every_department_must_send_officers(self, joint_visit, world, users):
        services.visit_officers_set(visit=joint_visit, officers=world.team_officers, actor=users.team_staff)
        with pytest.raises(ValidationError) as exc:
            open_visit(joint_visit, users.team_staff, override_approver=users.legal, override_reason="x")
        assert any("市场监管分局未指派执法人员" in m for m in exc.value.message_dict["gates"])

    def test_an_officer_from_another_organization_is_refused_with_a_message_and_nothing_changes(self, joint_visit, zone, users):
        from fazhi.enforcement.models import EnforcementCertificate, Officer

        stranger = Officer.objects.create(organization=zone.street, staff_number="S1", name="赵街道")
        EnforcementCertificate.objects.create(officer=stranger, organization=zone.street, number="33020899999",
                                              issued_by="x", valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2028, 1, 1))
        before = list(joint_visit.officers.values_list("officer_id", flat=True))
        with pytest.raises(ValidationError) as exc:
            services.visit_officers_set(visit=joint_visit, officers=[stranger], actor=users.team_staff)
        assert "赵街道" in exc.value.message_dict["officers"][0] and "不属于参加本次检查的部门" in exc.value.message_dict["officers"][0]
        assert list(joint_visit.officers.values_list("officer_id", flat=True)) == before

    def test_a_department_outside_the_visit_cannot_open_it(self, joint_visit, users):
        with pytest.raises(PermissionDenied):
            open_visit(joint_visit, users.stranger)

    def test_a_window_that_has_ended_cannot_start(self, joint_visit, users):
        with pytest.raises(ValidationError) as exc:
            services.visit_open(visit=joint_visit, actor=users.team_staff, today=joint_visit.window_end + dt.timedelta(days=1))
        assert "已于" in exc.value.message_dict["window_end"][0]


class TestCodesRecordsRatings:
    def test_the_public_view_shows_only_what_is_listed_and_refuses_bad_codes(self, joint_visit, users):
        code = open_visit(joint_visit, users.team_staff)
        view = selectors.public_code_view(code.code, today=joint_visit.window_start)
        assert view.valid and view.organizations[0] in ("综合行政执法队", "市场监管分局")
        assert ("燃气使用场所检查", "《浙江省燃气管理条例》第四十条") in view.items
        assert ("王*", "33020800001", dt.date(2024, 1, 1), dt.date(2028, 12, 31)) in view.officers
        i = len(code.code) - 3
        flipped = code.code[:i] + ("A" if code.code[i] != "A" else "B") + code.code[i + 1:]
        assert not selectors.public_code_view(flipped, today=joint_visit.window_start).valid
        expired = selectors.public_code_view(code.code, today=joint_visit.window_end + dt.timedelta(days=1))
        assert not expired.valid and "过期" in expired.verdict and not expired.officers
        services.visit_cancel(visit=joint_visit, actor=users.team_staff, reason="企业停业")
        cancelled = selectors.public_code_view(code.code, today=joint_visit.window_start)
        assert not cancelled.valid and "取消" in cancelled.verdict
        assert not selectors.public_code_view("FZ1-E-0000000000-20240520-" + "A" * 26, today=DAY).valid

    def test_a_visit_is_recorded_completed_rated_once_and_the_rating_stays_with_the_legal_office(self, joint_visit, world, users):
        code = open_visit(joint_visit, users.officer)
        day = joint_visit.window_start
        services.visit_arrive(visit=joint_visit, actor=users.officer, at=at(day, 9))
        with pytest.raises(ValidationError) as exc:
            services.visit_complete(visit=joint_visit, actor=users.officer)
        assert any("离开时间" in g for g in exc.value.message_dict["record"])
        checklist = [{"task": r["task"], "index": r["index"], "result": "ok"} for r in services.records.checklist_template(joint_visit)]
        services.visit_record_save(
            visit=joint_visit, actor=users.officer, left_at=at(day, 11), checklist_results=checklist,
            officers_present=[o.pk for o in world.team_officers + world.market_officers], outcome="rectification_ordered",
            findings="燃气软管老化", rectification_deadline=day + dt.timedelta(days=15))
        doc = services.record_document_add(record=joint_visit.record, upload=SimpleUploadedFile("现场照片.jpg", b"jpeg-bytes"),
                                           actor=users.officer)
        import hashlib

        assert doc.sha256 == hashlib.sha256(b"jpeg-bytes").hexdigest() and services.records.document_verify(doc)
        services.visit_complete(visit=joint_visit, actor=users.officer)
        joint_visit.refresh_from_db()
        assert joint_visit.status == "completed" and joint_visit.record.completed_at
        rating = services.rating_submit(code_text=code.code, score=4, comment="检查规范", today=day + dt.timedelta(days=3))
        with pytest.raises(ValidationError):
            services.rating_submit(code_text=code.code, score=5, today=day + dt.timedelta(days=3))
        assert rating.organization.kind == "legal_office"
        assert list(selectors.rating_list(user=users.legal)) == [rating]
        assert not selectors.rating_list(user=users.team_staff).exists()
        assert not AuditEntry.objects.visible_to(users.team_staff).filter(object_type="inspections.rating").exists()
        figures = selectors.inspection_figures(user=users.leader, year=2024)
        assert (figures.tasks, figures.visits, figures.joint_visits, figures.disturbances_avoided) == (2, 1, 1, 1)

    def test_ratings_reach_a_department_only_as_closed_quarters_of_five_or_more(self, world, zone, users):
        from fazhi.inspections.models import Rating as R

        def rated_visit(day, score):
            v = Visit.objects.create(organization=zone.team, entity=world.e3, window_start=day, window_end=day, status="completed")
            InspectionTask.objects.create(organization=zone.team, source="complaint", approval_reference="x", entity=world.e3,
                                          item=world.gas, earliest=day, latest=day, visit=v)
            R.objects.create(visit=v, organization=zone.legal, score=score, submitted_at=timezone.now())

        for d in range(4):
            rated_visit(dt.date(2024, 2, 5 + d), 5)
        summary = selectors.rating_summary(user=users.team_staff, year=2024, today=dt.date(2025, 1, 1))
        assert summary[0].average is None and summary[0].count == 0
        rated_visit(dt.date(2024, 2, 20), 2)
        summary = selectors.rating_summary(user=users.team_staff, year=2024, today=dt.date(2025, 1, 1))
        assert (summary[0].count, summary[0].average) == (5, 4.4)
        assert selectors.rating_summary(user=users.team_staff, year=2024, today=dt.date(2024, 4, 2))[0].average is None
        assert selectors.rating_summary(user=users.market_staff, year=2024, today=dt.date(2025, 1, 1)) == []


    def test_the_ratings_of_a_year_take_the_year_parameter_as_given_and_fall_back_on_bad_input(self, world, zone, users):
        from fazhi.inspections.models import Rating as R

        for day in (dt.date(2023, 3, 1), dt.date(2024, 3, 1)):
            v = Visit.objects.create(organization=zone.team, entity=world.e3, window_start=day, window_end=day, status="completed")
            R.objects.create(visit=v, organization=zone.legal, score=4, submitted_at=timezone.now())
        page = selectors.ratings_for_year(user=users.legal, year="2023", today=dt.date(2025, 1, 1))
        assert page.year == 2023 and [r.visit.window_end for r in page.ratings] == [dt.date(2023, 3, 1)]
        default = selectors.year_or_default(None, user=users.legal)
        for bad in ("abc", "99999", "-1", "²", None):
            page = selectors.ratings_for_year(user=users.legal, year=bad)
            assert page.year == default and all(r.visit.window_end.year == default for r in page.ratings)


class TestInvitations:
    def test_a_wrong_uscc_gets_the_rule_and_nothing_is_written(self, world, zone):
        bad = world.e1.uscc[:-1] + ("0" if world.e1.uscc[-1] != "0" else "1")
        with pytest.raises(ValidationError) as exc:
            services.invitation_submit(zone=zone.gov, uscc=bad, contact_phone="13800000000", scopes=["燃气安全"],
                                       preferred_from=dt.date(2024, 6, 1), preferred_to=dt.date(2024, 6, 30),
                                       today=dt.date(2024, 5, 1))
        assert "校验码" in exc.value.message_dict["uscc"][0]
        with pytest.raises(ValidationError) as exc:
            services.invitation_submit(zone=zone.gov, uscc=world.e1.uscc, contact_phone="12345", scopes=[],
                                       preferred_from=dt.date(2024, 6, 30), preferred_to=dt.date(2024, 6, 1),
                                       today=dt.date(2024, 5, 1))
        assert set(exc.value.message_dict) == {"contact_phone", "scopes", "preferred_to"}
        assert not Invitation.objects.exists()

    def test_an_accepted_invitation_is_one_joint_visit_the_enterprise_can_follow(self, world, zone, users):
        inv, token = services.invitation_submit(
            zone=zone.gov, uscc=world.e3.uscc.lower(), contact_phone="138 0000 0000", scopes=["燃气安全", "食品安全"],
            preferred_from=dt.date(2024, 6, 3), preferred_to=dt.date(2024, 6, 28), today=dt.date(2024, 5, 20))
        assert services.invitations.invitation_by_token(token) == inv and inv.token_hash != token
        assert services.invitations.invitation_by_token(token + "x") is None
        with pytest.raises(PermissionDenied):
            services.invitation_accept(invitation=inv, appointment_on=dt.date(2024, 6, 12), items=[world.gas],
                                       actor=users.team_staff, today=dt.date(2024, 5, 21))
        visit = services.invitation_accept(invitation=inv, appointment_on=dt.date(2024, 6, 12), items=[world.gas, world.food],
                                           actor=users.legal, today=dt.date(2024, 5, 21))
        inv.refresh_from_db()
        assert inv.status == "accepted" and inv.visit == visit and visit.status == "scheduled"
        assert set(visit.tasks.values_list("organization", flat=True)) == {zone.team.pk, zone.market.pk}
        assert set(visit.tasks.values_list("source", flat=True)) == {"invitation"}
        assert events(inv) == ["inspection.invitation_submitted", "inspection.invitation_accepted"]


class TestSupervision:
    def test_findings_are_stored_once_and_handled_with_reasons(self, joint_visit, world, zone, users):
        # a visit carried out without a code and without a complete record, by the market alone
        v = Visit.objects.create(organization=zone.market, entity=world.e1, window_start=dt.date(2024, 5, 10),
                                 window_end=dt.date(2024, 5, 10), status="in_progress")
        InspectionTask.objects.create(organization=zone.market, source="complaint", approval_reference="SP-2",
                                      entity=world.e1, item=world.food, earliest=v.window_start, latest=v.window_end, visit=v)
        found = services.supervision_check(organization=zone.legal, period_start=dt.date(2024, 1, 1),
                                           period_end=dt.date(2024, 12, 31), actor=users.legal, today=dt.date(2025, 1, 10))
        rules = sorted(f.rule for f in found)
        assert "no_code" in rules and "no_record" in rules and "cap_exceeded" not in rules
        again = services.supervision_check(organization=zone.legal, period_start=dt.date(2024, 1, 1),
                                           period_end=dt.date(2024, 12, 31), actor=users.legal, today=dt.date(2025, 1, 10))
        assert again == []
        finding = Finding.objects.filter(rule="no_code").first()
        assert finding.organization == zone.market
        assert list(selectors.finding_list(user=users.team_staff, filters={"rule": "no_code"})) == []
        assert finding in selectors.finding_list(user=users.market_staff)
        with pytest.raises(ValidationError):
            services.finding_dismiss(finding=finding, actor=users.legal, reason="")
        services.finding_confirm(finding=finding, actor=users.legal, reason="属实")
        services.finding_opinion_issued(finding=finding, opinion_reference="甬高新法监〔2024〕3号", actor=users.legal)
        finding.refresh_from_db()
        assert finding.status == "opinion_issued" and finding.opinion_reference.endswith("3号")
        assert [h.to_status for h in finding.history.all()] == ["open", "confirmed", "opinion_issued"]
        stats = selectors.finding_stats(user=users.legal, year=2024)
        assert stats.total == Finding.objects.count()

