"""explore.query against a naive route: every current row from the store's view, periods named as people name them
(periods.canonical_code), the later batch kept where two codes of one span hold a key, and the previous value and
reported change looked up row by row in Python."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.explore import parse_filters, query
from indicators.periods import canonical_code, parse_period
from indicators.store import queries as q
from indicators.store.batches import mark_rolled_back
from tests.leaders_data import upload_half_year

from .synthetic import commit, monthly_rows

D = "440300DP"


def _naive(con, catalog, first: str | None, last: str | None, kind: str | None, measure: str | None) -> pd.DataFrame:
    """The explore table's key figures, computed the slow, obvious way."""
    rows = q.current(con, retired=True)
    rows = rows.assign(period=rows["period"].map(canonical_code), is_rate=rows["indicator"].map(
        lambda i: catalog.indicators[i].is_rate))
    rows = rows.sort_values("batch_id", kind="stable").drop_duplicates(
        ["indicator", "region", "period", "measure"], keep="last")
    by_key = {(r.indicator, r.region, r.period, r.measure): r for r in rows.itertuples()}
    start, end = (parse_period(first) if first else None), (parse_period(last) if last else None)
    out = []
    for r in rows.itertuples():
        p = parse_period(r.period)
        if (kind and p.kind != kind) or (measure and r.measure != measure):
            continue
        if start and (p.year, p.months()[0]) < (start.year, start.months()[0]):
            continue
        if end and (p.year, p.months()[1]) > (end.year, end.months()[1]):
            continue
        value_row = r.measure == "value"
        prev = by_key.get((r.indicator, r.region, p.previous_year().canonical().code, "value")) if value_row else None
        change = by_key.get((r.indicator, r.region, r.period, "yoy_pp" if r.is_rate else "yoy_pct")) if value_row \
            else None
        out.append({"indicator": r.indicator, "region": r.region, "period": r.period, "measure": r.measure,
                    "value": r.value, "batch_id": r.batch_id, "previous": prev.value if prev else np.nan,
                    "reported_change": change.value if change else np.nan})
    return pd.DataFrame(out)


@pytest.fixture
def mixed(con, catalog):
    """The seed, a half-year upload (2022YTD06 beside the seed's 2021H1), months restated by a later batch, a
    year-to-date of June restating a seeded half-year, and a rolled-back batch."""
    upload_half_year(con)
    inds = ["police_incidents_110", "two_thefts", "satisfaction_rate"]
    inds = [i for i in inds if i in catalog.indicators] or list(catalog.indicators)[:2]
    months = monthly_rows(catalog, range(2021, 2023), inds)
    commit(con, months, "months.xlsx")
    commit(con, months.iloc[::7].assign(value=lambda d: d["value"] + 1), "restated.xlsx")
    seeded = q.current(con, periods=["2021H1"], regions=[D])
    commit(con, seeded.rename(columns={"indicator": "indicator_id", "region": "region_code"})[
        ["indicator_id", "region_code", "period", "measure", "value"]].assign(
        period="2021YTD06", value=lambda d: d["value"] + 100, source="ytd.xlsx"), "ytd.xlsx")
    gone = commit(con, months.iloc[::5].assign(value=-1.0), "wrong.xlsx")
    mark_rolled_back(con, gone, "root")
    return con


@pytest.mark.parametrize("first, last, kind, measure", [
    (None, None, None, None),
    ("2021", "2022", None, "value"),
    ("2021H1", "2021H1", None, None),
    ("2022-01", "2022-12", "month", "value"),
    (None, "2022", "half", None),
])
def test_query_equals_the_naive_route(mixed, catalog, first, last, kind, measure):
    filters = parse_filters(catalog, period_from=first, period_to=last, period_kind=kind, measure=measure)
    got = query(mixed, filters)
    want = _naive(mixed, catalog, first, last, kind, measure)
    assert len(want) > 0 and len(got) == len(want)
    keys = ["indicator", "region", "period", "measure"]
    got = got[[*keys, "value", "batch_id", "previous", "reported_change"]].sort_values(keys).reset_index(drop=True)
    want = want.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert not got["period"].str.contains("YTD06").any()      # one period, named as people name it
    assert not (got["value"] == -1).any()                      # the rolled-back batch never counts

