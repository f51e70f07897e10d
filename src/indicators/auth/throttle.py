"""Login throttling: growing delays per account name and per source, the same for names that exist and names that
do not, so that failures neither reveal who exists nor hand an attacker a hard lock on someone's account.

After `lock_after_failures` failures in a row a key waits before its next try: 2 s, 4 s, 8 s … up to its cap. A
source (the client address) may wait up to `lock_minutes`; an account name at most ACCOUNT_CAP_SECONDS, so that
failures from many sources slow the account's owner down but never shut them out. The state lives in the store's
`login_throttle` table, so every app process and the command line share it and a restart keeps it; callers run
these inside the login's write transaction (writers queue on the store's one lock), so counts are never lost.
"""

from __future__ import annotations

import time

import duckdb

from .. import settings

ACCOUNT_CAP_SECONDS = 30.0
FIRST_DELAY_SECONDS = 2.0


class Throttle:
    """Failure counts and waiting times per key ("name:…", "source:…"), kept in the store (wall-clock seconds)."""

    def wait(self, con: duckdb.DuckDBPyConnection, keys: list[str], now: float | None = None) -> float:
        """Seconds until every key may try again (0: go ahead)."""
        now = time.time() if now is None else now
        rows = con.execute("SELECT not_before FROM login_throttle WHERE list_contains($keys, key)",
                           {"keys": keys}).fetchall()
        return max([0.0, *(float(r[0]) - now for r in rows)])

    def fail(self, con: duckdb.DuckDBPyConnection, keys: list[str], now: float | None = None) -> int:
        """Count a failure for each key and set its waiting time; the account key's failure count (first key)."""
        now = time.time() if now is None else now
        free = int(settings.get("lock_after_failures"))
        counts = []
        for k in keys:
            con.execute("INSERT INTO login_throttle (key, failures, not_before) VALUES ($key, 1, 0) "
                        "ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures + 1", {"key": k})
            failures = int(con.execute("SELECT failures FROM login_throttle WHERE key = $key",
                                       {"key": k}).fetchone()[0])
            cap = ACCOUNT_CAP_SECONDS if k.startswith("name:") else float(settings.get("lock_minutes")) * 60
            if free and failures >= free:
                until = now + min(cap, FIRST_DELAY_SECONDS * 2 ** min(failures - free, 62))
                con.execute("UPDATE login_throttle SET not_before = $until WHERE key = $key",
                            {"until": until, "key": k})
            counts.append(failures)
        return counts[0] if counts else 0

    def clear(self, con: duckdb.DuckDBPyConnection, keys: list[str]) -> None:
        """Forget the keys (a successful login)."""
        con.execute("DELETE FROM login_throttle WHERE list_contains($keys, key)", {"keys": keys})


THROTTLE = Throttle()


def keys_for(name: str, source: str | None) -> list[str]:
    """The account name's key first (case-folded: 'Ana' and 'ana' share one), then the source's, if known."""
    return [f"name:{name.casefold()}"] + ([f"source:{source}"] if source else [])
