"""Units and measure names as people read them (indicators.units): one rule each, in both languages."""

from __future__ import annotations

import pytest

from indicators.units import measure_label, measure_unit, name_with_note, name_with_unit, unit_name, value_unit


def test_a_name_with_its_unit_reads_as_each_language_writes_it():
    assert name_with_unit("涉黑案件立案数", "宗", "zh") == "涉黑案件立案数（宗）"
    assert name_with_unit("Gang-related cases filed", "宗", "en") == "Gang-related cases filed (cases)"
    assert name_with_note("葵涌办事处", "街道", "zh") == "葵涌办事处（街道）"
    assert name_with_note("Kuichong", "subdistrict", "en") == "Kuichong (subdistrict)"
    assert name_with_note("Kuichong", "", "en") == "Kuichong"


def test_english_units_are_words_a_reader_uses():
    assert [unit_name(u, "en") for u in ("起", "宗", "个", "万人次", "%")] == [
        "incidents", "cases", "count", "10,000 visits", "%"]
    assert unit_name("起", "zh") == "起"
    assert [value_unit(u, "en") for u in ("万人次", "个", "起")] == ["visits", "count", "incidents"]  # as value_en


@pytest.mark.parametrize(("lang", "expected"), [("zh", ["起", "%", "个百分点", "位次"]),
                                                ("en", ["incidents", "%", "pp", "rank"])])
def test_a_change_or_rank_never_takes_the_indicators_unit(lang, expected):
    assert [measure_unit(m, "起", lang) for m in ("value", "yoy_pct", "yoy_pp", "rank")] == expected


def test_measure_names_are_one_text_per_language():
    assert [measure_label(m, "en") for m in ("value", "yoy_pct", "yoy_pp", "rank", "all")] == [
        "Value", "YoY change (%)", "YoY change (points)", "Rank", "All measures"]
    assert [measure_label(m, "zh") for m in ("value", "yoy_pct")] == ["数值", "同比（%）"]
    assert measure_label("target", "en") == "target"          # a measure with no words yet stays as it is
