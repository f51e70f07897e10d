"""The login cookie's two HTTP routes (served by serve.py's st.App): ticket → HTTP-only cookie, and logout.

Streamlit talks to the browser over a websocket, which cannot set a cookie; these plain HTTP routes can. After a
login the page posts its one-time ticket (never in a URL) to /api/session; the answer sets the session token in an
HTTP-only, SameSite=Strict cookie (Secure over https) that page scripts cannot read. A new tab or a reload sends the
cookie with the websocket's opening request, where st.context.cookies lets the script resume the session.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import sessions
from ..store.db import DB_ERRORS

COOKIE = "indicators_session"
SESSION_PATH = "/api/session"
LOGOUT_PATH = "/api/session/logout"
MAX_TICKET = 200               # characters: a ticket is 43; anything longer is not one

log = logging.getLogger(__name__)


# web/data.py is imported by the calls, not with this module: serve.py imports this module before Streamlit's runtime
# exists, and st.cache_data functions declared then log "No runtime found" (Streamlit's notes on st.App).
def _redeem(ticket: str) -> str | None:
    from .data import own_connection

    with own_connection() as con:
        return sessions.redeem(con, ticket)


def _end(token: str) -> None:
    from .data import own_connection

    with own_connection() as con:
        sessions.end_token(con, token, "user")


def _secure(request: Request) -> bool:
    """Whether the browser reached us over https (directly or through a proxy that says so)."""
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


async def small_body(request: Request, limit: int = MAX_TICKET) -> str | None:
    """The request body as text, read no further than limit bytes (None beyond: anyone may post to our routes)."""
    data = b""
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            return None
    return data.decode("ascii", "replace").strip()


async def redeem(request: Request) -> Response:
    """POST /api/session (body: the ticket): 204 with the session cookie, or 403."""
    body = await small_body(request)
    try:
        token = await run_in_threadpool(_redeem, body) if body is not None else None
    except DB_ERRORS:
        log.exception("session ticket not redeemed: the store did not answer")
        return Response(status_code=503)
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(COOKIE, token, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


async def logout(request: Request) -> Response:
    """POST /api/session/logout: end the cookie's session (if any) and delete the cookie."""
    token = request.cookies.get(COOKIE, "")
    if token:
        try:
            await run_in_threadpool(_end, token[:MAX_TICKET])
        except DB_ERRORS:
            log.exception("session not ended by the browser's logout: the store did not answer")
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


ROUTES = [Route(SESSION_PATH, redeem, methods=["POST"]), Route(LOGOUT_PATH, logout, methods=["POST"])]
