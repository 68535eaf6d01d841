"""Malformed input to the inspections and draws pages and API gives 400/404 or a form message, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import api_for, client_for

pytestmark = pytest.mark.django_db

BAD_QUERIES = ["year=abc", "year=0", "year=99999", "year=-1", "year=²", "page=abc", "page=-1", "status=bogus",
               "organization=abc", "run=abc", "visit=abc", "month=13", "month=abc", "date=2024-13-40", "x=maybe",
               "joint=maybe", "mine=maybe"]

PAGES = ["/inspections/", "/inspections/joint/", "/inspections/items/", "/inspections/plans/", "/inspections/runs/",
         "/inspections/visits/", "/inspections/invitations/", "/inspections/ratings/", "/inspections/findings/", "/draws/"]

API_LISTS = ["/api/inspections/items/", "/api/inspections/plans/", "/api/inspections/tasks/",
             "/api/inspections/runs/", "/api/inspections/visits/", "/api/inspections/invitations/",
             "/api/inspections/ratings/", "/api/inspections/ratings/summary/", "/api/inspections/findings/",
             "/api/inspections/figures/", "/api/draws/"]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_list_pages_ignore_malformed_query_parameters(users, query):
    c = client_for(users.legal)
    for url in PAGES:
        assert c.get(f"{url}?{query}").status_code == 200, url


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_api_lists_ignore_malformed_query_parameters(users, query):
    a = api_for(users.legal)
    for url in API_LISTS:
        assert a.get(f"{url}?{query}").status_code in (200, 400, 404), url


def test_out_of_range_year_falls_back_to_the_default_year(users):
    r = client_for(users.legal).get("/inspections/?year=99999")
    assert r.status_code == 200
    assert r.context["year"] != 99999


@pytest.mark.parametrize("url", ["/inspections/plans/999999/", "/inspections/runs/999999/",
                                 "/inspections/visits/999999/", "/inspections/visits/999999/code/",
                                 "/inspections/invitations/999999/", "/inspections/findings/999999/",
                                 "/draws/999999/", "/draws/999999/full-inputs.zip", "/draws/999999/targets.xlsx",
                                 "/api/inspections/plans/999999/", "/api/inspections/visits/abc/",
                                 "/api/inspections/findings/999999/", "/api/draws/999999/", "/api/draws/abc/"])
def test_details_of_nonexistent_ids_are_404(users, url):
    c = api_for(users.legal) if url.startswith("/api/") else client_for(users.legal)
    assert c.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/inspections/public/code/garbage/", "/inspections/public/invitations/garbage/",
                                 "/draws/public/999999/", "/draws/public/999999/inputs.zip",
                                 "/api/draws/public/999999/"])
def test_public_pages_of_unknown_codes_tokens_and_draws(zone, url):
    assert Client().get(url).status_code in (200, 404)


@pytest.mark.parametrize("query", ["year=abc", "year=99999", "year=²", "page=abc"])
def test_public_lists_ignore_malformed_query_parameters(zone, query):
    for url in ["/inspections/public/plans/", "/draws/public/"]:
        assert Client().get(f"{url}?{query}").status_code == 200, url
    assert Client().get(f"/api/draws/public/?{query}").status_code in (200, 404)  # DRF: an invalid page is a 404


def test_public_code_page_with_garbage_code_posts_a_rating(zone):
    r = Client().post("/inspections/public/code/garbage/", {"score": "5", "comment": ""})
    assert r.status_code in (200, 404)


@pytest.mark.parametrize("data", [
    {"uscc": "NOT-A-USCC", "contact_phone": "13800000000", "preferred_from": "2030-01-10", "preferred_to": "2030-01-20"},
    {"uscc": "91330201MA2AAAAA0X", "contact_phone": "", "preferred_from": "2030-01-10", "preferred_to": "2030-01-20"},
    {"uscc": "91330201MA2AAAAA0X", "contact_phone": "13800000000", "preferred_from": "2030-01-20",
     "preferred_to": "2030-01-10"},
    {"uscc": "91330201MA2AAAAA0X", "contact_phone": "13800000000", "preferred_from": "2024-13-40",
     "preferred_to": "x"},
])
def test_public_invitation_form_rejects_bad_input_with_a_message(zone, data):
    from fazhi.inspections.models import Invitation

    r = Client().post("/inspections/public/invite/", data)
    assert r.status_code == 200
    assert r.context["form"].errors
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("url", ["/inspections/plans/new/", "/inspections/visits/new/", "/draws/new/"])
def test_page_posts_with_malformed_dates_show_the_form(users, url):
    data = {"period_start": "2024-13-40", "period_end": "x", "window_start": "2024-13-40", "window_end": "x",
            "draw_date": "2024-02-30"}
    r = client_for(users.market_staff).post(url, data)
    assert r.status_code in (200, 403)
    if r.status_code == 200:
        assert r.context["form"].errors


@pytest.mark.parametrize("url", ["/api/inspections/plans/", "/api/inspections/visits/", "/api/inspections/runs/",
                                 "/api/draws/"])
def test_api_posts_with_malformed_dates_are_400(users, url):
    data = {"period_start": "2024-13-40", "period_end": "x", "window_start": "2024-13-40", "window_end": "x",
            "draw_date": "2024-02-30", "title": "t"}
    assert api_for(users.market_staff).post(url, data, format="json").status_code in (400, 403, 405)
