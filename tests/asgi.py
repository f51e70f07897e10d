"""Calling an ASGI app (our HTTP routes) as the server calls it, in a thread of its own, without a server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

Receive = Callable[[], Awaitable[dict]]


def body_of(data: bytes) -> Receive:
    """A receive() handing over data as the whole request body."""
    async def receive() -> dict:
        return {"type": "http.request", "body": data, "more_body": False}
    return receive


def call(app, method: str, path: str, receive: Receive, headers: dict[str, str] | None = None) -> list[dict]:
    """One request through app; the messages it sent back (the first is http.response.start)."""
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
             "scheme": "http", "server": ("testserver", 80), "client": ("127.0.0.1", 5000), "root_path": "",
             "http_version": "1.1"}
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    with ThreadPoolExecutor(1) as pool:   # a thread of its own: an earlier test may leave a loop running in this one
        pool.submit(asyncio.run, app(scope, receive, send)).result(timeout=60)
    return sent
