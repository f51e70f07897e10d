"""Accounts, roles, password hashing and login locks against a real DuckDB file."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest

from indicators import auth
from indicators.errors import UserError
from indicators.store import audit, batches


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


def test_require_role_ranks(con):
    auth.add_user(con, "v", "viewer-pass", "viewer")
    auth.add_user(con, "a", "analyst-pass", "analyst")
    auth.add_user(con, "root", "admin-pass1", "admin")
    auth.require_role(con, "root", "admin")
    auth.require_role(con, "a", "analyst")
    auth.require_role(con, "a", "viewer")
    for user, role in [("v", "analyst"), ("a", "admin"), (None, "viewer"), ("ghost", "viewer")]:
        with pytest.raises(auth.PermissionDenied) as e:
            auth.require_role(con, user, role)
        assert isinstance(e.value, UserError) and ("role" in str(e.value) or "account" in str(e.value))
    auth.set_disabled(con, "a", True, by="root")
    with pytest.raises(auth.PermissionDenied, match="disabled"):
        auth.require_role(con, "a", "viewer")
    reasons = audit.entries(con, action="permission_denied")["detail"].tolist()
    assert [r.split('"reason": ')[1] for r in reversed(reasons)] == ['"role"}', '"role"}', '"anonymous"}',
                                                                    '"no_account"}', '"no_account"}']


def test_add_user_refuses_bad_input(con):
    with pytest.raises(UserError, match="at least 8"):
        auth.add_user(con, "x", "short", "viewer")
    with pytest.raises(UserError, match="unknown role"):
        auth.add_user(con, "x", "long enough", "boss")
    for bad in ("a b", "![x](http://evil/p.png)", "<b>x</b>", "a\u200bb"):
        with pytest.raises(UserError, match="no spaces"):
            auth.add_user(con, bad, "long enough", "viewer")
    assert auth.add_user(con, "李伟", "long enough", "viewer") == "李伟"
    assert auth.add_user(con, "li.wei+zfb@example.gov.cn", "long enough", "viewer")
    auth.add_user(con, "x", "long enough", "viewer")
    with pytest.raises(UserError, match="exists"):
        auth.add_user(con, "x", "long enough", "viewer")


def test_last_admin_is_protected(con):
    auth.add_user(con, "root", "admin-pass1", "admin")
    for action in (lambda: auth.remove_user(con, "root"), lambda: auth.set_disabled(con, "root", True),
                   lambda: auth.set_role(con, "root", "viewer")):
        with pytest.raises(auth.PermissionDenied, match="last active admin"):
            action()
    auth.add_user(con, "root2", "admin-pass2", "admin")
    auth.remove_user(con, "root", by="root2")
    assert auth.get_user(con, "root") is None


def test_login_success_failure_and_lock(con):
    auth.add_user(con, "ana", "analyst-pass", "analyst")
    assert auth.authenticate(con, "ana", "analyst-pass").ok
    unknown = auth.authenticate(con, "nobody", "analyst-pass")
    wrong = auth.authenticate(con, "ana", "wrong-pass")
    assert (unknown.ok, unknown.reason) == (wrong.ok, wrong.reason) == (False, "bad")
    for _ in range(4):
        assert auth.authenticate(con, "ana", "wrong-pass").reason == "bad"
    sixth = auth.authenticate(con, "ana", "analyst-pass")
    assert (sixth.ok, sixth.reason) == (False, "locked")
    with pytest.raises(auth.PermissionDenied, match="locked"):
        auth.require_role(con, "ana", "viewer")
    later = datetime.now() + timedelta(minutes=16)
    assert auth.authenticate(con, "ana", "analyst-pass", now=later).ok
    acts = _actions(con)
    assert acts.count("login") == 2 and acts.count("account_locked") == 1
    assert acts.count("login_failed") == 7  # unknown name, 5 wrong passwords, 1 while locked
    unknown_row = audit.entries(con, action="login_failed").iloc[-1]
    assert pd.isna(unknown_row["user_name"]) and "nobody" not in unknown_row["detail"]


def test_disabled_user_gets_the_same_message(con):
    auth.add_user(con, "v", "viewer-pass", "viewer")
    auth.set_disabled(con, "v", True)
    assert auth.authenticate(con, "v", "viewer-pass").reason == "bad"


def test_user_changes_are_audited(con):
    auth.add_user(con, "root", "admin-pass1", "admin", by="cli")
    auth.add_user(con, "v", "viewer-pass", "viewer", by="root")
    auth.set_password(con, "v", "new-viewer-pass", by="root")
    auth.set_role(con, "v", "analyst", by="root")
    auth.set_disabled(con, "v", True, by="root")
    auth.set_disabled(con, "v", False, by="root")
    auth.remove_user(con, "v", by="root")
    assert {"user_add", "user_passwd", "user_role", "user_disable", "user_enable", "user_remove"} <= set(
        _actions(con))
    assert "new-viewer-pass" not in audit.entries(con).to_string()


def test_viewer_cannot_roll_back_through_require_role(con):
    auth.add_user(con, "v", "viewer-pass", "viewer")
    auth.add_user(con, "root", "admin-pass1", "admin")
    batch = int(batches.list_batches(con)["id"].iloc[0])
    with pytest.raises(auth.PermissionDenied):
        auth.require_role(con, "v", "admin")
    auth.require_role(con, "root", "admin")
    batches.rollback(con, batch, "root")
    assert batches.list_batches(con)["status"].iloc[0] == "rolled_back"


def test_no_password_in_clear_in_the_database_file(db_file, con):
    secret = "Zq7-unmistakable-secret"
    auth.add_user(con, "root", secret, "admin")
    auth.authenticate(con, "root", secret)
    auth.authenticate(con, "root", secret + "-wrong")
    auth.set_password(con, "root", secret + "-new")
    con.execute("CHECKPOINT")
    con.close()
    raw = db_file.read_bytes()
    wal = db_file.with_name(db_file.name + ".wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for text in (secret, secret + "-wrong", secret + "-new"):
        for enc in ("utf-8", "utf-16-le"):
            assert text.encode(enc) not in raw
    assert b"scrypt$16384" in raw  # the hash is there, so the search looked at the right bytes
