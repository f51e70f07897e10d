"""Result types of the ingest pipeline: Issue, Limits, IngestResult, and Excel cell references."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..cellref import col_letter  # noqa: F401 - re-exported: the readers and checks import it from here

LEVELS = ("error", "warning", "info")
OBS_FIELDS = ["indicator_id", "indicator_text", "region_code", "region_text", "period", "measure", "value",
              "qualifier", "unit", "decimals", "source"]
LABEL_FIELDS = ["indicator_id", "indicator_text", "region_code", "region_text", "period", "measure", "qualifier",
                "unit", "_sheet", "_col"]


@dataclass(frozen=True)
class Issue:
    """One problem found in an upload; row is the Excel row number (1-based), column its letter.

    `code` and `params` name the message in the i18n catalogue (ingest.<code>), so the issue can be shown in
    either language (`text(lang)`); `message` is the text in the language of the run.
    """

    level: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str
    code: str = ""
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        """The message in lang (the stored text when the code has no catalogue entry)."""
        from ..i18n import catalogue, t

        params = dict(self.params)
        key = f"ingest.{params.pop('_key', self.code)}"
        if not self.code or key not in catalogue():
            return self.message
        return t(key, lang, **params)

    @property
    def cell(self) -> str:
        """Excel-style reference such as 'Sheet1!C5' (empty parts left out)."""
        ref = f"{self.column or ''}{self.row or ''}"
        return f"{self.sheet}!{ref}" if self.sheet and ref else (self.sheet or ref)

    def as_dict(self, lang: str | None = None) -> dict:
        """Plain dict for JSON and tables (message in lang when given)."""
        return {"level": self.level, "sheet": self.sheet, "row": self.row, "column": self.column,
                "message": self.text(lang) if lang else self.message, "code": self.code}


@dataclass(frozen=True)
class Limits:
    """Upload limits: file size, uncompressed size and ratio of zipped workbooks, cells read, sheet shape.

    Columns, rows and line length are checked before any reader allocates (ingest/guard.py): each column costs the
    layout analysis a few milliseconds, so 1,000 columns stay within seconds where 20,000 took minutes.
    """

    max_bytes: int = 50 * 1024 * 1024
    max_uncompressed: int = 500 * 1024 * 1024
    max_ratio: float = 200.0
    max_cells: int = 20_000_000
    max_issues_per_check: int = 200
    max_columns: int = 1_000
    max_rows: int = 2_000_000
    max_line_bytes: int = 1024 * 1024


def upload_limits() -> Limits:
    """Limits with the configured largest upload (setting upload_max_mb)."""
    from ..settings import get

    return Limits(max_bytes=int(get("upload_max_mb")) * 1024 * 1024)


@dataclass
class IngestResult:
    """What the pipeline made of a file: observations, issues, and how it read the file."""

    status: str
    file: str
    sha256: str
    encoding: str | None = None
    sheets: list[str] = field(default_factory=list)
    layout: str = ""
    observations: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OBS_FIELDS))
    issues: list[Issue] = field(default_factory=list)
    unknown_labels: list[str] = field(default_factory=list)
    unknown_regions: list[str] = field(default_factory=list)
    size: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    unique_keys: bool = False
    notes: list[str] = field(default_factory=list)            # footnotes (注、说明、数据来源): the batch's note
    readings: dict[str, list] = field(default_factory=dict)   # sheet -> how each of its tables was read
    grids: dict[str, object] = field(default_factory=dict)    # sheet -> the cells as read (for the preview)
    fingerprint: str = ""                                     # the layout, for recipes
    recipe: tuple[int, str] | None = None                     # (id, name) of the recipe applied, if any
    sheetless: bool = False                                   # a CSV: its one grid is named after the file

    @property
    def errors(self) -> list[Issue]:
        """Issues that block the commit."""
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """Issues the analyst must confirm before committing."""
        return [i for i in self.issues if i.level == "warning"]

    @property
    def committable(self) -> pd.DataFrame:
        """Observations with a catalogue indicator and region, ready for the store."""
        obs = self.observations
        return obs[obs["indicator_id"].notna() & obs["region_code"].notna()]

    def issues_frame(self) -> pd.DataFrame:
        """Issues as a table (level, sheet, row, column, message)."""
        return pd.DataFrame([i.as_dict() for i in self.issues],
                            columns=["level", "sheet", "row", "column", "message", "code"])


def obj_frame(columns: dict, index: pd.Index | None = None) -> pd.DataFrame:
    """DataFrame keeping object arrays as object (pandas 3 would otherwise convert them to Arrow strings)."""
    out = {}
    for k, v in columns.items():
        if isinstance(v, np.ndarray) and v.dtype == object:
            v = pd.Series(v, dtype=object, index=index, copy=False)
        elif isinstance(v, pd.Series) and v.dtype == object and index is not None:
            v = v.set_axis(index)
        out[k] = v
    return pd.DataFrame(out, index=index, copy=False)  # the arrays are fresh: no copy, no consolidation


def categorical(idx: np.ndarray, values: list[object], used: np.ndarray | None = None) -> pd.Categorical:
    """values[idx] per row as a categorical whose categories are the used values, sorted (None is missing).

    used (values[k] occurs in idx) may be passed when several columns share idx.
    """
    if used is None:
        used = np.bincount(idx, minlength=len(values)) > 0 if len(idx) else np.zeros(len(values), dtype=bool)
    cats = sorted({v for v, u in zip(values, used, strict=True) if u and v is not None})
    pos = {c: k for k, c in enumerate(cats)}
    kind = np.int8 if len(cats) < 127 else np.int16 if len(cats) < 32767 else np.int32   # as pandas stores them
    lut = np.array([pos.get(v, -1) if v is not None else -1 for v in values] or [-1], dtype=kind)
    return pd.Categorical.from_codes(lut[idx], categories=pd.Index(cats, dtype="str"), validate=False)


def repeated(value: str | None, n: int) -> pd.Categorical:
    """One text (or None: missing) n times, as a categorical (no n-long array of strings)."""
    cats = pd.Index([] if value is None else [value], dtype="str")
    return pd.Categorical.from_codes(np.full(n, -1 if value is None else 0, dtype=np.int8), categories=cats)


def as_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The label columns of an observations frame as categoricals (sorted categories), the rest untouched."""
    out = {}
    for c in frame.columns:
        col = frame[c]
        if c in LABEL_FIELDS and not isinstance(col.dtype, pd.CategoricalDtype):
            values = col.to_numpy(dtype=object)
            codes, uniques = pd.factorize(values)                       # hashing only; sorting the uniques
            cat = categorical(np.where(codes < 0, len(uniques), codes), [*uniques, None]) \
                if all(isinstance(u, str) for u in uniques) else pd.Categorical(values)
            col = pd.Series(cat, index=frame.index, name=c)
        out[c] = col
    return pd.DataFrame(out, index=frame.index, copy=False)


def sources(sheet: str, cols: np.ndarray | str, rows: np.ndarray) -> pd.Series:
    """'Sheet!C5' per figure (cols: each figure's column letter, or one for all), joined in Arrow (no Python loop)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(cols, str):
        prefix = pa.scalar(f"{sheet}!{cols}")
    else:
        codes, letters = pd.factorize(cols)
        prefixes = pa.array([f"{sheet}!{c}" for c in letters], type=pa.string())
        prefix = prefixes.take(pa.array(codes, type=pa.int64())) if len(cols) else pa.array([], type=pa.string())
    if not len(rows):
        return pd.Series(pd.array([], dtype="str"), dtype="str")
    joined = pc.binary_join_element_wise(prefix, pc.cast(pa.array(rows), pa.string()), "")
    return pd.Series(pd.arrays.ArrowStringArray(joined), dtype="str")
