"""Issue #17 items 1-2 through the page in Chromium: every hostile file gets a clear refusal while the server keeps
answering other sessions within a second; closing the browser stops the reading; SIGTERM stops the server."""

from __future__ import annotations

import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from tests import hostile as h

from .conftest import ARTIFACTS, start_server
from .server import stop

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
HOSTILE = [  # file, how it is made, what the refusal says
    ("远.xlsx", h.far_cell_xlsx, "XFD1048576"),
    ("远3000.xlsx", lambda: h.far_cell_xlsx("XFD3000", "A1:B2"), "XFD3000"),
    ("宽.csv", h.wide_csv, "20,000 列"),
    ("一行5MB.csv", lambda: h.one_line_csv(5), "超过每行上限"),
    ("一行50MB.csv", lambda: h.one_line_csv(47.5), "超过每行上限"),   # 49.8 MB: under the browser's 50 MB
    ("长字段.csv", lambda: h.one_field_csv(5), "第 2 行"),
    ("满表.csv", h.rows_csv, "1,048,576 行"),
    ("满表.xlsx", h.rows_xlsx, "1,048,576 行"),
]
SLOW = b"\n".join([b",".join(b"%d" % (c + r) for c in range(990)) for r in range(400)])  # allowed: ~25 s of work


@pytest.fixture
def analyst_db(server_db: Path) -> Path:
    """A seeded database that has an analyst account."""
    from indicators.actions import SYSTEM, users
    from indicators.store import connect

    con = connect(server_db)
    users.add(con, SYSTEM, "ana", PASSWORD, "analyst")
    con.close()
    return server_db


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = [int(k) for k in (task / "children").read_text().split()]
                out += kids
                todo += kids
        except OSError:
            continue
    return out


def _running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _workers(server_pid: int) -> list[int]:
    """Processes reading an upload: children of the server's fork server."""
    servers = [p for p in _children(server_pid) if b"forkserver" in Path(f"/proc/{p}/cmdline").read_bytes()]
    return [w for z in servers for w in _children(z) if _running(w)]


def _children(pid: int) -> list[int]:
    try:
        return [int(k) for t in Path(f"/proc/{pid}/task").iterdir() for k in (t / "children").read_text().split()]
    except OSError:
        return []


def _upload_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60000)
    page.goto(url)
    page.get_by_role("link", name="登录").first.click()
    page.get_by_label("用户名").fill("ana")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("已登录：ana").first.wait_for()
    page.get_by_role("link", name="数据上传").first.click()
    page.locator("[data-testid='stFileUploader']").wait_for()
    return context, page


def _health_ms(url: str) -> float:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as r:
        assert r.status == 200
    return (time.perf_counter() - t0) * 1000


def _other_session_ms(other, target: str) -> float:
    """Another visitor moves to a dashboard page: milliseconds until its title shows."""
    t0 = time.perf_counter()
    other.get_by_role("link", name=target).first.click()
    other.get_by_role("heading", name=target).first.wait_for(timeout=10000)
    return (time.perf_counter() - t0) * 1000


def test_each_hostile_file_is_refused_while_other_sessions_are_answered(analyst_db, browser, tmp_path):
    proc, url = start_server(analyst_db)
    try:
        context, page = _upload_page(browser, url)
        visitor = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        other = visitor.new_page()
        other.goto(url)
        other.get_by_role("heading", name="总览").first.wait_for(timeout=60000)
        targets = ["社会治安", "总览"]
        page.wait_for_timeout(3000)                               # the analyst picks a file; the worker warms up
        baseline = max(_other_session_ms(other, targets[k % 2]) for k in range(4))
        slowest = []
        for n, (name, make, says) in enumerate(HOSTILE):
            path = tmp_path / name
            path.write_bytes(make())
            if n:                                                 # a fresh uploader: away and back
                page.get_by_role("link", name="上传历史").first.click()
                page.get_by_role("heading", name="上传历史").first.wait_for()
                page.get_by_role("link", name="数据上传").first.click()
                page.locator("[data-testid='stFileUploader']").wait_for()
            page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
            page.wait_for_timeout(300)                        # the upload has reached the server, reading starts
            health = _health_ms(url)
            moved = _other_session_ms(other, targets[n % 2])
            try:
                page.get_by_text(says).first.wait_for(state="attached", timeout=120000)
            except Exception:
                page.screenshot(path=str(ARTIFACTS / f"hostile_timeout_{n}.png"), full_page=True)
                raise
            slowest.append((name, round(health), round(moved)))
            page.get_by_text("检查结果：1 个错误").first.wait_for()
            page.get_by_text("数据库未作任何改动").first.wait_for()
            if n in (0, 3):
                page.screenshot(path=str(ARTIFACTS / f"hostile_refused_{n}.png"), full_page=True)
            path.unlink()
        print(f"other session ms before any upload: {baseline:.0f}; health ms / other session ms while each file "
              f"was read: {slowest}")
        assert all(health < 1000 and moved < max(1000, 1.5 * baseline) for _, health, moved in slowest), slowest
        assert proc.poll() is None and not _workers(proc.pid)     # the server lives, no reader is left
        context.close()
        visitor.close()
    finally:
        stop(proc)


def _cpu_s(pid: int) -> float:
    """CPU seconds used so far by a process and its living descendants (children it reaped count too)."""
    total = 0.0
    for p in [pid, *_descendants(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().split(")")[-1].split()
            total += sum(int(x) for x in fields[11:15])
        except OSError:
            continue
    return total / os.sysconf("SC_CLK_TCK")


def test_closing_the_browser_stops_the_reading(analyst_db, browser, tmp_path):
    proc, url = start_server(analyst_db)
    try:
        context, page = _upload_page(browser, url)
        path = tmp_path / "慢.csv"
        path.write_bytes(SLOW)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
        page.get_by_text("正在读取并检查 慢.csv").first.wait_for(timeout=30000)   # the reading is under way
        reading = _workers(proc.pid)
        context.close()                                           # the analyst closes the tab mid-read
        time.sleep(2)
        before = _cpu_s(proc.pid)
        time.sleep(3)
        idle = _cpu_s(proc.pid) - before
        assert idle < 0.5, f"the server went on working for nobody: {idle:.1f} CPU s in 3 s"
        assert not any(_running(p) for p in reading), "the worker outlived the session"
        assert _health_ms(url) < 1000
    finally:
        stop(proc)


@pytest.mark.parametrize("hostile", [False, True], ids=["long read", "hostile file"])
def test_sigterm_stops_the_server_promptly_during_a_read(analyst_db, browser, tmp_path, hostile):
    proc, url = start_server(analyst_db)
    try:
        context, page = _upload_page(browser, url)
        path = tmp_path / "慢.csv"
        path.write_bytes(h.one_line_csv(5) if hostile else SLOW)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
        if hostile:
            page.wait_for_timeout(1500)
        else:
            page.get_by_text("正在读取并检查 慢.csv").first.wait_for(timeout=30000)   # the reading is under way
        family = _descendants(proc.pid)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)                  # an idle server with a session open takes 1-4 s on a loaded machine
        while [p for p in family if _running(p)] and time.monotonic() - t0 < 20:
            time.sleep(0.05)
        assert not [p for p in family if _running(p)], "a worker or the fork server outlived it"
        assert time.monotonic() - t0 < 10, f"{time.monotonic() - t0:.1f} s"
        context.close()
    finally:
        if proc.poll() is None:
            stop(proc)


def test_refusal_screenshots_in_both_languages_and_widths(analyst_db, browser, tmp_path):
    proc, url = start_server(analyst_db)
    try:
        context, page = _upload_page(browser, url)
        path = tmp_path / "远.xlsx"
        path.write_bytes(h.far_cell_xlsx())
        for lang in ("zh", "en"):
            if lang == "en":
                page.set_viewport_size({"width": 1440, "height": 900})
                page.get_by_text("English").first.click()
                page.get_by_role("link", name="Upload").first.wait_for()
            page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
            page.get_by_text("XFD1048576").first.wait_for(state="attached", timeout=60000)
            for width in (1440, 390):                             # 390: a phone, the sidebar folds away
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_timeout(800)
                page.screenshot(path=str(ARTIFACTS / f"hostile_far_cell_{lang}_{width}.png"), full_page=True)
        context.close()
    finally:
        stop(proc)
