"""Where the project's data files and database live."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parents[1]


def data_dir() -> Path:
    """Folder holding the catalogues and seed data (`INDICATORS_DATA` overrides)."""
    return Path(os.environ.get("INDICATORS_DATA", REPO_DIR / "data"))


def db_path() -> Path:
    """DuckDB file path from `INDICATORS_DB`, default `data/indicators.duckdb`."""
    env = os.environ.get("INDICATORS_DB")
    return Path(env) if env else data_dir() / "indicators.duckdb"


def db_target() -> str:
    """The store named by `INDICATORS_DB`: a DuckDB file path (default `data/indicators.duckdb`) or a
    postgresql:// URL."""
    env = os.environ.get("INDICATORS_DB")
    return env if env else str(data_dir() / "indicators.duckdb")
