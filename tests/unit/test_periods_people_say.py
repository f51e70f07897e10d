"""Issue #12.3 without Streamlit: one period per span of months, names people say, latest figures per domain."""

from __future__ import annotations

import pandas as pd

from indicators.coverage import by_period, domain_periods
from indicators.figures import figures
from indicators.naming import batch_name, period_text
from indicators.periods import canonical_code, parse_period, span_codes
from indicators.selection import default_period, period_options, resolve
from indicators.store.queries import coverage
from tests.leaders_data import upload_half_year

D = "440300DP"


def test_two_codes_of_one_span_are_one_period():
    assert canonical_code("2021YTD06") == "2021H1" and canonical_code("2021YTD03") == "2021Q1"
    assert canonical_code("2021YTD12") == "2021" and canonical_code("2021YTD01") == "2021-01"
    assert canonical_code("2021YTD05") == "2021YTD05" and canonical_code("not a period") == "not a period"
    assert span_codes("2021H1") == ["2021H1", "2021YTD06"] and span_codes("2021-03") == ["2021-03"]
    assert parse_period("2021YTD05").cumulative and not parse_period("2021H2").cumulative


def test_the_selector_offers_each_period_once_as_people_name_it():
    options = period_options(["2021YTD06", "2021H1", "2021", "2022YTD06", "bad"])
    assert options == ["2022H1", "2021", "2021H1"]
    assert [parse_period(p).label("zh") for p in options] == ["2022年上半年", "2021年", "2021年上半年"]


def test_default_period_is_the_latest_with_the_widest_coverage(catalog):
    assert default_period(["2022H1", "2022-06", "2021"]) == "2022H1"            # same end: the longer span
    assert default_period(["2022-06", "2022Q2", "2022H1"], {"2022Q2": 9, "2022H1": 3}) == "2022Q2"
    assert default_period(["2022-03", "2021"]) == "2022-03"                      # the latest month wins
    sel = resolve({"period": "2022YTD06"}, catalog, ["2022YTD06", "2021"])
    assert (sel.period, sel.compare, sel.problems) == ("2022H1", "2021H1", [])


def test_a_domain_without_figures_in_the_period_shows_its_latest(con, catalog):
    upload_half_year(con)
    rows = coverage(con, D)
    domains = list(catalog.domains)
    shown = domain_periods(rows, "2022H1", domains)
    assert shown["public_security"] == "2022H1"
    held = set(rows["domain"])
    assert all(shown[d] == "2021" for d in held - {"public_security"})   # the seed's year, never a later period
    assert all(shown[d] is None for d in set(domains) - held)
    assert domain_periods(rows, "2020", domains)["public_security"] == "2020"
    assert by_period(rows)["2022H1"] == 5   # the half-year report's five district indicators
    assert domain_periods(pd.DataFrame(columns=["period", "domain", "n"]), "2021", ["x"]) == {"x": None}


def test_figures_read_both_codes_of_a_half_year(con, catalog):
    upload_half_year(con)   # 2022年1-6月 stored as 2022YTD06; the seed's ranks are 2021H1
    figs = {f.indicator.id: f for f in figures(con, catalog, "2022H1", D)}
    assert figs["police_incidents_110"].current.value == 480
    same = {f.indicator.id: f.current.value for f in figures(con, catalog, "2022YTD06", D) if f.current}
    assert same == {k: f.current.value for k, f in figs.items() if f.current}


def test_batches_and_periods_are_named_for_people():
    seed_file = "大鹏新区政法办公室2021年工作总结和2021年工作思路.txt"
    assert batch_name("seed", seed_file, "zh") == "初始数据（2021年工作总结）"
    assert batch_name("seed", "x.txt", "en") == "Initial data"
    assert batch_name("upload", "上半年.xlsx", "zh") == "上半年.xlsx"
    assert period_text("2022YTD06", "zh") == "2022年1-6月" and period_text("2022YTD06", "en") == "Jan–Jun 2022"
    assert period_text("不是期间", "zh") == "不是期间" and period_text(None, "zh") == ""


def test_a_history_line_joins_periods_of_one_span_kind():
    codes = ("2021YTD06", "2021H1", "2021YTD03", "2021Q1", "2021YTD12", "2021YTD01", "2021YTD09", "2022YTD09",
             "2021-09")
    assert [parse_period(c).span_kind for c in codes] == [
        "half", "half", "quarter", "quarter", "year", "month", "ytd09", "ytd09", "month"]
