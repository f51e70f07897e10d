"""A guarded fast path for large, clean long-layout CSV files: Arrow reading, labels mapped once per distinct text.

Only a file the full pipeline would accept without a single warning or error (besides the encoding note) is
taken; anything unusual returns None and the caller runs the full pipeline, which reports the exact cells.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePath
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..catalog import Catalog
from ..normalize import norm_label
from .cells import _parse_unique, _strip
from .checks import run_checks
from .collect import Collector
from .guard import rows_allowed
from .labels import period_code, unit_key
from .layout import VALUE_KEYS, Layout, _has, _tidy, recognise
from .model import OBS_FIELDS, IngestResult, Limits, categorical, col_letter, repeated, sources
from .readers import _dialect, sniff
from .table import find_table
from .workbook import Grid

log = logging.getLogger(__name__)
MIN_ROWS = 50_000
HEAD_ROWS = 200
_ROLES = {"indicator", "region", "period", "value"}


def fast_ingest(data: bytes, file_name: str, catalog: Catalog, limits: Limits, res: IngestResult,
                lang: str) -> Collector | None:
    """Fill res for a large clean long CSV and return its issues, or None (res untouched) for the full pipeline."""
    try:
        return _fast(data, file_name, catalog, limits, res, lang)
    except Exception as e:  # noqa: BLE001 - anything unexpected: logged; the full pipeline reads the file
        log.warning("fast path fell back to the full pipeline on %s: %s", file_name, e, exc_info=e)
        return None


def _fast(data: bytes, file_name: str, catalog: Catalog, limits: Limits, res: IngestResult,
          lang: str) -> Collector | None:
    """fast_ingest without the safety net."""
    t0 = time.perf_counter()
    if len(data) > limits.max_bytes or len(data) < MIN_ROWS * 8 or sniff(data, file_name) != "text" \
            or PurePath(file_name).suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        return None
    read = _read(data)
    if read is None:
        return None
    table, label = read
    if table.num_rows < MIN_ROWS or table.num_rows * table.num_columns > limits.max_cells \
            or not rows_allowed(table.num_rows, limits):          # guard.py refuses it, with the reason
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
    col = Collector(lang, limits.max_issues_per_check)
    col.add("info", "encoding_used", encoding=label)
    unique = run_checks(obs, catalog, col)
    if len(col.finish()) != 1:
        return None
    res.timings.update(read=read_s, analyse=t1 - t0 - read_s, checks=time.perf_counter() - t1,
                       fast=time.perf_counter() - t0)             # which path read the file, and in how long
    res.encoding, res.sheets, res.layout, res.unique_keys = label, [stem], lay.name, unique
    res.sheetless = True                                          # a CSV: no sheet, its grid named after the file
    res.observations = obs[OBS_FIELDS]
    return col


def _read(data: bytes) -> tuple[pa.Table, str] | None:
    """Every cell a dictionary-encoded string, and the encoding label detect_encoding would give.

    Arrow validates UTF-8 (or decodes GBK strictly) while it reads, so the whole-file decode that detection
    does is not repeated. None unless each line is one record of the header's width (no quotes; a blank line
    leaves empty cells, which send the file to the full pipeline). Arrow, like the full pipeline's pandas
    reader, ends a line at LF, CRLF or a lone CR, so row numbers agree.
    """
    if b'"' in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    bom = data.startswith(b"\xef\xbb\xbf")
    for label, codec in (("UTF-8-BOM", "utf8"),) if bom else (("UTF-8", "utf8"), ("GBK", "gbk")):
        try:
            table = _arrow_csv(data, codec)
        except (pa.ArrowInvalid, UnicodeDecodeError, LookupError, ValueError):
            continue
        if any(table.column(i).null_count for i in range(table.num_columns)):
            return None
        return table, label
    return None


def _arrow_csv(data: bytes, codec: str) -> pa.Table:
    """The file read by Arrow's multi-threaded CSV reader, columns f0, f1, … as dictionaries of strings."""
    from pyarrow import csv

    sep = _dialect(data[:65536].decode("gbk" if codec == "gbk" else "utf-8", errors="ignore").lstrip("\ufeff"))
    kinds = {f"f{i}": pa.dictionary(pa.int32(), pa.string()) for i in range(64)}
    table = csv.read_csv(io.BytesIO(data), read_options=csv.ReadOptions(encoding=codec, autogenerate_column_names=True),
                         parse_options=csv.ParseOptions(delimiter=sep, quote_char=False, ignore_empty_lines=False),
                         convert_options=csv.ConvertOptions(column_types=kinds, strings_can_be_null=False))
    return table.unify_dictionaries().combine_chunks()


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


class Column(NamedTuple):
    """One column's data rows as indexes into its distinct texts, those texts, and which of them occur."""

    idx: np.ndarray
    dictionary: pa.Array
    used: np.ndarray


def _column(table: pa.Table, index: int) -> Column:
    """A column of the file with the header row left out."""
    arr = table.column(index).chunk(0) if table.column(index).num_chunks == 1 else \
        table.column(index).combine_chunks()
    idx = arr.indices.slice(1).to_numpy(zero_copy_only=False)
    return Column(idx, arr.dictionary, np.bincount(idx, minlength=len(arr.dictionary)) > 0)


def _texts(col: Column, tidy: bool) -> list[str | None] | None:
    """Stripped (and tidied) text of each distinct entry the data rows use; None if one of them is blank."""
    out: list[str | None] = []
    for raw, u in zip(col.dictionary.to_pylist(), col.used, strict=True):
        s = _strip(raw) if u else None
        if u and s is None:
            return None
        out.append(_tidy(s) if tidy and s is not None else s)
    return out


# Unsigned, at most 15 digits: every decimal parser gives the same double (a sign, "-0" included, takes the
# general route below, which is the full pipeline's own parser).
_PLAIN = r"^[0-9]{1,9}(\.[0-9]{1,6})?$"


def _values(col: Column) -> np.ndarray | None:
    """Each row's number when every cell is a plain, exact number (no %, unit, 余 or thousands separator)."""
    plain = pc.match_substring_regex(col.dictionary, _PLAIN).to_numpy(zero_copy_only=False)
    if (plain | ~col.used).all():             # the usual case, without a Python call per distinct text
        return pc.cast(pc.if_else(pa.array(plain), col.dictionary, "0"), pa.float64()).to_numpy()[col.idx]
    texts = _texts(col, tidy=False)
    if texts is None:
        return None
    u = _parse_unique(np.array([t if t is not None else "0" for t in texts], dtype=object))
    if not ((u["state"] == "ok").all() and (u["qualifier"] == "exact").all() and not u["pct"].any()
            and (u["mult"] == 1).all() and all(x is None for x in u["unit"])):
        return None
    return np.asarray(u["value"], dtype=float)[col.idx]


def _observations(table: pa.Table, lay: Layout, catalog: Catalog, sheet: str) -> pd.DataFrame | None:
    """The observations frame exactly as the full pipeline builds it, or None at the first unusual cell."""
    role = {c.role: c.index for c in lay.columns.values()}
    n, letter = table.num_rows - 1, col_letter(role["value"])
    rows = np.arange(2, n + 2)
    with ThreadPoolExecutor(1) as pool:        # Arrow builds the n cell references without the GIL meanwhile
        src = pool.submit(sources, sheet, letter, rows)
        labels = _labels(table, role, catalog)
        if labels is None:
            return None
        cols, texts, ind, reg, per, value = labels
        ii, ri, pi = cols["indicator"].idx, cols["region"].idx, cols["period"].idx
        used, reg_used = cols["indicator"].used, cols["region"].used
        attr = lambda objs, name: [getattr(o, name) if o is not None else None for o in objs]  # noqa: E731
        decimals = np.array([d if d is not None else -1 for d in attr(ind, "decimals")] or [-1], dtype=np.int64)[ii]
        if (decimals < 0).any():               # an indicator without decimals: the full pipeline's float column
            return None
        return pd.DataFrame({
            "indicator_id": categorical(ii, attr(ind, "id"), used),
            "indicator_text": categorical(ii, texts["indicator"], used),
            "region_code": categorical(ri, attr(reg, "code"), reg_used),
            "region_text": categorical(ri, texts["region"], reg_used),
            "period": categorical(pi, per, cols["period"].used), "measure": repeated("value", n), "value": value,
            "qualifier": repeated("exact", n), "unit": categorical(ii, attr(ind, "unit"), used),
            "decimals": decimals, "source": src.result(),
            "_sheet": repeated(sheet, n), "_row": rows, "_col": repeated(letter, n),
        }, index=pd.RangeIndex(n), copy=False)


def _labels(table: pa.Table, role: dict[str, int], catalog: Catalog) -> tuple | None:
    """The columns, distinct texts per label column, the catalogue entries and periods they name, and the values."""
    cols = {r: _column(table, c) for r, c in role.items()}
    value = _values(cols["value"])
    if value is None:
        return None
    texts = {r: _texts(col, tidy=True) for r, col in cols.items() if r != "value"}
    if any(t is None for t in texts.values()):
        return None
    ind = [catalog.find_indicator(s) if s is not None else None for s in texts["indicator"]]
    reg = [catalog.find_region(s) if s is not None else None for s in texts["region"]]
    per = [period_code(s) if s is not None else None for s in texts["period"]]
    for found, text in ((ind, texts["indicator"]), (reg, texts["region"]), (per, texts["period"])):
        if any(f is None and t is not None for f, t in zip(found, text, strict=True)):
            return None
    if any(i.unit is None for i in ind if i is not None):
        return None
    if "unit" in role and not _units_agree(cols["indicator"].idx, cols["unit"].idx, ind, texts["unit"], unit_key):
        return None
    return cols, texts, ind, reg, per, value


def _units_agree(ii: np.ndarray, ui: np.ndarray, ind: list, units: list, key: Callable[[object], str]) -> bool:
    """Whether every (indicator, unit) pair in the file names the indicator's catalogue unit."""
    k = len(units)
    for p in np.flatnonzero(np.bincount(ii.astype(np.int64) * k + ui, minlength=len(ind) * k)):
        i, u = ind[p // k], units[p % k]
        if key(u) != key(i.unit):
            return False
    return True

