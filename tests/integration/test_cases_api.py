"""Penalty cases through the pages and the API: permissions across organizations, parity, export."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from fazhi.enforcement.models import PenaltyCase
from fazhi.enforcement.tests.factories import (
    DECIDE_ON,
    FILE_ON,
    INVESTIGATE_ON,
    LEAD_ON,
    NOTIFY_ON,
    SERVE_ON,
    STEP_ON,
    case_world,
    drive,
    new_case,
)
from tests.conftest import api_for, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(zone, users, officers):
    return case_world(zone, users, officers)


@pytest.fixture
def two(w):
    """A team case (decided, published) and a market case (filed)."""
    team = drive(new_case(w), "decided", w)
    market = drive(new_case(w, market=True, party_name="某某食品店"), "filed", w, actor=w.users.market_staff)
    return team, market


def _xlsx_numbers(content: bytes) -> list[str]:
    ws = load_workbook(BytesIO(content)).active
    return [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]


class TestScope:
    def test_another_department_sees_nothing_of_the_team_cases(self, w, users, two):
        team, market = two
        c = client_for(users.market_staff)
        page = c.get("/cases/").content.decode()
        assert market.number in page and team.number not in page
        assert c.get(f"/cases/{team.pk}/").status_code == 404
        assert c.get(f"/cases/{team.pk}/documents/{team.documents.first().pk}/").status_code == 404
        api = api_for(users.market_staff)
        assert [r["number"] for r in api.get("/api/cases/").json()["results"]] == [market.number]
        assert api.get(f"/api/cases/{team.pk}/").status_code == 404
        assert api.get(f"/api/cases/{team.pk}/record/").status_code == 404
        assert _xlsx_numbers(c.get("/cases/export/").content) == [market.number]
        assert _xlsx_numbers(api.get("/api/cases/export/").content) == [market.number]

    def test_another_zone_sees_nothing(self, w, users, two):
        api = api_for(users.stranger)
        assert api.get("/api/cases/").json()["results"] == []
        assert client_for(users.stranger).get(f"/cases/{two[0].pk}/").status_code == 404
        assert _xlsx_numbers(client_for(users.stranger).get("/cases/export/").content) == []

    def test_legal_office_and_leadership_see_the_zone(self, w, users, two):
        for u in (users.legal, users.leader):
            numbers = {r["number"] for r in api_for(u).get("/api/cases/").json()["results"]}
            assert numbers == {two[0].number, two[1].number}

    def test_another_department_cannot_act_on_a_case(self, w, users, two):
        team, _ = two
        r = client_for(users.market_staff).post(f"/cases/{team.pk}/do/serve/", {"serve-on": "2025-03-12",
                                                                               "serve-method": "direct"})
        assert r.status_code == 404
        r = api_for(users.market_staff).post(f"/api/cases/{team.pk}/serve/", {"on": "2025-03-12", "method": "direct"},
                                             format="json")
        assert r.status_code == 404
        team.refresh_from_db()
        assert team.status == "decided"

    def test_leadership_reads_but_does_not_handle(self, w, users, two):
        team, _ = two
        r = api_for(users.leader).post(f"/api/cases/{team.pk}/serve/", {"on": "2025-03-12", "method": "direct"},
                                       format="json")
        assert r.status_code == 403
        assert client_for(users.leader).post(f"/cases/{team.pk}/do/serve/", {"serve-on": "2025-03-12",
                                                                            "serve-method": "direct"}).status_code == 403
        assert api_for(users.leader).post("/api/cases/", {}, format="json").status_code in (400, 403)

    def test_a_squad_officer_sees_the_cases_the_squad_handles(self, w, users):
        mine = new_case(w, actor=users.officer)
        assert mine.handling_unit == w.zone.squad and mine.organization == w.zone.team
        theirs = new_case(w)
        numbers = {r["id"] for r in api_for(users.officer).get("/api/cases/").json()["results"]}
        assert numbers == {mine.pk}
        assert {r["id"] for r in api_for(users.team_staff).get("/api/cases/").json()["results"]} == {mine.pk, theirs.pk}

    def test_a_lead_cannot_be_opened_for_another_body(self, w, users):
        r = api_for(users.market_staff).post("/api/cases/", {
            "organization": w.zone.team.pk, "source": "inspection", "lead_received_on": "2025-02-20",
            "party_kind": "legal_person", "party_name": "x"}, format="json")
        assert r.status_code == 400 and "organization" in r.json()
        assert not PenaltyCase.objects.exists()

    def test_evidence_download_is_scoped(self, w, users, two, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        team, _ = two
        r = client_for(users.team_staff).post(f"/cases/{team.pk}/add/evidence/", {
            "evidence-upload": SimpleUploadedFile("询问笔录.pdf", b"%PDF-1.4 test", "application/pdf"),
            "evidence-description": "询问笔录扫描件"})
        assert r.status_code == 302
        ev = team.evidence.get()
        assert ev.size == 13 and len(ev.sha256) == 64
        assert client_for(users.team_staff).get(f"/cases/{team.pk}/evidence/{ev.pk}/").status_code == 200
        assert client_for(users.market_staff).get(f"/cases/{team.pk}/evidence/{ev.pk}/").status_code == 404


class TestApiFlow:
    def test_a_case_from_lead_to_closed_through_the_api(self, w, users):
        api = api_for(users.team_staff)
        r = api.post("/api/cases/", {
            "organization": w.zone.team.pk, "source": "complaint", "lead_received_on": LEAD_ON.isoformat(),
            "party_kind": "legal_person", "party_name": "宁波某某物业服务有限公司", "item_code": w.item.code,
            "act_date": "2025-02-18", "facts": "擅自占用城市道路。"}, format="json")
        assert r.status_code == 201, r.json()
        pk = r.json()["id"]
        assert r.json()["allowed_actions"] == ["file", "decline", "decide_summary", "transfer", "void"]

        def post(path, body, expect=200):
            resp = api.post(f"/api/cases/{pk}/{path}/", body, format="json")
            assert resp.status_code == expect, resp.json()
            return resp.json()

        officers = [o.pk for o in w.team_officers]
        assert post("file", {"on": FILE_ON.isoformat(), "officers": officers})["status"] == "filed"
        refused = post("decide", {"on": DECIDE_ON.isoformat(), "decision_kind": "penalty", "kinds": ["fine"],
                                  "fine": "500"}, expect=400)
        assert "第" in refused["status"][0]
        post("investigate", {"on": INVESTIGATE_ON.isoformat()})
        post("steps", {"kind": "inquiry", "on": STEP_ON.isoformat(), "summary": "询问当事人", "officers": officers})
        body = post("notify", {"on": NOTIFY_ON.isoformat(), "kinds": ["fine"], "fine": "500"})
        assert {d["key"] for d in body["deadlines"]} >= {"decision", "statement"}
        statement = next(d for d in body["deadlines"] if d["key"] == "statement")
        assert statement["deadline"] == "2025-03-10" and statement["derivation"]
        post("decide", {"on": DECIDE_ON.isoformat(), "decision_kind": "penalty", "kinds": ["fine"], "fine": "500",
                        "publish": True})
        post("serve", {"on": SERVE_ON.isoformat(), "method": "direct"})
        post("payments", {"paid_on": SERVE_ON.isoformat(), "amount": "500"})
        post("execute", {"on": SERVE_ON.isoformat(), "method": "paid"})
        body = post("close", {"on": SERVE_ON.isoformat()})
        assert body["status"] == "closed" and body["number"].endswith("〔2025〕1号")
        verify = api.post(f"/api/cases/{pk}/verify/").json()
        assert verify["intact"] and verify["entries"] == body["record_seq"]
        record = api.get(f"/api/cases/{pk}/record/").json()
        assert [e["seq"] for e in record] == list(range(1, body["record_seq"] + 1))

    def test_list_filters_in_the_api(self, w, users, two):
        api = api_for(users.legal)
        assert [r["number"] for r in api.get("/api/cases/?status=filed").json()["results"]] == [two[1].number]
        assert [r["number"] for r in api.get("/api/cases/?published=1").json()["results"]] == [two[0].number]
        assert api.get("/api/cases/?overdue=1").json()["count"] == 2  # 2025 deadlines, today is later

    def test_withdraw_through_the_api(self, w, users, two):
        team, _ = two
        r = api_for(users.legal).post(f"/api/cases/{team.pk}/withdraw/", {"source": "litigation",
                                                                          "reason": "判决撤销"}, format="json")
        assert r.status_code == 200 and r.json()["withdrawal_source"] == "litigation"


class TestPages:
    def test_the_case_page_offers_the_allowed_actions_and_shows_the_timeline(self, w, users, two):
        team, _ = two
        page = client_for(users.team_staff).get(f"/cases/{team.pk}/").content.decode()
        assert 'id="action-serve"' in page and 'id="action-transfer"' in page and 'id="action-decide"' not in page
        assert "全过程记录" in page and team.record_head in page
        assert "行政处罚法 第六十一条" in page  # the service deadline's basis

    def test_a_refused_action_re_renders_with_the_rule(self, w, users):
        case = drive(new_case(w), "notified", w)
        r = client_for(users.team_staff).post(f"/cases/{case.pk}/do/decide/", {
            "decide-on": "2025-03-05", "decide-decision_kind": "penalty", "decide-kinds": ["fine"],
            "decide-fine": "2000"})
        assert r.status_code == 400
        assert "第六十二条" in r.content.decode()

    def test_create_a_lead_through_the_page(self, w, users):
        r = client_for(users.team_staff).post("/cases/new/", {
            "organization": w.zone.team.pk, "source": "patrol", "lead_received_on": "2025-02-20",
            "party_kind": "natural_person", "party_name": "李某", "item_code": w.item.code, "act_date": "2025-02-19",
            "facts": "占道经营"})
        assert r.status_code == 302
        case = PenaltyCase.objects.get()
        assert case.item == w.item and case.created_by == users.team_staff

    def test_unknown_item_code_is_refused(self, w, users):
        r = client_for(users.team_staff).post("/cases/new/", {
            "organization": w.zone.team.pk, "source": "patrol", "lead_received_on": "2025-02-20",
            "party_kind": "natural_person", "party_name": "李某", "item_code": "NOPE"})
        assert r.status_code == 400 and "NOPE" in r.content.decode()

    def test_deadline_board(self, w, users, two):
        page = client_for(users.legal).get("/cases/deadlines/?days=30").content.decode()
        assert w.zone.team.name in page and w.zone.market.name in page

    def test_verify_button(self, w, users, two):
        r = client_for(users.team_staff).post(f"/cases/{two[0].pk}/verify/", follow=True)
        assert "校验通过" in r.content.decode()


def test_evidence_upload_through_the_api(w, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = drive(new_case(w), "investigating", w)
    r = api_for(users.team_staff).post(f"/api/cases/{case.pk}/evidence/", {
        "upload": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff photo", "image/jpeg"), "description": "现场照片"},
        format="multipart")
    assert r.status_code == 200, r.json()
    (ev,) = r.json()["evidence"]
    assert ev["size"] == 9 and ev["description"] == "现场照片" and len(ev["sha256"]) == 64
    r = api_for(users.market_staff).post(f"/api/cases/{case.pk}/evidence/", {
        "upload": SimpleUploadedFile("x.jpg", b"x", "image/jpeg")}, format="multipart")
    assert r.status_code == 404
