"""Shared fixtures: a real DuckDB file in a temp folder, the demo database, the real-data folder, the repo root."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REALDATA = SHARED / "realdata"
SEED_DOC = SHARED / "seed" / "000_e7ca214a9da63628.txt"


@pytest.fixture(autouse=True)
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test logs unexpected errors to its own file (never into the repository's data/logs)."""
    path = tmp_path / "logs" / "indicators.log"
    monkeypatch.setenv("INDICATORS_LOG_FILE", str(path))
    return path


@pytest.fixture(autouse=True)
def login_throttle():
    """Each test starts with no failed logins remembered (the throttle is per process, in memory)."""
    from indicators.auth.throttle import THROTTLE

    THROTTLE.reset()
    yield THROTTLE
    THROTTLE.reset()


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Path of a fresh database file; INDICATORS_DB points at it."""
    path = tmp_path / "indicators.duckdb"
    monkeypatch.setenv("INDICATORS_DB", str(path))
    return path


@pytest.fixture
def con(db_file: Path):
    """Connection to a migrated, seeded database in a temp folder."""
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    c = connect(db_file)
    ensure_ready(c)
    yield c
    c.close()


@pytest.fixture
def catalog(con):
    """The catalogue as stored in the seeded database."""
    from indicators.store.catalog_sync import catalog_from_db

    return catalog_from_db(con)


@pytest.fixture
def realdata() -> Path:
    """../shared/realdata, or skip when absent."""
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is absent")
    return REALDATA


@pytest.fixture
def seed_doc() -> str:
    """Text of the work summary, or skip when ../shared/seed is absent."""
    if not SEED_DOC.is_file():
        pytest.skip("../shared/seed is absent")
    return SEED_DOC.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once (python -m indicators demo's own code)."""
    from indicators.actions import SYSTEM
    from indicators.demo.build import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path, SYSTEM)
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the demo database; INDICATORS_DB points at it."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, path)
    monkeypatch.setenv("INDICATORS_DB", str(path))
    return path


@pytest.fixture
def demo(demo_db: Path):
    """Connection and catalogue of the demo copy."""
    from indicators.store import connect
    from indicators.store.catalog_sync import catalog_from_db

    con = connect(demo_db)
    yield con, catalog_from_db(con)
    con.close()
