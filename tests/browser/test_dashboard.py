"""The real server in a real Chromium: overview headline, move to a domain page, change a filter, screenshots."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser


@pytest.fixture
def dashboard_url(server_db: Path):
    """The app on the seeded database plus 2020 and 2021 values for the three subdistricts."""
    from indicators import actions
    from indicators.actions import upload
    from indicators.store import connect

    con = connect(server_db)
    codes = ["440300DP01", "440300DP02", "440300DP03"]
    rows = pd.DataFrame({"indicator_id": ["police_incidents_110"] * 6, "period": ["2021"] * 3 + ["2020"] * 3,
                         "region_code": codes * 2, "value": [500.0, 300.0, 252.0, 610.0, 390.0, 200.0],
                         "source": [f"分区.xlsx!数据!B{n}" for n in range(2, 8)]})
    upload.commit_rows(con, actions.shell("tester"), rows, file_name="分区.xlsx", sha256="cd" * 32, sheets="数据")
    con.close()
    with running_server(server_db) as url:
        yield url


def _metric(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).first


def _shoot(page, name: str) -> None:
    """Screenshot of the whole page: Streamlit scrolls inside its own container, so grow the window first."""
    page.set_viewport_size({"width": 1440, "height": 2400})
    page.wait_for_timeout(1500)  # let Plotly redraw at the new size
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_overview_then_domain_page_with_a_filter_change(page, dashboard_url):
    page.goto(dashboard_url + "/")
    card = _metric(page, "110刑事治安总警情")
    card.wait_for()
    assert "1052" in card.inner_text().replace(",", "")
    assert "24.21" in card.inner_text()
    page.get_by_text("同比下降24.21%").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    _shoot(page, "dashboard_overview.png")

    page.locator('[data-testid="stSidebarNav"]').get_by_text("社会治安", exact=True).click()
    page.get_by_role("heading", name="社会治安").wait_for()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="地区").click()
    page.get_by_role("option", name="南澳办事处").click()
    _metric(page, "110刑事治安总警情").filter(has_text="252").wait_for()
    page.wait_for_url("**region=440300DP03**")
    page.locator(".js-plotly-plot").first.wait_for()
    _shoot(page, "dashboard_public_security_nanao.png")
    assert (ARTIFACTS / "dashboard_public_security_nanao.png").stat().st_size > 10_000
