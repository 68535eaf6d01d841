"""A penalty case from the lead to closing, through the pages in a real browser.

Registers a lead, files it with two certified officers, investigates, notifies
the intended fine, decides after the statement period, serves, records the
payment, executes, closes; then checks the timeline, verifies the record chain
and finds the decision on the public page with nothing masked away that is not
personal data.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _act(page, action: str, fields: dict[str, str], checks=(), selects=None, status: str | None = None):
    """Open an action's panel, fill it, submit, and wait for the new status."""
    panel = page.locator(f"#action-{action}") if action not in ("step", "payment") else page.locator(f"#{action}")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    for name, value in (selects or {}).items():
        panel.locator(f"select[name='{name}']").select_option(value)
    for name, value in fields.items():
        panel.locator(f"[name='{name}']").fill(value)
    for name, value in checks:
        box = panel.locator(f"input[name='{name}'][value='{value}']")
        if not box.is_checked():
            box.check()
    panel.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "error" not in (page.locator(".messages").inner_text() if page.locator(".messages").count() else ""), \
        page.content()
    if status:
        page.wait_for_selector(f"#case-status:has-text('{status}')")


def test_a_case_from_filing_to_closing(page, live_server, zone, users, officers):
    from fazhi.enforcement.models import PenaltyCase
    from fazhi.enforcement.tests.factories import case_world

    world = case_world(zone, users, officers)
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("input[name=username]", "team_staff")
    page.fill("input[name=password]", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('登记线索')")

    form = page.locator("#case-form")
    form.locator("select[name=source]").select_option("complaint")
    form.locator("input[name=lead_received_on]").fill("2025-02-20")
    form.locator("select[name=party_kind]").select_option("legal_person")
    form.locator("input[name=party_name]").fill("宁波某某物业服务有限公司")
    form.locator("input[name=party_id_number]").fill("91330201MA2AAAAA1X")
    form.locator("input[name=item_code]").fill(world.item.code)
    form.locator("input[name=act_date]").fill("2025-02-18")
    form.locator("textarea[name=facts]").fill("当事人未经批准擅自占用城市道路堆放建筑材料。")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#case-status:has-text('线索')")

    t1, t2 = (str(o.pk) for o in world.team_officers)
    _act(page, "file", {"file-on": "2025-02-24"}, checks=[("file-officers", t1), ("file-officers", t2)],
         status="已立案")
    assert "甬高新综执罚〔2025〕1号" in page.locator("#case-title").inner_text()
    _act(page, "investigate", {"investigate-on": "2025-02-25"}, status="调查取证")
    _act(page, "step", {"step-on": "2025-02-26", "step-summary": "现场检查并拍照"},
         selects={"step-kind": "inspection"}, checks=[("step-officers", t1), ("step-officers", t2)])
    assert "现场检查" in page.locator("#steps").inner_text()

    # deciding inside the statement period is refused with the article (行政处罚法 第六十二条)
    _act(page, "notify", {"notify-on": "2025-03-03", "notify-fine": "2000"}, checks=[("notify-kinds", "fine")],
         status="已告知")
    panel = page.locator("#action-decide")
    panel.locator("summary").click()
    panel.locator("input[name='decide-on']").fill("2025-03-05")
    panel.locator("button[type=submit]").click()
    page.wait_for_selector("#action-decide .error")
    assert "第六十二条" in page.locator("#action-decide").inner_text()

    _act(page, "decide", {"decide-on": "2025-03-11"}, status="已决定")
    _act(page, "serve", {"serve-on": "2025-03-12"}, selects={"serve-method": "direct"}, status="已送达")
    _act(page, "payment", {"payment-paid_on": "2025-03-20", "payment-amount": "2000"})
    _act(page, "execute", {"execute-on": "2025-03-20"}, selects={"execute-method": "paid"}, status="执行完毕")
    _act(page, "close", {"close-on": "2025-03-20"}, status="已结案")

    # the deadlines with their basis, the documents and the timeline
    assert "行政处罚法 第六十条" in page.locator("#deadlines").inner_text()
    documents = page.locator("#documents").inner_text()
    for title in ("立案审批表", "行政处罚事先告知书", "行政处罚决定书", "送达回证", "结案报告"):
        assert title in documents
    case = PenaltyCase.objects.get()
    assert case.status == "closed"
    assert page.locator("ol.timeline li").count() == case.record_seq
    page.click("button[name=verify]")
    page.wait_for_selector(".messages:has-text('校验通过')")

    page.click("#documents a:has-text('行政处罚决定书')")
    page.wait_for_selector("article.document h1:has-text('行政处罚决定书')")
    assert "2000" in page.locator("article.document").inner_text()

    page.goto(f"{live_server.url}/cases/public/")
    page.click(f"text={case.number}")
    page.wait_for_selector("dd.party:has-text('宁波某某物业服务有限公司')")
