"""The demo data set: synthetic and marked, consistent with the work summary, adding up, anomalies found."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from indicators.catalog import load_catalog
from indicators.demo.build import is_demo
from indicators.demo.series import PLANTS, YEARS
from indicators.safety.early_warning import compute_warnings
from indicators.store import connect
from indicators.store.seed import read_seed

DISTRICT = "440300DP"


def _monthly(con, indicator: str, region: str) -> dict[str, float]:
    rows = con.execute("SELECT period, value FROM current_observation WHERE indicator_id = ? AND region_code = ? "
                       "AND measure = 'value' AND length(period) = 7", [indicator, region]).fetchall()
    return dict(rows)


def _year(months: dict[str, float], year: int) -> float:
    return sum(v for p, v in months.items() if p.startswith(str(year)))


def test_at_least_five_years_of_months_for_every_level(demo):
    con, cat = demo
    months = _monthly(con, "police_incidents_110", DISTRICT)
    assert len(months) == 12 * len(YEARS) and len(YEARS) >= 5
    levels = {cat.regions[r].level for (r,) in con.execute(
        "SELECT DISTINCT region_code FROM current_observation WHERE period = '2023-06'").fetchall()}
    assert levels == {"district", "subdistrict", "community", "grid"}


def test_the_months_add_up_to_the_work_summary_2021_figures(demo):
    con, _ = demo
    seed = read_seed()
    reported = seed[(seed["region_code"] == DISTRICT) & (seed["measure"] == "value")]
    checked = 0
    for row in reported.itertuples():
        months = _monthly(con, row.indicator_id, DISTRICT)
        if months:
            assert _year(months, int(row.period)) == row.value, row.indicator_id
            checked += 1
    assert checked >= 5          # 110 incidents (2021 and its 2020 base), gang cases filed/solved, 0s, tourists
    changes = seed[(seed["region_code"] == DISTRICT) & (seed["measure"] == "yoy_pct")]
    for row in changes.itertuples():
        months = _monthly(con, row.indicator_id, DISTRICT)
        if months:
            now, before = _year(months, 2021), _year(months, 2020)
            assert round((now - before) / before * 100, row.decimals) == pytest.approx(row.value), row.indicator_id


def test_the_work_summary_figures_stay_reported_and_current(demo):
    con, _ = demo
    rows = con.execute("SELECT value, origin, b.kind FROM current_observation o JOIN batch b ON b.id = o.batch_id "
                       "WHERE indicator_id = 'police_incidents_110' AND region_code = ? AND period = '2021' "
                       "AND measure = 'value'",
                       [DISTRICT]).fetchall()
    assert rows == [(1052.0, "reported", "seed")]


def test_every_level_adds_up(demo):
    con, cat = demo
    for indicator in ("police_incidents_110", "two_thefts", "telecom_fraud_cases", "petitions", "road_accidents"):
        df = con.execute("SELECT region_code, period, value FROM current_observation WHERE indicator_id = ? "
                         "AND length(period) = 7", [indicator]).df().pivot(index="period", columns="region_code",
                                                                           values="value")
        for code in df.columns:
            kids = [k.code for k in cat.children(code) if k.code in df.columns]
            if kids:
                assert np.array_equal(df[kids].sum(axis=1), df[code]), (indicator, code)


def test_demo_regions_are_marked_synthetic_and_not_in_the_real_catalogue(demo):
    con, cat = demo
    demo_regions = [r for r in cat.regions.values() if r.origin == "demo"]
    assert len([r for r in demo_regions if r.level == "community"]) == 25
    assert any(r.level == "grid" for r in demo_regions)
    assert all("示例" in r.name_zh and "(demo)" in r.name_en for r in demo_regions)
    assert not set(r.code for r in demo_regions) & set(load_catalog().regions)
    sources = con.execute("SELECT DISTINCT o.source FROM observation o JOIN batch b ON b.id = o.batch_id "
                          "WHERE b.kind = 'demo'").fetchall()
    assert all("示例数据" in s and "synthetic" in s for (s,) in sources)
    assert is_demo(con)


@pytest.mark.parametrize("plant", PLANTS, ids=lambda p: f"{p.indicator}-{p.region}-{p.months[-1]}")
def test_the_planted_anomalies_are_found_and_small_ones_are_not(demo, plant):
    con, cat = demo
    found = compute_warnings(con, cat, plant.months[-1])
    hit = found[(found["indicator"] == plant.indicator) & (found["region"] == plant.region)]
    assert len(hit) == int(plant.found), found[["indicator", "region", "rule"]]
    if plant.kind == "rise":
        assert bool(hit["sustained"].iloc[0])


def test_the_warnings_read_only_candidates_but_count_and_judge_every_series(demo):
    from indicators.safety.early_warning import WarningRules, evaluate, load_series, month_codes, warning_month, watched

    con, cat = demo
    month = PLANTS[0].months[-1]
    rules = WarningRules()
    every = evaluate(load_series(con, watched(cat), month_codes(warning_month(month), rules)), rules)
    found = compute_warnings(con, cat, month, rules)
    assert found.attrs["series"] == len(every) and found.attrs["judged"] == int(every["judged"].sum())
    assert int(every["judged"].sum()) < len(every)          # some series are below the floor, so not read in full
    fired = every[every["rule"] != ""]
    assert sorted(zip(found["indicator"], found["region"], found["rule"], found["limit"] > 0, strict=True)) == sorted(
        zip(fired["indicator"], fired["region"], fired["rule"], [True] * len(fired), strict=True))
    same = fired.set_index(["indicator", "region"]).loc[list(zip(found["indicator"], found["region"], strict=True))]
    assert np.allclose(found["expected"], same["expected"], rtol=1e-12) and len(found) > 0


def test_demo_refuses_to_overwrite_a_real_database(db_file, con):
    con.close()
    run = subprocess.run([sys.executable, "-m", "indicators", "demo", "--db", str(db_file)], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 2 and "demo" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    again = connect(db_file, read_only=True)
    assert not is_demo(again)
    again.close()
