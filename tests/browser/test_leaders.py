"""Issue #12 in Chromium: the seed plus a half-year report, desktop and phone widths, both languages.

Each run saves full-page screenshots to test-artifacts/leaders_<page>_<lang>_<width>.png for the review the issue asks
for (overlap, cut text, raw values, internal codes, wrong language).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.leaders_data import upload_half_year

from .conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.browser

CODE = re.compile(r"\d{4}(?:YTD\d{2}|H[12]|Q[1-4])\b|#\d+ |\bseed\b|种子|\bNone\b|\bNaN\b|\bnan\b")
WIDTHS = (1440, 390)
TEXT = {
    "zh": {"card": "110刑事治安总警情", "change": "12.37%", "legend": "颜色说明",
           "latest": "（2021年，本领域最近一期）", "fallback": "最近一期（2021年）"},
    "en": {"card": "110 criminal", "change": "12.37%", "legend": "Colours",
           "latest": "(2021, this domain's latest)", "fallback": "latest figures (2021)"},
}


@pytest.fixture(scope="module")
def leaders_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the seed plus the half-year report (tests/leaders_data.py)."""
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    path = tmp_path_factory.mktemp("leaders") / "server.duckdb"
    con = connect(path)
    ensure_ready(con)
    upload_half_year(con)
    con.close()
    with running_server(path) as url:
        yield url


def _main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _shoot(page, name: str, width: int) -> Path:
    """The whole page: Streamlit scrolls inside its own container, so grow the window first."""
    page.set_viewport_size({"width": width, "height": 4000 if width < 800 else 2600})
    page.wait_for_timeout(1500)   # let Plotly redraw at the new size
    path = ARTIFACTS / f"leaders_{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_after_a_half_year_upload(browser, leaders_url, lang, width):
    words = TEXT[lang]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30000)
    try:
        page.goto(f"{leaders_url}/?lang={lang}")
        card = page.locator('[data-testid="stMetric"]').filter(has_text=words["card"]).first
        card.wait_for()
        assert "480" in card.inner_text() and words["change"] in card.inner_text()
        page.locator(".js-plotly-plot").first.wait_for()
        page.get_by_text(words["legend"]).first.wait_for()
        page.get_by_text(words["latest"]).first.wait_for()      # domains without half-year figures keep theirs
        _shoot(page, f"overview_{lang}_{width}", width)
        text = _main_text(page)
        assert not CODE.search(text), CODE.search(text)
        if lang == "en":
            assert not re.search(r"[\u4e00-\u9fff]", page.locator('[data-testid="stMetric"]').first.inner_text())
        if width > 800:   # every page name whole in the sidebar: wrapped, never ending in … or spilling out
            cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stSidebarNavLink"] p')]
              .filter(p => p.scrollWidth > p.clientWidth + 1 || p.getBoundingClientRect().right >
                      document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect().right)
              .map(p => p.textContent)""")
            assert cut == []

        page.goto(f"{leaders_url}/rule_of_law?lang={lang}&period=2022H1")
        page.get_by_text(words["fallback"]).first.wait_for()
        page.locator('[data-testid="stMetric"]').first.wait_for()
        _shoot(page, f"rule_of_law_{lang}_{width}", width)
        assert not CODE.search(_main_text(page))
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_safety_index_of_the_half_year_the_report_covers(browser, leaders_url, lang, width):
    """The 平安指数 page opens on the half-year of the 2022年1-6月 report, named as people name it, one selector entry
    per period (the seed's 2021年上半年 and the report's 2021年1-6月 are one), no code anywhere; screenshots."""
    this, last = {"zh": ("2022年上半年", "2021年上半年"), "en": ("H1 2022", "H1 2021")}[lang]
    region = {"zh": "大鹏新区", "en": "Dapeng New District"}[lang]
    context = browser.new_context(viewport={"width": width, "height": 1600}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60000)
    try:
        page.goto(f"{leaders_url}/safety_index?lang={lang}")
        page.get_by_text(f"{region} · {this}").first.wait_for()
        page.locator(".js-plotly-plot").first.wait_for()
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.locator('[role="option"]').first.wait_for()
        options = [o.strip() for o in page.locator('[role="option"]').all_inner_texts()]
        assert options.count(this) == 1 and options.count(last) == 1, options
        assert not [o for o in options if CODE.search(o) or "1-6" in o or "Jan" in o], options
        page.keyboard.press("Escape")
        page.locator('[role="option"]').first.wait_for(state="detached")
        _shoot(page, f"safety_index_{lang}_{width}", width)
        assert not CODE.search(_main_text(page)), CODE.search(_main_text(page))
    finally:
        context.close()


ADMIN_PW = "correct horse battery"
PAGES_ZH = {"upload": "数据上传", "audit": "审计日志", "users": "用户管理", "indicator_detail": "指标详情",
            "history": "上传历史"}


@pytest.fixture(scope="module")
def admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed plus the half-year report, an admin, and a failed login with a name nobody has."""
    from indicators import auth
    from indicators.actions import SYSTEM, users
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    path = tmp_path_factory.mktemp("leaders_admin") / "server.duckdb"
    con = connect(path)
    ensure_ready(con)
    upload_half_year(con)
    users.add(con, SYSTEM, "root", ADMIN_PW, "admin")
    auth.authenticate(con, "nobody", "a guess")
    con.close()
    with running_server(path) as url:
        yield url


def _sidebar_link(page, name: str):
    return page.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_admin_pages_say_everything_in_words(browser, admin_url, width):
    """Upload (Streamlit's uploader in our words, a refused type explained), audit, users and indicator detail in both
    languages: no JSON, None, NaT or True; screenshots of each."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30000)
    try:
        page.goto(admin_url + "/login")
        page.get_by_label("用户名").fill("root")
        page.get_by_label("密码").fill(ADMIN_PW)
        page.get_by_role("button", name="登录").click()
        page.get_by_text("已登录：root").first.wait_for()
        _sidebar_link(page, "数据上传").click()
        zone = page.locator('[data-testid="stFileUploaderDropzone"]')
        zone.wait_for()
        button = zone.locator("button span").first
        after = button.evaluate("e => getComputedStyle(e, '::after').content")
        assert after == '"选择文件"' and not zone.get_by_text("Upload", exact=True).is_visible()
        _shoot(page, f"upload_empty_zh_{width}", width)
        page.set_viewport_size({"width": 1440, "height": 900})
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
            files=[{"name": "报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}])
        page.get_by_text("无法读取“报告.pdf”").wait_for()
        assert "not allowed" not in _main_text(page)
        _shoot(page, f"upload_zh_{width}", width)
        for lang in ("zh", "en"):
            if lang == "en":
                page.set_viewport_size({"width": 1440, "height": 900})
                page.get_by_text("English", exact=True).click()
                page.wait_for_url("**lang=en**")
            names = PAGES_ZH if lang == "zh" else {"audit": "Audit log", "users": "Users",
                                                   "indicator_detail": "Indicator detail", "history": "Upload history"}
            for key in ("audit", "users", "indicator_detail", "history"):
                page.set_viewport_size({"width": 1440, "height": 900})
                _sidebar_link(page, names[key]).click()
                page.locator('[data-testid="stDataFrame"]').first.wait_for()
                page.wait_for_timeout(800)
                _shoot(page, f"{key}_{lang}_{width}", width)
                text = _main_text(page)
                assert not re.search(r"\bNone\b|\bNaN\b|\bNaT\b|\bTrue\b|\{\"", text), (key, lang)
    finally:
        context.close()


OVERLAPS = """() => {
  const bad = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const box = plot.getBoundingClientRect();
    const texts = [...plot.querySelectorAll('svg text')].filter(t => t.textContent.trim() && t.getBBox().width > 0)
      .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
    for (const [s, r] of texts) {
      if (r.left < box.left - 1 || r.right > box.right + 1) bad.push('cut: ' + s);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const [a, r] = texts[i], [b, q] = texts[j];
      const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
      const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
      if (w > 2 && h > 2) bad.push('overlap: ' + a + ' / ' + b);
    }
  }
  return bad;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_phone_pages_cut_nothing_and_open_on_the_key_figures(browser, leaders_url, lang):
    """At 390 × 844: every chart's text inside the chart and apart from other text (rates keep their %), no Plotly
    toolbar, the key figures on the first screen, two cards to a row."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30000)
    try:
        for path in ("", "public_security", "anti_gang", "rule_of_law", "correction",
                     "indicator_detail?indicator=police_incidents_110"):
            page.goto(f"{leaders_url}/{path}{'&' if '?' in path else '?'}lang={lang}&period=2021")
            cards = page.locator('[data-testid="stMetric"]')
            cards.first.wait_for()
            page.locator(".js-plotly-plot").first.wait_for()
            page.wait_for_timeout(1500)
            first = cards.nth(0).bounding_box()
            assert first["y"] + first["height"] < 844, path
            if cards.count() > 1:
                assert abs(first["y"] - cards.nth(1).bounding_box()["y"]) < 2, path   # side by side
            assert not page.locator(".modebar-container").first.is_visible()
            for n in range(page.locator(".js-plotly-plot").count()):
                page.locator(".js-plotly-plot").nth(n).scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            assert page.evaluate(OVERLAPS) == [], path
            if path == "rule_of_law":
                rates = page.locator(".js-plotly-plot").filter(has_text="98.86%")
                assert rates.count() == 1      # the rate keeps its % beside its name
            _shoot(page, f"phone_{path.split('?')[0] or 'overview'}_{lang}_390", 390)
            page.set_viewport_size({"width": 390, "height": 844})
    finally:
        context.close()
