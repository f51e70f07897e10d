"""Issue #17 item 1: an upload is read in a capped worker process, so a reader that aborts, segfaults, eats memory
or never ends costs that one upload a plain refusal, never the process that asked (the server, the CLI).

Readers are broken on purpose by monkeypatching: the forked worker inherits the patch (this test process has
one thread, so the sandbox forks it); the fork-server path is exercised with a second thread running.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from contextlib import contextmanager

import pytest

from indicators.ingest import Limits, ingest
from tests import hostile as h

from .helpers import LONG_HEAD, csv_bytes, issue, xlsx

GOOD = xlsx([LONG_HEAD, ["八类暴力案件", "全区", "2021年", 5], ["八类暴力案件", "葵涌", "2021年", 2]], sheet="数据")


def sandbox():
    from indicators.ingest import sandbox as sb

    return sb


@contextmanager
def another_thread():
    """A second thread runs meanwhile, so the sandbox uses its fork server (as in the app server)."""
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        yield
    finally:
        stop.set()
        t.join()


def _break_reader(monkeypatch: pytest.MonkeyPatch, how) -> None:
    """The workbook reader does `how` instead; the worker is forked from here so that it inherits the patch."""
    from indicators.ingest import readers

    monkeypatch.setattr(readers, "read_calamine", lambda *a, **k: how())
    monkeypatch.setattr(sandbox(), "_single_threaded", lambda: True)    # other tests may leave threads behind


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(")")[-1].split()[0] != "Z"


def test_the_worker_gives_the_same_result_as_reading_here(catalog):
    sb = sandbox()
    here = ingest(GOOD, "好.xlsx", catalog)
    there = sb.ingest_isolated(GOOD, "好.xlsx", catalog)
    assert there.status == here.status == "ok" and there.sha256 == here.sha256
    assert there.observations.astype(object).equals(here.observations.astype(object))
    assert [i.message for i in there.issues] == [i.message for i in here.issues]


def test_the_fork_server_gives_the_same_result(catalog):
    sb = sandbox()
    with another_thread():
        assert not sb._single_threaded()
        there = sb.ingest_isolated(GOOD, "好.xlsx", catalog)
    assert there.status == "ok" and len(there.observations) == 2


def test_a_reader_that_aborts_costs_one_refused_upload(catalog, monkeypatch):
    _break_reader(monkeypatch, os.abort)
    res = sandbox().ingest_isolated(GOOD, "坏.xlsx", catalog)
    msg = issue(res, "worker_crashed").message
    assert res.status == "refused" and "坏.xlsx" in msg and "SIGABRT" in msg
    assert sandbox().ingest_isolated(csv_bytes([LONG_HEAD, ["八类暴力案件", "全区", "2021年", 5]]), "好.csv",
                                     catalog).status == "ok"          # and this process reads the next file


def test_a_reader_that_segfaults_costs_one_refused_upload(catalog, monkeypatch):
    _break_reader(monkeypatch, lambda: ctypes.string_at(0))
    res = sandbox().ingest_isolated(GOOD, "坏.xlsx", catalog, lang="en")
    msg = issue(res, "worker_crashed").message
    assert res.status == "refused" and "stopped unexpectedly" in msg and "SIGSEGV" in msg


def test_a_reader_that_eats_memory_is_stopped_at_the_cap(catalog, monkeypatch):
    def eat():
        hoard = []
        while True:
            hoard.append(bytearray(16 * 1024 * 1024))       # touched: resident, as a real reader's cells are

    _break_reader(monkeypatch, eat)
    sb = sandbox()
    res = sb.ingest_isolated(GOOD, "大.xlsx", catalog, caps=sb.Caps(memory_mb=600, seconds=60))
    assert res.status == "refused" and "600 MB" in issue(res, "worker_memory").message


def test_a_single_huge_allocation_fails_at_once_in_the_worker(catalog):
    """The 5 KB file that aborted the server: with the guard's limits lifted, the reader itself hits the cap."""
    sb = sandbox()
    open_limits = Limits(max_columns=20_000, max_cells=10**13, max_rows=10**8)
    t0 = time.monotonic()
    res = sb.ingest_isolated(h.far_cell_xlsx("XFD1048575"), "远.xlsx", catalog, limits=open_limits)
    assert res.status == "refused" and issue(res, "worker_memory")
    assert time.monotonic() - t0 < 30


def test_a_reader_that_never_ends_is_stopped_at_the_time_limit(catalog, monkeypatch):
    _break_reader(monkeypatch, lambda: time.sleep(3600))
    sb = sandbox()
    t0 = time.monotonic()
    res = sb.ingest_isolated(GOOD, "慢.xlsx", catalog, caps=sb.Caps(seconds=1))
    assert res.status == "refused" and "1 秒" in issue(res, "worker_timeout").message
    assert time.monotonic() - t0 < 20


def test_a_caller_that_goes_away_stops_the_worker(catalog, monkeypatch):
    pids = []

    def sleep():
        time.sleep(3600)

    _break_reader(monkeypatch, sleep)
    sb = sandbox()
    t0 = time.monotonic()

    def gone() -> bool:
        return time.monotonic() - t0 > 0.5

    real_watch = sb._watch

    def watch(job, *a):
        pids.append(job)
        return real_watch(job, *a)

    monkeypatch.setattr(sb, "_watch", watch)
    with pytest.raises(sb.Cancelled):
        sb.ingest_isolated(GOOD, "走.xlsx", catalog, cancelled=gone)
    assert pids and pids[0].pid and not _alive(pids[0].pid)


def test_the_fork_server_survives_a_crashing_job_and_is_restarted_when_killed(catalog, monkeypatch):
    sb = sandbox()
    with another_thread():
        res = sb.ingest_isolated(h.far_cell_xlsx("XFD1048575"), "远.xlsx", catalog,
                                 limits=Limits(max_columns=20_000, max_cells=10**13, max_rows=10**8))
        assert issue(res, "worker_memory")
        assert sb.ingest_isolated(GOOD, "好.xlsx", catalog).status == "ok"
        sb._ZYGOTE.proc.kill()
        sb._ZYGOTE.proc.wait()
        assert sb.ingest_isolated(GOOD, "好.xlsx", catalog).status == "ok"


def test_a_far_cell_is_refused_by_the_caller_with_the_sheet_named(catalog):
    res = sandbox().ingest_isolated(h.far_cell_xlsx("XFD1048576"), "远.xlsx", catalog)
    msg = issue(res, "too_many_columns").message
    assert "数据" in msg and "XFD1048576" in msg


def test_a_sheet_refused_by_the_caller_stops_the_fork_servers_worker_at_once(catalog, monkeypatch):
    """The caller measures the sheets while the worker reads; a refusal stops a worker that would grind on."""
    sb = sandbox()
    wide = xlsx([[f"列{c}" for c in range(900)]] + [[c + r for c in range(900)] for r in range(30)], sheet="数据")
    jobs = []
    real_launch = sb._ZYGOTE.launch
    monkeypatch.setattr(sb._ZYGOTE, "launch", lambda *a: jobs.append(real_launch(*a)) or jobs[-1])
    with another_thread():
        t0 = time.monotonic()
        res = sb.ingest_isolated(wide, "宽.xlsx", catalog, limits=Limits(max_columns=500))
        assert issue(res, "too_many_columns") and time.monotonic() - t0 < 5
    assert jobs and jobs[0].pid and not _alive(jobs[0].pid)


def test_refusing_at_once_never_trips_over_a_worker_stopped_mid_request(catalog):
    """The caller refuses a far cell before the fork server's child has read its request: no error escapes."""
    sb = sandbox()
    with another_thread():
        for _ in range(5):
            assert issue(sb.ingest_isolated(h.far_cell_xlsx("XFD3000"), "远.xlsx", catalog), "too_many_columns")
