"""Periods: canonical codes, spreadsheet texts, like-for-like comparison."""

from datetime import date, datetime

import pytest

from indicators.errors import UserError
from indicators.periods import Period, parse_period, parse_period_text, sort_key


@pytest.mark.parametrize("code, kind, index, prev", [
    ("2021", "year", 0, "2020"), ("2021H1", "half", 1, "2020H1"), ("2021Q2", "quarter", 2, "2020Q2"),
    ("2021-06", "month", 6, "2020-06"), ("2021YTD06", "ytd", 6, "2020YTD06"),
])
def test_codes_round_trip(code, kind, index, prev):
    p = parse_period(code)
    assert (p.kind, p.index, p.code, p.previous_year().code) == (kind, index, code, prev)


@pytest.mark.parametrize("code", ["2021x", "21", "2021-13", "2021Q5", "2021H3", "", "2021YTD13"])
def test_bad_codes(code):
    with pytest.raises(UserError):
        parse_period(code)


@pytest.mark.parametrize("text, code", [
    ("2022年1-6月", "2022YTD06"), ("2022年1至12月", "2022YTD12"), ("2022年6月", "2022-06"), ("2021年", "2021"),
    ("民國112年", "2023"), ("民國 92年", "2003"), ("民国110年", "2021"), ("2022Q2", "2022Q2"), ("2022 q3", "2022Q3"),
    ("2021年上半年", "2021H1"), ("2021年第二季度", "2021Q2"), ("2024-03", "2024-03"), ("202403", "2024-03"),
    (2021, "2021"), (2021.0, "2021"), (datetime(2022, 6, 30), "2022-06"), (date(2022, 1, 1), "2022-01"),
    ("２０２１年", "2021"), ("2024年度", "2024"), ("2021YTD06", "2021YTD06"), ("2021H2", "2021H2"),
    ("2021-12", "2021-12"),
])
def test_texts(text, code):
    assert parse_period_text(text).code == code


@pytest.mark.parametrize("text", ["abc", "2022年13月", "112", 12.5, "合计", ""])
def test_unrecognised_texts(text):
    assert parse_period_text(text) is None


def test_labels():
    assert Period(2021, "half", 1).label("zh") == "2021年上半年"
    assert Period(2022, "ytd", 6).label("zh") == "2022年1-6月"
    assert Period(2021, "quarter", 2).label("en") == "Q2 2021"


def test_sort_key_orders_chronologically():
    codes = ["2021", "2021-03", "2020", "2021Q1", "2021H1"]
    assert sorted(codes, key=sort_key) == ["2020", "2021-03", "2021Q1", "2021H1", "2021"]


@pytest.mark.parametrize(("code", "previous", "covering", "months"), [
    ("2021-01", "2020-12", ["2021Q1", "2021H1", "2021"], 1),
    ("2021-07", "2021-06", ["2021Q3", "2021H2", "2021"], 1),
    ("2021Q1", "2020Q4", ["2021H1", "2021"], 3),
    ("2021Q3", "2021Q2", ["2021H2", "2021"], 3),
    ("2021H1", "2020H2", ["2021"], 6),
    ("2021", "2020", [], 12),
])
def test_previous_period_covering_periods_and_months(code, previous, covering, months):
    p = parse_period(code)
    assert p.previous().code == previous
    assert [c.code for c in p.covering()] == covering
    assert len(p.month_periods()) == months and p.month_periods()[0].year == p.year


def test_a_year_to_date_period_before_is_a_month_shorter():
    assert parse_period("2021YTD06").previous().code == "2021YTD05"
    assert parse_period("2021YTD01").previous().code == "2020"


def test_months_up_to_cross_the_year():
    assert [p.code for p in parse_period("2021-02").months_up_to(3)] == ["2020-12", "2021-01", "2021-02"]
    months = parse_period("2021-12").months_up_to(25)
    assert months[0].code == "2019-12" and len({p.code for p in months}) == 25
    assert all(b.previous() == a for a, b in zip(months, months[1:], strict=False))
