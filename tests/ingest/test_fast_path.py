"""The fast path for large clean long CSVs gives exactly the full pipeline's result, and steps aside otherwise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators import actions
from indicators.actions import upload
from indicators.ingest import fast, ingest
from indicators.ingest.model import IngestResult, Limits
from indicators.store.queries import current

ROWS = 60_000
FIELDS = ["status", "file", "sha256", "encoding", "sheets", "layout", "issues", "unknown_labels", "unknown_regions",
          "size", "unique_keys", "sheetless"]


def _long_rows(catalog, rows: int, seed: int = 3) -> list[list[str]]:
    """指标/地区/期间/数值/单位 counts and rates passing every check (no parts, no ratios, sibling regions)."""
    related = {x for i in catalog.indicators.values() for x in (i.parent, i.numerator, i.denominator) if x}
    inds = [i for i in catalog.indicators.values()
            if not (i.parent or i.numerator or i.denominator or i.id in related)]
    regs = [r for r in catalog.regions.values() if r.level == "subdistrict"]
    rng = np.random.default_rng(seed)
    out, m = [], 0
    while len(out) < rows:
        period = f"{1980 + m // 12}年{m % 12 + 1}月"
        for r in regs:
            for i in inds:
                v = f"{rng.uniform(50, 99):.1f}" if i.is_rate else str(int(rng.integers(0, 60)))
                out.append([i.name_zh, r.name_zh, period, v, i.unit])
        m += 1
    return out[:rows]


def _csv(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    lines = ["指标,地区,期间,数值,单位", *(",".join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode(encoding)


def _both(data: bytes, name: str, catalog, monkeypatch) -> tuple[IngestResult, IngestResult]:
    limits = Limits(max_bytes=len(data) + 1)
    quick = ingest(data, name, catalog, limits=limits)
    with monkeypatch.context() as m:
        m.setattr(fast, "MIN_ROWS", 10**12)                 # the full pipeline only
        full = ingest(data, name, catalog, limits=limits)
    return quick, full


def _taken(data: bytes, name: str, catalog) -> bool:
    return fast.fast_ingest(data, name, catalog, Limits(max_bytes=len(data) + 1), IngestResult("x", name, ""),
                            "zh") is not None


def _assert_same(a: IngestResult, b: IngestResult) -> None:
    pd.testing.assert_frame_equal(a.observations, b.observations)
    for f in FIELDS:
        assert getattr(a, f) == getattr(b, f), f


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_clean_file_same_result_both_ways(catalog, monkeypatch, encoding):
    data = _csv(_long_rows(catalog, ROWS), encoding)
    assert _taken(data, "上报.csv", catalog)
    quick, full = _both(data, "上报.csv", catalog, monkeypatch)
    _assert_same(quick, full)
    assert quick.status == "ok" and len(quick.observations) == ROWS
    assert quick.encoding == ("UTF-8" if encoding == "utf-8" else "GBK")
    assert quick.observations["source"].iat[0] == "上报!D2"
    assert quick.observations["source"].iat[-1] == f"上报!D{ROWS + 1}"
    assert set(quick.observations["qualifier"]) == {"exact"}


def test_bad_cell_in_row_40000_falls_back_and_is_reported(catalog, monkeypatch):
    rows = _long_rows(catalog, ROWS)
    rows[40_000 - 2][3] = "待核实"
    data = _csv(rows)
    assert not _taken(data, "bad.csv", catalog)
    quick, full = _both(data, "bad.csv", catalog, monkeypatch)
    _assert_same(quick, full)
    bad = [i for i in quick.errors if i.code == "text_in_number"]
    assert [(i.sheet, i.row, i.column) for i in bad] == [("bad", 40_000, "D")]


def test_at_least_unknown_label_and_small_files_use_the_full_pipeline(catalog, monkeypatch):
    rows = _long_rows(catalog, ROWS)
    rows[10][3] = "5以上"
    data = _csv(rows)
    assert not _taken(data, "q.csv", catalog)
    quick, full = _both(data, "q.csv", catalog, monkeypatch)
    _assert_same(quick, full)
    assert quick.observations["qualifier"].iat[10] == "at_least"
    rows = _long_rows(catalog, ROWS)
    rows[500][0] = "不存在的指标"
    assert not _taken(_csv(rows), "u.csv", catalog)
    assert not _taken(_csv(_long_rows(catalog, 3000)), "small.csv", catalog)


def test_fast_result_commits(con, catalog):
    data = _csv(_long_rows(catalog, ROWS))
    res = ingest(data, "c.csv", catalog, limits=Limits(max_bytes=len(data) + 1))
    batch = upload.commit(con, actions.shell("tester"), res)
    assert batch.n_new == ROWS
    stored = con.execute("SELECT min(source), max(source) FROM observation WHERE batch_id = ?", [batch.batch_id])
    assert [s.rsplit("!", 1)[0] for s in stored.fetchone()] == ["c.csv", "c.csv"]   # file!cell: a CSV has no sheet
    again = upload.commit(con, actions.shell("tester"), res)
    assert again.duplicate_of is not None
    assert len(current(con)) >= ROWS


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"])
def test_windows_and_bare_cr_line_endings_same_result(catalog, monkeypatch, ending):
    data = _csv(_long_rows(catalog, ROWS)).replace(b"\n", ending)
    assert _taken(data, "crlf.csv", catalog)
    quick, full = _both(data, "crlf.csv", catalog, monkeypatch)
    _assert_same(quick, full)
    assert quick.observations["source"].iat[-1] == f"crlf!D{ROWS + 1}"


def test_bom_and_numbers_outside_the_plain_pattern_same_result(catalog, monkeypatch):
    rows = _long_rows(catalog, ROWS)
    counts = [k for k, r in enumerate(rows) if "." not in r[3]]
    for k, text in zip(counts, ["0012", "1234567890", "7.0000001", "3.", " 8 "], strict=False):
        rows[k][3] = text
    data = b"\xef\xbb\xbf" + _csv(rows)
    assert _taken(data, "bom.csv", catalog)
    quick, full = _both(data, "bom.csv", catalog, monkeypatch)
    _assert_same(quick, full)
    assert quick.encoding == "UTF-8-BOM"
    assert list(quick.observations["value"].iloc[counts[:5]]) == [12, 1234567890, 7.0000001, 3, 8]


def test_blank_line_goes_to_the_full_pipeline(catalog):
    rows = _long_rows(catalog, ROWS)
    data = _csv(rows[:30_000]) + b"\n" + _csv(rows[30_000:]).split(b"\n", 1)[1]
    assert not _taken(data, "gap.csv", catalog)
