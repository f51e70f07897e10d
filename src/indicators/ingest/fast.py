"""A guarded fast path for large, clean long-layout CSV files: Arrow reading, labels mapped once per distinct text.

Only a file the full pipeline would accept without a single warning or error (besides the encoding note) is
taken; anything unusual returns None and the caller runs the full pipeline, which reports the exact cells.
"""

from __future__ import annotations

import io
import time
from pathlib import PurePath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..catalog import Catalog
from ..normalize import norm_label
from .cells import _parse_unique, _strip
from .checks import run_checks
from .layout import VALUE_KEYS, Layout, _has, _tidy, recognise
from .model import OBS_FIELDS, IngestResult, Limits, col_letter, obj_frame
from .readers import Grid, _dialect, detect_encoding, sniff
from .table import find_table

MIN_ROWS = 50_000
HEAD_ROWS = 200
_ROLES = {"indicator", "region", "period", "value"}


def fast_ingest(data: bytes, file_name: str, catalog: Catalog, limits: Limits, res: IngestResult,
                lang: str) -> Collector | None:  # noqa: F821 - imported lazily (cycle)
    """Fill res for a large clean long CSV and return its issues, or None (res untouched) for the full pipeline."""
    try:
        return _fast(data, file_name, catalog, limits, res, lang)
    except Exception:  # noqa: BLE001 - anything unexpected: the full pipeline reads the file and reports plainly
        return None


def _fast(data: bytes, file_name: str, catalog: Catalog, limits: Limits, res: IngestResult,
          lang: str) -> Collector | None:  # noqa: F821 - imported lazily (cycle)
    """fast_ingest without the safety net."""
    t0 = time.perf_counter()
    if len(data) > limits.max_bytes or len(data) < MIN_ROWS * 8 or sniff(data, file_name) != "text" \
            or PurePath(file_name).suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        return None
    try:
        label, codec = detect_encoding(data)
    except Exception:  # noqa: BLE001 - the full pipeline refuses it in plain words
        return None
    if codec == "utf-16":
        return None
    try:
        table = _read(data, codec)
    except (pa.ArrowInvalid, UnicodeDecodeError, ValueError):
        return None
    if table is None or table.num_rows < MIN_ROWS or table.num_rows * (table.num_columns) > limits.max_cells:
        return None
    read_s = time.perf_counter() - t0
    lay = _long_layout(table, catalog)
    if lay is None:
        return None
    stem = PurePath(file_name).stem or "csv"
    obs = _observations(table, lay, catalog, stem)
    if obs is None:
        return None
    t1 = time.perf_counter()
    from .pipeline import Collector

    col = Collector(lang, limits.max_issues_per_check)
    col.add("info", "encoding_used", encoding=label)
    unique = run_checks(obs, catalog, col)
    if len(col.finish()) != 1:
        return None
    res.timings.update(read=read_s, analyse=t1 - t0 - read_s, checks=time.perf_counter() - t1)
    res.encoding, res.sheets, res.layout, res.unique_keys = label, [stem], lay.name, unique
    res.observations = obs[OBS_FIELDS]
    return col


def _read(data: bytes, codec: str) -> pa.Table | None:
    """Every cell a string; None unless each line is one record of the header's width (no blank lines)."""
    from pyarrow import csv

    head = data[:65536].decode(codec, errors="ignore").lstrip("\ufeff")
    sep = _dialect(head)
    if b'"' in data:
        return None
    opts = csv.ReadOptions(encoding="utf8" if codec in ("utf-8", "utf-8-sig") else codec,
                           autogenerate_column_names=True)
    table = csv.read_csv(io.BytesIO(data), read_options=opts,
                         parse_options=csv.ParseOptions(delimiter=sep, quote_char=False, ignore_empty_lines=False),
                         convert_options=csv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(64)},
                                                            strings_can_be_null=False))
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if table.num_rows != lines or any(table.column(i).null_count for i in range(table.num_columns)):
        return None
    return table


def _long_layout(table: pa.Table, catalog: Catalog) -> Layout | None:
    """The layout the full pipeline finds on the head of the file, if it is the plain long one."""
    head = table.slice(0, HEAD_ROWS + 1).to_pandas()
    cells = head.astype(object).where(head.map(lambda v: _strip(v) is not None), None)
    cells.columns = range(cells.shape[1])
    t = find_table(Grid("head", cells))
    if t is None or t.header_rows != [0] or not np.array_equal(t.data_rows, np.arange(1, len(cells))):
        return None
    lay = recognise(t, catalog)
    roles = sorted(c.role for c in lay.columns.values())
    if lay.name != "long" or set(roles) - {"unit"} != _ROLES or len(roles) != table.num_columns \
            or len(set(roles)) != len(roles) or lay.table_indicator or lay.table_unit or lay.table_period:
        return None
    v = next(c for c in lay.columns.values() if c.role == "value")
    if v.unit or v.period or v.region or v.measure != "value" or (v.label and not _has(norm_label(v.label),
                                                                                        VALUE_KEYS)):
        return None
    if any(c.sparse for c in lay.columns.values()):
        return None
    return lay


def _distinct(table: pa.Table, index: int) -> tuple[np.ndarray, list[str]]:
    """Each data row's code into the distinct texts of a column (the header row left out), and those texts."""
    enc = pc.dictionary_encode(table.column(index).slice(1)).combine_chunks()
    return enc.indices.to_numpy(zero_copy_only=False), enc.dictionary.to_pylist()


def _observations(table: pa.Table, lay: Layout, catalog: Catalog, sheet: str) -> pd.DataFrame | None:
    """The observations frame exactly as the full pipeline builds it, or None at the first unusual cell."""
    role = {c.role: c.index for c in lay.columns.values()}
    n = table.num_rows - 1
    idx, texts = {}, {}
    for r, c in role.items():
        idx[r], raw = _distinct(table, c)
        stripped = [_strip(s) for s in raw]
        if any(s is None for s in stripped):
            return None
        texts[r] = stripped if r == "value" else [_tidy(s) for s in stripped]
    ind = [catalog.find_indicator(s) for s in texts["indicator"]]
    reg = [catalog.find_region(s) for s in texts["region"]]
    from .pipeline import _period_code, _unit_key

    per = [_period_code(s) for s in texts["period"]]
    if any(x is None for x in (*ind, *reg, *per)) or any(i.unit is None for i in ind):
        return None
    u = _parse_unique(pd.Series(texts["value"], dtype=object))
    if not ((u["state"] == "ok").all() and (u["qualifier"] == "exact").all() and not u["pct"].any()
            and (u["mult"] == 1).all() and u["unit"].isna().all()):
        return None
    ii = idx["indicator"]
    if "unit" in role:
        pairs = pd.unique(ii.astype(np.int64) * len(texts["unit"]) + idx["unit"])
        for p in pairs:
            i, k = ind[p // len(texts["unit"])], texts["unit"][p % len(texts["unit"])]
            if _unit_key(k) != _unit_key(i.unit):
                return None
    letter = col_letter(role["value"])
    rows = np.arange(2, n + 2)
    src = pc.binary_join_element_wise(pa.scalar(f"{sheet}!{letter}"), pc.cast(pa.array(rows), pa.string()), "")
    obj = lambda vals, r: np.array(vals, dtype=object)[idx[r]]  # noqa: E731
    return obj_frame({
        "indicator_id": obj([i.id for i in ind], "indicator"), "indicator_text": obj(texts["indicator"], "indicator"),
        "region_code": obj([g.code for g in reg], "region"), "region_text": obj(texts["region"], "region"),
        "period": obj(per, "period"), "measure": np.full(n, "value", dtype=object),
        "value": u["value"].to_numpy(dtype=float)[idx["value"]], "qualifier": np.full(n, "exact", dtype=object),
        "unit": obj([i.unit for i in ind], "indicator"),
        "decimals": pd.Series(np.array([i.decimals for i in ind], dtype=object)[ii], dtype=object).astype(
            "Int64").to_numpy(),
        "source": pd.Series(pd.arrays.ArrowStringArray(src), dtype="str"),
        "_sheet": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), [sheet]),
        "_row": rows, "_col": np.full(n, letter, dtype=object),
    }, index=pd.RangeIndex(n))
