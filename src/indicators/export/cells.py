"""Vectorised cell XML: one pyarrow string array of <c> fragments per column, never a loop over cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .safety import reveal_bidi_text

_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "ns")
_NS_PER_DAY = 86_400 * 10**9
MAX_CELL_CHARS = 32_767            # Excel refuses (repairs) longer cell text
_BAD_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]"


def kind_of(series: pd.Series) -> str:
    """number, bool, datetime or text: how a column is written."""
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    return "text"


def numbers(series: pd.Series) -> np.ndarray:
    """Float values of a numeric, bool or datetime column (datetimes as Excel serial days); NaN for empty."""
    if pd.api.types.is_datetime64_any_dtype(series):
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_localize(None)
        ns = series.to_numpy(dtype="datetime64[ns]")
        out = (ns - _EXCEL_EPOCH).astype("int64") / _NS_PER_DAY
        out[np.isnat(ns)] = np.nan
        return out
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def texts(series: pd.Series) -> pa.Array:
    """A text column as a pyarrow string array, bidi controls revealed (None stays null); Arrow columns not copied.

    No formula guard: an xlsx text cell is a shared string, which Excel shows and never runs.
    """
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        arr = pa.array(series.array)
    else:
        values = series.astype("str").where(series.notna(), None) if series.dtype != "str" else series
        arr = pa.array(values.to_numpy(dtype=object, na_value=None), type=pa.string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    return pc.utf8_slice_codeunits(reveal_bidi_text(arr), 0, MAX_CELL_CHARS)


def escape_xml(arr: pa.Array) -> pa.Array:
    """XML-escape text and drop characters XML cannot hold; protect literal _xHHHH_ from Excel's decoding."""
    arr = pc.replace_substring_regex(arr, pattern=_BAD_XML, replacement="")
    arr = pc.replace_substring_regex(arr, pattern=r"_(x[0-9A-Fa-f]{4}_)", replacement=r"_x005F_\1")
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
        arr = pc.replace_substring(arr, pattern=old, replacement=new)
    return arr


def number_text(values: np.ndarray) -> pa.Array:
    """Shortest round-trip text of each finite float; null for NaN or infinity."""
    finite = np.isfinite(values)
    arr = pa.array(values, mask=~finite)
    whole = finite & (np.abs(values) < 2**53) & (values == np.round(values))
    if (whole == finite).all():
        ints = pa.array(np.where(finite, values, 0).astype("int64"), mask=~finite)
        return pc.cast(ints, pa.string())
    return pc.cast(arr, pa.string())


def _join(*parts: object) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "", null_handling="emit_null")


def number_cells(ref: pa.Array, values: np.ndarray, style: pa.Array | str, type_attr: str = "") -> pa.Array:
    """<c r s><v>…</v></c> per value; empty cells are null."""
    return _join('<c r="', ref, f'"{type_attr} s="', style, '"><v>', number_text(values), "</v></c>")


def shared_cells(ref: pa.Array, indices: pa.Array, style: pa.Array | str) -> pa.Array:
    """<c r t="s"><v>index</v></c> per text value; empty cells are null."""
    return _join('<c r="', ref, '" t="s" s="', style, '"><v>', pc.cast(indices, pa.string()), "</v></c>")


def cell_refs(letter: str, rows: pa.Array) -> pa.Array:
    """Cell references like B17 for one column and a block of row numbers."""
    return pc.binary_join_element_wise(letter, rows, "")


def row_xml(rows: pa.Array, cells: list[pa.Array]) -> pa.Array:
    """<row r="n">cells…</row> per row, empty cells dropped."""
    return pc.binary_join_element_wise('<row r="', rows, '">', *cells, "</row>", "",
                                       null_handling="replace", null_replacement="")


def as_bytes(arr: pa.Array) -> memoryview:
    """The UTF-8 bytes of all strings of a null-free string array, concatenated, without copying."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    offsets_type = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    buffers = arr.buffers()
    offsets = np.frombuffer(buffers[1], dtype=offsets_type)
    start, end = int(offsets[arr.offset]), int(offsets[arr.offset + len(arr)])
    return memoryview(buffers[2])[start:end] if buffers[2] is not None else memoryview(b"")
