"""Session records behind the login cookie, against a real store: create, redeem, resume, expire, revoke, tamper."""

from __future__ import annotations

from datetime import datetime, timedelta

from indicators.actions import SYSTEM, users
from indicators.auth import sessions
from indicators.store import audit
from indicators.store.db import scalar

IDLE = 30 * 60


def _login(con, name: str = "ana") -> tuple[sessions.Started, str]:
    """A user's new session and the token its ticket was exchanged for."""
    if scalar(con, "SELECT count(*) FROM users WHERE name = $n", {"n": name}) == 0:
        users.add(con, SYSTEM, name, "analyst-pass", "analyst")
    started = sessions.start(con, name)
    token = sessions.redeem(con, started.ticket)
    assert token
    return started, token


def test_ticket_is_exchanged_once_for_a_token_that_resumes(con):
    users.add(con, SYSTEM, "ana", "analyst-pass", "analyst")
    started = sessions.start(con, "ana")
    assert not sessions.redeemed(con, started.id)
    token = sessions.redeem(con, started.ticket)
    assert token and token != started.ticket and sessions.redeemed(con, started.id)
    assert sessions.redeem(con, started.ticket) is None                  # a ticket works once
    live, why = sessions.resume(con, token, IDLE)
    assert live == sessions.Live(started.id, "ana", "analyst") and why is None


def test_store_keeps_digests_never_the_secrets(con):
    started, token = _login(con)
    stored = con.execute("SELECT * FROM login_session").fetchall()
    text = repr(stored)
    assert token not in text and started.ticket not in text
    assert sessions.digest(token) in text


def test_stale_ticket_is_refused(con):
    users.add(con, SYSTEM, "ana", "analyst-pass", "analyst")
    started = sessions.start(con, "ana", now=datetime.now() - timedelta(seconds=sessions.TICKET_SECONDS + 5))
    assert sessions.redeem(con, started.ticket) is None


def test_tampered_or_unknown_token_opens_nothing(con):
    _, token = _login(con)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), token + "x", "", "x" * 43, token.upper()):
        assert sessions.resume(con, bad, IDLE) == (None, None)
    assert sessions.redeem(con, "") is None and sessions.redeem(con, "made-up") is None


def test_idle_session_expires_and_stays_ended(con):
    started, token = _login(con)
    later = datetime.now() + timedelta(seconds=IDLE + 1)
    assert sessions.resume(con, token, IDLE, now=later) == (None, "idle")
    assert sessions.resume(con, token, IDLE) == (None, None)             # ended: even "now" it opens nothing
    assert started.id not in sessions.live_ids(con, IDLE)
    assert scalar(con, "SELECT end_reason FROM login_session WHERE id = $id", {"id": started.id}) == "idle"
    last = audit.entries(con, action="logout").iloc[0]
    assert last["user_name"] == "ana" and "idle" in last["detail"]


def test_activity_keeps_a_session_alive(con):
    started, token = _login(con)
    t = datetime.now()
    for step in range(1, 4):                     # a click every 20 minutes: never 30 idle minutes
        live, _ = sessions.check(con, started.id, IDLE, now=t + timedelta(minutes=20 * step))
        assert live is not None
    assert sessions.resume(con, token, IDLE, now=t + timedelta(minutes=70))[0] is not None


def test_no_idle_limit_when_setting_is_zero(con):
    _, token = _login(con)
    assert sessions.resume(con, token, 0, now=datetime.now() + timedelta(days=30))[0] is not None


def test_logout_revokes_token_and_ticket(con):
    started, token = _login(con)
    sessions.end(con, started.id, "user")
    assert sessions.resume(con, token, IDLE) == (None, None)
    assert sessions.check(con, started.id, IDLE) == (None, None)
    other = sessions.start(con, "ana")
    sessions.end(con, other.id, "user")
    assert sessions.redeem(con, other.ticket) is None                    # a ticket of an ended session is dead


def test_browser_logout_by_token(con):
    started, token = _login(con)
    sessions.end_token(con, token, "user")
    assert sessions.check(con, started.id, IDLE) == (None, None)


def test_password_change_disable_and_removal_end_every_session(con):
    _, t1 = _login(con, "ana")
    _, t2 = _login(con, "ana")
    users.set_password(con, SYSTEM, "ana", "another-pass1")
    assert sessions.resume(con, t1, IDLE)[0] is None and sessions.resume(con, t2, IDLE)[0] is None
    _, t3 = _login(con, "ana")
    users.set_disabled(con, SYSTEM, "ana", True)
    assert sessions.resume(con, t3, IDLE)[0] is None
    users.set_disabled(con, SYSTEM, "ana", False)
    _, t4 = _login(con, "ana")
    users.remove(con, SYSTEM, "ana")
    assert sessions.resume(con, t4, IDLE)[0] is None


def test_role_change_keeps_session_and_other_users_sessions_untouched(con):
    _, mine = _login(con, "ana")
    _, theirs = _login(con, "bo")
    users.set_role(con, SYSTEM, "ana", "viewer")                        # the role is read again on every run
    assert sessions.resume(con, mine, IDLE)[0] == sessions.Live(sessions.resume(con, mine, IDLE)[0].id, "ana", "viewer")
    users.set_password(con, SYSTEM, "ana", "another-pass1")
    assert sessions.resume(con, theirs, IDLE)[0].user == "bo"


def test_disabled_account_found_by_check_ends_its_session(con):
    started, _ = _login(con)
    con.execute("UPDATE users SET disabled = true WHERE name = 'ana'")  # changed behind the app's back
    assert sessions.check(con, started.id, IDLE) == (None, "disabled")
