"""Issue #12 through AppTest: honest colours and figures as reported, on the seed plus a half-year report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from indicators.actions import SYSTEM
from indicators.actions import users as account
from indicators.catalog import load_catalog
from indicators.charts.theme import GREEN_LIGHT, RED_LIGHT
from tests.app.navigate import open_page
from tests.leaders_data import upload_half_year

APP = str(Path(__file__).resolve().parents[2] / "app.py")
H1 = {"period": "2022YTD06"}


@pytest.fixture
def half_year(con):
    """The seed plus the half-year report (tests/leaders_data.py)."""
    upload_half_year(con)
    return con


def _open(page: str = "pages/overview.py", params: dict | None = None, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.session_state["lang"] = lang
    at.run()
    if page != "pages/overview.py":
        open_page(at, page).run()
    assert not at.exception, at.exception
    return at


def _change_chart(at: AppTest) -> dict:
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(c for c in charts if "同比变化" in c["layout"]["meta"]["title"])


def _metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def test_colour_follows_direction_and_normal_variation_is_marked(half_year):
    at = _open(params=H1)
    rise = _metric(at, "八类暴力案件")           # 41 → 51, lower is better: worse, within normal variation
    assert rise.proto.color == Metric.MetricColor.RED and rise.proto.delta == "+24.39%"
    assert "正常波动范围内" in rise.proto.delta_description
    fall = _metric(at, "“两盗”案件")              # 12 → 8: better, within normal variation
    assert fall.proto.color == Metric.MetricColor.GREEN and "正常波动范围内" in fall.proto.delta_description
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "颜色说明" in html and "变差（正常波动范围内）" in html and RED_LIGHT in html   # the legend on the page
    bars = _change_chart(at)
    names = [y.split("<br>")[0] for y in bars["data"][0]["y"]]
    colors = dict(zip(names, bars["data"][0]["marker"]["color"], strict=True))
    assert "<b>+24.39%</b>" in bars["data"][0]["y"][names.index("八类暴力案件")]   # the value beside its name
    assert colors["八类暴力案件"] == RED_LIGHT and colors["“两盗”案件"] == GREEN_LIGHT


def test_needs_attention_lists_worsening_in_two_groups(half_year):
    at = _open(params=H1)
    captions = [c.value for c in at.caption]
    assert "变差，但在正常波动范围内" in captions
    assert any("八类暴力案件较2021年" in w.value and "+24.39%" in w.value for w in at.warning)
    assert "所选期间没有变差的指标" not in " ".join(s.value for s in at.success)


def test_a_reported_change_keeps_its_decimals_everywhere(half_year):
    at = _open(params=H1)
    card = _metric(at, "110刑事治安总警情")
    assert card.value == "480起" and card.proto.delta == "-12.37%"
    assert any("同比下降12.37%" in m.value for m in at.markdown)
    bars = _change_chart(at)
    assert "−12.37%" in bars["data"][0]["text"]
    at = _open("public_security", H1)
    table = at.dataframe[0].value
    row = table[table["指标"] == "110刑事治安总警情"].iloc[0]
    assert row["同比变化"] == "-12.37%" and row["数值"] == "480起" and row["单位"] == "起"
    assert _metric(at, "政法工作满意度").value == "93.42%"


def test_units_are_right_on_every_row(con):
    at = _open("public_security", {"period": "2021"})
    table = at.dataframe[0].value.set_index("指标")
    assert table.loc["八类暴力案件", "数值"] == "" and table.loc["八类暴力案件", "单位"] == ""   # change only
    assert table.loc["八类暴力案件", "同比变化"] == "-75.0%"
    assert table.loc["政法工作满意度", "数值"] == "全市第1名" and table.loc["政法工作满意度", "单位"] == ""
    card = _metric(at, "政法工作满意度")
    assert card.value == "全市第1名"


# --- 3. periods people say --------------------------------------------------------------------------------------

CODE = re.compile(r"\d{4}(?:YTD\d{2}|H[12]|Q[1-4])\b|#\d+ |批次 #|[Bb]atch #|\bseed\b|种子")   # not #2b6cb0


def _texts(at: AppTest) -> str:
    """Everything a person reads on the page: text elements, cards, widget labels and options, tables, charts."""
    out = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader", "title")
           for e in getattr(at, kind)]
    out += [f"{m.label} {m.value} {m.proto.delta} {m.proto.delta_description}" for m in at.metric]
    out += [f"{s.label} {' '.join(map(str, s.options))}" for s in at.selectbox]
    out += [d.value.to_csv() for d in at.dataframe]
    out += [c.proto.spec for c in at.get("plotly_chart")]
    out += [h.proto.body for h in at.get("html")]
    return "\n".join(str(x) for x in out)


def _period_box(at: AppTest):
    return next(s for s in at.selectbox if s.label == "期间")


def test_after_a_half_year_upload_every_domain_keeps_its_figures(half_year):
    at = _open()
    box = _period_box(at)
    assert box.value == "2022H1"            # the latest period, the widest among those ending in June 2022
    assert box.options.count("2021年上半年") == 1 and "2021年1-6月" not in box.options   # one entry per period
    assert _metric(at, "110刑事治安总警情").value == "480起"
    paragraphs = {m.value.split("**")[1]: m.value for m in at.markdown if m.value.startswith("**")}
    assert "社会治安" in paragraphs                                     # the selected period's own figures
    for name in ("扫黑除恶", "法治建设", "基层治理"):                     # no half-year figures: their latest year
        assert f"{name}（2021年，本领域最近一期）" in paragraphs
    tiles = " ".join(c.value for c in at.caption)
    assert "（2021年，本领域最近一期）" in tiles and "暂无数据" not in " ".join(i.value for i in at.info)
    assert not CODE.search(_texts(at)), CODE.search(_texts(at))


def test_a_domain_page_without_the_period_shows_its_latest_figures(half_year):
    at = _open("rule_of_law", H1)
    note = at.info[0].value
    assert "2022年上半年暂无数据" in note and "最近一期（2021年）" in note
    assert len(at.metric) > 0 and not CODE.search(_texts(at))


def test_english_names_periods_and_the_seed_in_words(half_year):
    at = _open(lang="en")
    assert "H1 2022" in _period_box_en(at).options and "Jan–Jun 2021" not in _period_box_en(at).options
    assert " (2021, this domain's latest)" in " ".join(c.value for c in at.caption)
    assert not CODE.search(_texts(at))


def _period_box_en(at: AppTest):
    return next(s for s in at.selectbox if s.label == "Period")


def test_history_names_batches_and_periods_in_words(half_year):
    account.add(half_year, SYSTEM, "ana", "correct horse battery", "analyst")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"], at.session_state["role"] = "ana", "analyst"
    at.run()
    at.switch_page("pages/history.py").run()
    assert not at.exception
    assert "初始数据（2021年工作总结）" in at.dataframe[0].value["文件"].tolist()
    at.selectbox(key="history_batch").set_value(1).run()
    assert "批次 1 · 初始数据（2021年工作总结）" in _texts(at)
    assert not CODE.search(_texts(at)), CODE.search(_texts(at))


# --- 4. nothing raw ---------------------------------------------------------------------------------------------

RAW = re.compile(r"\bNone\b|\bNaN\b|\bnan\b|\bNaT\b|<NA>|\bTrue\b|\bFalse\b|\{\"")


def _admin(con, page: str, lang: str = "zh") -> AppTest:
    if not con.execute("SELECT count(*) FROM users WHERE name = 'root'").fetchone()[0]:
        account.add(con, SYSTEM, "root", "correct horse battery", "admin")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"], at.session_state["role"], at.session_state["lang"] = "root", "admin", lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _tables(at: AppTest) -> str:
    return "\n".join(d.value.to_csv() for d in at.dataframe)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_history_users_and_audit_say_everything_in_words(half_year, lang):
    from indicators import auth

    auth.authenticate(half_year, "nobody", "a guess")               # a failed login with a name nobody has
    at = _admin(half_year, "pages/indicator_detail.py", lang)
    history = at.dataframe[0].value
    assert not RAW.search(_tables(at)), RAW.search(_tables(at))
    assert set(history.iloc[:, -1]) == ({"是"} if lang == "zh" else {"yes"})
    assert set(history.iloc[:, -2]) == ({"已提交"} if lang == "zh" else {"committed"})   # a status, not its code
    assert ("初始数据（2021年工作总结）" if lang == "zh" else "Initial data (2021 work summary)") in history.to_csv()
    derivation = history.iloc[0, 7]
    assert "1388" in derivation and (lang == "zh" or not re.search(r"[\u4e00-\u9fff]", derivation))
    if lang == "en":
        assert "Unit**: incidents" in " ".join(m.value for m in at.markdown)      # not 起
        assert sum("in Chinese only" in c.value for c in at.caption) == 1         # said once
    at = _admin(half_year, "pages/users.py", lang)   # a new session per page: AppTest formats old widgets in zh
    users = at.dataframe[0].value
    assert users.iloc[0, 4] == ("从未登录" if lang == "zh" else "never") and not RAW.search(_tables(at))
    at = _admin(half_year, "pages/audit.py", lang)
    audit = at.dataframe[0].value
    failed = audit[audit.iloc[:, 3] == ("登录失败" if lang == "zh" else "failed login")].iloc[0]
    assert failed.iloc[2] == "nobody"                                  # the name that was tried
    assert failed.iloc[4] == ("原因：用户名不存在" if lang == "zh" else "Reason: no such user name")
    assert not RAW.search(_tables(at)) and not re.search(r"\.\d{6}", _tables(at))   # no microseconds either
    assert at.multiselect(key="audit_actions").placeholder == ("（全部）" if lang == "zh" else "(all)")


PATH = re.compile(r"[\w.-]+/[\w./-]*\.(?:toml|csv|duckdb|py|json)\b|\b[\w-]+\.(?:toml|duckdb|py)\b|/(?:work|tmp|home)/")
SHOWN_RAW = re.compile(r"\bNone\b|\bNaN\b|\bnan\b|\bNaT\b|<NA>|\bnull\b")


def _everything_said(at: AppTest) -> list[str]:
    """Every text a person reads outside tables: titles, markdown, captions, notices, metrics (and their help)."""
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success")
             for e in getattr(at, kind)]
    parts += [x for m in at.metric for x in (m.label, m.value, m.proto.delta, m.proto.delta_description, m.help)]
    return [str(p) for p in parts if p]


def _cells_shown(frame) -> list[str]:
    """What a table shows for its cells: the text cells, and a styled table's own display text."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    texts = [str(v) for col in frame.value.columns for v in frame.value[col] if isinstance(v, str)]
    if frame.proto.arrow_data.styler.display_values:
        shown = convert_arrow_bytes_to_pandas_df(frame.proto.arrow_data.styler.display_values)
        texts += [str(v) for v in shown.to_numpy().ravel()]
    return texts


CONFIGURES = {"pages/catalogue.py"}   # where the index definition's file is named, for those who edit it


def _nothing_raw(at: AppTest, where: str) -> None:
    """No None/NaN/<NA>/null or file path in any text, metric or table cell; every table shows a gap as —."""
    assert not at.exception, (where, at.exception)
    for text in _everything_said(at):
        assert not SHOWN_RAW.search(text) and (where in CONFIGURES or not PATH.search(text)), (where, text)
    for frame in at.dataframe:
        assert frame.proto.placeholder == "—", (where, list(frame.value.columns))    # a gap, not Streamlit's None
        for text in _cells_shown(frame):
            assert not SHOWN_RAW.search(text) and not PATH.search(text), (where, text)


def _every_page() -> list[str]:
    from indicators.web.nav import page_specs

    return [p.path or p.key for p in page_specs(load_catalog()) if p.key != "login"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_shows_none_nan_or_a_file_path(half_year, lang):
    """An administrator (who sees every page) walks all of them after the half-year upload, in each language."""
    at = _admin(half_year, "pages/overview.py", lang)
    for page in _every_page():
        at = _admin(half_year, page, lang) if page.endswith(".py") else open_page(at, page).run()
        _nothing_raw(at, page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_safety_pages_with_data_show_nothing_raw(demo_db, lang):
    """The demo database fills the 平安指数 and 风险预警 tables (regions without a score among them)."""
    for page in ("pages/safety_index.py", "pages/risk_warnings.py"):
        _nothing_raw(_open(page, lang=lang), page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_office_report_on_the_upload_page_shows_nothing_raw(con, lang):
    """An office report with empty cells fills the upload page's grid, issues and preview."""
    from tests.ingest.helpers import xlsx

    from .test_upload_steer import REPORT

    at = _admin(con, "pages/upload.py", lang)
    at.file_uploader[0].set_value(("月报.xlsx", xlsx(REPORT, sheet="月报"), "application/octet-stream")).run()
    assert len(at.dataframe) >= 2
    _nothing_raw(at, "pages/upload.py")


# --- 9. subdistricts and the year so far -----------------------------------------------------------------------

def _monthly(con) -> None:
    """110 incidents month by month (Jan–Jun 2021, Jan–Apr 2022) and year to date, as a monthly report gives them."""
    from indicators import actions
    from indicators.actions import upload

    months = {2021: [90, 85, 100, 95, 88, 92], 2022: [80, 70, 91, 84]}
    rows = [(f"{y}-{m:02d}", v) for y, vs in months.items() for m, v in enumerate(vs, start=1)]
    rows += [(f"{y}YTD{m:02d}", float(sum(vs[:m]))) for y, vs in months.items() for m in range(2, len(vs) + 1)]
    df = pd.DataFrame({"indicator_id": "police_incidents_110", "region_code": "440300DP",
                       "period": [p for p, _ in rows], "value": [float(v) for _, v in rows],
                       "source": [f"月报.xlsx!A{n}" for n in range(2, len(rows) + 2)]})
    upload.commit_rows(con, actions.shell("ana"), df, file_name="月报.xlsx", sha256="9a" * 32, sheets="月报")


def _chart_titles(at: AppTest) -> dict[str, dict]:
    return {c["layout"]["meta"]["title"]: c for c in (json.loads(p.proto.spec) for p in at.get("plotly_chart"))}


def test_indicator_page_shows_the_year_so_far_against_last_year(con):
    at = _open("pages/indicator_detail.py", {"indicator": "police_incidents_110"})
    assert not [t for t in _chart_titles(at) if "逐月" in t or "年内累计" in t]     # the seed has no months
    _monthly(con)
    at = _open("pages/indicator_detail.py", {"indicator": "police_incidents_110"})
    charts = _chart_titles(at)
    monthly = charts["110刑事治安总警情逐月：2022年与2021年同月（单位：起）"]
    assert [(d["name"], d["x"], d["y"]) for d in monthly["data"]] == [
        ("2021", ["1月", "2月", "3月", "4月", "5月", "6月"], [90, 85, 100, 95, 88, 92]),
        ("2022", ["1月", "2月", "3月", "4月"], [80, 70, 91, 84])]
    ytd = charts["110刑事治安总警情年内累计：2022年与2021年同期（单位：起）"]
    assert ytd["data"][1]["x"] == ["1月", "1-2月", "1-3月", "1-4月"] and ytd["data"][1]["y"] == [80, 150, 241, 325]
    last_year = dict(zip(ytd["data"][0]["x"], ytd["data"][0]["y"], strict=True))
    assert last_year["1-6月"] == 550 and last_year["1-12月"] == 1052   # 2021YTD06 read as the half year; the year
    assert monthly["data"][0]["line"]["dash"] == "dash"   # last year dashed


def test_domain_page_ranks_the_subdistricts(half_year):
    at = _open("public_security", H1)
    ranking = next(c for t, c in _chart_titles(at).items() if "各办事处排名" in t)
    assert [y.split("<br>")[0] for y in ranking["data"][0]["y"]] == ["1. 南澳办事处", "2. 大鹏办事处", "3. 葵涌办事处"]


def test_a_long_history_labels_few_enough_periods_to_read(con):
    _monthly(con)
    at = _open("pages/indicator_detail.py", {"indicator": "police_incidents_110"})
    history = next(c for t, c in _chart_titles(at).items() if t.startswith("110刑事治安总警情历史"))
    shown = history["layout"]["xaxis"]["tickvals"]
    categories = history["layout"]["xaxis"]["categoryarray"]
    assert len(categories) > 8 and len(shown) <= 8 and shown[0] == categories[0]   # every period still plotted
