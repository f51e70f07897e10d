"""数据查询 in Chromium (#12 item 3): periods as people say them, a history line per span kind, desktop and phone.

Each run saves full-page screenshots to test-artifacts/query_periods_<lang>_<width>.png for review (overlap, cut
text, raw values, internal codes, wrong language).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.leaders_data import upload_half_year, upload_monthly_110

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser

CODE = re.compile(r"\d{4}(?:YTD\d{2}|H[12]|Q[1-4])\b|\b\d{4}-(?:0[1-9]|1[0-2])\b(?![-\s]\d)|\bNone\b|\bNaN\b|\bnan\b")
WORDS = {"zh": {"year": "2020年", "lines": {"年度", "半年", "季度", "月度", "1-4月累计"}, "rows": "共 21 行"},
         "en": {"year": "2020", "lines": {"Years", "Halves", "Quarters", "Months", "Jan–Apr cumulative"},
                "rows": "21 rows"}}


@pytest.fixture(scope="module")
def query_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the seed, the half-year report and a monthly report of 110 incidents (tests/leaders_data.py)."""
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    path = tmp_path_factory.mktemp("query_periods") / "server.duckdb"
    con = connect(path)
    ensure_ready(con)
    upload_half_year(con)
    upload_monthly_110(con)
    con.close()
    with running_server(path) as url:
        yield url


@pytest.mark.parametrize("width", (1440, 390))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_query_page_history_and_periods(browser, query_url, lang, width):
    words = WORDS[lang]
    context = browser.new_context(viewport={"width": width, "height": 4000 if width < 800 else 2600},
                                  locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60000)
    try:
        page.goto(f"{query_url}/query?lang={lang}&ind=police_incidents_110&reg=440300DP")
        page.get_by_text(words["rows"]).first.wait_for()
        page.locator(".js-plotly-plot .legendtext").first.wait_for()
        page.wait_for_timeout(1500)   # let Plotly settle at this width
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"query_periods_{lang}_{width}.png"), full_page=True)
        legend = set(page.locator(".js-plotly-plot .legendtext").evaluate_all("els => els.map(e => e.textContent)"))
        assert words["lines"] <= legend, legend
        text = page.locator('[data-testid="stMain"]').inner_text()
        ticks = page.locator(".js-plotly-plot .xtick text").evaluate_all("els => els.map(e => e.textContent)")
        assert words["year"] in ticks and not CODE.search(text + " ".join(ticks)), CODE.search(text)   # the table is
        # a canvas: its periods are checked by tests/app/test_query_periods.py
        if lang == "en":
            assert "历史走势" not in text and "累计" not in " ".join(legend)

        page.goto(f"{query_url}/indicator_detail?lang={lang}&indicator=police_incidents_110&period=2021")
        page.locator(".js-plotly-plot .legendtext").first.wait_for()
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / f"detail_periods_{lang}_{width}.png"), full_page=True)
        legend = set(page.locator(".js-plotly-plot .legendtext").evaluate_all("els => els.map(e => e.textContent)"))
        assert words["lines"] <= legend, legend        # the history chart: a line per span kind here too
    finally:
        context.close()
