"""A real browser uploads a filled-in xlsx template through Streamlit's uploader, previews it and commits it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def analyst_db(server_db: Path) -> Path:
    """A seeded database that has an analyst account."""
    from indicators.actions import SYSTEM, users
    from indicators.store import connect

    con = connect(server_db)
    users.add(con, SYSTEM, "ana", PASSWORD, "analyst")
    con.close()
    return server_db


def _fill(template: Path, folder: Path) -> Path:
    """The downloaded template filled in as an analyst would, saved under a new name."""
    wb = openpyxl.load_workbook(template)
    for row in [("110刑事治安总警情", "大鹏新区", "2021年", 1100), ("110刑事治安总警情", "大鹏新区", "2022年", 980),
                ("八类暴力案件", "葵涌办事处", "2022年上半年", 2)]:
        wb.worksheets[0].append(row)
    path = folder / "警情上报.xlsx"
    wb.save(path)
    return path


def test_upload_preview_commit_in_chromium(analyst_db, page, tmp_path):
    db = analyst_db
    with running_server(db) as url:
        page.goto(url)
        page.get_by_role("link", name="登录").first.click()
        page.get_by_label("用户名").fill("ana")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_text("已登录：ana").first.wait_for()
        page.get_by_role("link", name="数据上传").click()
        page.get_by_text("选择文件（xlsx、xls、csv，不超过 50 MB）").wait_for()
        assert "50MB" in page.locator("[data-testid='stFileUploader']").inner_text()   # the browser's own check
        page.get_by_text("下载填报模板").click()
        with page.expect_download() as download:
            page.get_by_role("button", name="长表模板（每行一个数）").click()
        template = tmp_path / download.value.suggested_filename
        download.value.save_as(template)
        assert template.name == "数据上报模板_长表.xlsx"
        assert openpyxl.load_workbook(template).sheetnames == ["数据", "说明"]
        with page.expect_download() as wide_download:
            page.get_by_role("button", name="宽表模板（指标为行、期间为列）").click()
        wide = tmp_path / wide_download.value.suggested_filename
        wide_download.value.save_as(wide)
        header = [c.value for c in openpyxl.load_workbook(wide).worksheets[0][1]]
        assert header[:3] == ["指标", "地区", "单位"] and len(header) == 6 and header[3].endswith("年")
        xlsx = _fill(template, tmp_path)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(xlsx))
        page.get_by_text("预览：将写入的改动").wait_for(timeout=30000)
        page.locator("[data-testid='stMetricValue']").nth(2).wait_for()
        page.locator("[data-testid='stDataFrame']").last.wait_for()
        page.wait_for_timeout(500)
        metrics = page.locator("[data-testid='stMetricValue']").all_inner_texts()
        assert metrics == ["2", "1", "0"]
        page.screenshot(path=str(ARTIFACTS / "upload_preview.png"), full_page=True)
        page.get_by_role("button", name="确认提交").click()
        page.get_by_text("已提交批次").wait_for(timeout=30000)
        page.screenshot(path=str(ARTIFACTS / "upload_committed.png"), full_page=True)
        assert "新增 2，变更 1，不变 0" in page.locator("[data-testid='stAlert']").first.inner_text()

    # the server has stopped: it held the database file's lock
    from indicators.store import connect
    from indicators.store.queries import current

    con = connect(db, read_only=True)
    rows = current(con, indicators=["police_incidents_110"], regions="440300DP", measure="value")
    batch = con.execute("SELECT file_name, user_name, n_new, n_changed FROM batch WHERE kind = 'upload'").fetchall()
    con.close()
    assert dict(zip(rows["period"], rows["value"], strict=True)) == {"2020": 1388.0, "2021": 1100.0, "2022": 980.0}
    assert batch == [("警情上报.xlsx", "ana", 2, 1)]
