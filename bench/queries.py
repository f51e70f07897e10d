"""Dashboard queries two ways: DuckDB over the stored file, and pandas over the same rows held in memory.

Year-over-year for every indicator and region compares a period with the same period a year earlier: the value,
the previous value and the change (percentage points for rates, per cent otherwise).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

YOY_SQL = """
WITH cur AS (SELECT indicator_id, region_code, value FROM current_observation WHERE period = ? AND measure = 'value'),
     prev AS (SELECT indicator_id, region_code, value FROM current_observation WHERE period = ? AND measure = 'value')
SELECT c.indicator_id, c.region_code, c.value, p.value AS previous,
       CASE WHEN i.kind = 'rate' OR i.unit = '%' THEN c.value - p.value
            ELSE (c.value - p.value) / nullif(p.value, 0) * 100 END AS change
FROM cur c LEFT JOIN prev p USING (indicator_id, region_code) JOIN indicator i ON i.id = c.indicator_id
"""


def yoy_duckdb(con: duckdb.DuckDBPyConnection, period: str, compare: str) -> pd.DataFrame:
    """YoY of every (indicator, region) in DuckDB, read through current_observation as the app reads."""
    return con.execute(YOY_SQL, [period, compare]).df()


def load_frames(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Current observations and the indicator table as pandas frames (the naive way keeps these in memory)."""
    obs = con.execute("SELECT indicator_id, region_code, period, measure, value FROM current_observation").df()
    return obs, con.execute("SELECT id, kind, unit FROM indicator").df()


def yoy_pandas(obs: pd.DataFrame, indicators: pd.DataFrame, period: str, compare: str) -> pd.DataFrame:
    """The same YoY done with pandas boolean masks and a merge."""
    keys = ["indicator_id", "region_code"]
    values = obs[obs["measure"] == "value"]
    cur = values.loc[values["period"] == period, [*keys, "value"]]
    prev = values.loc[values["period"] == compare, [*keys, "value"]].rename(columns={"value": "previous"})
    out = cur.merge(prev, on=keys, how="left").merge(indicators, left_on="indicator_id", right_on="id")
    is_rate = (out["kind"] == "rate") | (out["unit"] == "%")
    pct = (out["value"] - out["previous"]) / out["previous"].replace(0, np.nan) * 100
    out["change"] = np.where(is_rate, out["value"] - out["previous"], pct)
    return out[[*keys, "value", "previous", "change"]]


def same_result(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two YoY results hold the same rows and numbers (order aside)."""
    keys = ["indicator_id", "region_code"]
    x, y = a.sort_values(keys).reset_index(drop=True), b.sort_values(keys).reset_index(drop=True)
    if len(x) != len(y) or not (x[keys].astype(str).values == y[keys].astype(str).values).all():
        return False
    return all(np.allclose(x[c].astype(float), y[c].astype(float), equal_nan=True)
               for c in ("value", "previous", "change"))


def latest_pair(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """The latest month holding data and the same month a year earlier."""
    rows = con.execute("SELECT max(period) FROM observation WHERE period LIKE '____-__'").fetchall()
    latest = rows[0][0]
    return latest, f"{int(latest[:4]) - 1}{latest[4:]}"
