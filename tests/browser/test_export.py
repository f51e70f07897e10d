"""Download the filtered workbook through Debian's Chromium from the real server, then open it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from indicators.store import audit, connect

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser


def test_download_xlsx_and_csv_from_the_query_page(page, server_db: Path, tmp_path: Path):
    with running_server(server_db) as url:
        _download_both(page, url, tmp_path)
    con = connect(server_db, read_only=True)
    try:
        log = audit.entries(con, action="export")
    finally:
        con.close()
    assert sorted(log["detail"].str.extract(r'"format": "(\w+)"')[0]) == ["csv", "xlsx"]


def _download_both(page, url: str, tmp_path: Path) -> None:
    page.goto(url)
    page.get_by_role("heading", name="总览").wait_for()
    page.goto(url + "/query?domain=public_security&measure=all")
    page.get_by_role("heading", name="数据查询").wait_for()
    page.get_by_text("共 9 行").wait_for()
    page.locator('[data-testid="stDataFrame"]').wait_for()
    page.get_by_role("button", name="下载 Excel").wait_for()
    page.screenshot(path=str(ARTIFACTS / "query_page.png"))
    with page.expect_download(timeout=30000) as info:
        page.get_by_role("button", name="下载 Excel").click()
    download = info.value
    assert download.suggested_filename.startswith("全部地区_社会治安_2020-2021_")
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == "社会治安_2020-2021" and ws.max_row == 10 and ws.freeze_panes == "A2"
    values = {(r[0], r[2], r[3]): r[4] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert values[("110刑事治安总警情", "2021年", "数值")] == 1052
    assert wb.sheetnames[-1] == "说明"
    with page.expect_download(timeout=30000) as info:
        page.get_by_role("button", name="下载 CSV").click()
    csv_path = tmp_path / info.value.suggested_filename
    info.value.save_as(csv_path)
    assert csv_path.suffix == ".csv" and csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
