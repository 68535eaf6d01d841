"""Dispute pages and exports: scope, permissions on the server, refusals naming the rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from fazhi.disputes import services
from fazhi.disputes.models import ReconsiderationCase, StatusChange
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def case(users, zone):
    return services.reconsideration_receive(
        actor=users.legal, organization=zone.legal, number="甬高新复〔2024〕7号", applicant_name="张三",
        respondent=zone.team, disputed_act="罚款 2000 元", sanction_kind="fine", amount=Decimal("2000"),
        received_on=D(2024, 5, 6),
    )


@pytest.fixture
def suit(users, zone):
    return services.litigation_receive(
        actor=users.team_staff, organization=zone.team, number="（2024）浙0212行初3号", court="高新区法院",
        plaintiff_name="李四", disputed_act="罚款", complaint_received_on=D(2024, 3, 1),
    )


def rows(response):
    ws = load_workbook(BytesIO(response.content)).active
    return [r for r in ws.iter_rows(min_row=2, values_only=True)]


class TestPages:
    def test_dashboard_and_navigation(self, users, case):
        html = client_for(users.legal).get("/disputes/?year=2024").content.decode()
        assert "行政争议指标" in html and "disputes-chart" in html and "复议纠错率" in html
        home = client_for(users.legal).get("/").content.decode()
        assert "/disputes/reconsideration/" in home  # the module's menu

    def test_list_detail_and_deadlines(self, users, case):
        c = client_for(users.legal)
        assert case.number in c.get("/disputes/reconsideration/").content.decode()
        html = c.get(f"/disputes/reconsideration/{case.pk}/").content.decode()
        assert "行政复议法 第三十条" in html and 'data-step="accept"' in html

    def test_other_department_and_other_zone_see_nothing(self, users, case, suit):
        for user in (users.market_staff, users.stranger):
            c = client_for(user)
            assert case.number not in c.get("/disputes/reconsideration/").content.decode()
            assert c.get(f"/disputes/reconsideration/{case.pk}/").status_code == 404
            assert c.get(f"/disputes/litigation/{suit.pk}/").status_code == 404
            assert rows(c.get("/disputes/reconsideration/export/")) == []
            assert rows(c.get("/disputes/litigation/export/")) == []

    def test_respondent_department_sees_the_case_and_may_only_reply(self, users, case):
        c = client_for(users.team_staff)
        html = c.get(f"/disputes/reconsideration/{case.pk}/").content.decode()
        assert 'data-step="accept"' not in html
        r = c.post(f"/disputes/reconsideration/{case.pk}/step/accept/", {"accepted_on": "2024-05-08",
                                                                         "procedure": "ordinary"})
        assert r.status_code == 403
        case.refresh_from_db()
        assert case.status == "received"

    def test_exports_carry_the_visible_rows(self, users, case, suit):
        assert [r[0] for r in rows(client_for(users.legal).get("/disputes/reconsideration/export/"))] == [case.number]
        assert [r[0] for r in rows(client_for(users.team_staff).get("/disputes/litigation/export/"))] == [suit.number]

    def test_refused_step_shows_the_rule_and_writes_nothing(self, users, case):
        c = client_for(users.legal)
        r = c.post(f"/disputes/reconsideration/{case.pk}/step/accept/",
                   {"accepted_on": "2024-05-08", "procedure": "simplified"})  # facts not clear
        assert r.status_code == 200 and "第五十三条" in r.content.decode()
        assert not StatusChange.objects.filter(reconsideration=case, action="accept").exists()

    def test_step_goes_through(self, users, case):
        c = client_for(users.legal)
        r = c.post(f"/disputes/reconsideration/{case.pk}/step/accept/",
                   {"accepted_on": "2024-05-08", "procedure": "simplified", "facts_clear": "on"})
        assert r.status_code == 302
        assert ReconsiderationCase.objects.get(pk=case.pk).procedure == "simplified"

    def test_receive_form(self, users, zone):
        c = client_for(users.legal)
        r = c.post("/disputes/reconsideration/new/", {
            "organization": zone.legal.pk, "role": "body", "number": "甬高新复〔2024〕9号", "applicant_name": "王五",
            "applicant_kind": "citizen", "respondent": zone.market.pk, "disputed_act": "不予公开",
            "act_kind": "information_disclosure", "channel": "online", "received_on": "2024-06-03",
        })
        assert r.status_code == 302, r.content.decode()[:2000]
        assert ReconsiderationCase.objects.get(number="甬高新复〔2024〕9号").respondent == zone.market

    def test_department_cannot_register_a_body_case(self, users, zone):
        r = client_for(users.team_staff).post("/disputes/reconsideration/new/", {
            "organization": zone.team.pk, "role": "body", "number": "X", "applicant_name": "王五",
            "applicant_kind": "citizen", "respondent": zone.team.pk, "disputed_act": "x", "act_kind": "penalty",
            "channel": "online", "received_on": "2024-06-03",
        })
        assert r.status_code == 403
        assert not ReconsiderationCase.objects.filter(number="X").exists()

    def test_litigation_and_opinion_pages(self, users, zone, suit):
        c = client_for(users.team_staff)
        html = c.get(f"/disputes/litigation/{suit.pk}/").content.decode()
        assert "行政诉讼法 第六十七条" in html
        r = c.post(f"/disputes/litigation/{suit.pk}/step/record_hearing/",
                   {"held_on": "2024-04-10", "lawyer_names": "王律师"})
        assert r.status_code == 302
        assert "不得仅委托律师出庭" in c.get(f"/disputes/litigation/{suit.pk}/").content.decode()
        legal = client_for(users.legal)
        r = legal.post("/disputes/opinions/new/", {
            "organization": zone.legal.pk, "department": zone.team.pk, "kind": "supervision_opinion",
            "number": "甬高新法监〔2024〕2号", "title": "出庭应诉问题", "content": "仅委托律师出庭，请整改",
            "source_type": "litigation", "source_id": str(suit.pk), "issued_on": "2024-04-15",
            "rectification_deadline": "2024-05-15",
        })
        assert r.status_code == 302
        html = c.get("/disputes/opinions/").content.decode()
        assert "甬高新法监〔2024〕2号" in html
        assert "甬高新法监〔2024〕2号" not in client_for(users.market_staff).get("/disputes/opinions/").content.decode()
