"""The login cookie's HTTP routes (web/cookie.py) called as the ASGI server calls them, against a real store."""

from __future__ import annotations

from starlette.applications import Starlette

from indicators.actions import SYSTEM, users
from indicators.auth import sessions
from indicators.web.cookie import COOKIE, LOGOUT_PATH, ROUTES, SESSION_PATH
from tests.asgi import body_of, call

APP = Starlette(routes=ROUTES)


def _call(method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """One request through the routes: its status and Set-Cookie headers."""
    start = call(APP, method, path, body_of(body), headers)[0]
    return start["status"], [v.decode() for k, v in start["headers"] if k == b"set-cookie"]


def _ticket(con) -> sessions.Started:
    users.add(con, SYSTEM, "ana", "analyst-pass-1", "analyst")
    return sessions.start(con, "ana")


def test_ticket_becomes_an_http_only_strict_cookie_once(con):
    started = _ticket(con)
    status, cookies = _call("POST", SESSION_PATH, started.ticket.encode())
    assert status == 204 and len(cookies) == 1
    cookie = cookies[0]
    parts = {p.strip().split("=")[0].lower() for p in cookie.split(";")}
    assert cookie.startswith(f"{COOKIE}=") and {"httponly", "samesite", "path"} <= parts and "secure" not in parts
    assert "samesite=strict" in cookie.lower() and "expires" not in parts and "max-age" not in parts
    token = cookie.split(";")[0].split("=", 1)[1]
    assert sessions.resume(con, token, 1800)[0].user == "ana"
    assert _call("POST", SESSION_PATH, started.ticket.encode()) == (403, [])      # a ticket works once


def test_cookie_is_secure_behind_an_https_proxy(con):
    started = _ticket(con)
    status, cookies = _call("POST", SESSION_PATH, started.ticket.encode(), {"X-Forwarded-Proto": "https"})
    assert status == 204 and "secure" in cookies[0].lower()


def test_bad_tickets_and_methods_are_refused(con):
    _ticket(con)
    assert _call("POST", SESSION_PATH, b"") == (403, [])
    assert _call("POST", SESSION_PATH, b"x" * 5000) == (403, [])
    assert _call("GET", SESSION_PATH)[0] == 405                                  # never a link that logs in


def test_logout_route_ends_the_session_and_deletes_the_cookie(con):
    started = _ticket(con)
    token = sessions.redeem(con, started.ticket)
    status, cookies = _call("POST", LOGOUT_PATH, headers={"Cookie": f"{COOKIE}={token}"})
    assert status == 204 and cookies and ("max-age=0" in cookies[0].lower() or "expires" in cookies[0].lower())
    assert sessions.resume(con, token, 1800) == (None, None)
    assert _call("POST", LOGOUT_PATH)[0] == 204                                  # no cookie: nothing to end


def test_a_huge_body_is_not_read_to_its_end():
    """Anyone may post to the ticket route: it stops reading past a ticket's size instead of buffering the body."""
    chunks = [0]

    async def receive() -> dict:      # a body of 1 MB chunks that would go on (ends after 20, so a regression fails)
        chunks[0] += 1
        return {"type": "http.request", "body": b"x" * 1_000_000, "more_body": chunks[0] < 20}

    assert call(APP, "POST", SESSION_PATH, receive)[0]["status"] == 403 and chunks[0] == 1
