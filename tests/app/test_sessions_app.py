"""Logins that last, through AppTest on a real DuckDB file: records, the page asked for, the upload kept on the server.

AppTest has no browser (no cookie); a "reload" here is a new AppTest that carries the session record's id, as a
resumed cookie would give it. AppTest runs a page file without app.py's navigation, so the way back to the page
asked for after logging in, like the cookie itself, is tested in Chromium (tests/browser/test_sessions.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from indicators import staging
from indicators import templates as T
from indicators.actions import SYSTEM, users
from indicators.auth import sessions
from indicators.store import audit

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PASSWORD = "analyst-pass-1"
SID = "auth_session_id"


@pytest.fixture
def ana(con):
    users.add(con, SYSTEM, "ana", PASSWORD, "analyst")
    return con


def _log_in(at: AppTest) -> AppTest:
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_name").input("ana")
    at.text_input(key="login_password").input(PASSWORD)
    return next(b for b in at.button if b.label == "登录").click().run()


def _xlsx(catalog) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(T.long_template(catalog)))
    wb.worksheets[0].append(("110刑事治安总警情", "大鹏新区", "2022年", 980))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_login_starts_a_record_and_logout_ends_it(ana):
    at = _log_in(AppTest.from_file(APP, default_timeout=60).run())
    sid = at.session_state[SID]
    assert at.session_state["user"] == "ana"
    assert ana.execute("SELECT user_name, ended_at FROM login_session WHERE id = $id", {"id": sid}).fetchall() == [
        ("ana", None)]
    at.button(key="logout_main").click().run()
    assert ana.execute("SELECT end_reason FROM login_session WHERE id = $id", {"id": sid}).fetchall() == [("user",)]
    assert audit.entries(ana, user="ana", action="logout")["detail"].tolist() == ['{"reason": "user"}']


def test_session_ended_elsewhere_logs_this_one_out(ana):
    at = _log_in(AppTest.from_file(APP, default_timeout=60).run())
    users.set_password(ana, SYSTEM, "ana", "a-new-pass-2")       # an admin resets the password meanwhile
    at.switch_page("pages/upload.py").run()
    assert "user" not in at.session_state or at.session_state["user"] is None
    assert [e.value for e in at.error] == ["本系统需要登录后使用。"]  # the upload page's guard
    at.switch_page("pages/login.py").run()
    assert any("登录已在别处结束" in i.value for i in at.info)


def test_logged_out_sidebar_has_no_second_login_link(ana):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not [b for b in at.sidebar.button if b.label == "登录"]
    assert "登录" not in [getattr(e, "label", None) for e in at.sidebar.get("page_link")]


def test_upload_kept_on_the_server_resumes_at_the_preview(ana, catalog):
    at = _log_in(AppTest.from_file(APP, default_timeout=60).run())
    sid = at.session_state[SID]
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("续传.xlsx", _xlsx(catalog), "application/octet-stream")).run()
    assert staging.get(sid)[0] == "续传.xlsx" and any(s.value.startswith("预览") for s in at.subheader)

    again = AppTest.from_file(APP, default_timeout=60)              # a reload: the same login, a new session
    again.session_state["user"], again.session_state[SID] = "ana", sid
    again.run()
    again.switch_page("pages/upload.py").run()
    assert any("已恢复上次上传的文件：续传.xlsx" in i.value for i in again.info)
    assert any(s.value.startswith("预览") for s in again.subheader) and not again.exception
    again.button(key="upload_discard").click().run()
    assert staging.get(sid) is None and not any(s.value.startswith("预览") for s in again.subheader)


def test_no_upload_is_kept_once_the_session_ends(ana, catalog):
    at = _log_in(AppTest.from_file(APP, default_timeout=60).run())
    sid = at.session_state[SID]
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("a.xlsx", _xlsx(catalog), "application/octet-stream")).run()
    sessions.end(ana, sid, "idle")                                # ended without this session noticing
    _log_in(AppTest.from_file(APP, default_timeout=60).run())     # the next login sweeps what ended sessions left
    assert staging.get(sid) is None
