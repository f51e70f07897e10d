"""Login costs: scrypt hashing vs a plain SHA-256 (the naive way), timing of unknown vs known names, and the
per-rerun cost of the login gate.  Run: `.venv/bin/python -m bench.auth`."""

from __future__ import annotations

import hashlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of fn in milliseconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    """Print the figures."""
    folder = Path(tempfile.mkdtemp(prefix="bench_auth_"))
    os.environ["INDICATORS_DB"] = str(folder / "auth.duckdb")
    os.environ["INDICATORS_SETTINGS"] = str(folder / "none.toml")
    from indicators import auth, settings
    from indicators.actions import SYSTEM, users
    from indicators.auth.passwords import hash_password, verify_password
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    con = connect()
    ensure_ready(con)
    users.add(con, SYSTEM, "ana", "analyst-pass-1", "analyst")
    stored = hash_password("analyst-pass-1")
    scrypt = median_ms(lambda: verify_password("analyst-pass-1", stored), 15)
    salt = os.urandom(16)
    naive = median_ms(lambda: hashlib.sha256(salt + b"analyst-pass-1").digest(), 2000)
    print(f"scrypt verify (n=2^14, r=8, p=1): {scrypt:8.1f} ms   sha256 (naive): {naive * 1000:8.2f} µs   "
          f"cost per guess x{scrypt / naive:,.0f}")
    known, unknown = [], []
    for _ in range(10):  # interleaved, so machine load hits both alike
        known.append(median_ms(lambda: auth.authenticate(con, "ana", "wrong-pass-1"), 1))
        unknown.append(median_ms(lambda: auth.authenticate(con, "nobody", "wrong-pass-1"), 1))
        users.set_password(con, SYSTEM, "ana", "analyst-pass-1")  # undo the lock
    k, u = statistics.median(known), statistics.median(unknown)
    print(f"failed login, known name: {k:6.1f} ms   unknown name: {u:6.1f} ms   ratio {u / k:.2f} (1 = no timing leak)")
    gate = median_ms(lambda: (settings.get("public_view"), settings.get("session_idle_minutes"),
                              auth.get_user(con, "ana"), auth.count_users(con)), 300)
    print(f"login gate per rerun (settings + account re-read + user count): {gate:.2f} ms")
    con.close()


if __name__ == "__main__":
    main()
