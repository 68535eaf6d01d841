"""A random draw in a real browser: prepare with a preview, publish the commitment, run, read the public page."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from tests.integration.test_draws import drawable, today, years  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_prepare_commit_run_and_publish(page, browser, live_server, zone, users, drawable):  # noqa: F811
    from fazhi.draws.models import RandomDraw

    day = today() + dt.timedelta(days=7)
    page.goto(f"{live_server.url}/draws/new/")
    page.fill("input[name=username]", "market_staff")
    page.fill("input[name=password]", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('准备双随机抽查')")
    page.select_option("select[name=organization]", str(zone.market.pk))
    page.select_option("select[name=item]", str(drawable.food.pk))
    page.fill("input[name=draw_date]", day.isoformat())
    page.fill("input[name=window_start]", (day + dt.timedelta(days=1)).isoformat())
    page.fill("input[name=window_end]", (day + dt.timedelta(days=30)).isoformat())
    page.fill("input[name=ratio_D]", "1")
    page.click("button[name=preview]")
    page.wait_for_selector("#preview")
    assert "每个可能被抽中的对象都凑得齐合格的执法人员" in page.inner_text("#preview")
    assert RandomDraw.objects.count() == 0

    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("text=草稿（未公开）")
    page.click("button:has-text('公布承诺')")
    page.wait_for_selector("text=承诺已公布")
    draw = RandomDraw.objects.get()
    assert draw.seed_commitment in page.content() and draw.seed not in page.content()
    page.click("button:has-text('抽取并公示')")
    page.wait_for_selector("text=已抽取，种子和结果已公布")
    draw.refresh_from_db()

    public = browser.new_context(locale="zh-CN").new_page()  # nobody logged in
    public.goto(f"{live_server.url}/draws/public/{draw.pk}/")
    commitment = public.inner_text("#commitment")
    seed = public.inner_text("#seed")
    assert hashlib.sha256(seed.encode()).hexdigest() == commitment == draw.seed_commitment
    rows = public.locator("#targets tr").count() - 1
    assert rows == draw.targets_count > 0
    text = public.inner_text("#targets")
    assert not any(o.name in text for o in drawable.market_officers) and "*" in text
    with public.expect_download() as info:
        public.click("text=下载输入（复核用）")
    assert info.value.suggested_filename == f"draw-{draw.pk}-inputs.zip"
    public.context.close()
