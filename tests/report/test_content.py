"""The briefing's content (no browser, no LibreOffice): official-style text, one table per domain, marks, names."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from indicators.charts.print import for_print, print_note
from indicators.errors import UserError
from indicators.report import file_name, parse_request
from indicators.report.content import document
from indicators.report.data import gather
from indicators.report.keyfigures import KEY_LIMIT, key_figures
from indicators.report.model import Heading, Paragraph, Table

WHEN = datetime(2026, 11, 29, 9, 30)
INTERNAL = re.compile(r"\b\d{4}(?:YTD\d\d|H[12]|Q[1-4])\b|\b\d{4}-\d\d\b|4403\d\d|[a-z]+_[a-z0-9_]+")


def _doc(store, **kw):
    con, cat = store
    data = gather(con, cat, parse_request(con, cat, **kw), WHEN)
    return data, document(data)


def _text(doc) -> str:
    parts = [doc.title, doc.meta]
    for b in doc.blocks:
        if isinstance(b, Table):
            parts += [b.caption, *b.header, *(c for row in b.rows for c in row)]
        elif isinstance(b, Paragraph):
            parts.append(b.lead + b.text)
        elif isinstance(b, Heading):
            parts.append(b.text)
        else:
            parts += [b.caption, b.note]
    return "\n".join(parts)


def test_seed_district_2021_in_official_style(seed_store):
    data, doc = _doc(seed_store, period="2021")
    assert doc.title == "大鹏新区社会治理指标年报（2021年）"
    assert doc.meta == "大鹏新区政法办公室　　2026年11月29日"
    body = [b.lead + b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert any("110刑事治安总警情1052起，同比下降24.21%" in p for p in body)
    heads = [h.text for h in doc.headings()]
    domains = data.domains()
    assert heads[:2] == ["一、总体情况", "二、分领域情况"]
    names = [data.catalog.domains[d].name("zh") for d in domains]
    assert heads[2:2 + len(domains)] == [f"（{'一二三四五六'[n]}）{name}" for n, name in enumerate(names)]
    assert heads[2 + len(domains)] == "附：数据说明"
    assert heads[-5:] == ["（一）数据来源", "（二）指标口径", "（三）推算值", "（四）正常波动", "（五）阅读说明"]
    assert len(doc.tables()) == len(domains) == 6 and all(t.rows for t in doc.tables())
    assert [t.caption for t in doc.tables()][0] == "表1　社会治安主要指标（2021年）"
    # 基层治理's figures (plans, projects, organisations) share only the unit 个: nothing there to chart side by side
    assert len(doc.charts()) == 5 and doc.charts()[0].caption.startswith("图1　")
    assert "grassroots" not in {c.key.split(":")[0] for c in doc.charts()}


def test_key_figures_table_marks_derived_values(seed_store):
    _, doc = _doc(seed_store, period="2021")
    table = doc.tables()[0]
    assert table.header == ("指标", "本期", "上年同期", "同比", "评估")
    row = next(r for r in table.rows if r[0] == "110刑事治安总警情")
    assert row == ("110刑事治安总警情", "1052起", "1388起（推算）", "下降24.21%", "向好")
    violent = next(r for r in table.rows if r[0] == "八类暴力案件")
    assert violent[1:4] == ("—", "—", "下降75.0%")  # reported as a change only: no invented base
    rank = next(r for r in table.rows if r[0] == "政法工作满意度")
    assert rank[1] == "全市第一（2021年上半年）"


def test_annex_names_sources_definitions_derived_and_normal_variation(seed_store):
    _, doc = _doc(seed_store, period="2021")
    text = _text(doc)
    assert "大鹏新区政法办公室2021年工作总结和2021年工作思路（2021-10-19）（初始数据，" in text
    assert "110刑事治安总警情（起）：全区110接报的刑事类和治安类警情总数（公安分局）" in text
    assert "110刑事治安总警情2020年1388起为推算值" in text
    assert "上升41.7%，变化在正常波动范围内" in text  # 17 vs 12 cases: not significant, assessed stable


def test_no_internal_codes_anywhere(seed_store, monthly_store):
    for store, period in ((seed_store, "2021"), (monthly_store, "2024YTD06"), (monthly_store, "2024-06")):
        text = _text(_doc(store, period=period)[1])
        assert not INTERNAL.findall(text.replace("2021-10-19", "")), period  # the source document's own date


def test_monthly_report_from_generated_data(monthly_store):
    data, doc = _doc(monthly_store, period="2024-06")
    assert doc.title == "大鹏新区社会治理指标月报（2024年6月）"
    assert len(doc.tables()) == len(data.domains()) >= 5
    for table in doc.tables():
        assert 1 <= len(table.rows) <= KEY_LIMIT
        assert all(r[1] != "—" and r[2] != "—" for r in table.rows)  # this month and June 2023 both held
    assert {c.spec.kind for c in doc.charts()} == {"change"}
    assert _doc(monthly_store, period="2024YTD06")[1].title == "大鹏新区社会治理指标月报（2024年1-6月）"


def test_one_domain_and_english(seed_store):
    con, cat = seed_store
    _, doc = _doc(seed_store, period="2021", domain="社会治安", lang="en")
    assert doc.title == "Dapeng New District: Public security Indicators, Annual Report (2021)"
    assert [h.text for h in doc.headings()][:3] == ["1. Overview", "2. Key indicators", "2.1 Public security"]
    assert len(doc.tables()) == 1
    assert doc.tables()[0].rows[0][1:4] == ("1,052 incidents", "1,388 incidents (derived)", "down 24.21%")
    assert not re.search(r"[\u4e00-\u9fff]", "".join(h.text for h in doc.headings()))
    req = parse_request(con, cat, period="2021", domain="社会治安", lang="en", fmt="pdf")
    assert file_name(cat, req) == "Dapeng_New_District_Public_security_Annual_Report_2021.pdf"
    assert file_name(cat, parse_request(con, cat, period="2021")) == "大鹏新区_社会治理指标年报_2021年.docx"


@pytest.mark.parametrize(("kw", "message"), [({"period": "2019"}, "2019年暂无数据"),
                                             ({"period": "21x"}, "无法识别的期间"),
                                             ({"period": "2021", "region": "火星"}, "未知地区"),
                                             ({"period": "2021", "domain": "天气"}, "未知领域"),
                                             ({"period": "2021", "fmt": "odt"}, "docx 或 pdf")])
def test_bad_requests_are_plain_errors(seed_store, kw, message):
    con, cat = seed_store
    with pytest.raises(UserError, match=message):
        parse_request(con, cat, **kw)


def test_key_figures_prefer_changes_and_keep_catalogue_order(monthly_store):
    con, cat = monthly_store
    data = gather(con, cat, parse_request(con, cat, period="2024-06"), WHEN)
    figs = data.in_domain("public_security")
    chosen = key_figures(figs, limit=2)
    with_data = [f for f in figs if f.has_data]
    assert len(chosen) == 2 and all(f.change is not None for f in chosen)
    assert [with_data.index(f) for f in chosen] == sorted(with_data.index(f) for f in chosen)


def test_print_style_tells_worse_from_better_without_colour(monthly_store):
    data, doc = _doc(monthly_store, period="2024-06")
    hatched = 0
    for chart in doc.charts():
        figs = [f for f in key_figures(data.in_domain(chart.key.split(":")[0])) if f.change is not None][::-1]
        fig = for_print(chart.spec)
        assert fig.layout.title.text is None and fig.layout.width == 760
        bar = fig.data[0]
        shapes = bar.marker.pattern.shape or [""] * len(figs)
        for i, f in enumerate(figs):
            worse = f.assessment == "worsened"
            assert (shapes[i] == "x") == worse, f.indicator.id
            assert (bar.marker.color[i] in ("#f1c4bf", "#f9e6e3")) == worse   # within normal variation lighter
            hatched += worse
        note = print_note(chart.spec, "zh")
        assert "悬停" not in note and "交叉线" in note
    assert hatched  # the generated month has worsened figures
