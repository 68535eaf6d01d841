"""A reconsideration case from receipt to decision, through the pages, in a real browser.

The clerk of the legal office registers the application, accepts it, sends
the copy, records the reply, suspends the case (the decision date stops),
tries to decide while suspended (refused with the article), resumes (the
decision date has moved by the 20 suspended days), decides and sees the case
on the dashboard.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page, key: str, fields: dict[str, str], selects: dict[str, str] | None = None):
    page.click(f".steps a[data-step={key}]")
    page.wait_for_selector("form.form")
    for name, value in fields.items():
        page.fill(f"[name={name}]", value)
    for name, value in (selects or {}).items():
        page.select_option(f"select[name={name}]", value)
    page.click("form.form button[type=submit]")
    page.wait_for_selector("h2:has-text('法定期限')")


def test_receipt_to_decision(page, live_server, users, zone):
    page.goto(f"{live_server.url}/login/?next=/disputes/reconsideration/new/")
    page.fill("input[name=username]", "legal")
    page.fill("input[name=password]", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('收到行政复议申请')")

    # receipt (第二十二条)
    page.select_option("select[name=organization]", label="法治办")
    page.select_option("select[name=role]", "body")
    page.fill("input[name=number]", "甬高新复〔2025〕8号")
    page.fill("input[name=applicant_name]", "张三")
    page.select_option("select[name=respondent]", label="综合行政执法队")
    page.fill("input[name=disputed_act]", "甬高新综执罚〔2025〕12号行政处罚决定")
    page.select_option("select[name=sanction_kind]", "fine")
    page.fill("input[name=amount]", "5000")
    page.select_option("select[name=channel]", "in_person")
    page.fill("input[name=received_on]", "2025-03-03")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("h1:has-text('甬高新复〔2025〕8号')")
    assert "待受理审查" in page.inner_text("#case-status")
    assert "行政复议法 第三十条" in page.inner_text("table.deadlines")

    # acceptance (第三十条): the decision period starts, 60 days → 2025-05-04, a holiday → 05-06
    _step(page, "accept", {"accepted_on": "2025-03-05"}, {"procedure": "ordinary"})
    assert "审理中" in page.inner_text("#case-status")
    assert "2025-05-06" in page.inner_text("tr[data-deadline=decision] td.deadline")

    _step(page, "send_copy", {"sent_on": "2025-03-07", "received_on": "2025-03-10"})
    _step(page, "record_reply", {"replied_on": "2025-03-18"})
    assert "已按期完成" in page.inner_text("tr[data-deadline=respondent_reply]")

    # suspension (第三十九条): the clock stops
    _step(page, "suspend", {"suspended_on": "2025-03-20", "notice_sent_on": "2025-03-20", "reason": "待另案审结"},
          {"ground": "8"})
    assert "中止" in page.inner_text("#case-status")
    assert "中止中" in page.inner_text("tr[data-deadline=decision] td.deadline")

    # no decision while suspended — refused with the rule, nothing written
    page.goto(page.url.rstrip("/") + "/step/decide/")
    page.select_option("select[name=decision_type]", "uphold")
    page.fill("input[name=decided_on]", "2025-04-01")
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".error")
    assert "第三十九条第二款" in page.inner_text("form.form")
    page.click("a:has-text('返回')")
    page.wait_for_selector("h2:has-text('法定期限')")

    # resumption: 20 days not counted → 2025-05-24 (Sat) → 2025-05-26
    _step(page, "resume", {"resumed_on": "2025-04-09", "notice_sent_on": "2025-04-09"})
    cell = page.inner_text("tr[data-deadline=decision] td.deadline")
    assert "2025-05-26" in cell and "已扣除中止 20 日" in cell

    # decision (第六十八条)
    _step(page, "decide", {"decided_on": "2025-05-20", "summary": "事实清楚，证据确凿，决定维持"},
          {"decision_type": "uphold"})
    assert "已决定" in page.inner_text("#case-status")
    assert "维持（第六十八条）" in page.inner_text("#decision")
    assert "已按期完成" in page.inner_text("tr[data-deadline=decision]")
    history = page.inner_text("h2:has-text('办理步骤') + table")
    for label in ("收到申请", "受理", "中止", "恢复审理", "作出决定"):
        assert label in history

    # and it counts on the dashboard
    page.goto(f"{live_server.url}/disputes/?year=2025&organization={zone.gov.pk}")
    page.wait_for_selector("#disputes-chart canvas")
    assert page.inner_text("#card-received .value").strip() == "1"
