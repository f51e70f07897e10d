"""Small helpers shared by the ingest tests: building workbooks and CSVs, reading results."""

from __future__ import annotations

import io

import xlsxwriter


def xlsx(rows: list[list], sheet: str = "Sheet1", merges: list[tuple[str, object]] | None = None,
         extra: dict[str, list[list]] | None = None) -> bytes:
    """An xlsx whose first sheet holds rows (None = empty cell); merges as ('A1:C1', value)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    for name, data in {sheet: rows, **(extra or {})}.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(data):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write(r, c, v)
        if name == sheet:
            for ref, value in merges or []:
                ws.merge_range(ref, value)
    wb.close()
    return buf.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    """CSV text of rows (None = empty), encoded."""
    import csv

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding)


def at(res, cell: str) -> dict:
    """The observation read from a cell ('Sheet!C5')."""
    obs = res.observations
    hit = obs[obs["source"] == cell]
    assert len(hit) == 1, f"{cell}: {len(hit)} observations; sources start {list(obs['source'][:5])}"
    return hit.iloc[0].to_dict()


def issue(res, code: str):
    """The first issue with this code (fails listing all issues when absent)."""
    for i in res.issues:
        if i.code == code:
            return i
    raise AssertionError(f"no issue {code}: {[(i.code, i.cell, i.message) for i in res.issues]}")


LONG_HEAD = ["指标", "地区", "期间", "数值"]
