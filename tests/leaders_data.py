"""The issue #12 scenario shared by app and browser tests: the seed plus a half-year report as an office sends it.

The report is a real CSV through the real reader and the upload action (the path an analyst's file takes), so the
figures' decimals and periods are what the store keeps for such a file: 2022年1-6月 and 2021年1-6月 (the seed has
2021年上半年 ranks), a reported change with two decimals, a lower-is-better count rising by a quarter (41 → 51) and
falls of a third and a quarter on small counts: changes within normal variation.
"""

from __future__ import annotations

import duckdb

HALF_YEAR_CSV = """指标,地区,期间,数值,同比
110刑事治安总警情,大鹏新区,2022年1-6月,480,-12.37%
八类暴力案件,大鹏新区,2022年1-6月,51,
八类暴力案件,大鹏新区,2021年1-6月,41,
“两盗”案件,大鹏新区,2022年1-6月,8,
“两盗”案件,大鹏新区,2021年1-6月,12,
电信网络诈骗立案数,大鹏新区,2022年1-6月,15,
电信网络诈骗立案数,大鹏新区,2021年1-6月,20,
政法工作满意度,大鹏新区,2022年1-6月,93.42,
110刑事治安总警情,葵涌办事处,2022年1-6月,200,
110刑事治安总警情,大鹏办事处,2022年1-6月,160,
110刑事治安总警情,南澳办事处,2022年1-6月,120,
"""
FILE_NAME = "2022年上半年社会治安.csv"


def upload_half_year(con: duckdb.DuckDBPyConnection, user: str = "ana") -> int:
    """Read and commit the half-year report as the upload page does; the batch id."""
    from indicators import actions
    from indicators.actions import upload
    from indicators.ingest import ingest
    from indicators.store.catalog_sync import catalog_from_db

    result = ingest(HALF_YEAR_CSV.encode("utf-8"), FILE_NAME, catalog_from_db(con))
    assert not result.errors, result.issues
    return upload.commit(con, actions.shell(user), result, confirm_warnings=True).batch_id


def upload_monthly_110(con: duckdb.DuckDBPyConnection, user: str = "ana") -> int:
    """A monthly report of 110 incidents for the district: months (Jan–Jun 2021, Jan–Apr 2022) and year-to-date
    figures (2021YTD06 is 2021年上半年, 2021YTD03 its first quarter); the batch id."""
    import pandas as pd

    from indicators import actions
    from indicators.actions import upload

    months = {2021: [90, 85, 100, 95, 88, 92], 2022: [80, 70, 91, 84]}
    rows = [(f"{y}-{m:02d}", v) for y, vs in months.items() for m, v in enumerate(vs, start=1)]
    rows += [(f"{y}YTD{m:02d}", float(sum(vs[:m]))) for y, vs in months.items() for m in range(2, len(vs) + 1)]
    df = pd.DataFrame({"indicator_id": "police_incidents_110", "region_code": "440300DP",
                       "period": [p for p, _ in rows], "value": [float(v) for _, v in rows],
                       "source": [f"月报.xlsx!A{n}" for n in range(2, len(rows) + 2)]})
    return upload.commit_rows(con, actions.shell(user), df, file_name="月报.xlsx", sha256="7b" * 32,
                              sheets="月报").batch_id
