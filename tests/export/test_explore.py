"""The explore table: filters checked against the catalogue; change and assessment agree with compute/figures."""

from __future__ import annotations

import numpy as np
import pytest

from indicators.compute import assess, round_half_up, yoy
from indicators.compute.change import noise_of
from indicators.errors import UserError
from indicators.explore import add_change, parse_filters, query
from indicators.figures import figures

from .synthetic import commit, monthly_rows


def test_filters_accept_names_aliases_and_codes(catalog):
    f = parse_filters(catalog, domain="社会治安", indicators=["110警情", "兩盜"], regions=["全区"],
                      period_from="2020", period_to="2021年", period_kind="year")
    assert f.domain == "public_security"
    assert f.indicators == ("police_incidents_110", "two_thefts")
    assert f.regions == ("440300DP",) and (f.period_from, f.period_to, f.period_kind) == ("2020", "2021", "year")
    sub = parse_filters(catalog, regions=["大鹏新区"], include_subregions=True)
    assert sub.regions[0] == "440300DP" and len(sub.regions) == 1 + len(catalog.children("440300DP"))


@pytest.mark.parametrize("kwargs, code, words", [
    ({"indicators": ["不存在的指标"]}, "errors.unknown_indicator", "unknown indicator"),
    ({"regions": ["火星"]}, "errors.unknown_region", "unknown region"),
    ({"domain": "nowhere"}, "errors.unknown_domain", "unknown domain"),
    ({"period_from": "20x"}, "errors.bad_period_for", "unrecognised period"),
    ({"period_from": "2022", "period_to": "2020"}, "errors.from_after_to", "after"),
    ({"period_kind": "decade"}, "errors.unknown_period_kind", "unknown period type"),
    ({"measure": "median"}, "errors.unknown_measure", "unknown measure"),
    ({"domain": "rule_of_law", "indicators": ["110警情"]}, "errors.not_in_domain", "not in domain"),
])
def test_bad_filters_are_one_clear_user_error(catalog, kwargs, code, words):
    with pytest.raises(UserError) as e:
        parse_filters(catalog, **kwargs)
    assert e.value.code == code and words in e.value.text("en").lower()
    assert "\n" not in e.value.text("zh") and e.value.text("zh") != e.value.text("en")


def test_table_matches_figures_for_the_seed(con, catalog):
    table = query(con, parse_filters(catalog, period_from="2021", period_to="2021", period_kind="year"))
    figs = {f.indicator.id: f for f in figures(con, catalog, "2021", "440300DP") if f.current}
    rows = table[table["measure"].eq("value")].set_index("indicator")
    assert set(figs) == set(rows.index)
    for ind, f in figs.items():
        row = rows.loc[ind]
        assert row["value"] == f.current.value
        assert (np.isnan(row["previous"]) if f.previous is None else row["previous"] == f.previous.value)
        assert (np.isnan(row["change"]) if f.change is None else row["change"] == pytest.approx(f.change))
        assert row["assessment"] == f.assessment, ind
    police = rows.loc["police_incidents_110"]
    assert (police["previous"], police["change"], police["change_origin"]) == (1388, -24.21, "reported")
    assert police["previous_origin"] == "derived" and police["assessment"] == "improved"


def test_period_range_type_and_measure(con, catalog):
    commit(con, monthly_rows(catalog, range(2019, 2022), indicators=["police_incidents_110"]))
    f = parse_filters(catalog, indicators=["police_incidents_110"], period_from="2020-03", period_to="2020Q2",
                      period_kind="month")
    t = query(con, f)
    assert sorted(t["period"].unique()) == ["2020-03", "2020-04", "2020-05", "2020-06"]
    assert t["previous_period"].str.startswith("2019-").all() and t["previous"].notna().all()
    everything = query(con, parse_filters(catalog, indicators=["police_incidents_110"], measure="all"))
    assert {"value", "yoy_pct"} <= set(everything["measure"])
    assert query(con, parse_filters(catalog, period_from="2030")).empty


def test_vectorised_change_equals_compute_on_random_cases(con, catalog):
    rng = np.random.default_rng(11)
    n = 4000
    table = query(con, parse_filters(catalog, indicators=["police_incidents_110"]))
    base = table[table["measure"].eq("value")].iloc[[0]]
    df = base.loc[base.index.repeat(n)].reset_index(drop=True)
    df["value"] = rng.integers(0, 300, n).astype(float)
    df["previous"] = np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 300, n).astype(float))
    df["reported_change"] = np.nan
    df["is_rate"] = rng.random(n) < 0.5
    df["kind"] = np.where(df["is_rate"], "rate", "count")
    df["polarity"] = rng.choice([-1, 0, 1], n)
    out = add_change(df)
    for row in out.itertuples():
        prev = None if np.isnan(row.previous) else row.previous
        ch = yoy(row.value, prev, is_rate=row.is_rate, is_count=row.kind == "count")
        expected = ch.value if ch.comparable else None
        assert (np.isnan(row.change) if expected is None else row.change == pytest.approx(expected)), row
        assert row.assessment == assess(expected, row.polarity, ch.unit), row
        assert row.noise == noise_of(ch, row.assessment), row


def test_rounding_of_a_column_is_the_rounding_of_each_figure():
    xs = np.array([69.565, 0.125, -0.125, 2.675, 1.005, -24.215, 1e6 + 0.005, 0.0, 3.14159, 123456789.125])
    assert round_half_up(xs, 2).tolist() == [round_half_up(float(x), 2) for x in xs]
    assert round_half_up(xs, 2)[-1] == 123456789.13     # the former column twin gave 123456789.25 here
