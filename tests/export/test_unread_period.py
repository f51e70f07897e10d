"""A stored period code periods.py cannot read (data from before the checks): the query table still shows it as it
is, and the history chart leaves it out rather than failing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.explore import parse_filters, query
from indicators.export.query_export import sheet_frame

from .synthetic import commit

D = "440300DP"


def test_a_period_code_the_parser_cannot_read_is_still_shown(con, catalog):
    rows = pd.DataFrame({"indicator_id": ["police_incidents_110"], "region_code": [D], "period": ["2021-Q9"],
                         "measure": ["value"], "value": [7.0]})
    commit(con, rows, "odd.xlsx")
    table = query(con, parse_filters(catalog))
    odd = table[table["period"] == "2021-Q9"]
    assert len(odd) == 1 and odd["value"].iloc[0] == 7 and np.isnan(odd["previous"].iloc[0])
    frame, _ = sheet_frame(odd, "zh")
    assert frame["期间"].tolist() == ["2021-Q9"]             # the sheet shows it as it is, and does not fail


def test_the_history_chart_leaves_out_a_code_it_cannot_place(con, catalog):
    from indicators.charts.history import history_chart

    commit(con, pd.DataFrame({"indicator_id": ["police_incidents_110"], "region_code": [D], "period": ["2021-Q9"],
                              "measure": ["value"], "value": [7.0]}), "odd.xlsx")
    table = query(con, parse_filters(catalog, indicators=["police_incidents_110"], regions=[D]))
    fig = history_chart(table, catalog.indicators["police_incidents_110"], "zh")
    assert fig is not None and 7 not in [y for d in fig.data for y in d.y]
