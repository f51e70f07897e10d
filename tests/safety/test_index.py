"""The index from the store: how values are found, contributions adding up to score and change, coverage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators import actions
from indicators.actions import upload
from indicators.errors import UserError
from indicators.periods import parse_period
from indicators.safety import inputs
from indicators.safety.index import Rules, compute_index
from indicators.safety.index_file import load_index

KUIYONG = "440300DP01"


def _commit(con, rows: list[tuple[str, str, str, float]], name: str) -> None:
    frame = pd.DataFrame([{"indicator_id": i, "region_code": r, "period": p, "value": v, "source": f"{name}!B{n}"}
                          for n, (i, r, p, v) in enumerate(rows, start=2)])
    upload.commit_rows(con, actions.shell("tester"), frame, file_name=name,
                       sha256=name.encode().hex().ljust(64, "0")[:64])


def _resolved(con, catalog, indicators, period):
    data = inputs.load(con, catalog, indicators, [parse_period(period)], [KUIYONG])
    return {i: (data.value[period][0, n], inputs.HOW.get(int(data.how[period][0, n])),
                data.source_period[period][0, n]) for n, i in enumerate(indicators)}


def test_values_are_stored_summed_from_months_made_from_parts_or_taken_from_a_covering_period(con, catalog):
    _commit(con, [("police_incidents_110", KUIYONG, "2023-01", 10), ("police_incidents_110", KUIYONG, "2023-02", 20),
                  ("police_incidents_110", KUIYONG, "2023-03", 30),
                  ("two_thefts", KUIYONG, "2023-01", 1), ("two_thefts", KUIYONG, "2023-03", 1),
                  ("disputes_received", KUIYONG, "2023Q1", 40), ("disputes_resolved", KUIYONG, "2023Q1", 36),
                  ("pl_work_satisfaction", KUIYONG, "2023Q1", 93.5), ("fire_incidents", KUIYONG, "2023Q1", 4),
                  ("fire_incidents", KUIYONG, "2023-01", 9)], "q1.xlsx")
    got = _resolved(con, catalog, ["police_incidents_110", "two_thefts", "mediation_success_rate",
                                   "pl_work_satisfaction", "fire_incidents"], "2023Q1")
    assert got["police_incidents_110"] == (60, "months", "2023Q1")
    assert np.isnan(got["two_thefts"][0])                        # February missing: no sum
    assert got["mediation_success_rate"] == (90, "parts", "2023Q1")
    assert got["pl_work_satisfaction"] == (93.5, "stored", "2023Q1")
    assert got["fire_incidents"] == (4, "stored", "2023Q1")        # the stored quarter wins over its months
    month = _resolved(con, catalog, ["pl_work_satisfaction", "fire_incidents"], "2023-02")
    assert month["pl_work_satisfaction"] == (93.5, "covering", "2023Q1")   # a survey covers its months
    assert np.isnan(month["fire_incidents"][0])                   # a count is never taken from a longer period


@pytest.mark.parametrize("period", ["2023-12", "2023-06", "2023Q4", "2022H2", "2023"])
def test_contributions_add_up_to_the_score_and_to_its_change(demo, period):
    con, cat = demo
    result = compute_index(con, cat, load_index(cat), period, Rules())
    regions = result.regions.set_index("region")
    sums = result.components.groupby("region")[["contribution", "change_contribution"]].sum(min_count=1)
    scored = regions["score"].notna()
    assert scored.sum() >= 40                                     # district, 3 subdistricts, 25 communities, grids
    assert np.allclose(sums.loc[scored[scored].index, "contribution"], regions.loc[scored, "score"])
    both = scored & regions["previous_score"].notna()
    assert both.sum() >= 40
    assert np.allclose(sums.loc[both[both].index, "change_contribution"], regions.loc[both, "change"])
    weights = result.components.groupby("region")["weight"].sum(min_count=1)
    assert np.allclose(weights.loc[scored[scored].index], 1.0)


def test_below_the_minimum_coverage_a_region_gets_no_score(demo):
    con, cat = demo
    spec = load_index(cat)
    loose = compute_index(con, cat, spec, "2023-12", Rules(min_coverage=0.5)).regions.set_index("region")
    strict = compute_index(con, cat, spec, "2023-12", Rules(min_coverage=0.95)).regions.set_index("region")
    thin = loose.index[(loose["coverage"] < 0.95) & loose["score"].notna()]
    assert len(thin) > 0                                           # grid cells and the district lack some parts
    assert strict.loc[thin, "score"].isna().all()
    assert (strict.loc[thin, "grade"] == "insufficient").all() and strict.loc[thin, "rank"].isna().all()
    full = loose.index[loose["coverage"] >= 0.95]
    assert np.allclose(strict.loc[full, "score"], loose.loc[full, "score"])


def test_ranks_are_among_the_level_and_the_seed_alone_is_insufficient(con, catalog):
    result = compute_index(con, catalog, load_index(catalog), "2021", Rules())
    row = result.regions.set_index("region").loc["440300DP"]
    assert 0 < row["coverage"] < 0.6 and np.isnan(row["score"]) and row["grade"] == "insufficient"


@pytest.mark.parametrize(("ytd", "period"), [("2023YTD06", "2023H1"), ("2023YTD03", "2023Q1"), ("2023YTD12", "2023")])
def test_a_year_to_date_of_the_same_months_is_that_period(con, catalog, ytd, period):
    _commit(con, [("police_incidents_110", KUIYONG, ytd, 120), ("pl_work_satisfaction", KUIYONG, ytd, 91.5)],
            "ytd.xlsx")
    got = _resolved(con, catalog, ["police_incidents_110", "pl_work_satisfaction"], period)
    assert got == {"police_incidents_110": (120, "stored", period), "pl_work_satisfaction": (91.5, "stored", period)}
    inside = _resolved(con, catalog, ["pl_work_satisfaction"], f"{ytd[:4]}-03")    # a survey covers its months
    assert inside["pl_work_satisfaction"] == (91.5, "covering", period)


def test_of_one_period_stored_under_both_codes_the_later_batch_counts_once(con, catalog):
    _commit(con, [("police_incidents_110", KUIYONG, "2023H1", 100), ("fire_incidents", KUIYONG, "2023YTD06", 7),
                  ("two_thefts", KUIYONG, "2023-01", 1)]
            + [("two_thefts", KUIYONG, f"2023-{m:02d}", m) for m in range(2, 7)], "first.xlsx")
    _commit(con, [("police_incidents_110", KUIYONG, "2023YTD06", 130), ("fire_incidents", KUIYONG, "2023H1", 5),
                  ("two_thefts", KUIYONG, "2023YTD01", 1)], "second.xlsx")
    got = _resolved(con, catalog, ["police_incidents_110", "fire_incidents", "two_thefts"], "2023H1")
    assert got["police_incidents_110"][0] == 130 and got["fire_incidents"][0] == 5    # the later upload, either code
    assert got["two_thefts"] == (21, "months", "2023H1")     # January (also stored as 1-1月) summed once: 1+2+…+6


def test_the_index_of_a_year_to_date_code_or_words_is_that_of_the_period(demo):
    con, cat = demo
    spec = load_index(cat)
    half = compute_index(con, cat, spec, "2023H1", Rules(), levels=["subdistrict"])
    for asked in ("2023YTD06", "2023年1-6月", "2023年上半年"):
        got = compute_index(con, cat, spec, asked, Rules(), levels=["subdistrict"])
        assert got.period == "2023H1" and got.previous == "2022H2"
        pd.testing.assert_frame_equal(got.regions, half.regions)
    with pytest.raises(UserError) as e:
        compute_index(con, cat, spec, "2023YTD05", Rules())
    assert e.value.code == "errors.index_period"
