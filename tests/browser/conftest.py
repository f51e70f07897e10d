"""Browser fixtures: the real server (`streamlit run serve.py`) and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .server import launch, stop

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# A Playwright wait that runs out on a loaded machine is retried once; a failed assertion or any other error never is.
RETRY_ON = [PlaywrightTimeout]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests get one more run when, and only when, a Playwright wait timed out."""
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("flaky"):
            item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=RETRY_ON))


def start_server(db: Path, extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run serve.py` on a free port against db; return the process and base URL."""
    return launch({**os.environ, "INDICATORS_DB": str(db), **(extra_env or {})})


@contextmanager
def running_server(db: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """A running app server for the with-block: yields its base URL and always stops it."""
    proc, url = start_server(db, extra_env)
    try:
        yield url
    finally:
        stop(proc)


@pytest.fixture
def server_db(tmp_path: Path) -> Path:
    """A fresh, seeded database file for the server under test."""
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    path = tmp_path / "server.duckdb"
    con = connect(path)
    ensure_ready(con)
    con.close()
    return path


@pytest.fixture
def app_url(server_db: Path) -> Iterator[str]:
    """Base URL of a running app server on the seeded database."""
    with running_server(server_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; skipped where Chromium is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page with downloads allowed; screenshots go to test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(accept_downloads=True, viewport={"width": 1440, "height": 900},
                                  locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(30000)
    yield pg
    context.close()
