"""Each family of office tables (issue #11) goes through the upload page in Chromium as it was sent: the page
reads the expected number of figures and shows how it read them (one file per family, from the corpus)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, running_server
from .test_upload import PASSWORD, analyst_db  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
CORPUS = Path(__file__).resolve().parents[1] / "ingest" / "corpus"
FAMILIES = {   # family: a corpus file of it (all in tests/ingest/corpus/files)
    "context": "葵涌办事处2024年10月综治工作月报.xlsx",
    "header": "2024年1-9月平安建设重点任务完成情况.xls",
    "two_level": "大鹏新区2024年8月警情通报.xlsx",
    "rows": "各社区出租屋管理情况.xls",
    "cell_text": "大鹏新区平安建设主要指标完成情况（2024年）.xlsx",
    "container_html": "信访事项办理情况统计.xls",
    "container_big5": "大鵬新區2024年第二季度治安案件統計.csv",
    "container_utf16": "南澳办事处2024年各月信访量.txt",
    "regions": "各派出所案件情况_2024年9月.xlsx",
}


def _expected(name: str) -> int:
    return len(json.loads((CORPUS / "expected" / f"{name}.json").read_text(encoding="utf-8"))["figures"])


def test_every_family_is_read_through_the_page(analyst_db, page):  # noqa: F811
    with running_server(analyst_db) as url:
        page.goto(url)
        page.get_by_role("link", name="登录").first.click()
        page.get_by_label("用户名").fill("ana")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_text("已登录：ana").first.wait_for()
        page.get_by_role("link", name="数据上传").click()
        for family, name in FAMILIES.items():
            page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
                str(CORPUS / "files" / name))
            page.locator("[data-testid='stFileUploader']").get_by_text(name[:5]).first.wait_for(timeout=120000)
            expected = f"识别出 {_expected(name)} 个数"
            try:
                page.get_by_text(expected).first.wait_for(timeout=120000)
            except Exception as e:               # say which family and what the page read instead
                shown = page.get_by_text(re.compile(r"识别出 \d+ 个数")).first.inner_text()
                raise AssertionError(f"{family}: {name}: expected {expected}, the page says {shown}") from e
            page.get_by_text("文件是怎样读取的").wait_for()
            page.screenshot(path=str(ARTIFACTS / f"family_{family}.png"))
