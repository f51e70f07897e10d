"""The first screen's signal route (web/first_screen.py) called as the ASGI server calls it: the browser's word that
its first chart is drawn releases exactly the page waiting under that nonce, and nothing else."""

from __future__ import annotations

import threading

from starlette.applications import Starlette

from indicators.web import first_screen
from tests.asgi import body_of, call

APP = Starlette(routes=[first_screen.ROUTE])


def _waiting(nonce: str) -> threading.Event:
    drawn = threading.Event()
    first_screen._waiting[nonce] = drawn
    return drawn


def test_the_nonce_releases_its_page_only():
    mine, other = _waiting("n" * 22), _waiting("m" * 22)
    try:
        assert call(APP, "POST", first_screen.SIGNAL_PATH, body_of(b"n" * 22))[0]["status"] == 204
        assert mine.is_set() and not other.is_set()
    finally:
        first_screen._waiting.clear()


def test_unknown_empty_or_long_bodies_release_nothing():
    page = _waiting("n" * 22)
    try:
        for body in (b"", b"x" * 22, b"n" * 22 + b"x" * 100):
            assert call(APP, "POST", first_screen.SIGNAL_PATH, body_of(body))[0]["status"] == 204
        assert not page.is_set()
        assert call(APP, "GET", first_screen.SIGNAL_PATH, body_of(b"n" * 22))[0]["status"] == 405
        assert not page.is_set()
    finally:
        first_screen._waiting.clear()


def test_a_huge_body_is_not_read_to_its_end():
    """Anyone may post here: the route stops reading past a nonce's size instead of buffering the body."""
    chunks = [0]

    async def receive() -> dict:
        chunks[0] += 1
        return {"type": "http.request", "body": b"x" * 1_000_000, "more_body": chunks[0] < 20}

    assert call(APP, "POST", first_screen.SIGNAL_PATH, receive)[0]["status"] == 204 and chunks[0] == 1
