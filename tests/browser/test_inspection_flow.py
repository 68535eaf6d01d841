"""An inspection in a real browser: an officer opens a joint visit (gates → code), the enterprise opens
the QR page as it would after scanning, the officer records the visit, and the enterprise rates it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

pytest_plugins = ["tests.integration.test_inspections_world"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def todays_visit(world, zone, users):
    """A joint visit (执法队 + 市场监管分局) at 测试企业3 from today, officers assigned, plans approved."""
    from fazhi.inspections import services

    today = timezone.localdate()
    tasks = []
    for org, staff, item in ((zone.team, users.team_staff, world.gas), (zone.market, users.market_staff, world.food)):
        plan = services.plan_create(organization=org, title=f"{org.name}本期检查计划", period_start=today - dt.timedelta(days=30),
                                    period_end=today + dt.timedelta(days=60), actor=staff)
        tasks.append(services.inspection_task_create(
            plan_or_none=plan, entity=world.e3, department=org, item=item, earliest=today, latest=today + dt.timedelta(days=20),
            officers_needed=2, source="plan", actor=staff))
        services.plan_submit(plan=plan, actor=staff)
        services.plan_approve(plan=plan, actor=users.legal)
    visit = services.visit_schedule(tasks=tasks, window_start=today, window_end=today + dt.timedelta(days=3), actor=users.legal)
    services.visit_officers_set(visit=visit, officers=world.team_officers + world.market_officers, actor=users.team_staff)
    return visit


def login(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_an_officer_opens_records_and_the_enterprise_verifies_and_rates(page, browser, live_server, todays_visit, users):
    from fazhi.inspections.models import Rating, Visit

    base = live_server.url
    visit_url = f"{base}/inspections/visits/{todays_visit.pk}/"

    # The officer opens the visit: every gate passes and the code appears as a QR image.
    login(page, base, "officer")
    page.goto(visit_url)
    page.wait_for_selector("text=各项核验均已通过")
    page.click("#open-visit")
    page.wait_for_selector("#code img")
    code_text = page.inner_text("#code-text")
    assert code_text.startswith("FZ1-E-")
    assert page.get_attribute("#code img", "src").startswith("data:image/svg+xml")
    code_link = page.get_attribute("#code-link", "href")

    # The enterprise scans the code: a fresh, anonymous browser.
    enterprise = browser.new_context(locale="zh-CN").new_page()
    enterprise.goto(code_link)
    enterprise.wait_for_selector("#verdict")
    assert "有效的检查码" in enterprise.inner_text("#verdict")
    officers = enterprise.inner_text("#officers")
    assert "王*" in officers and "李*" in officers and "33020800001" in officers and "王一" not in officers
    assert "综合行政执法队" in enterprise.inner_text("#organizations")
    assert "《浙江省燃气管理条例》第四十条" in enterprise.inner_text("#items")
    assert enterprise.locator("#rate").count() == 0  # not before the visit is done

    # The officer arrives, fills in the record and completes the visit.
    page.click("#arrive")
    page.wait_for_selector("#record form")
    for select in page.locator("#record select[name^=check_]").all():
        select.select_option("ok")
    for box in page.locator("#record input[name=present]").all():
        box.check()
    left = timezone.localtime(timezone.now() + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#record input[name=left_at]", left)
    page.select_option("#record select[name=outcome]", "no_problem")
    page.click("#complete")
    page.wait_for_selector("text=检查已完成")
    assert page.inner_text("#visit-status") == "已完成"
    assert Visit.objects.get(pk=todays_visit.pk).status == "completed"

    # The enterprise reloads the code page and rates the visit.
    enterprise.reload()
    enterprise.wait_for_selector("#rate")
    enterprise.check("#rate input[name=score][value='4']")
    enterprise.fill("#rate textarea[name=comment]", "一次查完两个部门的事项，省时省力")
    enterprise.click("#submit-rating")
    enterprise.wait_for_selector("#rated")
    rating = Rating.objects.get(visit=todays_visit)
    assert rating.score == 4 and rating.organization.kind == "legal_office"

    # The inspected department sees no single rating.
    login(page, base, "team_staff")
    page.goto(f"{base}/inspections/ratings/?year={todays_visit.window_start.year}")
    assert "一次查完两个部门的事项" not in page.content()
    enterprise.context.close()
