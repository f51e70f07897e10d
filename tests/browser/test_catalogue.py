"""An analyst renames an indicator on the catalogue page in Chromium and the dashboard shows the new name at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
EN_UNIT = "Unit (stored in Chinese, e.g. 起)"   # the edit form edits the stored (Chinese) unit and says so


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



@pytest.fixture
def two_analysts_url(server_db: Path):
    """A server on the seeded database with two analysts."""
    from indicators.actions import SYSTEM, users
    from indicators.store import connect

    con = connect(server_db)
    for name in ("ana", "bob"):
        users.add(con, SYSTEM, name, PASSWORD, "analyst")
    con.close()
    with running_server(server_db) as url:
        yield url


def _edit_form(page, url: str, user: str, lang: str):
    """Log in as user, open the catalogue page (in lang) and wait for the edit form of 110刑事治安总警情."""
    from playwright.sync_api import expect

    page.goto(url)
    page.get_by_role("link", name="登录").first.click()
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text(f"已登录：{user}").first.wait_for()
    page.get_by_role("link", name="指标目录").click()
    page.get_by_role("heading", name="指标目录").wait_for()
    if lang == "en":
        page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
        page.get_by_role("heading", name="Indicator catalogue").wait_for()
    form = page.locator('[data-testid="stForm"]').filter(has_text="保存修改" if lang == "zh" else "Save changes")
    expect(form.get_by_label("单位" if lang == "zh" else EN_UNIT, exact=True)).to_have_value("起")
    return form


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_analysts_edit_one_indicator_the_later_save_of_the_same_field_is_refused(browser, page, lang,
                                                                                      two_analysts_url):
    """Bob saves the unit while Ana's form is open; her save of the same field is refused in her language, what
    she typed stays, and loading the current values shows Bob's."""
    from playwright.sync_api import expect

    unit, save = ("单位", "保存修改") if lang == "zh" else (EN_UNIT, "Save changes")
    ana = _edit_form(page, two_analysts_url, "ana", lang)
    ana.get_by_label(unit, exact=True).fill("宗")
    other = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    try:
        bob_page = other.new_page()
        bob_page.set_default_timeout(30000)
        bob = _edit_form(bob_page, two_analysts_url, "bob", "zh")
        bob.get_by_label("单位", exact=True).fill("件")
        bob.get_by_role("button", name="保存修改").click()
        bob_page.get_by_text("已保存 1 处修改").wait_for()
    finally:
        other.close()
    ana.get_by_role("button", name=save).click()
    line = ("「单位」：您读取时为「起」，别人已改为「件」，您填的是「宗」" if lang == "zh" else
            "Unit: “起” when you read it, changed by someone else to “件”, yours “宗”")
    page.locator('[data-testid="stAlert"]').filter(has_text=line).wait_for()
    expect(ana.get_by_label(unit, exact=True)).to_have_value("宗")
    for width in (1440, 390):
        _shoot(page, f"catalogue_{lang}_{width}_conflict.png", width)
    page.set_viewport_size({"width": 1440, "height": 3200})
    reload = page.get_by_role("button", name="载入当前值" if lang == "zh" else "Load current values")
    reload.click()
    expect(reload).to_have_count(0, timeout=60000)        # the run after the click has finished drawing
    expect(page.locator('[data-testid="stAlert"]').filter(has_text=line)).to_have_count(0)
    expect(ana.get_by_label(unit, exact=True)).to_have_value("件", timeout=30000)
