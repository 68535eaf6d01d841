"""Malformed input to penalty-case and dispute pages and APIs: a 400/404 or a message, never a 500."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.disputes import services as dispute_services
from fazhi.enforcement.tests.factories import case_world, new_case
from tests.conftest import api_for, client_for

pytestmark = pytest.mark.django_db

D = dt.date
HUGE = "99999999999999999999"


@pytest.fixture
def penalty_case(zone, users, officers):
    return new_case(case_world(zone, users, officers))


@pytest.fixture
def reconsideration(users, zone):
    return dispute_services.reconsideration_receive(
        actor=users.legal, organization=zone.legal, number="甬高新复〔2024〕7号", applicant_name="张三",
        respondent=zone.team, disputed_act="罚款 2000 元", sanction_kind="fine", amount=Decimal("2000"),
        received_on=D(2024, 5, 6),
    )


class TestCaseListFilters:
    @pytest.mark.parametrize("query", [
        "year=abc", "year=2024-13-40", f"year={HUGE}", "year=0", "year=10000",
        "organization=abc", "organization=1.5", "due_within=abc", f"due_within={HUGE}",
    ])
    def test_malformed_filter_is_refused_with_its_name(self, users, penalty_case, query):
        name = query.split("=")[0]
        page = client_for(users.team_staff).get(f"/cases/?{query}")
        assert page.status_code == 400
        assert name in page.content.decode()
        assert client_for(users.team_staff).get(f"/cases/export/?{query}").status_code == 400
        api = api_for(users.team_staff).get(f"/api/cases/?{query}")
        assert api.status_code == 400
        assert name in api.json()
        assert api_for(users.team_staff).get(f"/api/cases/export/?{query}").status_code == 400

    @pytest.mark.parametrize("query", ["status=nonsense", "open=maybe", "overdue=maybe", "procedure=zzz",
                                       "published=maybe"])
    def test_harmless_values_still_list(self, users, penalty_case, query):
        assert client_for(users.team_staff).get(f"/cases/?{query}").status_code == 200
        assert api_for(users.team_staff).get(f"/api/cases/?{query}").status_code == 200

    @pytest.mark.parametrize("page", ["abc", "-1", HUGE])
    def test_bad_page_is_first_page_or_404(self, users, penalty_case, page):
        assert client_for(users.team_staff).get(f"/cases/?page={page}").status_code == 200
        assert api_for(users.team_staff).get(f"/api/cases/?page={page}").status_code == 404

    def test_valid_filters_unchanged(self, users, penalty_case):
        assert client_for(users.team_staff).get("/cases/?year=2025&due_within=7").status_code == 200
        assert api_for(users.team_staff).get(f"/api/cases/?organization={penalty_case.organization_id}").json()


class TestCaseRecords:
    @pytest.mark.parametrize("path", ["abc", HUGE + "000", "99999"])
    def test_api_detail_of_bad_or_missing_id_is_404(self, users, path):
        assert api_for(users.team_staff).get(f"/api/cases/{path}/").status_code == 404

    def test_page_of_missing_case_is_404(self, users, penalty_case):
        c = client_for(users.team_staff)
        assert c.get("/cases/99999/").status_code == 404
        assert c.get(f"/cases/{penalty_case.pk}/documents/9999/").status_code == 404

    def test_malformed_date_on_a_transition_reshows_the_form(self, users, penalty_case):
        r = client_for(users.team_staff).post(f"/cases/{penalty_case.pk}/do/file/", {"file-on": "2024-13-40"})
        assert r.status_code == 400
        r = client_for(users.team_staff).post(f"/cases/{penalty_case.pk}/add/payment/",
                                              {"payment-paid_on": "2024-02-30", "payment-amount": "abc"})
        assert r.status_code == 400
        assert api_for(users.team_staff).post(f"/api/cases/{penalty_case.pk}/file/", {"on": "2024-13-40"},
                                              format="json").status_code == 400


class TestDisputeYears:
    @pytest.mark.parametrize("year", ["abc", "2024-13-40", HUGE, "-5", "0", "10000"])
    def test_out_of_range_year_is_ignored_on_pages_and_lists(self, users, reconsideration, year):
        c, a = client_for(users.legal), api_for(users.legal)
        for path in ("/disputes/", "/disputes/reconsideration/", "/disputes/litigation/",
                     "/disputes/reconsideration/export/", "/disputes/litigation/export/"):
            assert c.get(f"{path}?year={year}").status_code == 200, path
        for path in ("/api/disputes/reconsideration/", "/api/disputes/litigation/"):
            assert a.get(f"{path}?year={year}").status_code == 200, path

    @pytest.mark.parametrize("year", ["abc", HUGE, "-5", "10000"])
    def test_indicators_refuse_a_bad_year(self, users, year):
        r = api_for(users.legal).get(f"/api/disputes/indicators/?year={year}")
        assert r.status_code == 400
        assert "year" in r.json()

    @pytest.mark.parametrize("org", ["abc", "1.5", HUGE + "000"])
    def test_indicators_refuse_a_malformed_organization(self, users, org):
        r = api_for(users.legal).get(f"/api/disputes/indicators/?year=2024&organization={org}")
        assert r.status_code == 400
        assert "organization" in r.json()

    def test_valid_year_still_filters(self, users, reconsideration):
        a = api_for(users.legal)
        body = a.get("/api/disputes/reconsideration/?year=2024").json()
        assert len(body["results"] if isinstance(body, dict) else body) == 1
        body = a.get("/api/disputes/reconsideration/?year=2023").json()
        assert len(body["results"] if isinstance(body, dict) else body) == 0
        assert a.get("/api/disputes/indicators/?year=2024").status_code == 200


class TestDisputeRecords:
    @pytest.mark.parametrize("path", ["/disputes/reconsideration/99999/", "/disputes/litigation/99999/",
                                      "/disputes/opinions/99999/"])
    def test_missing_record_is_404(self, users, path):
        assert client_for(users.legal).get(path).status_code == 404

    def test_unknown_step_is_404(self, users, reconsideration):
        assert client_for(users.legal).get(
            f"/disputes/reconsideration/{reconsideration.pk}/step/nonsense/").status_code == 404

    def test_void_refusal_and_success_still_flash(self, users, reconsideration):
        c = client_for(users.legal)
        r = c.post(f"/disputes/reconsideration/{reconsideration.pk}/void/", {"reason": ""}, follow=True)
        assert r.status_code == 200
        reconsideration.refresh_from_db()
        assert reconsideration.voided_at is None
        c.post(f"/disputes/reconsideration/{reconsideration.pk}/void/", {"reason": "登记错误"})
        reconsideration.refresh_from_db()
        assert reconsideration.voided_at is not None
