"""#17 items 5-6: concurrent failed logins are all counted and audited without an internal error; unknown and
existing names answer alike (also in time); delays grow per name and per source instead of a hard lock."""

from __future__ import annotations

import statistics
import threading
import time

from indicators import auth
from indicators.actions import SYSTEM, users
from indicators.auth.throttle import ACCOUNT_CAP_SECONDS, Throttle, keys_for
from indicators.store import audit

PW = "analyst-password"


def test_twelve_simultaneous_wrong_passwords_are_all_counted_and_audited(con):
    users.add(con, SYSTEM, "ana", PW, "analyst")
    start, results, errors = threading.Barrier(12), [], []

    def attempt() -> None:
        cur = con.cursor()
        start.wait()
        try:
            results.append(auth.authenticate(cur, "ana", "wrong-password", source="203.0.113.7"))
        except Exception as e:  # noqa: BLE001 - what the person typing would have seen as an internal error
            errors.append(e)

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [] and len(results) == 12 and not any(r.ok for r in results)
    failed = audit.entries(con, action="login_failed", user="ana")
    assert len(failed) == 12
    counted = int(failed["detail"].str.contains('"reason": "wrong_password"').sum())
    assert counted == int(con.execute("SELECT failed_attempts FROM users WHERE name = 'ana'").fetchone()[0])
    assert counted + int(failed["detail"].str.contains('"reason": "throttled"').sum()) == 12
    assert len(audit.entries(con, action="login_throttled", user="ana")) == 1
    assert auth.authenticate(con, "ana", PW, source="203.0.113.7").reason == "throttled"


def test_delays_grow_and_a_name_is_never_held_longer_than_its_cap(con, monkeypatch):
    monkeypatch.setenv("INDICATORS_LOCK_MINUTES", "15")
    th, keys = Throttle(), keys_for("Admin", "198.51.100.9")
    assert keys == ["name:admin", "source:198.51.100.9"]
    waits = []
    for _ in range(40):                                    # an attacker failing from one address, forever
        th.fail(con, keys, now=0.0)
        waits.append((th.wait(con, keys[:1], now=0.0), th.wait(con, keys[1:], now=0.0)))
    assert [w for w, _ in waits[:4]] == [0, 0, 0, 0] and waits[4][0] == 2 and waits[5][0] == 4
    assert max(w for w, _ in waits) == ACCOUNT_CAP_SECONDS          # the owner, from elsewhere, waits ≤ 30 s
    assert waits[-1][1] == 15 * 60                                  # the attacking address waits 15 minutes
    assert th.wait(con, keys_for("admin", "192.0.2.1"), now=ACCOUNT_CAP_SECONDS + 0.1) == 0


def test_every_process_and_a_restart_see_the_same_failures(db_file):
    """The count lives in the store: failures made through one connection (one app process) throttle a login tried
    through another opened later (a second process, the CLI, the app after a restart)."""
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    first = connect(db_file)
    ensure_ready(first)
    users.add(first, SYSTEM, "ana", PW, "analyst")
    for _ in range(5):
        assert auth.authenticate(first, "ana", "wrong-password", source="203.0.113.7").reason == "bad"
    first.close()
    second = connect(db_file)
    try:
        refused = auth.authenticate(second, "ana", PW, source="192.0.2.44")
        assert (refused.reason, refused.wait_seconds) == ("throttled", 2)   # the account's own delay, from elsewhere
        assert int(second.execute("SELECT failures FROM login_throttle WHERE key = 'name:ana'").fetchone()[0]) == 5
    finally:
        second.close()


def test_an_unknown_name_takes_as_long_as_a_wrong_password(con, monkeypatch):
    monkeypatch.setenv("INDICATORS_LOCK_AFTER_FAILURES", "0")       # no waiting: time the answer itself
    users.add(con, SYSTEM, "ana", PW, "analyst")
    known, unknown = [], []
    for _ in range(12):
        for name, into in (("ana", known), ("nobody", unknown)):
            t0 = time.perf_counter()
            assert auth.authenticate(con, name, "wrong-password").reason == "bad"
            into.append(time.perf_counter() - t0)
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.75 < ratio < 1.33, (statistics.median(known), statistics.median(unknown))
