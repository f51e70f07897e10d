"""Accounts, roles, password hashing and login locks against a real DuckDB file."""

from __future__ import annotations

import pytest

from indicators import actions, auth
from indicators.actions import SYSTEM, users
from indicators.errors import UserError
from indicators.store import audit


def _actions(con) -> list[str]:
    return audit.entries(con)["action"].tolist()


def test_migration_two_creates_users(con):
    assert con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0] >= 2
    assert auth.count_users(con) == 0


def test_hash_is_salted_and_verifies():
    a, b = auth.hash_password("correct horse"), auth.hash_password("correct horse")
    assert a != b and a.startswith("scrypt$16384$8$1$")
    assert auth.verify_password("correct horse", a)
    assert not auth.verify_password("correct hors", a)
    assert not auth.verify_password("x", "garbage") and not auth.verify_password("x", None)


def test_check_role_ranks(con):
    users.add(con, SYSTEM, "v", "viewer-pass", "viewer")
    users.add(con, SYSTEM, "a", "analyst-pass", "analyst")
    users.add(con, SYSTEM, "root", "admin-pass1", "admin")
    auth.check_role(con, "root", "admin")
    auth.check_role(con, "a", "analyst")
    auth.check_role(con, "a", "viewer")
    for user, role, reason in [("v", "analyst", "role"), ("a", "admin", "role"), (None, "viewer", "anonymous"),
                               ("ghost", "viewer", "no_account")]:
        with pytest.raises(auth.PermissionDenied) as e:
            auth.check_role(con, user, role)
        assert isinstance(e.value, UserError) and e.value.reason == reason
        assert "role" in e.value.text("en").lower() or "account" in e.value.text("en").lower()
    users.set_disabled(con, actions.login("root"), "a", True)
    with pytest.raises(auth.PermissionDenied, match="disabled") as e:
        auth.check_role(con, "a", "viewer")
    assert e.value.code == "errors.account_unknown"


def test_add_user_refuses_bad_input(con):
    with pytest.raises(UserError, match="at least 8"):
        users.add(con, SYSTEM, "x", "short", "viewer")
    with pytest.raises(UserError, match="(?i)unknown role"):
        users.add(con, SYSTEM, "x", "long enough", "boss")
    for bad in ("a b", "![x](http://evil/p.png)", "<b>x</b>", "a\u200bb"):
        with pytest.raises(UserError, match="no spaces"):
            users.add(con, SYSTEM, bad, "long enough", "viewer")
    assert users.add(con, SYSTEM, "李伟", "long enough", "viewer") == "李伟"
    assert users.add(con, SYSTEM, "li.wei+zfb@example.gov.cn", "long enough", "viewer")
    users.add(con, SYSTEM, "x", "long enough", "viewer")
    with pytest.raises(UserError, match="exists"):
        users.add(con, SYSTEM, "x", "long enough", "viewer")


def test_last_admin_is_protected(con):
    users.add(con, SYSTEM, "root", "admin-pass1", "admin")
    for action in (lambda: users.remove(con, SYSTEM, "root"), lambda: users.set_disabled(con, SYSTEM, "root", True),
                   lambda: users.set_role(con, SYSTEM, "root", "viewer")):
        with pytest.raises(auth.PermissionDenied, match="last active admin"):
            action()
    users.add(con, SYSTEM, "root2", "admin-pass2", "admin")
    users.remove(con, actions.login("root2"), "root")
    assert auth.get_user(con, "root") is None


def test_login_success_failure_and_throttle(con):
    users.add(con, SYSTEM, "ana", "analyst-pass", "analyst")
    assert auth.authenticate(con, "ana", "analyst-pass").ok
    unknown = auth.authenticate(con, "nobody", "analyst-pass")
    wrong = auth.authenticate(con, "ana", "wrong-pass")
    assert (unknown.ok, unknown.reason) == (wrong.ok, wrong.reason) == (False, "bad")
    for _ in range(4):
        assert auth.authenticate(con, "ana", "wrong-pass").reason == "bad"
    sixth = auth.authenticate(con, "ana", "analyst-pass")
    assert (sixth.ok, sixth.reason, sixth.wait_seconds) == (False, "throttled", 2)
    auth.check_role(con, "ana", "viewer")            # a throttled name is no locked account: its sessions go on
    acts = _actions(con)
    assert acts.count("login") == 1 and acts.count("login_throttled") == 1
    assert acts.count("login_failed") == 7  # unknown name, 5 wrong passwords, 1 while throttled
    unknown_row = audit.entries(con, action="login_failed").iloc[-1]
    assert unknown_row["user_name"] == "nobody"   # the name tried (#12.4): an admin sees who tried
    assert '"reason": "unknown_name"' in unknown_row["detail"]


def test_disabled_user_gets_the_same_message(con):
    users.add(con, SYSTEM, "v", "viewer-pass", "viewer")
    users.set_disabled(con, SYSTEM, "v", True)
    assert auth.authenticate(con, "v", "viewer-pass").reason == "bad"


def test_user_changes_are_audited(con):
    users.add(con, actions.shell("cli"), "root", "admin-pass1", "admin")
    users.add(con, actions.login("root"), "v", "viewer-pass", "viewer")
    users.set_password(con, actions.login("root"), "v", "new-viewer-pass")
    users.set_role(con, actions.login("root"), "v", "analyst")
    users.set_disabled(con, actions.login("root"), "v", True)
    users.set_disabled(con, actions.login("root"), "v", False)
    users.remove(con, actions.login("root"), "v")
    assert {"user_add", "user_passwd", "user_role", "user_disable", "user_enable", "user_remove"} <= set(
        _actions(con))
    assert "new-viewer-pass" not in audit.entries(con).to_string()


def test_no_password_in_clear_in_the_database_file(db_file, con):
    secret = "Zq7-unmistakable-secret"
    users.add(con, SYSTEM, "root", secret, "admin")
    auth.authenticate(con, "root", secret)
    auth.authenticate(con, "root", secret + "-wrong")
    users.set_password(con, SYSTEM, "root", secret + "-new")
    con.execute("CHECKPOINT")
    con.close()
    raw = db_file.read_bytes()
    wal = db_file.with_name(db_file.name + ".wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for text in (secret, secret + "-wrong", secret + "-new"):
        for enc in ("utf-8", "utf-16-le"):
            assert text.encode(enc) not in raw
    assert b"scrypt$16384" in raw  # the hash is there, so the search looked at the right bytes
