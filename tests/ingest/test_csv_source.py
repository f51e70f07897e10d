"""A CSV has no sheet: a stored figure's source names the file and the cell (上半年.csv!D2), not the file twice (the
reader names the CSV's one grid after the file); a workbook's names file, sheet and cell."""

from __future__ import annotations

import pytest

from indicators import actions
from indicators.actions import upload
from indicators.ingest import ingest
from indicators.store.queries import current
from tests.leaders_data import FILE_NAME, HALF_YEAR_CSV

from .helpers import LONG_HEAD, xlsx


def _sources(con, batch_id: int) -> dict[tuple[str, str, str], str]:
    rows = con.execute("SELECT indicator_id, region_code, measure, source FROM observation WHERE batch_id = ?",
                       [batch_id]).fetchall()
    return {(i, r, m): s for i, r, m, s in rows}


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_csv_figure_names_its_file_and_cell(con, catalog, encoding):
    res = ingest(HALF_YEAR_CSV.encode(encoding), FILE_NAME, catalog)
    assert not res.errors and res.encoding == ("UTF-8" if encoding == "utf-8" else "GBK")
    batch = upload.commit(con, actions.shell("ana"), res, confirm_warnings=True)
    got = _sources(con, batch.batch_id)
    assert got[("police_incidents_110", "440300DP", "value")] == f"{FILE_NAME}!D2"        # 480: row 2, column 数值
    assert got[("police_incidents_110", "440300DP", "yoy_pct")] == f"{FILE_NAME}!E2"      # −12.37%: column 同比
    assert all(s.startswith(f"{FILE_NAME}!") and s.count("!") == 1 for s in got.values()), got
    now = current(con, indicators=["police_incidents_110"], regions="440300DP", measure="value")
    assert f"{FILE_NAME}!D2" in set(now["source"])


def test_a_workbook_figure_still_names_its_sheet(con, catalog):
    data = xlsx([LONG_HEAD, ["110刑事治安总警情", "全区", "2030年", 1060]], sheet="社会治安")
    batch = upload.commit(con, actions.shell("ana"), ingest(data, "上报.xlsx", catalog), confirm_warnings=True)
    assert set(_sources(con, batch.batch_id).values()) == {"上报.xlsx!社会治安!D2"}
