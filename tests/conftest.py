"""Shared fixtures: a real DuckDB file in a temp folder, the demo database, the real-data folder, the repo root."""

from __future__ import annotations

import os
import shutil
import subprocess
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


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Path of a fresh database file; INDICATORS_DB points at it."""
    path = tmp_path / "indicators.duckdb"
    monkeypatch.setenv("INDICATORS_DB", str(path))
    return path


@pytest.fixture(scope="session")
def pg_cluster():
    """A private PostgreSQL cluster for the session (bench/pgcluster.py: initdb in a temporary folder, a free local
    port, never the system service); skipped where Debian's postgresql is not installed."""
    from bench.pgcluster import Cluster, bin_dir

    if bin_dir() is None:
        pytest.skip("PostgreSQL is not installed (scripts/test.sh installs Debian's postgresql)")
    cluster = Cluster(durable=False)
    try:
        cluster.start()
    except (OSError, RuntimeError, subprocess.SubprocessError) as err:   # installed but cannot run here
        cluster.stop()
        pytest.skip(f"PostgreSQL could not be started: {getattr(err, 'stderr', '') or err}")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster, monkeypatch: pytest.MonkeyPatch) -> str:
    """URL of a fresh, empty database on the private cluster; INDICATORS_DB points at it."""
    global _PG_DBS
    _PG_DBS += 1
    url = pg_cluster.create_database(f"test_{os.getpid()}_{_PG_DBS}")
    monkeypatch.setenv("INDICATORS_DB", url)
    return url


_PG_DBS = 0


@pytest.fixture
def con(request: pytest.FixtureRequest, db_file: Path):
    """Connection to a migrated, seeded database in a temp folder (INDICATORS_TEST_STORE=postgres: on the private
    PostgreSQL cluster instead, to run a suite against the server store)."""
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    target = request.getfixturevalue("pg_url") if os.environ.get("INDICATORS_TEST_STORE") == "postgres" else db_file
    c = connect(target)
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
