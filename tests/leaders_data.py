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
