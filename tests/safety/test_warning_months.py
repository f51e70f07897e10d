"""风险预警's months as people name them: a January reported as 1-1月 (2023YTD01) is January, read from a real store."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators import actions
from indicators.actions import upload
from indicators.errors import UserError
from indicators.safety.early_warning import load_series, warning_month

KUIYONG = "440300DP01"
MONTHS = ["2022-12", "2023-01", "2023-02"]


def _commit(con, rows: list[tuple[str, str, float]], name: str) -> None:
    frame = pd.DataFrame([{"indicator_id": i, "region_code": KUIYONG, "period": p, "value": v, "source": f"{name}!B{n}"}
                          for n, (i, p, v) in enumerate(rows, start=2)])
    upload.commit_rows(con, actions.shell("tester"), frame, file_name=name,
                       sha256=name.encode().hex().ljust(64, "0")[:64])


def _january(series) -> dict[str, float]:
    return {i: series.counts[n, MONTHS.index("2023-01")] for n, i in enumerate(series.indicators)}


def test_a_january_reported_as_1_1月_is_january_and_the_later_upload_counts(con):
    _commit(con, [("two_thefts", "2023YTD01", 4), ("two_thefts", "2023-02", 5),
                  ("police_incidents_110", "2023-01", 10), ("fire_incidents", "2023YTD01", 3)], "first.xlsx")
    _commit(con, [("police_incidents_110", "2023YTD01", 12), ("fire_incidents", "2023-01", 2)], "second.xlsx")
    series = load_series(con, ["two_thefts", "police_incidents_110", "fire_incidents"], MONTHS, [KUIYONG])
    assert _january(series) == {"two_thefts": 4, "police_incidents_110": 12, "fire_incidents": 2}
    assert series.months == MONTHS and np.isnan(series.counts[:, 0]).all()


def test_only_series_with_a_large_last_month_are_read_whichever_code_holds_it(con):
    _commit(con, [("two_thefts", "2023YTD01", 4), ("fire_incidents", "2023-01", 1)], "jan.xlsx")
    series = load_series(con, ["two_thefts", "fire_incidents"], MONTHS[:2], [KUIYONG], last_at_least=3)
    assert list(series.indicators) == ["two_thefts"] and series.counts[0, 1] == 4


def test_the_warning_month_is_read_as_people_name_it():
    assert warning_month("2023YTD01").code == warning_month("2023年1-1月").code == "2023-01"
    assert warning_month("2023年12月").code == "2023-12"
    with pytest.raises(UserError) as e:
        warning_month("2023YTD02")
    assert e.value.code == "errors.warning_month"
