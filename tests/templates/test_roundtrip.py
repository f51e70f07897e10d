"""Filled-in templates go through the real ingest pipeline and commit: every figure recognised, nothing lost."""

from __future__ import annotations

import io

import openpyxl
import pytest

from indicators import actions
from indicators import templates as T
from indicators.actions import SYSTEM, upload, users
from indicators.actions.upload import preview
from indicators.ingest import ingest
from indicators.store.queries import current


def _fill(template: bytes, rows: list[tuple] | None = None, cells: dict[str, object] | None = None) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    for row in rows or []:
        ws.append(row)
    for ref, value in (cells or {}).items():
        ws[ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _obs(res) -> set[tuple]:
    o = res.observations
    return set(zip(o["indicator_id"], o["region_code"], o["period"], o["value"], o["source"], strict=True))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_template_round_trip(catalog, con, lang):
    ind = catalog.indicators
    district, nanao = catalog.default_region(), catalog.regions["440300DP03"]
    rows = [(ind["violent_crimes_8"].name(lang), district.name(lang), "2021年", 5),
            (ind["police_incidents_110"].name(lang), district.name(lang), "2021年", "1,100"),
            (ind["police_incidents_110"].name(lang), nanao.name(lang), "2022年上半年", 321),
            (ind["pl_work_satisfaction"].name(lang), district.name(lang), "2021Q2", "98.5%")]
    res = ingest(_fill(T.long_template(catalog, lang), rows), "long.xlsx", catalog, lang=lang)
    assert res.status == "ok" and not res.errors and not res.warnings and res.unknown_labels == []
    data = "数据" if lang == "zh" else "Data"
    assert res.layout == "long" and res.sheets == [data]
    assert _obs(res) == {("violent_crimes_8", "440300DP", "2021", 5.0, f"{data}!D2"),
                         ("police_incidents_110", "440300DP", "2021", 1100.0, f"{data}!D3"),
                         ("police_incidents_110", "440300DP03", "2022H1", 321.0, f"{data}!D4"),
                         ("pl_work_satisfaction", "440300DP", "2021Q2", 98.5, f"{data}!D5")}
    _, counts = preview(con, res)
    assert counts == {"new": 3, "changed": 1, "unchanged": 0}


def test_wide_template_round_trip_and_commit(catalog, con):
    users.add(con, SYSTEM, "ana", "correct horse battery", "analyst")
    data = T.wide_template(catalog, periods=["2021", "2022H1"])
    order = list(catalog.indicators)
    r110, r8 = order.index("police_incidents_110") + 2, order.index("violent_crimes_8") + 2
    filled = _fill(data, cells={f"D{r110}": 1052, f"E{r110}": 480, f"D{r8}": 6, f"C{r8}": "起"})
    res = ingest(filled, "wide.xlsx", catalog)
    assert res.status == "ok" and not res.errors and res.layout == "wide_by_period"
    assert _obs(res) == {("police_incidents_110", "440300DP", "2021", 1052.0, f"数据!D{r110}"),
                         ("police_incidents_110", "440300DP", "2022H1", 480.0, f"数据!E{r110}"),
                         ("violent_crimes_8", "440300DP", "2021", 6.0, f"数据!D{r8}")}
    _, counts = preview(con, res)
    assert counts == {"new": 2, "changed": 0, "unchanged": 1}
    batch = upload.commit(con, actions.login("ana"), res)
    assert (batch.n_new, batch.n_changed, batch.n_unchanged) == (2, 0, 1)
    now = current(con, indicators=["police_incidents_110"], regions="440300DP", measure="value")
    assert dict(zip(now["period"], now["value"], strict=True))["2022H1"] == 480.0


def test_empty_template_commits_nothing(catalog):
    res = ingest(T.wide_template(catalog), "wide.xlsx", catalog)
    assert res.committable.empty
