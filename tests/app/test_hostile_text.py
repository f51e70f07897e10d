"""Issue #17 items 3 and 7: text from data or users never becomes a link, an image or markup on any page, and its
bidi controls cannot reorder it (「正常指标\u202egnp.exe」 showing as 「正常指标exe.png」).

An indicator, a region and an upload's file name are planted with markdown links, an image, bare URLs and HTML
entities (straight into the store, as an older version or a catalogue file could have left them, so this holds
whatever the form validates). Every page is walked through AppTest and every text Streamlit renders as markdown is
checked wherever the planted text shows up.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import actions
from indicators.actions import SYSTEM, upload
from indicators.actions import users as account
from indicators.catalog import Indicator, Region
from indicators.store.catalog_sync import insert_indicator, insert_region
from indicators.visible import BIDI
from indicators.web.widgets import md_escape

from .navigate import open_page

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DISTRICT = "440300DP"
EVIL = "evil.example"
NAME = f"恶意指标[点此](http://{EVIL}/n) &amp; www.{EVIL} 正常指标\u202egnp.exe"   # shows as 「…exe.png」 raw
UNIT = f"![t](http://{EVIL}/u.png)<a href='http://{EVIL}/a'>a</a>"
REGION = f"坏社区[r](https://{EVIL}/r)"
FILE = f"坏文件[f](http://{EVIL}/f) a@{EVIL}.xlsx"
PAGES = ["pages/overview.py", "public_security", "pages/indicator_detail.py", "pages/query.py",
         "pages/risk_warnings.py", "pages/safety_index.py", "pages/history.py", "pages/audit.py", "pages/users.py",
         "pages/upload.py"]
SHOWN = {"pages/overview.py", "public_security", "pages/indicator_detail.py"}
# Proto fields Streamlit shows as plain text (checked in Chromium: a selectbox's and a multiselect's options are
# plain, a radio's are markdown), chart and table data.
PLAIN = {"spec", "data", "options", "default", "value", "placeholder", "id", "form_id", "key", "url", "config",
         "theme", "columns", "raw_options", "raw_value", "body"}
PLAIN_BODY = {"Code", "Text", "Json"}    # elements whose body is shown literally
LINKED = [re.compile(r"(?<!\\)\]\("), re.compile(r"(?i)https?://"), re.compile(r"(?i)\bwww\."),
          re.compile(r"(?<!\\)&"), re.compile(r"@" + re.escape(EVIL)), re.compile(r"(?<!\\)!\["),
          re.compile(f"[{BIDI}]")]


@pytest.fixture
def planted(con):
    """The seed plus an indicator, a sub-region and a batch whose texts are hostile markdown."""
    ind = Indicator(id="evil_count", name_zh=NAME, name_en=f"Evil [here](http://{EVIL}/e)", domain="public_security",
                    unit=UNIT, kind="count", polarity=-1, definition=f"口径 [d](http://{EVIL}/d)",
                    source_department=f"部门 www.{EVIL}")
    reg = Region(code=DISTRICT + "U99", name_zh=REGION, name_en=f"Bad [r](http://{EVIL}/r)", parent=DISTRICT,
                 level="subdistrict")
    account.add(con, SYSTEM, "root", "correct horse battery", "admin")
    insert_indicator(con, ind, "tester")
    insert_region(con, reg, "tester")
    rows = pd.DataFrame([{"indicator_id": "evil_count", "region_code": r, "period": p, "value": v,
                          "source": f"{FILE}!数据!C{n + 2}"}
                         for n, (r, p, v) in enumerate([(DISTRICT, "2021", 7.0), (DISTRICT, "2020", 9.0),
                                                        (reg.code, "2021", 3.0)])])
    upload.commit_rows(con, actions.shell("tester"), rows, file_name=FILE, sha256="ab" * 32, sheets="数据")
    return con


def _strings(msg: object, kind: str) -> Iterator[tuple[str, str]]:
    """(element.field, text) of every string in a proto that Streamlit may render as markdown."""
    for fld, value in msg.ListFields():
        markdown = (fld.name == "body" and kind not in PLAIN_BODY) or (fld.name == "options" and kind == "Radio")
        if fld.name in PLAIN and not markdown:
            continue
        if fld.name == "value" and kind == "Metric":           # a metric's value is markdown
            yield f"{kind}.value", value
            continue
        values = value if isinstance(value, (list, tuple)) or hasattr(value, "extend") else [value]
        for v in values:
            if isinstance(v, str):
                yield f"{kind}.{fld.name}", v
            elif hasattr(v, "ListFields"):             # a nested proto message
                yield from _strings(v, kind)


def _nodes(node) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def unescaped(at: AppTest) -> list[tuple[str, str]]:
    """Markdown texts holding planted text that could still turn into a link, an image or an entity."""
    bad = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        for where, text in _strings(proto, type(proto).__name__):
            if EVIL in text and any(p.search(text) for p in LINKED):
                bad.append((where, text[:200]))
        if type(proto).__name__ == "PlotlyChart":              # Plotly draws <a href> in any text as a link
            bad += [("PlotlyChart.spec", s[:200]) for s in _json_strings(json.loads(proto.spec)) if EVIL in s
                    and re.search(rf"<\s*a\b|[{BIDI}]", s, re.I)]
    return bad


def _json_strings(doc: object) -> Iterator[str]:
    if isinstance(doc, str):
        yield doc
    elif isinstance(doc, dict):
        for v in doc.values():
            yield from _json_strings(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from _json_strings(v)


def _open(page: str, params: dict[str, str], lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"], at.session_state["role"] = "root", "admin"     # every page open to the test
    for k, v in params.items():
        at.query_params[k] = v
    at.session_state["lang"] = lang
    at.run()
    if page != "pages/overview.py":
        open_page(at, page).run()
    return at


def test_md_escape_leaves_nothing_to_link():
    for text in (NAME, UNIT, REGION, FILE, f"请访问 https://{EVIL}/登录 重新认证", "AT&amp;T"):
        assert not any(p.search(md_escape(text)) for p in LINKED), md_escape(text)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_planted_text_is_shown_literally_on_every_page(planted, page, lang):
    params = {"indicator": "evil_count", "period": "2021"} if page == "pages/indicator_detail.py" else {}
    at = _open(page, params, lang)
    assert not at.exception, at.exception
    if page == "public_security":                     # the domain page itself, not a fallback to the overview
        assert at.title[0].value == ("社会治安" if lang == "zh" else "Public security")
    assert unescaped(at) == []
    if page in SHOWN:                                 # the planted texts are there to be checked
        assert any(EVIL in text for n in _nodes(at._tree) if getattr(n, "proto", None) is not None
                   for _, text in _strings(n.proto, type(n.proto).__name__))
    if page == "public_security":            # the planted sub-region as the chosen region
        at = _open(page, {"region": DISTRICT + "U99", "period": "2021"}, lang)
        assert not at.exception and unescaped(at) == []


def test_a_bad_filter_value_in_the_url_is_not_a_link(planted):
    at = _open("pages/overview.py", {"region": f"请访问 https://{EVIL}/登录 重新认证"}, "zh")
    assert not at.exception
    shown = [w.value for w in at.warning] + [w.value for w in at.error] + [w.value for w in at.info]
    assert any(EVIL in w for w in shown), shown
    assert unescaped(at) == []
