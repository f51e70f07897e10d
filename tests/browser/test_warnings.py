"""The real server on the demo database: from the overview's warning count to one warning's detail."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_url(demo_template: Path, tmp_path: Path):
    """The app on a copy of the demo database."""
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, db)
    with running_server(db) as url:
        yield url


def test_overview_warning_count_to_a_warnings_detail(page, demo_url):
    page.goto(demo_url + "/")
    page.get_by_text("示例数据：").first.wait_for()
    link = page.locator('[data-testid="stPageLink"]').filter(has_text="红色")
    link.first.wait_for()
    label = link.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "warnings_overview_tile.png"))
    link.first.click()
    page.get_by_role("heading", name="风险预警").wait_for()
    page.wait_for_url("**risk_warnings**")
    red = page.locator('[data-testid="stMetric"]').filter(has_text="红色预警").first
    red.wait_for()
    assert red.inner_text().split()[-1] in label                     # the same count as on the overview
    page.set_viewport_size({"width": 1440, "height": 2200})  # the list opens below the box: give it room
    page.locator('[data-testid="stSelectbox"]').filter(has_text="选择一条预警").click()
    page.keyboard.type("渔港社区")               # the list scrolls: filter it instead of relying on the option's place
    option = page.get_by_role("option").filter(has_text=re.compile(r"· 渔港社区（示例） · “两盗”案件$"))
    option.first.click()
    page.wait_for_url("**warning=two_thefts%3A440300DP03C01**")
    detail = page.locator('[data-testid="stAlert"]').filter(has_text="渔港社区（示例）2023年12月“两盗”案件")
    detail.first.wait_for()
    assert "行动限" in detail.first.inner_text()
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "warnings_detail.png"), full_page=True)
    assert (ARTIFACTS / "warnings_detail.png").stat().st_size > 10_000
