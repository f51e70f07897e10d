"""Login, roles, users and audit pages through AppTest on a real DuckDB file."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import actions, auth
from indicators.actions import SYSTEM, export, users
from indicators.auth import audit_log
from indicators.store import audit
from indicators.store.batches import list_batches

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PW = {"root": "admin-pass-1", "ana": "analyst-pass-1", "vic": "viewer-pass-1"}


@pytest.fixture
def accounts(con):
    """An admin, an analyst and a viewer."""
    users.add(con, SYSTEM, "root", PW["root"], "admin")
    users.add(con, SYSTEM, "ana", PW["ana"], "analyst")
    users.add(con, SYSTEM, "vic", PW["vic"], "viewer")
    return con


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    return at.run()


def _submit(at: AppTest, name: str, password: str) -> AppTest:
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return next(b for b in at.button if b.label == "登录").click().run()


def _login(name: str) -> AppTest:
    at = _submit(_app(), name, PW[name])
    assert at.session_state["user"] == name and not at.error
    return at


def _session_of(name: str) -> AppTest:
    """A session already logged in (the role is re-read from the database on every run)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["user"] = name
    return at.run()


def _rows(con, action: str, user: str | None = None) -> pd.DataFrame:
    return audit.entries(con, user=user, action=action)


def test_viewer_sees_no_upload_page_and_cannot_write(accounts):
    at = _session_of("vic")
    assert not at.exception and at.title[0].value == "总览"
    for page in ("upload", "history", "users", "audit"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"pages/{page}.py")
    with pytest.raises(auth.PermissionDenied):
        auth.check_role(accounts, "vic", "analyst")
    from indicators.actions import batches

    with pytest.raises(auth.PermissionDenied):
        batches.roll_back(accounts, actions.login("vic"), 1)
    assert list_batches(accounts)["status"].tolist() == ["committed"]


def _upload(con, catalog) -> object:
    from indicators.ingest import ingest

    data = "指标,地区,期间,数值\n110刑事治安总警情,大鹏新区,2022,990\n".encode()
    return ingest(data, "警情.csv", catalog)


def test_viewer_commit_upload_is_refused(accounts, catalog):
    from indicators.actions import upload

    result = _upload(accounts, catalog)
    for user in ("vic", None, "ghost"):
        with pytest.raises(auth.PermissionDenied):
            upload.commit(accounts, actions.login(user), result)
    assert len(list_batches(accounts)) == 1 and _rows(accounts, "upload").empty
    denied = _rows(accounts, "permission_denied")
    assert denied["user_name"].fillna("-").tolist() == ["ghost", "-", "vic"]
    assert denied["detail"].tolist()[-1] == '{"needed": "analyst", "reason": "role"}'
    assert upload.commit(accounts, actions.login("ana"), result).batch_id == 2


def test_analyst_reaches_upload_but_not_admin_pages(accounts):
    at = _session_of("ana")
    for page in ("users", "audit"):
        with pytest.raises(ValueError):
            at.switch_page(f"pages/{page}.py")
    at.switch_page("pages/upload.py").run()
    assert not at.exception and at.title[0].value == "数据上传"


def test_analyst_uploads_through_the_page(accounts):
    at = _session_of("ana").switch_page("pages/upload.py").run()
    data = "指标,地区,期间,数值\n110刑事治安总警情,大鹏新区,2022,990\n".encode()
    at.file_uploader[0].set_value(("警情.csv", data, "text/csv")).run()
    at.button(key="upload_commit").click().run()
    assert not at.exception and not at.error
    top = list_batches(accounts).iloc[0]
    assert (top["kind"], top["user_name"], top["file_name"], top["status"]) == ("upload", "ana", "警情.csv",
                                                                               "committed")
    assert _rows(accounts, "upload", "ana").shape[0] == 1


def test_a_role_change_applies_at_the_next_run(accounts):
    at = _session_of("ana")
    users.set_role(accounts, actions.login("root"), "ana", "viewer")
    at = _session_of("ana")
    with pytest.raises(ValueError):
        at.switch_page("pages/upload.py")


def test_pages_refuse_a_role_even_when_run_outside_the_navigation(accounts):
    """Streamlit runs a pages/ file directly on a server's first request; the page itself must refuse."""
    for page in ("users", "audit"):
        at = AppTest.from_file(str(Path(APP).parent / "pages" / f"{page}.py"), default_timeout=30)
        at.session_state["user"] = "ana"
        at.run()
        assert not at.exception and at.error[0].value == "您的角色无权使用此页面。" and not at.dataframe


def test_admin_rolls_back_on_the_history_page(accounts):
    at = _login("root").switch_page("pages/history.py").run()
    at.checkbox(key="rb_ok_1").check().run()
    at.button(key="rb_1").click().run()
    assert not at.exception and not at.error
    assert list_batches(accounts)["status"].tolist() == ["rolled_back"]
    row = _rows(accounts, "rollback").iloc[0]
    assert row["user_name"] == "root" and '"batch": 1' in row["detail"]


def test_wrong_password_same_message_as_unknown_name(accounts):
    at = _submit(_app(), "ana", "wrong-password")
    wrong = at.error[0].value
    at = _submit(_app(), "nobody", PW["ana"])
    assert at.error[0].value == wrong == "用户名或密码错误。"
    assert at.session_state["user"] is None if "user" in at.session_state else True
    assert _rows(accounts, "login_failed").shape[0] == 2


def test_sixth_try_waits_even_with_the_right_password_and_unknown_names_alike(accounts):
    """#17 item 6: after 5 failures an existing name and an unknown one get the same answer (no name revealed)."""
    answers = {}
    for name, right in (("ana", PW["ana"]), ("nobody", "whatever-password")):
        at = _app()
        for _ in range(5):
            at = _submit(at, name, "wrong-password")
            assert at.error[0].value == "用户名或密码错误。"
        at = _submit(at, name, right)
        answers[name] = at.error[0].value
        assert "user" not in at.session_state or at.session_state["user"] is None
    assert answers["ana"] == answers["nobody"] == "尝试次数过多，请 2 秒后再试。"
    assert _rows(accounts, "login_throttled", "ana").shape[0] == 1
    failed = _rows(accounts, "login_failed", "ana")["detail"].tolist()
    assert len(failed) == 6 and '"reason": "throttled"' in failed[0]
    assert _rows(accounts, "login", "ana").empty


def test_logout_and_idle_expiry_are_audited(accounts, monkeypatch):
    at = _login("ana")
    at.button(key="logout_main").click().run()
    assert at.session_state["user"] is None if "user" in at.session_state else True
    assert at.info[0].value == "已退出登录。"
    at = _submit(at, "ana", PW["ana"])
    monkeypatch.setenv("INDICATORS_SESSION_IDLE_MINUTES", "5")
    accounts.execute("UPDATE login_session SET last_seen = $t WHERE ended_at IS NULL",   # the record is the clock
                     {"t": datetime.now() - timedelta(minutes=6)})
    at.switch_page("pages/login.py").run()
    assert "user" not in at.session_state or at.session_state["user"] is None
    assert "长时间未操作" in at.info[0].value and "长时间未操作" in at.toast[0].value
    reasons = _rows(accounts, "logout", "ana")["detail"].tolist()
    assert reasons == ['{"reason": "idle"}', '{"reason": "user"}']


def test_public_view_off_requires_login_for_every_page(accounts, monkeypatch):
    monkeypatch.setenv("INDICATORS_PUBLIC_VIEW", "false")
    at = _app()
    assert at.title[0].value == "登录" and "需要登录" in at.warning[0].value
    with pytest.raises(ValueError):
        at.switch_page("pages/overview.py")
    at = _submit(at, "vic", PW["vic"])
    at.switch_page("pages/overview.py").run()
    assert not at.exception and at.title[0].value != "登录"


def test_public_view_on_lets_anonymous_browse(accounts):
    at = _app()
    assert at.title[0].value == "总览"
    with pytest.raises(ValueError):
        at.switch_page("pages/upload.py")


def test_without_users_the_app_says_how_to_create_one(con):
    at = _app()
    assert "`python -m indicators users add NAME --role admin`" in [m.value for m in at.sidebar.markdown]
    at.switch_page("pages/login.py").run()
    assert "尚未创建任何用户" in at.info[0].value
    assert "python -m indicators users add NAME --role admin" in [c.value for c in at.code]
    assert not at.text_input  # no login form while nobody can log in


def test_disabled_account_is_logged_out_on_next_run(accounts):
    at = _session_of("ana")
    assert at.session_state["role"] == "analyst"
    users.set_disabled(accounts, actions.login("root"), "ana", True)
    at.switch_page("pages/login.py").run()
    assert not at.text_input(key="login_name").value
    assert "user" not in at.session_state or at.session_state["user"] is None
    assert _rows(accounts, "logout", "ana")["detail"].tolist() == ['{"reason": "disabled"}']


def test_admin_manages_users_and_changes_are_audited(accounts):
    at = _login("root").switch_page("pages/users.py").run()
    assert set(at.dataframe[0].value["用户名"]) == {"root", "ana", "vic"}
    at.text_input(key="new_name").input("dora")
    at.selectbox(key="new_role").set_value("analyst")
    at.text_input(key="new_pw").input("dora-pass-1")
    at.text_input(key="new_pw2").input("dora-pass-1")
    next(b for b in at.button if b.label == "创建").click().run()
    assert not at.exception and at.success[0].value == "已创建用户 dora。"
    assert auth.get_user(accounts, "dora").role == "analyst"
    at.selectbox(key="pick_user").set_value("dora").run()
    at.button(key="disable").click().run()
    assert auth.get_user(accounts, "dora").disabled
    row = _rows(accounts, "user_add", "root").iloc[0]
    assert '"name": "dora"' in row["detail"] and "dora-pass-1" not in audit.entries(accounts).to_string()
    assert _rows(accounts, "user_disable", "root").shape[0] == 1


def test_users_page_rechecks_the_role_on_the_server(accounts):
    at = _login("root").switch_page("pages/users.py").run()
    users.add(accounts, SYSTEM, "root2", "admin-pass-2", "admin")
    users.set_role(accounts, actions.login("root2"), "root", "analyst")  # demoted while the page is open
    at.selectbox(key="pick_user").set_value("vic")
    at.button(key="disable").click().run()
    assert not auth.get_user(accounts, "vic").disabled


def test_audit_page_filters_and_export(accounts):
    _submit(_app(), "ana", "wrong-password")
    at = _login("root").switch_page("pages/audit.py").run()
    assert not at.exception
    assert {"新建用户", "登录", "登录失败"} <= set(at.dataframe[0].value["操作"])
    at.multiselect(key="audit_actions").set_value(["login_failed"]).run()
    shown = at.dataframe[0].value
    assert set(shown["操作"]) == {"登录失败"} and len(shown) == 1
    assert at.download_button[0].label == "导出 Excel"
    data = export.audit_file(accounts, actions.login("root"), audit_log.AuditFilter(actions=("login_failed",)))
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws[1]] == ["编号", "时间", "用户", "操作", "详情"] and ws.max_row == 2   # words (#12.4)
    assert [c.value for c in ws[2]][2:] == ["ana", "登录失败", "原因：密码错误；连续失败次数：1"]
    notes = openpyxl.load_workbook(io.BytesIO(data)).worksheets[1]
    assert "操作：登录失败" in [c.value for row in notes.iter_rows() for c in row]   # the filter in words
    assert _rows(accounts, "export", "root").shape[0] == 1


def test_english_login_page(accounts):
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "en"
    at.run().switch_page("pages/login.py").run()
    at.text_input(key="login_name").input("ana")
    at.text_input(key="login_password").input("nope-nope")
    next(b for b in at.button if b.label == "Log in").click().run()
    assert at.error[0].value == "Wrong user name or password."


SSO = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 48,
       "client_id": "dashboard", "client_secret": "not-a-real-secret",
       "server_metadata_url": "https://sso.example.gov.cn/.well-known/openid-configuration"}


@pytest.fixture
def sso_settings(tmp_path, monkeypatch):
    path = tmp_path / "settings.toml"
    path.write_text('[oidc]\nrole_claim = "groups"\ndefault_role = "viewer"\n'
                    '[oidc.roles]\n"zfb-analysts" = "analyst"\n', encoding="utf-8")
    monkeypatch.setenv("INDICATORS_SETTINGS", str(path))
    return path


def test_sso_identity_maps_claims_to_a_role(accounts, sso_settings):
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = SSO
    at.user = {"is_logged_in": True, "email": "li@example.gov.cn", "groups": ["staff", "zfb-analysts"]}
    at.run()
    assert not at.exception
    assert (at.session_state["user"], at.session_state["role"]) == ("li@example.gov.cn", "analyst")
    row = _rows(accounts, "login", "li@example.gov.cn").iloc[0]
    assert '"method": "oidc"' in row["detail"] and auth.get_user(accounts, "li@example.gov.cn").source == "oidc"


def test_sso_button_and_configuration_problems_on_the_login_page(accounts, sso_settings):
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = SSO
    at.run().switch_page("pages/login.py").run()
    assert "使用单点登录" in [b.label for b in at.button]
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = {**SSO, "cookie_secret": "short", "redirect_uri": "https://x.example/cb"}
    at.run().switch_page("pages/login.py").run()
    problems = at.error[0].value
    assert "单点登录配置有误" in problems and "cookie_secret" in problems and "redirect_uri" in problems
    assert "short" not in problems and "not-a-real-secret" not in problems
    assert "使用单点登录" not in [b.label for b in at.button]
    assert at.text_input(key="login_name")  # local accounts still work


def test_sso_works_before_any_local_account_exists(con, sso_settings):
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = SSO
    at.run().switch_page("pages/login.py").run()
    assert "使用单点登录" in [b.label for b in at.button]
    assert "尚未创建任何用户" in at.info[0].value and not at.text_input
