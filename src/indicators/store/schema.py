"""Schema migrations, applied in order and recorded in schema_version."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from . import current
from .db import dialect, scalar, set_meta


@dataclass(frozen=True)
class On:
    """A statement for one engine only ('duckdb' or 'postgres'): the other records the version and skips it."""

    dialect: str
    sql: str


# A migration's statements: SQL both engines run (store/pg.py translates it), a function of the dialect, or On(…).
Statement = str | Callable[[str], str] | On

MIGRATIONS: list[tuple[str, list[Statement]]] = [
    ("initial schema", [
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        """CREATE TABLE domain (id VARCHAR PRIMARY KEY, name_zh VARCHAR, name_en VARCHAR, sort_order INTEGER,
            description_zh VARCHAR, description_en VARCHAR)""",
        """CREATE TABLE indicator (id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
            domain VARCHAR NOT NULL, unit VARCHAR NOT NULL, kind VARCHAR NOT NULL, polarity SMALLINT NOT NULL,
            numerator VARCHAR, denominator VARCHAR, parent VARCHAR, decimals INTEGER, min_value DOUBLE,
            max_value DOUBLE, warn_above DOUBLE, target DOUBLE, target_year INTEGER, frequency VARCHAR,
            definition VARCHAR, source_department VARCHAR, origin VARCHAR NOT NULL, created_by VARCHAR,
            created_at TIMESTAMP, sort_order INTEGER)""",
        """CREATE TABLE indicator_alias (alias VARCHAR NOT NULL, indicator_id VARCHAR NOT NULL,
            origin VARCHAR NOT NULL, created_by VARCHAR, created_at TIMESTAMP)""",
        """CREATE TABLE region (code VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
            parent VARCHAR, level VARCHAR NOT NULL, aliases VARCHAR, sort_order INTEGER)""",
        "CREATE SEQUENCE batch_seq START 1",
        """CREATE TABLE batch (id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, file_name VARCHAR,
            sha256 VARCHAR, sheets VARCHAR, user_name VARCHAR, created_at TIMESTAMP NOT NULL,
            n_rows INTEGER, n_new INTEGER, n_changed INTEGER, n_unchanged INTEGER,
            status VARCHAR NOT NULL, rolled_back_at TIMESTAMP, rolled_back_by VARCHAR, note VARCHAR)""",
        """CREATE TABLE observation (batch_id INTEGER NOT NULL, indicator_id VARCHAR NOT NULL,
            region_code VARCHAR NOT NULL, period VARCHAR NOT NULL, measure VARCHAR NOT NULL, value DOUBLE,
            qualifier VARCHAR NOT NULL, origin VARCHAR NOT NULL, decimals INTEGER, source VARCHAR,
            derivation VARCHAR, row_no INTEGER)""",
        "CREATE SEQUENCE audit_seq START 1",
        """CREATE TABLE audit (id BIGINT PRIMARY KEY, ts TIMESTAMP NOT NULL, user_name VARCHAR,
            action VARCHAR NOT NULL, detail VARCHAR)""",
        current.view,
    ]),
    ("users and roles", [
        """CREATE TABLE users (name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR,
            disabled BOOLEAN NOT NULL DEFAULT false, failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TIMESTAMP, source VARCHAR NOT NULL DEFAULT 'local', created_at TIMESTAMP NOT NULL,
            created_by VARCHAR, password_changed_at TIMESTAMP, last_login_at TIMESTAMP)""",
    ]),
    # Regions not from data/regions.csv (the demo's synthetic communities and grid cells; analysts' own regions)
    # carry their origin, so a catalogue sync replaces only the catalogue's rows.
    ("region origin", [
        "ALTER TABLE region ADD COLUMN origin VARCHAR DEFAULT 'catalogue'",
        "UPDATE region SET origin = 'catalogue' WHERE origin IS NULL",
    ]),
    # 平安指数 publications: each a versioned snapshot of a period's scores (safety/publish.py); never updated.
    ("index publications", [
        "CREATE SEQUENCE publication_seq START 1",
        """CREATE TABLE index_publication (id INTEGER PRIMARY KEY, period VARCHAR NOT NULL, version INTEGER NOT NULL,
            published_at TIMESTAMP NOT NULL, published_by VARCHAR, index_sha256 VARCHAR, index_text VARCHAR,
            rules VARCHAR, batches VARCHAR, note VARCHAR, UNIQUE (period, version))""",
        """CREATE TABLE index_published_region (publication_id INTEGER NOT NULL, row_no INTEGER NOT NULL,
            region VARCHAR, region_zh VARCHAR, region_en VARCHAR, level VARCHAR, parent VARCHAR, period VARCHAR,
            score DOUBLE, grade VARCHAR, coverage DOUBLE, rank INTEGER, n_ranked INTEGER, previous_score DOUBLE,
            previous_grade VARCHAR, change DOUBLE, previous_period VARCHAR)""",
        """CREATE TABLE index_published_component (publication_id INTEGER NOT NULL, row_no INTEGER NOT NULL,
            region VARCHAR, domain VARCHAR, indicator VARCHAR, rule VARCHAR, weight DOUBLE, score DOUBLE,
            contribution DOUBLE, value DOUBLE, baseline DOUBLE, how VARCHAR, source_period VARCHAR, batch BIGINT,
            previous_weight DOUBLE, previous_score DOUBLE, previous_contribution DOUBLE, previous_value DOUBLE,
            change_contribution DOUBLE)""",
        """CREATE TABLE index_published_domain (publication_id INTEGER NOT NULL, row_no INTEGER NOT NULL,
            region VARCHAR, domain VARCHAR, score DOUBLE, previous_score DOUBLE)""",
    ]),
    # Analysts map region texts of uploads to regions (溪涌 → 溪涌社区) as they map header texts to indicators, and
    # keep how they corrected the reading of a layout (a recipe) to apply it when the same template arrives again.
    ("region aliases and reading recipes", [
        """CREATE TABLE region_alias (alias VARCHAR NOT NULL, region_code VARCHAR NOT NULL, origin VARCHAR NOT NULL,
            created_by VARCHAR, created_at TIMESTAMP)""",
        "CREATE SEQUENCE recipe_seq START 1",
        """CREATE TABLE recipe (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL,
            steer VARCHAR NOT NULL, file_name VARCHAR, created_by VARCHAR, created_at TIMESTAMP NOT NULL,
            dropped_at TIMESTAMP, dropped_by VARCHAR)""",
    ]),
    # Analysts manage the catalogue in the app: indicators are retired or merged (never deleted with their data);
    # their edits of data/indicators.csv's indicators are kept as overrides, and catalogue aliases they removed as
    # tombstones, both applied again after every catalogue sync; each merge is remembered with its batch.
    ("catalogue management", [
        "ALTER TABLE indicator ADD COLUMN status VARCHAR DEFAULT 'active'",
        "UPDATE indicator SET status = 'active' WHERE status IS NULL",
        "ALTER TABLE indicator ADD COLUMN merged_into VARCHAR",
        "ALTER TABLE indicator ADD COLUMN updated_by VARCHAR",
        "ALTER TABLE indicator ADD COLUMN updated_at TIMESTAMP",
        """CREATE TABLE indicator_override (indicator_id VARCHAR NOT NULL, field VARCHAR NOT NULL, value VARCHAR,
            updated_by VARCHAR, updated_at TIMESTAMP, PRIMARY KEY (indicator_id, field))""",
        """CREATE TABLE alias_removed (alias VARCHAR NOT NULL, indicator_id VARCHAR NOT NULL, removed_by VARCHAR,
            removed_at TIMESTAMP, PRIMARY KEY (alias, indicator_id))""",
        """CREATE TABLE indicator_merge (indicator_id VARCHAR NOT NULL, into_id VARCHAR NOT NULL, batch_id INTEGER,
            refs VARCHAR, merged_by VARCHAR, merged_at TIMESTAMP NOT NULL, restored_by VARCHAR,
            restored_at TIMESTAMP)""",
    ]),
    # A PostgreSQL server store (store/pg.py): DuckDB's list_contains as SQL functions, and the indexes its planner
    # needs for the current row of a key (DISTINCT ON, latest first), a period's rows and a batch's rows. DuckDB
    # needs neither (its zone maps and hash joins do without indexes, which would slow its bulk inserts).
    ("server store", [
        On("postgres", "CREATE OR REPLACE FUNCTION list_contains(text[], text) RETURNS boolean LANGUAGE sql "
                       "IMMUTABLE AS 'SELECT $2 = ANY($1)'"),
        On("postgres", "CREATE OR REPLACE FUNCTION list_contains(bigint[], bigint) RETURNS boolean LANGUAGE sql "
                       "IMMUTABLE AS 'SELECT $2 = ANY($1)'"),
        On("postgres", "CREATE INDEX observation_key ON observation "
                       "(indicator_id, region_code, period, measure, batch_id DESC, row_no DESC)"),
        On("postgres", "CREATE INDEX observation_period ON observation (period, region_code)"),
        On("postgres", "CREATE INDEX observation_batch ON observation (batch_id)"),
    ]),
    # Each domain's page icon comes from data/domains.csv (pages are generated from the domains).
    ("domain icons", [
        "ALTER TABLE domain ADD COLUMN icon VARCHAR",
        "DELETE FROM meta WHERE key = 'catalog_sha256'",     # the next sync fills the icons in
    ]),
    # Logins that last (auth/sessions.py): one row per login; the browser holds only its token in an HTTP-only
    # cookie, the store only the token's SHA-256. A one-time ticket (also hashed) is exchanged for the cookie.
    ("login sessions", [
        """CREATE TABLE login_session (id VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL, token_hash VARCHAR,
            ticket_hash VARCHAR, ticket_expires TIMESTAMP, created_at TIMESTAMP NOT NULL,
            last_seen TIMESTAMP NOT NULL, ended_at TIMESTAMP, end_reason VARCHAR)""",
    ]),
    # Failed logins per account name and per source (auth/throttle.py), shared by every process and kept on restart.
    ("login throttle", [
        """CREATE TABLE login_throttle (key VARCHAR PRIMARY KEY, failures INTEGER NOT NULL,
            not_before DOUBLE NOT NULL)""",
    ]),
]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Applied schema version; 0 for an empty database."""
    exists = scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
    if not exists:
        return 0
    return int(scalar(con, "SELECT coalesce(max(version), 0) FROM schema_version") or 0)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations inside the caller's transaction; return the versions applied."""
    con.execute("""CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,
                   applied_at TIMESTAMP DEFAULT current_timestamp, description VARCHAR)""")
    done = current_version(con)
    applied = []
    for version, (description, statements) in enumerate(MIGRATIONS, start=1):
        if version <= done:
            continue
        for statement in statements:
            sql = _render(statement, dialect(con))
            if sql:
                con.execute(sql)
        con.execute("INSERT INTO schema_version (version, description) VALUES ($version, $description)",
                    {"version": version, "description": description})
        applied.append(version)
    _keep_view_current(con)
    return applied


def _render(statement: Statement, engine: str) -> str | None:
    """A migration statement as this engine runs it (None: not for this engine)."""
    if isinstance(statement, On):
        return statement.sql if statement.dialect == engine else None
    return statement(engine) if callable(statement) else statement


def _keep_view_current(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the current_observation view when its one definition (store/current.py) changed."""
    view = current.view(dialect(con))
    digest = hashlib.sha256(view.encode()).hexdigest()
    if scalar(con, "SELECT value FROM meta WHERE key = 'current_view_sha256'") != digest:
        con.execute(view)
        set_meta(con, "current_view_sha256", digest)
