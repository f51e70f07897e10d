"""A real browser uploads a filled-in xlsx template through Streamlit's uploader, previews it and commits it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

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
        page.get_by_text("选择文件（xlsx、xls、csv、txt 等，不超过 50 MB）").wait_for()
        uploader = page.locator("[data-testid='stFileUploader']")
        assert "50MB" in uploader.text_content()   # the browser's own check, its English line hidden (#12.4)
        hint = uploader.locator("[data-testid='stFileUploaderDropzoneInstructions'] > div")
        assert "每个文件不超过 50 MB" in hint.evaluate("e => getComputedStyle(e, '::after').content")
        page.get_by_text("下载填报模板").click()
        with page.expect_download(timeout=90_000) as download:
            page.get_by_role("button", name="长表模板（每行一个数）").click()
        template = tmp_path / download.value.suggested_filename
        download.value.save_as(template)
        assert template.name == "数据上报模板_长表.xlsx"
        assert openpyxl.load_workbook(template).sheetnames == ["数据", "说明"]
        with page.expect_download(timeout=90_000) as wide_download:
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


def _office_table(folder: Path) -> Path:
    """A table as a subdistrict sends it: title with region and month, 填报单位 line, 序号 and 备注 columns,
    communities the catalogue does not know yet, a 合计 row and a footnote."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "9月"
    ws.append(["南澳办事处2024年9月各社区治安情况"])
    ws.merge_cells("A1:E1")
    ws.append(["填报单位：南澳街道综治中心", None, None, None, "单位：起"])
    ws.append(["序号", "社区", "两盗", "八类暴力案件", "备注"])
    ws.append([1, "南澳社区", 2, 0, "含电动车被盗1起"])
    ws.append([2, "水头社区", 1, 0, None])
    ws.append([None, "合计", 3, 0, None])
    ws.append(["注：数据来源于南澳派出所。"])
    path = folder / "南澳各社区_2024-09.xlsx"
    wb.save(path)
    return path


def test_an_office_table_is_read_as_sent_and_its_communities_created_in_chromium(analyst_db, page, tmp_path):
    """Issue #11's journey: the table goes in as the office sent it; the page shows how each cell was read, the
    analyst creates the two unknown communities under their subdistrict, and commits."""
    with running_server(analyst_db) as url:
        page.goto(url)
        page.get_by_role("link", name="登录").first.click()
        page.get_by_label("用户名").fill("ana")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_text("已登录：ana").first.wait_for()
        page.get_by_role("link", name="数据上传").click()
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
            str(_office_table(tmp_path)))
        page.get_by_text("文件是怎样读取的").wait_for(timeout=60000)
        page.get_by_text("未识别的地区（2 个）").wait_for()
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "upload_office_table.png"), full_page=True)
        for text in ("南澳社区", "水头社区"):
            box = page.locator("[data-testid='stSelectbox']").filter(has_text=f"“{text}”对应的地区")
            box.get_by_role("combobox").click()
            page.keyboard.type("新建地区")
            page.keyboard.press("Enter")
            page.wait_for_timeout(300)
        page.get_by_role("button", name="保存地区对应并重新检查").click()
        page.get_by_text("已保存 2 个地区对应").wait_for(timeout=60000)
        # the re-check runs in the upload worker after the flash shows: wait for its figures, not the old ones
        expect(page.locator("[data-testid='stMetricValue']").first).to_have_text("6", timeout=60000)
        page.get_by_role("button", name="确认提交").click()
        page.get_by_text("已提交批次").wait_for(timeout=60000)
        page.screenshot(path=str(ARTIFACTS / "upload_office_committed.png"), full_page=True)

    from indicators.store import connect
    from indicators.store.catalog_sync import catalog_from_db

    con = connect(analyst_db, read_only=True)
    cat = catalog_from_db(con)
    note = con.execute("SELECT note FROM batch WHERE kind = 'upload'").fetchall()[0][0]
    values = con.execute("SELECT region_code, value FROM current_observation WHERE indicator_id = 'two_thefts' "
                         "AND period = '2024-09' ORDER BY region_code").fetchall()
    con.close()
    community = cat.find_region("南澳社区")
    assert community.parent == "440300DP03" and community.level == "community"
    assert dict(values) == {"440300DP03": 3.0, community.code: 2.0, cat.find_region("水头社区").code: 1.0}
    assert "数据来源于南澳派出所" in note
