"""Key-figure cards on a phone (issue #12 item 6): a value breaks only at a space, never inside a word or a number
("40+ organisation / s"), and never spills out of its card. Seed plus the half-year report, 390 px, both languages.

Screenshots go to test-artifacts/cards_<page>_<lang>_390.png for the review.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.leaders_data import upload_half_year

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser

# page path → a card value that must be on it, per language (the longest ones: they are what used to break)
PAGES = {
    "": {"zh": "480起", "en": "480 incidents"},
    "public_security": {"zh": "480起", "en": "480 incidents"},
    "rule_of_law": {"zh": "10万余份", "en": "100,000+ copies"},
    "grassroots": {"zh": "40余家", "en": "40+ organisations"},
}

# Each whitespace-separated word of every card value: the lines its glyph boxes fall on (a box starting below the
# bottom of the line before starts a new line); more than one line means the word was split. Also any overflow.
BROKEN = """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')].flatMap(value => {
  const found = [];
  if (value.scrollWidth > value.clientWidth + 1) found.push('overflows: ' + value.innerText);
  const walker = document.createTreeWalker(value, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const boxes = [...range.getClientRects()].filter(r => r.width > 0).sort((a, b) => a.top - b.top);
      let lines = 0, bottom = -Infinity;
      for (const r of boxes) { if (r.top >= bottom - 1) { lines += 1; } bottom = Math.max(bottom, r.bottom); }
      if (lines > 1) found.push('split: ' + m[0] + ' in ' + value.innerText);
    }
  }
  return found;
})"""


@pytest.fixture(scope="module")
def cards_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the seed plus the half-year report (tests/leaders_data.py)."""
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    path = tmp_path_factory.mktemp("cards") / "server.duckdb"
    con = connect(path)
    ensure_ready(con)
    upload_half_year(con)
    con.close()
    with running_server(path) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_card_values_break_only_at_spaces_on_a_phone(browser, cards_url, lang):
    context = browser.new_context(viewport={"width": 390, "height": 4000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60000)
    try:
        for path, must in PAGES.items():
            page.goto(f"{cards_url}/{path}?lang={lang}")
            page.locator('[data-testid="stMetricValue"]').filter(has_text=must[lang]).first.wait_for()
            page.wait_for_function("() => document.fonts.status === 'loaded'")
            page.screenshot(path=str(ARTIFACTS / f"cards_{path or 'overview'}_{lang}_390.png"), full_page=True)
            assert page.locator('[data-testid="stMetricValue"]').count() >= 4, path
            assert page.evaluate(BROKEN) == [], (path, lang)
    finally:
        context.close()
