"""The disputes API: scope, steps as explicit POST actions, refusals, indicators and exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from fazhi.disputes import services
from fazhi.disputes.models import ReconsiderationCase
from tests.conftest import api_for

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def case(users, zone):
    return services.reconsideration_receive(
        actor=users.legal, organization=zone.legal, number="甬高新复〔2024〕3号", applicant_name="张三",
        respondent=zone.team, disputed_act="罚款 3001 元", sanction_kind="fine", amount=Decimal("3001"),
        received_on=D(2024, 5, 6),
    )


def test_list_is_scoped(users, case):
    assert [c["number"] for c in api_for(users.legal).get("/api/disputes/reconsideration/").json()["results"]] == [
        case.number]
    assert api_for(users.team_staff).get(f"/api/disputes/reconsideration/{case.pk}/").status_code == 200
    for user in (users.market_staff, users.stranger):
        api = api_for(user)
        assert api.get("/api/disputes/reconsideration/").json()["results"] == []
        assert api.get(f"/api/disputes/reconsideration/{case.pk}/").status_code == 404
        assert api.post(f"/api/disputes/reconsideration/{case.pk}/accept/", {"accepted_on": "2024-05-08"},
                        format="json").status_code == 404


def test_detail_carries_deadlines_with_their_basis(users, case):
    data = api_for(users.legal).get(f"/api/disputes/reconsideration/{case.pk}/").json()
    review = next(d for d in data["deadlines"] if d["key"] == "acceptance_review")
    assert review["basis"] == "行政复议法 第三十条" and review["deadline"] == "2024-05-11"  # 05-11 is a make-up Saturday
    assert "accept" in data["steps"]


def test_simplified_refused_at_3001_then_accepted_with_agreement(users, case):
    api = api_for(users.legal)
    r = api.post(f"/api/disputes/reconsideration/{case.pk}/accept/",
                 {"accepted_on": "2024-05-08", "procedure": "simplified", "facts_clear": True}, format="json")
    assert r.status_code == 400 and "第五十三条" in r.json()["procedure"][0]
    r = api.post(f"/api/disputes/reconsideration/{case.pk}/accept/",
                 {"accepted_on": "2024-05-08", "procedure": "simplified", "facts_clear": True,
                  "all_parties_agree": True}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "accepted" and r.json()["procedure"] == "simplified"


def test_department_step_is_forbidden(users, case):
    r = api_for(users.team_staff).post(f"/api/disputes/reconsideration/{case.pk}/accept/",
                                       {"accepted_on": "2024-05-08", "procedure": "ordinary"}, format="json")
    assert r.status_code == 403
    assert ReconsiderationCase.objects.get(pk=case.pk).status == "received"


def test_receive_through_the_api(users, zone):
    r = api_for(users.legal).post("/api/disputes/reconsideration/", {
        "organization": zone.legal.pk, "role": "body", "number": "甬高新复〔2024〕4号", "applicant_name": "王五",
        "applicant_kind": "citizen", "respondent": zone.market.pk, "disputed_act": "不予公开",
        "act_kind": "information_disclosure", "channel": "online", "received_on": "2024-06-03",
    }, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["respondent_name"] == "市场监管分局"


def test_litigation_hearing_flag_and_indicators(users, zone):
    api = api_for(users.team_staff)
    r = api.post("/api/disputes/litigation/", {
        "organization": zone.team.pk, "number": "（2024）浙0212行初8号", "court": "高新区法院",
        "instance": "first", "plaintiff_name": "李四", "plaintiff_kind": "citizen", "disputed_act": "罚款",
        "act_kind": "penalty", "complaint_received_on": "2024-03-01", "public_interest": True,
    }, format="json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    r = api.post(f"/api/disputes/litigation/{pk}/record_hearing/",
                 {"held_on": "2024-04-10", "head_appeared": True, "head_name": "赵队长", "head_post": "principal"},
                 format="json")
    assert r.status_code == 200 and r.json()["hearings"][0]["head_required"] is True
    data = api_for(users.legal).get("/api/disputes/indicators/?year=2024").json()
    assert data["current"]["litigation_received"] == 1
    assert data["current"]["appearance_rate"] == 1.0
    assert {d["key"] for d in data["definitions"]} >= {"correction_rate", "loss_rate", "appearance_rate"}
    assert api_for(users.stranger).get("/api/disputes/indicators/?year=2024").json()["current"][
        "litigation_received"] == 0
    r = api_for(users.market_staff).get(f"/api/disputes/indicators/?year=2024&organization={zone.team.pk}")
    assert r.status_code == 400


def test_api_export_is_scoped(users, case):
    ws = load_workbook(BytesIO(api_for(users.market_staff).get("/api/disputes/reconsideration/export/").content)).active
    assert list(ws.iter_rows(min_row=2, values_only=True)) == []
    ws = load_workbook(BytesIO(api_for(users.legal).get("/api/disputes/reconsideration/export/").content)).active
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == [case.number]
