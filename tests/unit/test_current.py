"""One definition of 'current' (store/current.py): the view, the batch diff and the batch history agree with a
plain-Python reading of it on a random history with repeated keys and roll-backs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators import actions
from indicators.actions import batches, upload
from indicators.store.batches import diff
from indicators.store.queries import batch_rows

KEY = ["indicator_id", "region_code", "period", "measure"]


def _random_history(con, rng) -> list[int]:
    ids = []
    for n in range(8):
        k = 30
        rows = pd.DataFrame({"indicator_id": rng.choice(["police_incidents_110", "violent_crimes_8"], k),
                             "region_code": rng.choice(["440300DP01", "440300DP02"], k),
                             "period": rng.choice(["2030", "2031", "2032"], k), "measure": "value",
                             "value": rng.integers(0, 5, k).astype(float)})
        ids.append(upload.commit_rows(con, actions.SYSTEM, rows, file_name=f"h{n}.csv", sha256=f"h{n}").batch_id)
    for b in (ids[2], ids[5], ids[7]):
        batches.roll_back(con, actions.SYSTEM, b)
    return ids


def _reference(stored: pd.DataFrame, before: int | None = None) -> pd.DataFrame:
    """Current rows read literally: committed batches only, the latest batch, then the last row of the file."""
    rows = stored[stored["status"] == "committed"]
    if before is not None:
        rows = rows[rows["batch_id"] < before]
    return rows.sort_values(["batch_id", "row_no"]).groupby(KEY, as_index=False).last()


def _stored(con) -> pd.DataFrame:
    return con.execute("SELECT o.*, b.status FROM observation o JOIN batch b ON b.id = o.batch_id "
                       "WHERE o.period >= '2030'").df()


def test_view_diff_and_history_agree_with_the_definition(con):
    rng = np.random.default_rng(7)
    ids = _random_history(con, rng)
    stored, ref = _stored(con), None
    ref = _reference(stored)
    view = con.execute("SELECT * FROM current_observation WHERE period >= '2030'").df()
    merged = ref.merge(view, on=KEY, suffixes=("", "_view"), how="outer", indicator=True)
    assert (merged["_merge"] == "both").all() and (merged["batch_id"] == merged["batch_id_view"]).all()
    assert (merged["row_no"] == merged["row_no_view"]).all()

    incoming = ref[KEY].assign(value=-1.0)
    d = diff(con, pd.concat([incoming, incoming.assign(period="2099")], ignore_index=True))
    assert d["old_value"].iloc[:len(ref)].tolist() == ref["value"].tolist()
    assert d["status"].iloc[len(ref):].eq("new").all()

    for b in ids:
        shown = batch_rows(con, b, 1000)
        mine = stored[stored["batch_id"] == b].sort_values("row_no")
        before = _reference(stored, before=b).set_index(KEY)["value"]
        expected_prev = [before.get(tuple(r)) for r in mine[KEY].itertuples(index=False)]
        got = [None if pd.isna(v) else v for v in shown["previous"]]
        assert got == [None if v is None or pd.isna(v) else v for v in expected_prev], b
        now = ref.set_index(KEY)[["batch_id", "row_no"]]
        expected_now = [tuple(now.loc[tuple(r[:4])]) == (r[4], r[5]) if tuple(r[:4]) in now.index else False
                        for r in mine[[*KEY, "batch_id", "row_no"]].itertuples(index=False)]
        assert shown["is_current"].tolist() == expected_now, b


def test_the_grouped_reading_agrees_with_the_definition(con):
    from indicators.store.queries import current_values

    _random_history(con, np.random.default_rng(11))
    ref = _reference(_stored(con)).dropna(subset=["value"])
    got = current_values(con, ["police_incidents_110", "violent_crimes_8"], ["2030", "2031", "2032"]).to_pandas()
    want = sorted(zip(ref["indicator_id"], ref["region_code"], ref["period"], ref["value"], ref["batch_id"],
                      strict=True))
    assert sorted(zip(got["indicator"], got["region"], got["period"], got["value"], got["batch"], strict=True)) == want


def test_series_kept_by_their_last_value_and_counted_agree_with_the_definition(con):
    from indicators.store.queries import count_series, current_values

    _random_history(con, np.random.default_rng(13))
    ref = _reference(_stored(con)).dropna(subset=["value"])
    names, periods = ["police_incidents_110", "violent_crimes_8"], ["2030", "2031", "2032"]
    assert count_series(con, names, periods) == len(ref[["indicator_id", "region_code"]].drop_duplicates())
    assert count_series(con, names[:1], periods[:1]) == len(
        ref[(ref["indicator_id"] == names[0]) & (ref["period"] == periods[0])][["region_code"]].drop_duplicates())
    kept_counts = set()
    for floor in (0, 2, 3, 4, 9):
        last = ref[(ref["period"] == "2032") & (ref["value"] >= floor)][["indicator_id", "region_code"]]
        kept = ref.merge(last, on=["indicator_id", "region_code"])
        got = current_values(con, names, periods, last_at_least=floor).to_pandas()
        assert sorted(zip(got["indicator"], got["region"], got["period"], got["value"], strict=True)) == sorted(
            zip(kept["indicator_id"], kept["region_code"], kept["period"], kept["value"], strict=True)), floor
        kept_counts.add(len(last))
    assert len(kept_counts) > 2            # the floors keep different numbers of series: the filter is exercised
