"""Inspection pages, API, exports and public pages: permissions on the server, rating privacy,
bad input with a clear message and nothing written, rate limits, and what the public pages reveal."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.inspections import services
from fazhi.inspections.models import InspectionTask, Invitation, Rating, Visit
from tests.conftest import api_for, client_for

pytest_plugins = ["tests.integration.test_inspections_world"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def sheet(content: bytes) -> list[tuple]:
    return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


@pytest.fixture
def rated(world, zone, users):
    """Six completed, rated team visits in Q1 2024 (so a closed quarter of ≥ 5 exists), the first one scored 1."""
    visits = []
    for n in range(6):
        day = dt.date(2024, 2, 5 + n)
        v = Visit.objects.create(organization=zone.team, entity=world.e3, window_start=day, window_end=day, status="completed")
        InspectionTask.objects.create(organization=zone.team, source="complaint", approval_reference=f"SP-{n}", entity=world.e3,
                                      item=world.gas, earliest=day, latest=day, visit=v)
        Rating.objects.create(visit=v, organization=zone.legal, score=1 if n == 0 else 5,
                              comment="独一无二的评价内容" if n == 0 else "", submitted_at=timezone.now())
        visits.append(v)
    return visits


class TestRatingPrivacy:
    def test_a_department_sees_no_single_rating_through_pages(self, rated, users):
        page = client_for(users.team_staff).get("/inspections/ratings/?year=2024").content.decode()
        assert "独一无二的评价内容" not in page and "逐条评价" not in page
        assert "4.3" in page  # the quarter's aggregate over six ratings (1 + 5×5) / 6
        assert "独一无二的评价内容" in client_for(users.legal).get("/inspections/ratings/?year=2024").content.decode()

    def test_a_department_sees_no_single_rating_through_the_api(self, rated, users):
        api = api_for(users.team_staff)
        assert api.get("/api/inspections/ratings/").json()["results"] == []
        assert api.get(f"/api/inspections/ratings/{rated[0].rating.pk}/").status_code == 404
        summary = api.get("/api/inspections/ratings/summary/?year=2024").json()
        assert summary[0]["count"] == 6 and summary[0]["average"] == 4.3
        assert all(set(q) == {"label", "count", "average"} for q in summary[0]["quarters"])
        assert [r["score"] for r in api_for(users.legal).get("/api/inspections/ratings/").json()["results"]].count(1) == 1

    def test_a_department_sees_no_single_rating_through_exports(self, rated, users):
        for response in (client_for(users.team_staff).get("/inspections/ratings/?year=2024&export=1"),
                         api_for(users.team_staff).get("/api/inspections/ratings/export/?year=2024")):
            rows = sheet(response.content)
            assert rows[0] == ("部门", "期间", "评价数", "平均分")
            assert all("独一无二" not in str(r) for r in rows) and all(r[2] in (0, 6) or r[0] == "部门" for r in rows)
        legal_rows = sheet(api_for(users.legal).get("/api/inspections/ratings/export/?year=2024").content)
        assert any("独一无二的评价内容" in str(r) for r in legal_rows)

    def test_a_department_does_not_see_rating_audit_entries(self, world, joint_visit, users):
        from fazhi.audit.models import AuditEntry

        services.visit_open(visit=joint_visit, actor=users.team_staff, today=joint_visit.window_start)
        code = joint_visit.codes.get()
        Visit.objects.filter(pk=joint_visit.pk).update(status="completed")
        services.rating_submit(code_text=code.code, score=2, comment="差评", today=joint_visit.window_start)
        page = client_for(users.team_staff).get("/audit/").content.decode()
        assert "差评" not in page
        assert not AuditEntry.objects.visible_to(users.market_staff).filter(event="inspection.rating_submitted").exists()


class TestPermissions:
    def test_another_department_cannot_see_a_visit_it_has_no_part_in(self, world, zone, users):
        v = Visit.objects.create(organization=zone.team, entity=world.e3, window_start=dt.date(2024, 5, 20),
                                 window_end=dt.date(2024, 5, 20), status="scheduled")
        InspectionTask.objects.create(organization=zone.team, source="complaint", approval_reference="x", entity=world.e3,
                                      item=world.gas, earliest=v.window_start, latest=v.window_end, visit=v)
        assert client_for(users.market_staff).get(f"/inspections/visits/{v.pk}/").status_code == 404
        assert api_for(users.market_staff).get(f"/api/inspections/visits/{v.pk}/").status_code == 404
        assert client_for(users.stranger).get(f"/inspections/visits/{v.pk}/").status_code == 404
        assert client_for(users.team_staff).get(f"/inspections/visits/{v.pk}/").status_code == 200
        rows = sheet(api_for(users.market_staff).get("/api/inspections/visits/export/").content)
        assert rows == [rows[0]]
        r = api_for(users.market_staff).post(f"/api/inspections/visits/{v.pk}/cancel/", {"reason": "x"}, format="json")
        assert r.status_code == 404

    def test_both_departments_of_a_joint_visit_see_it_and_the_assigned_officer_too(self, joint_visit, users):
        for u in (users.team_staff, users.market_staff, users.officer, users.legal, users.leader):
            assert client_for(u).get(f"/inspections/visits/{joint_visit.pk}/").status_code == 200, u
        assert api_for(users.stranger).get(f"/api/inspections/visits/{joint_visit.pk}/").status_code == 404

    def test_only_the_legal_office_runs_coordination_and_approves(self, world, users, zone):
        api = api_for(users.team_staff)
        r = api.post("/api/inspections/runs/", {"period_start": "2024-01-01", "period_end": "2024-12-31"}, format="json")
        assert r.status_code == 403
        r = api_for(users.legal).post("/api/inspections/runs/", {"period_start": "2024-01-01", "period_end": "2024-12-31"},
                                      format="json")
        assert r.status_code == 201 and r.json()["joint_visits"] == 1 and r.json()["current"]["disturbances_avoided"] == 1
        run_id = r.json()["id"]
        assert api.get(f"/api/inspections/runs/{run_id}/").status_code == 404
        explained = api_for(users.legal).get(f"/api/inspections/runs/{run_id}/explain/?uscc={world.e1.uscc}").json()
        assert any("联合检查" in line for line in explained["lines"])

    def test_a_run_may_ask_for_the_deeper_search_within_the_limit_and_the_audit_records_it(self, world, users):
        from fazhi.audit.models import AuditEntry
        from fazhi.inspections.models import CoordinationRun

        page = client_for(users.legal).get("/inspections/runs/").content.decode()
        assert 'name="evolve_seconds"' in page and "深度优化" in page
        api = api_for(users.legal)
        before = CoordinationRun.objects.count()
        r = api.post("/api/inspections/runs/", {"period_start": "2024-01-01", "period_end": "2024-12-31",
                                                "evolve_seconds": 46}, format="json")
        assert r.status_code == 400 and "evolve_seconds" in r.json()
        r = client_for(users.legal).post("/inspections/runs/", {"period_start": "2024-01-01", "period_end": "2024-12-31",
                                                                "evolve_seconds": "-1"})
        assert r.status_code == 200 and "evolve_seconds" in r.context["form"].errors
        assert CoordinationRun.objects.count() == before
        r = api.post("/api/inspections/runs/", {"period_start": "2024-01-01", "period_end": "2024-12-31",
                                                "evolve_seconds": 5}, format="json")
        assert r.status_code == 201
        run = CoordinationRun.objects.get(pk=r.json()["id"])
        assert "evolve_generations" in run.stats  # the engine ran the step (this plan is at its bound: nothing to gain)
        entry = AuditEntry.objects.for_object(run).get(event="inspection.run_created")
        assert entry.data["evolve_seconds"] == 5

    def test_plans_are_scoped_and_a_department_cannot_approve(self, world, users):
        names = [p["title"] for p in api_for(users.market_staff).get("/api/inspections/plans/").json()["results"]]
        assert names == ["市场监管分局2024年度检查计划"]
        r = api_for(users.market_staff).post("/api/inspections/plans/", {
            "organization": world.team_plan.organization_id, "title": "x", "period_start": "2024-01-01",
            "period_end": "2024-12-31"}, format="json")
        assert r.status_code == 400 and "organization" in r.json()
        plan = api_for(users.market_staff).post("/api/inspections/plans/", {
            "organization": world.market_plan.organization_id, "title": "专项", "period_start": "2024-01-01",
            "period_end": "2024-12-31"}, format="json").json()
        r = api_for(users.market_staff).post("/api/inspections/tasks/", {
            "plan": plan["id"], "uscc": world.e3.uscc, "item": world.food.pk, "earliest": "2024-06-10",
            "latest": "2024-06-01", "source": "plan"}, format="json")
        assert r.status_code == 400 and "不能早于开始日期" in r.json()["latest"][0]
        r = api_for(users.market_staff).post(f"/api/inspections/plans/{world.team_plan.pk}/withdraw/", {"reason": "x"}, format="json")
        assert r.status_code == 404
        r = api_for(users.market_staff).post(f"/api/inspections/plans/{world.market_plan.pk}/withdraw/", {"reason": "x"},
                                             format="json")
        assert r.status_code == 403

    def test_findings_are_listed_per_department(self, world, zone, users):
        from fazhi.inspections.models import Finding

        v = Visit.objects.create(organization=zone.team, entity=world.e3, window_start=dt.date(2024, 5, 20),
                                 window_end=dt.date(2024, 5, 20), status="completed")
        Finding.objects.create(organization=zone.team, rule="no_code", visit=v, entity=world.e3, visit_day=v.window_start,
                               detected_on=dt.date(2024, 6, 1), detail="甲乙丙特征情况", fingerprint="x")
        assert api_for(users.market_staff).get("/api/inspections/findings/").json()["results"] == []
        assert len(api_for(users.team_staff).get("/api/inspections/findings/").json()["results"]) == 1
        assert "甲乙丙特征情况" in client_for(users.team_staff).get("/inspections/findings/?year=2024").content.decode()
        assert "甲乙丙特征情况" not in client_for(users.market_staff).get("/inspections/findings/?year=2024").content.decode()
        rows = sheet(client_for(users.market_staff).get("/inspections/findings/?year=2024&export=1").content)
        assert len(rows) == 1
        r = api_for(users.team_staff).post("/api/inspections/findings/check/", {"period_start": "2024-01-01",
                                                                               "period_end": "2024-12-31"}, format="json")
        assert r.status_code == 403


class TestPages:
    @pytest.mark.parametrize("url", ["/inspections/", "/inspections/items/", "/inspections/plans/", "/inspections/visits/",
                                     "/inspections/runs/", "/inspections/invitations/", "/inspections/ratings/",
                                     "/inspections/findings/", "/inspections/plans/new/", "/inspections/visits/new/",
                                     "/inspections/joint/", "/registers/inspection-items/"])
    def test_every_page_renders_for_the_legal_office(self, world, users, url):
        assert client_for(users.legal).get(url).status_code == 200

    def test_pages_need_a_login(self, world):
        assert Client().get("/inspections/visits/").status_code == 302

    def test_the_visit_page_shows_gates_and_opens_with_a_qr_code(self, joint_visit, users, monkeypatch):
        c = client_for(users.team_staff)
        page = c.get(f"/inspections/visits/{joint_visit.pk}/").content.decode()
        assert "检查前核验" in page
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: joint_visit.window_start)
        c.post(f"/inspections/visits/{joint_visit.pk}/open/")
        page = c.get(f"/inspections/visits/{joint_visit.pk}/").content.decode()
        assert "data:image/svg+xml" in page and "FZ1-E-" in page
        assert c.get(f"/inspections/visits/{joint_visit.pk}/code/").status_code == 200

    def test_plan_page_refuses_a_reversed_window_with_a_message(self, world, zone, users):
        plan = services.plan_create(organization=zone.team, title="专项", period_start=dt.date(2024, 1, 1),
                                    period_end=dt.date(2024, 12, 31), actor=users.team_staff)
        r = client_for(users.team_staff).post(f"/inspections/plans/{plan.pk}/", {
            "item": world.gas.pk, "uscc": world.e3.uscc, "earliest": "2024-06-10", "latest": "2024-06-01",
            "officers_needed": 2})
        assert r.status_code == 200 and "不能早于开始日期" in r.content.decode()
        assert not plan.tasks.exists()


class TestPublicPages:
    def test_the_code_page_shows_masked_officers_and_refuses_a_forgery(self, joint_visit, users, monkeypatch):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: joint_visit.window_start)
        code = services.visit_open(visit=joint_visit, actor=users.team_staff, today=joint_visit.window_start)
        page = Client().get(f"/inspections/public/code/{code.code}/").content.decode()
        assert "有效的检查码" in page and "王*" in page and "33020800001" in page and "王一" not in page
        assert joint_visit.entity.uscc not in page and "《浙江省燃气管理条例》第四十条" in page
        forged = code.code[:-1] + ("A" if code.code[-1] != "A" else "B")
        page = Client().get(f"/inspections/public/code/{forged}/").content.decode()
        assert "篡改或伪造" in page and "王*" not in page

    def test_the_code_page_is_rate_limited(self, world):
        c = Client()
        statuses = [c.get("/inspections/public/code/FZ1-E-0000000000-20240101-X/").status_code for _ in range(62)]
        assert statuses[0] == 200 and statuses[-1] == 429

    def test_a_wrong_uscc_on_the_invitation_form_gets_the_rule_and_writes_nothing(self, world, monkeypatch):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2024, 5, 1))
        bad = world.e1.uscc[:-1] + ("0" if world.e1.uscc[-1] != "0" else "1")
        r = Client().post("/inspections/public/invite/", {"uscc": bad, "contact_phone": "13800000000", "scopes": ["燃气安全"],
                                                          "preferred_from": "2024-06-01", "preferred_to": "2024-06-30"})
        assert r.status_code == 200 and "GB 32100-2015" in r.content.decode() and "校验码" in r.content.decode()
        assert not Invitation.objects.exists()

    def test_an_invitation_is_followed_through_its_private_link(self, world, users, monkeypatch):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2024, 5, 1))
        r = Client().post("/inspections/public/invite/", {
            "uscc": world.e3.uscc, "contact_phone": "13800000000", "scopes": ["燃气安全", "食品安全"],
            "preferred_from": "2024-06-01", "preferred_to": "2024-06-30"})
        assert r.status_code == 302 and "/inspections/public/invitations/" in r["Location"]
        page = Client().get(r["Location"]).content.decode()
        assert "已提交，待受理" in page and "13800000000" not in page
        assert Client().get("/inspections/public/invitations/not-a-token/").status_code == 404
        inv = Invitation.objects.get()
        services.invitation_accept(invitation=inv, appointment_on=dt.date(2024, 6, 12), items=[world.gas, world.food],
                                   actor=users.legal, today=dt.date(2024, 5, 2))
        page = Client().get(r["Location"].split("?")[0]).content.decode()
        assert "2024-06-12" in page and "综合行政执法队" in page and "市场监管分局" in page

    def test_the_published_plans_page_names_no_enterprise(self, world):
        page = Client().get("/inspections/public/plans/").content.decode()
        assert "执法队2024年度检查计划" in page and "燃气使用场所检查" in page
        assert world.e1.name not in page and world.e1.uscc not in page


class TestRecordsThroughTheApi:
    def test_a_visit_is_opened_recorded_with_a_document_and_completed_through_the_api(self, joint_visit, world, users,
                                                                                    monkeypatch):
        import hashlib

        from django.core.files.uploadedfile import SimpleUploadedFile

        day = joint_visit.window_start
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: day)
        monkeypatch.setattr("django.utils.timezone.now", lambda: timezone.make_aware(dt.datetime.combine(day, dt.time(9))))
        api = api_for(users.officer)
        base = f"/api/inspections/visits/{joint_visit.pk}"
        assert api.post(f"{base}/open/", {}, format="json").json()["code"].startswith("FZ1-E-")
        assert api.post(f"{base}/arrive/").json()["status"] == "in_progress"
        r = api.post(f"{base}/complete/")
        assert r.status_code == 400 and any("离开时间" in m for m in r.json()["record"])
        checklist = [{"task": t, "index": i, "result": "ok"} for t, n in
                     ((world.t1.pk, 2), (world.t2.pk, 1)) for i in range(n)]
        r = api.post(f"{base}/record/", {
            "left_at": timezone.make_aware(dt.datetime.combine(day, dt.time(11))).isoformat(), "outcome": "no_problem",
            "checklist_results": checklist,
            "officers_present": [o.pk for o in world.team_officers + world.market_officers]}, format="json")
        assert r.status_code == 200, r.json()
        r = api.post(f"{base}/documents/", {"file": SimpleUploadedFile("笔录.pdf", b"%PDF-1.4 record")}, format="multipart")
        assert r.status_code == 201 and r.json()["sha256"] == hashlib.sha256(b"%PDF-1.4 record").hexdigest()
        assert api.post(f"{base}/complete/").json()["status"] == "completed"
        assert api_for(users.stranger).post(f"{base}/cancel/", {"reason": "x"}, format="json").status_code == 404

    def test_invitations_are_the_legal_offices_and_export_to_xlsx(self, world, zone, users):
        services.invitation_submit(zone=zone.gov, uscc=world.e3.uscc, contact_phone="13800000000", scopes=["燃气安全"],
                                   preferred_from=dt.date(2024, 6, 3), preferred_to=dt.date(2024, 6, 28),
                                   today=dt.date(2024, 5, 20))
        rows = sheet(api_for(users.legal).get("/api/inspections/invitations/export/").content)
        assert len(rows) == 2 and rows[1][3] == "13800000000"
        assert len(sheet(client_for(users.market_staff).get("/inspections/invitations/?export=1").content)) == 1
        assert api_for(users.market_staff).get("/api/inspections/invitations/").json()["results"] == []
