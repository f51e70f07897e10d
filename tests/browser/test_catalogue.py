"""An analyst renames an indicator on the catalogue page in Chromium and the dashboard shows the new name at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def catalogue_url(server_db: Path):
    """A server on the seeded database with one analyst."""
    from indicators.actions import SYSTEM, users
    from indicators.store import connect

    con = connect(server_db)
    users.add(con, SYSTEM, "ana", PASSWORD, "analyst")
    con.close()
    with running_server(server_db) as url:
        yield url


def _log_in(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("link", name="登录").first.click()
    page.get_by_label("用户名").fill("ana")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("已登录：ana").first.wait_for()


def _shoot(page, name: str, width: int) -> None:
    """The whole page at this width (Streamlit scrolls inside its container: grow the window first)."""
    page.set_viewport_size({"width": width, "height": 3200})
    page.mouse.move(0, 0)                     # no hover toolbar over the table in the picture
    page.wait_for_timeout(1200)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_edit_on_the_catalogue_page_renames_the_indicator_on_the_dashboard(page, catalogue_url):
    from playwright.sync_api import expect

    _log_in(page, catalogue_url)
    page.get_by_role("link", name="指标目录").click()
    page.get_by_role("heading", name="指标目录").wait_for()
    form = page.locator('[data-testid="stForm"]').filter(has_text="保存修改")
    name = form.get_by_label("中文名称")
    expect(name).to_have_value("110刑事治安总警情")          # waits while the page is still drawing
    name.fill("110警情总数（全区）")
    form.get_by_role("button", name="保存修改").click()
    page.get_by_text("已保存 1 处修改").wait_for()
    page.locator('[data-testid="stSidebarNav"]').get_by_text("社会治安", exact=True).click()
    page.get_by_role("heading", name="社会治安").wait_for()
    card = page.locator('[data-testid="stMetric"]').filter(has_text="110警情总数（全区）").first
    card.wait_for()
    assert "1052" in card.inner_text().replace(",", "")
    assert page.locator('[data-testid="stMetric"]').filter(has_text="110刑事治安总警情").count() == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_catalogue_page_screenshots(page, catalogue_url, lang):
    _log_in(page, catalogue_url)              # a reload would start a new session: navigate and toggle instead
    page.get_by_role("link", name="指标目录").click()
    page.get_by_role("heading", name="指标目录").wait_for()
    if lang == "en":
        page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
        page.get_by_role("heading", name="Indicator catalogue").wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    for width in (1440, 390):
        _shoot(page, f"catalogue_{lang}_{width}.png", width)
    pick = "打掉涉恶犯罪团伙 · criminal_gangs_busted · 使用中" if lang == "zh" else \
        "Criminal gangs broken up · criminal_gangs_busted · in use"          # in no index: it may be merged
    page.locator('[data-testid="stSelectbox"]').filter(
        has_text="选择要维护的指标" if lang == "zh" else "Indicator to manage").click()
    page.keyboard.type("criminal_gangs")                  # the list is long and drawn lazily: narrow it first
    page.get_by_role("option", name=pick).click()
    page.get_by_role("tab", name="停用、恢复与合并" if lang == "zh" else "Retire, restore, merge").click()
    page.get_by_text("将复制的数据" if lang == "zh" else "Figures to copy").first.wait_for()
    for width in (1440, 390):
        _shoot(page, f"catalogue_{lang}_{width}_merge.png", width)
    assert (ARTIFACTS / f"catalogue_{lang}_390.png").stat().st_size > 10_000
