"""The shell in a real browser: log in, open a register, search it, open a record and its history."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_and_open_a_register(page, live_server, users):
    from fazhi.common.registers import get_register, load_registers
    from fazhi.common.services import record_create
    from fazhi.entities.models import MarketEntity

    load_registers()
    for uscc, name in (("91110108551385082Q", "小米科技有限责任公司"), ("914403001922038216", "华为技术有限公司")):
        e = MarketEntity(uscc=uscc, name=name, entity_type="company", registered_on="2010-03-03",
                         organization=users.legal.zone)
        record_create(reg=get_register("entities"), actor=users.legal, obj=e)

    page.goto(f"{live_server.url}/registers/entities/")
    assert "/login/" in page.url
    page.fill("input[name=username]", "legal")
    page.fill("input[name=password]", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('经营主体')")
    assert page.locator("table.register tbody tr").count() == 2

    page.fill("input[name=q]", "华为")  # htmx swaps the table as the user types
    page.wait_for_function("document.querySelectorAll('table.register tbody tr').length === 1")
    page.click("text=914403001922038216")
    page.wait_for_selector("h2:has-text('审计历史')")
    assert page.locator("table.audit").inner_text().count("entity.created") == 1

    # assets come from this server only
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("#entity-chart canvas")
    assert requested and all(u.startswith(live_server.url) for u in requested), requested
