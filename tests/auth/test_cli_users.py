"""`python -m indicators users …` on a real database file."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from indicators import auth
from indicators.cli.main import main
from indicators.store import audit, connect
from tests.conftest import REPO


def _run(argv: list[str], monkeypatch, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_add_list_passwd_role_disable_remove(db_file, monkeypatch, capsys):
    assert _run(["users", "add", "root", "--role", "admin", "--password-stdin"], monkeypatch, "admin-pass-1\n") == 0
    assert _run(["users", "add", "ana", "--role", "analyst", "--password-stdin"], monkeypatch, "ana-pass-01\n") == 0
    capsys.readouterr()
    assert _run(["users", "list", "--json"], monkeypatch) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(u["name"], u["role"], u["disabled"]) for u in listed] == [("ana", "analyst", False),
                                                                       ("root", "admin", False)]
    assert all("password_hash" not in u for u in listed)
    assert _run(["users", "passwd", "ana", "--password-stdin"], monkeypatch, "ana-pass-02\n") == 0
    assert _run(["users", "role", "ana", "viewer"], monkeypatch) == 0
    assert _run(["users", "disable", "ana"], monkeypatch) == 0
    assert _run(["users", "list"], monkeypatch) == 0
    assert "ana                      viewer   disabled" in capsys.readouterr().out
    assert _run(["users", "enable", "ana"], monkeypatch) == 0
    con = connect(db_file)
    assert auth.authenticate(con, "ana", "ana-pass-02").ok
    con.close()
    assert _run(["users", "remove", "ana"], monkeypatch) == 0
    con = connect(db_file)
    rows = audit.entries(con)
    actions = rows[rows["user_name"].str.startswith("cli", na=False)]["action"].tolist()
    con.close()
    assert actions == ["user_remove", "user_enable", "user_disable", "user_role", "user_passwd", "user_add",
                       "user_add"]


@pytest.mark.parametrize(("argv", "stdin", "message", "zh"), [
    (["users", "add", "x", "--role", "viewer", "--password-stdin"], "short\n", "at least 8", "至少 8"),
    (["users", "add", "a b", "--role", "viewer", "--password-stdin"], "long enough\n", "no spaces", "不能有空格"),
    (["users", "passwd", "ghost", "--password-stdin"], "long enough\n", "no such user", "用户不存在"),
    (["users", "remove", "ghost"], "", "no such user", "用户不存在"),
])
def test_user_errors_are_one_line_exit_2(db_file, monkeypatch, capsys, argv, stdin, message, zh):
    assert _run([*argv, "--lang", "en"], monkeypatch, stdin) == 2
    err = capsys.readouterr().err
    assert message in err.lower() and err.count("\n") == 1 and "Traceback" not in err
    assert _run(argv, monkeypatch, stdin) == 2                    # Chinese by default, one language at a time
    err = capsys.readouterr().err
    assert zh in err and message not in err.lower() and err.count("\n") == 1


def test_last_admin_cannot_be_removed(db_file, monkeypatch, capsys):
    _run(["users", "add", "root", "--role", "admin", "--password-stdin"], monkeypatch, "admin-pass-1\n")
    assert _run(["users", "remove", "root", "--lang", "en"], monkeypatch) == 2
    assert "last active admin" in capsys.readouterr().err


def test_without_a_terminal_the_password_is_not_read_from_argv(db_file):
    """No --password option exists (it would land in shell history); without a tty the command says what to do."""
    proc = subprocess.run([sys.executable, "-m", "indicators", "users", "add", "root", "--role", "admin"],
                          cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
                          env={**os.environ, "INDICATORS_DB": str(db_file)})
    assert proc.returncode == 2 and "--password-stdin" in proc.stderr and "Traceback" not in proc.stderr
