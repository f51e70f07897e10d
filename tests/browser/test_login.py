"""Log in through Debian's Chromium and reach the upload page; a wrong password is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser
PASSWORD = "analyst-pass-1"


@pytest.fixture
def login_url(server_db: Path) -> Iterator[str]:
    """A server whose database holds one analyst and where every page needs a login."""
    from indicators.actions import SYSTEM, users
    from indicators.store import connect

    con = connect(server_db)
    users.add(con, SYSTEM, "ana", PASSWORD, "analyst")
    con.close()
    with running_server(server_db, {"INDICATORS_PUBLIC_VIEW": "false"}) as url:
        yield url


def _log_in(page, url: str, name: str, password: str) -> None:
    page.goto(url)  # with public_view off the only page is the login page
    page.get_by_label("用户名").wait_for()
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_login_reaches_the_upload_page(page, login_url):
    _log_in(page, login_url, "ana", "wrong-password")
    page.get_by_text("用户名或密码错误。").wait_for()
    _log_in(page, login_url, "ana", PASSWORD)
    page.get_by_text("已登录：ana（分析员）").first.wait_for()
    page.get_by_role("link", name="数据上传").click()
    page.get_by_role("heading", name="数据上传").wait_for()
    assert "/upload" in page.url
    page.screenshot(path=str(ARTIFACTS / "login_upload.png"))
    page.get_by_role("button", name="退出登录").first.click()
    page.get_by_text("本系统需要登录后使用。").wait_for()
    assert page.get_by_role("link", name="数据上传").count() == 0


def test_deep_link_on_a_fresh_server_needs_login(page, login_url):
    """A fresh server first runs a pages/ file without app.py; indicators.web sends it back through the gate."""
    page.goto(login_url + "/audit")
    page.get_by_text("本系统需要登录后使用。").wait_for()
    page.get_by_label("用户名").wait_for()
    assert page.get_by_role("heading", name="审计日志").count() == 0
    assert page.get_by_role("link", name="upload").count() == 0  # no legacy list of every page file


def test_admin_exports_the_audit_log(page, server_db, tmp_path):
    from indicators.actions import SYSTEM, users
    from indicators.store import audit, connect

    con = connect(server_db)
    users.add(con, SYSTEM, "root", PASSWORD, "admin")
    con.close()
    with running_server(server_db) as url:
        _log_in(page, url + "/login", "root", PASSWORD)
        page.get_by_text("已登录：root（管理员）").first.wait_for()
        more = page.get_by_text("View 4 more")  # the sidebar folds long navigation lists
        if more.count():
            more.first.click()
        page.get_by_role("link", name="审计日志").click()
        page.get_by_role("heading", name="审计日志").wait_for()
        with page.expect_download() as info:
            page.get_by_role("button", name="导出 Excel").click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
    import openpyxl

    ws = openpyxl.load_workbook(target).worksheets[0]
    actions = {row[3] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert {"新建用户", "登录"} <= actions and target.name.startswith("audit_")   # actions in words (#12.4)
    con = connect(server_db)
    assert audit.entries(con, user="root", action="export")["detail"].str.contains('"what": "audit"').all()
    assert len(audit.entries(con, user="root", action="export")) == 1
    con.close()
