"""A new session's overview in Chromium: the filter boxes and the language toggle, drawn after the key figures and
charts (web/first_screen.py), take the room kept for them, so nothing the leader already sees moves; and they come
after the page has said its chart is drawn, not while Plotly's code is still being evaluated."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Notes, from the page's first script on, the first height of each kept room and of the first key figure's top edge.
WATCH = """
(() => {
  const w = window.__firstScreen = {};
  new MutationObserver(() => {
    for (const room of ['dp-space-filters', 'dp-space-lang']) {
      const e = document.querySelector('.' + room);
      if (w[room] === undefined && e && e.closest('.st-key-filters, .st-key-lang'))
        w[room] = e.closest('.st-key-filters, .st-key-lang').getBoundingClientRect().height;
    }
    const m = document.querySelector('[data-testid="stMetricValue"]');
    if (w.kpi_top === undefined && m && m.textContent.trim())
      w.kpi_top = document.querySelector('[data-testid="stMetric"]').getBoundingClientRect().top;
    if (w.chart === undefined && document.querySelector('[data-testid="stPlotlyChart"] .main-svg'))
      w.chart = performance.now();
    if (w.filters === undefined && document.querySelector('.st-key-filters [data-testid="stSelectbox"]'))
      w.filters = performance.now();
  }).observe(document, {childList: true, subtree: true});
  const fetch0 = window.fetch;
  window.fetch = (url, init) => {
    if (String(url).endsWith('/api/first-screen') && w.said === undefined) w.said = performance.now();
    return fetch0(url, init);
  };
})();
"""
HEIGHT = "sel => document.querySelector(sel).getBoundingClientRect().height"


@pytest.mark.parametrize(("width", "lang"), [(1440, "zh"), (390, "en")])
def test_new_session_widgets_take_the_room_kept_for_them(browser, app_url: str, width: int, lang: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.add_init_script(WATCH)
        page.goto(app_url + ("/?lang=en" if lang == "en" else "/"))
        page.locator('.st-key-filters [data-testid="stSelectbox"]').nth(2).wait_for()
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
        page.locator('.st-key-lang [data-testid="stCheckbox"]').wait_for(state="attached")
        page.wait_for_function("() => window.__firstScreen.kpi_top !== undefined")
        seen = page.evaluate("window.__firstScreen")
        assert "dp-space-filters" in seen and "dp-space-lang" in seen, "a new session's widgets came without a room"
        assert seen["dp-space-filters"] == page.evaluate(HEIGHT, ".st-key-filters") > 0
        kpi_top = page.locator('[data-testid="stMetric"]').first.bounding_box()["y"]
        filters_bottom = page.locator(".st-key-filters").bounding_box()
        assert filters_bottom["y"] + filters_bottom["height"] <= kpi_top       # the filters stay above the figures
        assert abs(seen["kpi_top"] - kpi_top) < 1                                # and the figures did not move
        if width > 640:   # the sidebar is open on a wide screen: the toggle took its room there too
            assert seen["dp-space-lang"] == page.evaluate(HEIGHT, ".st-key-lang") > 0
        assert page.get_by_text("Key figures" if lang == "en" else "关键指标").first.is_visible()
        assert seen["chart"] < seen["said"] < seen["filters"], "the rest of the page came before the chart was drawn"
    finally:
        context.close()
