"""Every UI string exists in Chinese and English, keys used in code exist, and Streamlit stays inside web/."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from indicators.catalog import KINDS, MEASURES, POLARITY
from indicators.charts.history import KIND_ORDER
from indicators.i18n import LANGS, catalogue, missing, t
from indicators.selection import Problem

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "indicators"
CODE = [*SRC.rglob("*.py"), *(REPO / "pages").glob("*.py"), REPO / "app.py"]
KEY_CALL = re.compile(r"""\b(?:tr|t)\(\s*["']([a-z_]+\.[A-Za-z0-9_\-]+)["']""")


def test_every_string_has_both_languages():
    assert not missing()


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_placeholders_agree_between_languages():
    bad = [k for k, e in catalogue().items() if _fields(e["zh"]) != _fields(e["en"])]
    assert not bad


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(REPO)))
def test_keys_used_in_code_exist(path):
    keys = KEY_CALL.findall(path.read_text(encoding="utf-8"))
    assert [k for k in keys if k not in catalogue()] == []


def test_keys_built_at_run_time_exist():
    keys = [f"pages.kind_{k}" for k in (*KINDS, *KIND_ORDER)] + [f"pages.polarity_{p}" for p in POLARITY.values()]
    keys += [f"pages.measure_{m}" for m in MEASURES] + [f"pages.freq_{f}" for f in ("yearly", "half-yearly",
                                                                                   "quarterly", "monthly")]
    keys += [f"common.{a}" for a in ("improved", "worsened", "stable", "neutral", "not_comparable", "reported",
                                     "derived")]
    problems = [Problem("period", "x", "unknown"), Problem("period", "x", "no_data"),
                Problem("compare", "x", "unknown"), Problem("compare", "x", "not_comparable"),
                Problem("region", "x", "unknown"), Problem("indicator", "x", "unknown")]
    keys += [f"pages.bad_{p.param}_{p.reason}" for p in problems]
    keys += [f"pages.recon_{n}_{s}" for n in ("change", "rate") for s in ("ok", "bad")]
    from indicators.web.nav import PAGES
    keys += [f"nav.{p.key}" for p in PAGES] + [f"nav.{p.section}" for p in PAGES]
    assert [k for k in keys if k not in catalogue()] == []


def test_english_differs_from_chinese_on_pages():
    same = [k for k, e in catalogue().items() if k.startswith("pages.") and e["zh"] == e["en"]
            and any("\u4e00" <= ch <= "\u9fff" for ch in e["en"])]
    assert not same


@pytest.mark.parametrize("lang", LANGS)
def test_lookup_formats_values(lang):
    assert "2021" in t("pages.vs", lang, compare="2021")


def _imports_streamlit(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
            return True
    return False


def test_no_streamlit_outside_web():
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if "web" not in p.relative_to(SRC).parts and _imports_streamlit(p)]
    assert offenders == []


def test_the_scan_would_notice_an_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from streamlit.testing.v1 import AppTest\n", encoding="utf-8")
    assert _imports_streamlit(probe)


def test_the_key_scan_finds_the_pages_keys():
    found = {k for p in CODE for k in KEY_CALL.findall(p.read_text(encoding="utf-8"))}
    assert {"pages.kpis", "pages.alerts", "common.period", "pages.chart_pipeline"} <= found
