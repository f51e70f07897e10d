"""Logins that last (#12.5) in Debian's Chromium: reload, new tab, logout, idle timeout, deep link, upload in progress.

Every wait is for a state (a text, a cookie, a URL), never a fixed sleep: the tests run beside others on 2 cores.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser
PASSWORD = "analyst-pass-1"
COOKIE = "indicators_session"
WAIT = 60_000                  # ms: a state the server reaches in a moment on a quiet machine, generous under load


@pytest.fixture
def url(server_db: Path) -> Iterator[str]:
    """A server (public dashboards, the default) whose database holds one analyst."""
    from indicators.actions import SYSTEM, users
    from indicators.store import connect

    con = connect(server_db)
    users.add(con, SYSTEM, "ana", PASSWORD, "analyst")
    con.close()
    with running_server(server_db) as base:
        yield base


@pytest.fixture
def context(browser):
    """A browser context (one cookie jar, as one person's browser) at desktop size."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    ctx.set_default_timeout(WAIT)
    yield ctx
    ctx.close()


def _session_cookie(ctx) -> dict | None:
    return next((c for c in ctx.cookies() if c["name"] == COOKIE), None)


def _wait_for_cookie(page, present: bool = True) -> dict | None:
    """Wait until the browser holds (or no longer holds) the session cookie."""
    for _ in range(600):
        cookie = _session_cookie(page.context)
        if (cookie is not None) == present:
            return cookie
        page.wait_for_timeout(100)
    raise AssertionError(f"session cookie {'never set' if present else 'never removed'}")


def _log_in(page, name: str = "ana", password: str = PASSWORD) -> None:
    """Fill in the login form shown on this page and wait until the session cookie is set."""
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_text(f"已登录：{name}").first.wait_for()
    _wait_for_cookie(page)


def _nav_links(page, name: str) -> int:
    return page.locator("[data-testid='stSidebarNav'] a").filter(has_text=name).count()


def _settled(page) -> None:
    """Wait until the script run has finished and nothing on the page is stale (a screenshot shows the result)."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for()
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")


def _open_sidebar(page) -> None:
    """On a phone the sidebar is folded away: open it (a desktop has it open)."""
    if page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "true":
        page.locator("[data-testid='stExpandSidebarButton']").click()
        page.locator("[data-testid='stSidebar'][data-collapsed='false']").wait_for()
        page.wait_for_function("() => { const r = document.querySelector(\"[data-testid='stSidebar']\")"
                               ".getBoundingClientRect(); return r.left >= 0; }")


def test_login_survives_reload_and_new_tab_until_logout(context, url):
    page = context.new_page()
    page.goto(url + "/login")
    page.get_by_role("link", name="登录").first.wait_for()
    _settled(page)
    assert _nav_links(page, "登录") == 1
    _log_in(page)
    cookie = _session_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]   # plain http here
    assert cookie["value"] not in page.url and COOKIE not in page.evaluate("document.cookie")
    _settled(page)
    assert _nav_links(page, "登录") == 0                         # logged in: 退出登录 instead of a 登录 entry
    page.reload()
    page.get_by_text("已登录：ana（分析员）").first.wait_for()
    page.get_by_role("button", name="退出登录").first.wait_for()   # its element code may arrive after the caption

    tab = context.new_page()
    tab.goto(url + "/upload")
    tab.get_by_role("heading", name="数据上传").wait_for()
    tab.get_by_text("已登录：ana").first.wait_for()
    assert cookie["value"] not in tab.url

    tab.get_by_role("button", name="退出登录").first.click()
    tab.get_by_text("已退出登录。").wait_for()
    _wait_for_cookie(tab, present=False)
    page.reload()                                                 # the first tab's next page load is logged out too
    page.get_by_role("link", name="登录").first.wait_for()
    _settled(page)
    assert page.get_by_text("已登录：ana").count() == 0 and _nav_links(page, "登录") == 1


def test_a_stolen_cookie_is_worthless_after_logout(browser, context, url):
    page = context.new_page()
    page.goto(url + "/login")
    _log_in(page)
    stolen = _session_cookie(context)
    page.get_by_role("button", name="退出登录").first.click()
    page.get_by_text("已退出登录。").wait_for()
    other = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        other.add_cookies([{k: stolen[k] for k in ("name", "value", "domain", "path")}])
        thief = other.new_page()
        thief.goto(url + "/upload")
        thief.get_by_label("用户名").wait_for(timeout=WAIT)       # sent to log in, the upload page not shown
        assert thief.get_by_text("已登录：ana").count() == 0
    finally:
        other.close()


def test_idle_timeout_ends_the_login_on_the_server(context, url, server_db):
    from indicators.store import connect

    page = context.new_page()
    page.goto(url + "/login")
    _log_in(page)
    con = connect(server_db)                                      # 31 idle minutes pass (the record is the clock)
    con.execute("UPDATE login_session SET last_seen = $t", {"t": datetime.now() - timedelta(minutes=31)})
    con.close()
    page.reload()
    page.get_by_text("长时间未操作，已自动退出登录，请重新登录。").wait_for()
    assert page.get_by_text("已登录：ana").count() == 0
    con = connect(server_db)
    ended = con.execute("SELECT end_reason FROM login_session").fetchall()
    logouts = con.execute("SELECT detail FROM audit WHERE action = 'logout'").fetchall()
    con.close()
    assert ended == [("idle",)] and logouts == [('{"reason": "idle"}',)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deep_link_leads_to_login_and_back(context, url, lang):
    page = context.new_page()
    suffix = "?lang=en" if lang == "en" else ""
    page.goto(url + "/upload" + suffix)
    heading = "Log in" if lang == "en" else "登录"
    page.get_by_role("heading", name=heading).wait_for()
    page.wait_for_url("**/login**")
    _settled(page)
    assert page.get_by_text("Page not found").count() == 0 and _nav_links(page, heading) == 1
    page.get_by_text("Please log in first; you will then be taken to the page you asked for." if lang == "en" else
                     "请先登录，登录后将回到您要打开的页面。").wait_for()
    _settled(page)
    page.get_by_text("User name" if lang == "en" else "用户名", exact=True).wait_for()
    page.screenshot(path=str(ARTIFACTS / f"session_deep_link_{lang}_1440.png"))
    page.get_by_label("User name" if lang == "en" else "用户名").fill("ana")
    page.get_by_label("Password" if lang == "en" else "密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=heading).click()
    page.get_by_role("heading", name="Upload" if lang == "en" else "数据上传").wait_for()
    page.wait_for_url("**/upload**")
    _settled(page)
    assert _nav_links(page, heading) == 0 and page.get_by_text("Page not found").count() == 0


def test_page_above_the_role_says_so_in_words(context, url):
    page = context.new_page()
    page.goto(url + "/login")
    _log_in(page)
    page.goto(url + "/audit")                                     # an administrator's page, asked for by an analyst
    page.get_by_text("您的角色无权使用此页面。").wait_for()
    assert page.get_by_text("Page not found").count() == 0 and page.get_by_text("已登录：ana").count() >= 1


def _upload_file(folder: Path) -> Path:
    """A small long-layout workbook of two figures."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "地区", "期间", "数值"])
    ws.append(["110刑事治安总警情", "大鹏新区", "2022年", 980])
    ws.append(["110刑事治安总警情", "大鹏新区", "2023年", 900])
    buf = io.BytesIO()
    wb.save(buf)
    path = folder / "续传测试.xlsx"
    path.write_bytes(buf.getvalue())
    return path


def test_upload_in_progress_survives_a_reload(context, url, tmp_path, server_db):
    page = context.new_page()
    page.goto(url + "/upload")
    _log_in(page)
    page.get_by_role("heading", name="数据上传").wait_for()
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(_upload_file(tmp_path)))
    page.get_by_text("预览：将写入的改动").wait_for()
    page.locator("[data-testid='stMetricValue']").nth(2).wait_for()
    _settled(page)
    before = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    page.reload()
    page.get_by_text("已恢复上次上传的文件：续传测试.xlsx").wait_for()
    page.get_by_text("预览：将写入的改动").wait_for()
    page.locator("[data-testid='stMetricValue']").nth(2).wait_for()
    _settled(page)
    assert page.locator("[data-testid='stMetricValue']").all_inner_texts() == before and sum(map(int, before)) == 2
    _settled(page)
    page.screenshot(path=str(ARTIFACTS / "session_upload_resumed_zh_1440.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})         # a phone, in English: the same file is back
    page.goto(url + "/upload?lang=en")
    page.get_by_text("The file you were uploading is back: 续传测试.xlsx").wait_for()
    page.get_by_text("Preview: what would change").wait_for()
    _settled(page)
    page.screenshot(path=str(ARTIFACTS / "session_upload_resumed_en_390.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(url + "/upload")
    page.get_by_text("已恢复上次上传的文件：续传测试.xlsx").wait_for()
    staged = list((server_db.parent / "staging").iterdir())
    assert len(staged) == 1 and (staged[0] / "file").stat().st_mode & 0o077 == 0
    page.get_by_role("button", name="放弃此文件").click()
    page.get_by_text("已恢复上次上传的文件").wait_for(state="detached")
    assert not any((server_db.parent / "staging").iterdir())
    page.reload()
    page.get_by_role("heading", name="数据上传").wait_for()
    page.locator("[data-testid='stFileUploader']").wait_for()
    assert page.get_by_text("预览：将写入的改动").count() == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_login_page_and_sidebar_at_desktop_and_phone_width(browser, url, lang):
    """Screens for review (test-artifacts/session_*): the login page logged out, the sidebar logged in."""
    heading, who = ("Log in", "Logged in as ana") if lang == "en" else ("登录", "已登录：ana")
    for width, height in ((1440, 1000), (390, 844)):
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        ctx.set_default_timeout(WAIT)
        try:
            page = ctx.new_page()
            page.goto(f"{url}/login?lang={lang}")
            page.get_by_role("heading", name=heading).wait_for()
            _settled(page)
            page.get_by_text("User name" if lang == "en" else "用户名", exact=True).wait_for()
            page.screenshot(path=str(ARTIFACTS / f"session_login_main_{lang}_{width}.png"))
            _open_sidebar(page)
            assert _nav_links(page, heading) == 1
            page.screenshot(path=str(ARTIFACTS / f"session_login_{lang}_{width}.png"))
            page.get_by_label("User name" if lang == "en" else "用户名").fill("ana")
            password = page.get_by_label("Password" if lang == "en" else "密码", exact=True)
            password.fill(PASSWORD)
            password.press("Enter")                               # the open sidebar covers the button on a phone
            page.get_by_text(who).first.wait_for()
            _wait_for_cookie(page)
            _settled(page)
            page.screenshot(path=str(ARTIFACTS / f"session_login_done_{lang}_{width}.png"))
            _open_sidebar(page)
            page.locator("[data-testid='stSidebar']").get_by_text(who).wait_for()
            assert _nav_links(page, heading) == 0
            page.screenshot(path=str(ARTIFACTS / f"session_sidebar_{lang}_{width}.png"))
        finally:
            ctx.close()
