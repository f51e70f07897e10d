"""The ingest pipeline: read → find the table → recognise the layout → map labels → parse → check."""

from __future__ import annotations

import hashlib
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..i18n import t
from ..normalize import norm_label
from ..periods import parse_period_text
from .checks import run_checks
from .fast import fast_ingest
from .layout import TOTAL_WORDS, Layout, Melted, body_rows, melt, recognise
from .model import OBS_FIELDS, IngestResult, Issue, Limits, as_labels, obj_frame
from .readers import Grid, ReadRefused, read_any
from .table import Table, extend_rows, find_table

Progress = Callable[[float, str], None]
BACKGROUND_HASH_BYTES = 4 * 1024 * 1024


class Collector:
    """Issues gathered lazily, capped per check so a broken column does not flood the report."""

    def __init__(self, lang: str, cap: int):
        self.lang, self.cap = lang, cap
        self.issues: list[Issue] = []
        self._counts: dict[str, int] = {}

    def add(self, level: str, code: str, sheet: str | None = None, row: int | None = None,
            column: str | None = None, **params: object) -> None:
        """Record one issue, its message from the i18n catalogue."""
        n = self._counts.get(code, 0) + 1
        self._counts[code] = n
        if sheet is not None:
            params.setdefault("sheet", sheet)
        if n <= self.cap:
            self.issues.append(Issue(level, sheet, row, column, t(f"ingest.{code}", self.lang, **params), code))

    def over_cap(self, code: str) -> bool:
        """Count one more issue of this kind without building it when the cap is reached."""
        if self._counts.get(code, 0) < self.cap:
            return False
        self._counts[code] += 1
        return True

    def finish(self) -> list[Issue]:
        """All issues plus one line per check that was capped."""
        out = list(self.issues)
        for code, n in self._counts.items():
            if n > self.cap:
                level = next(i.level for i in self.issues if i.code == code)
                out.append(Issue(level, None, None, None,
                                 t("ingest.more_issues", self.lang, n=n - self.cap, first=self.cap), code))
        order = {"error": 0, "warning": 1, "info": 2}
        return sorted(out, key=lambda i: order.get(i.level, 3))


def _noop(_f: float, _s: str) -> None:
    return None


def ingest(data: bytes, file_name: str, catalog: Catalog, *, sheet: str | None = None,
           mapping: dict[str, str] | None = None, limits: Limits | None = None,
           progress: Progress | None = None, lang: str = "zh") -> IngestResult:
    """Read, recognise, map, parse and check an upload; never raises for anything in the file."""
    t0 = time.perf_counter()
    limits = limits or Limits()
    progress = progress or _noop
    col = Collector(lang, limits.max_issues_per_check)
    res = IngestResult("refused", file_name, "", size=len(data))
    digest = _sha256_soon(data)
    progress(0.02, t("ingest.stage_read", lang))
    fast = fast_ingest(data, file_name, catalog, limits, res, lang) if sheet is None and not mapping else None
    if fast is not None:                      # a large, clean long CSV: same result, without the cell-by-cell work
        return _finish(res, fast, t0, digest)
    try:
        wb = read_any(data, file_name, sheet, limits)
    except ReadRefused as e:
        col.add("error", e.code, **{"file": file_name, **e.params})
        return _finish(res, col, t0, digest)
    except Exception as e:  # noqa: BLE001 - a reader bug on odd input is still a plain refusal
        col.add("error", "internal_error", detail=f"{type(e).__name__}: {str(e)[:100]}")
        return _finish(res, col, t0, digest)
    res.timings["read"] = time.perf_counter() - t0
    res.encoding = wb.encoding
    if wb.encoding:
        col.add("info", "encoding_used", encoding=wb.encoding)
    for code, params in wb.notes:
        col.add("info", code, **params)
    cells = sum(g.cells.size for g in wb.sheets)
    if cells > limits.max_cells:
        col.add("error", "too_many_cells", cells=cells, limit=limits.max_cells)
        return _finish(res, col, t0, digest)
    frames, layouts = [], []
    mapping = _norm_mapping(mapping or {}, catalog, col)
    for i, grid in enumerate(wb.sheets):
        progress(0.1 + 0.6 * i / max(1, len(wb.sheets)), t("ingest.stage_sheet", lang, sheet=grid.name))
        try:
            obs, lay = _sheet(grid, catalog, mapping, col, single=sheet is not None or len(wb.sheets) == 1)
        except Exception as e:  # noqa: BLE001 - never a traceback: the sheet is refused in plain words
            col.add("error", "internal_error", grid.name, detail=f"{type(e).__name__}: {str(e)[:100]}")
            obs = None
        if obs is not None:
            frames.append(obs)
            layouts.append(lay)
            res.sheets.append(grid.name)
    if not frames:
        if len(wb.sheets) > 1:
            col.add("error", "no_table_any")
        return _finish(res, col, t0, digest)
    res.timings["analyse"] = time.perf_counter() - t0 - res.timings["read"]
    progress(0.75, t("ingest.stage_check", lang))
    obs = as_labels(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])
    res.layout = layouts[0] if len(set(layouts)) == 1 else "+".join(dict.fromkeys(layouts))
    t1 = time.perf_counter()
    try:
        res.unique_keys = run_checks(obs, catalog, col)
    except Exception as e:  # noqa: BLE001 - never a traceback
        col.add("error", "internal_error", detail=f"{type(e).__name__}: {str(e)[:100]}")
    res.timings["checks"] = time.perf_counter() - t1
    res.observations = obs[OBS_FIELDS]
    res.unknown_labels = sorted(set(obs.loc[obs["indicator_id"].isna(), "indicator_text"].dropna()))
    res.unknown_regions = sorted(set(obs.loc[obs["region_code"].isna(), "region_text"].dropna()))
    progress(0.9, t("ingest.stage_done", lang))
    return _finish(res, col, t0, digest)


def _sha256_soon(data: bytes) -> Callable[[], str]:
    """The file's sha256, hashed in a thread (hashlib lets go of the GIL) while the file is parsed."""
    if len(data) < BACKGROUND_HASH_BYTES:
        digest = hashlib.sha256(data).hexdigest()
        return lambda: digest
    box: dict[str, str] = {}
    thread = threading.Thread(target=lambda: box.setdefault("sha", hashlib.sha256(data).hexdigest()), daemon=True)
    thread.start()

    def result() -> str:
        thread.join()
        return box["sha"]
    return result


def _finish(res: IngestResult, col: Collector, t0: float, digest: Callable[[], str]) -> IngestResult:
    res.sha256 = digest()
    res.issues = col.finish()
    res.status = "refused" if res.errors else "ok"
    res.seconds = time.perf_counter() - t0
    return res


def _norm_mapping(mapping: dict[str, str], catalog: Catalog, col: Collector) -> dict[str, str]:
    out = {}
    for label, target in mapping.items():
        ind = catalog.find_indicator(target)
        if ind is None:
            col.add("error", "mapping_target_unknown", label=label, target=target)
            continue
        out[label] = ind.id
        out[norm_label(label)] = ind.id
    return out


def _sheet(grid: Grid, catalog: Catalog, mapping: dict[str, str], col: Collector,
           single: bool) -> tuple[pd.DataFrame | None, str]:
    """Observations of one sheet, or None (with an issue) when it holds no table."""
    table = find_table(grid)
    if table is None or len(table.data_rows) == 0:
        if single or not is_instructions(grid.name):
            col.add("error" if single else "info", "empty_sheet", sheet=grid.name)
        return None, ""
    lay = recognise(table, catalog)
    if lay.name == "none" or _is_record_list(table, lay):
        if not single and is_instructions(grid.name):        # a 说明 / Notes sheet beside the data: skip quietly
            return None, ""
        start = table.header_rows[-1] + 1 if table.header_rows else 0
        n = int(table.filled_frame().to_numpy()[start:].any(axis=1).sum())
        code = "records_only" if n >= 20 else "no_values"
        col.add("error" if single else "info", code, grid.name, n=n)
        return None, ""
    table.data_rows = extend_rows(table, [c.index for c in lay.columns.values() if c.role == "value"])
    m = melt(table, lay)
    for r in m.text_cells.itertuples():
        if not col.over_cap("text_in_number"):
            col.add("error", "text_in_number", grid.name, int(r.excel_row), r.col, text=str(r.raw)[:40])
    return _observations(m, lay, grid, catalog, mapping, col), lay.name


INSTRUCTION_SHEETS = {"说明", "說明", "填表说明", "填表說明", "填报说明", "填報說明", "使用说明", "使用說明",
                      "注释", "註釋", "注", "註", "备注", "備註",
                      "instructions", "instruction", "notes", "note", "readme", "read me"}


def is_instructions(name: str) -> bool:
    """A sheet named like instructions or notes (说明, 填表说明, Notes, README …)."""
    key = re.sub(r"[\s_\-]+", " ", unicodedata.normalize("NFKC", name)).strip().lower()
    return key in INSTRUCTION_SHEETS or key.replace(" ", "") in INSTRUCTION_SHEETS


def _is_record_list(table: Table, lay: Layout) -> bool:
    """A list of individual records (one incident per row, an id column), not a table of figures."""
    rows = body_rows(table)
    if len(rows) < 20:
        return False
    for c in lay.columns.values():
        if c.role in ("indicator_extra", "region_extra"):
            vals = table.text[c.index].iloc[rows].dropna()
            if len(vals) >= 0.8 * len(rows) and vals.nunique() >= 0.9 * len(vals):
                return True
    return False


def _texts(frame: pd.DataFrame, lay: Layout) -> pd.Series:
    if frame["col_label"].isna().all():                # one label column (long layouts): no joining needed
        ri = frame["row_indicator"].astype(object)
        return ri.where(ri.notna() & ri.ne(""), lay.table_indicator or None)
    ri = frame["row_indicator"].fillna("").astype(object)
    cl = frame["col_label"].fillna("").astype(object)
    both = (ri != "") & (cl != "")
    text = (ri + np.where(both, " / ", "") + cl).astype(object)
    if lay.table_indicator:
        text = text.where(text != "", lay.table_indicator)
    return text.where(text != "", None)


def _indicator_ids(texts: pd.Series, catalog: Catalog, mapping: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Indicator id per distinct text (None last, for missing) and each row's index into them."""
    codes, uniq = pd.factorize(texts, use_na_sentinel=True)
    leaves = [str(u).split(" / ")[-1] for u in uniq]
    leaf_count = pd.Series(leaves).value_counts() if leaves else pd.Series(dtype=int)
    ids = np.array([_map_one(str(u), catalog, mapping, leaf_count) for u in uniq] + [None], dtype=object)
    return ids, np.where(codes < 0, len(uniq), codes)


def _per_indicator(ids: np.ndarray, idx: np.ndarray, attr: Callable[[str], object], index: pd.Index) -> pd.Series:
    """An indicator attribute per row, looked up once per distinct id (None where there is no id)."""
    values = np.array([None if k is None else attr(k) for k in ids], dtype=object)
    return pd.Series(values[idx], index=index, dtype=object)


def _map_one(text: str, catalog: Catalog, mapping: dict[str, str], leaf_count: pd.Series) -> str | None:
    if text in mapping or norm_label(text) in mapping:
        return mapping.get(text) or mapping.get(norm_label(text))
    parts = text.split(" / ")
    candidates = [text, "".join(parts)]
    if len(parts) > 1 and leaf_count.get(parts[-1], 0) == 1:
        candidates.append(parts[-1])
    for cand in candidates:
        if cand in mapping or norm_label(cand) in mapping:
            return mapping.get(cand) or mapping.get(norm_label(cand))
        ind = catalog.find_indicator(cand)
        if ind is not None:
            return ind.id
    return None


def _periods(frame: pd.DataFrame, lay: Layout) -> tuple[pd.Series, pd.Series, np.ndarray, np.ndarray]:
    """Canonical period code per figure, the text it came from, and where each is missing."""
    text = frame["row_period"].astype(object) if "row_period" in frame else \
        pd.Series(None, index=frame.index, dtype=object)
    if any(c.period for c in lay.columns.values() if c.role == "value"):    # else the column periods are all None
        text = text.where(text.notna(), frame["col_period"]).astype(object)
    if lay.table_period:
        text = text.where(text.notna(), lay.table_period)
    codes, uniq = pd.factorize(text, use_na_sentinel=True)
    idx = np.where(codes < 0, len(uniq), codes)
    per_u = np.array([_period_code(u) for u in uniq] + [None], dtype=object)
    return pd.Series(per_u[idx], index=text.index, dtype=object), text, np.equal(per_u, None)[idx], codes < 0


def _period_code(text: object) -> str | None:
    s = str(text).strip()
    if s.replace(".", "", 1).isdigit():
        try:
            num = float(s)
            if 20000 <= num < 80000:                       # an Excel date serial without a date format
                day = datetime(1899, 12, 30) + timedelta(days=num)
                return f"{day.year}-{day.month:02d}"
            p = parse_period_text(int(num) if num.is_integer() else num)
        except ValueError:
            p = None
    else:
        is_date = len(s) >= 10 and s[4] == "-" and s[7] == "-" and s[5:7].isdigit()
        p = parse_period_text(s[:7] if is_date else s)
    return p.code if p else None


def _observations(m: Melted, lay: Layout, grid: Grid, catalog: Catalog, mapping: dict[str, str],
                  col: Collector) -> pd.DataFrame:
    f = m.frame
    sheet = grid.name
    ind_text = _texts(f, lay)
    ids_u, ind_idx = _indicator_ids(ind_text, catalog, mapping)
    ind_id = pd.Series(ids_u[ind_idx], index=f.index, dtype=object)
    reg_text = f["region_text"].astype(object)
    if reg_text.isna().all():
        region = catalog.default_region()
        reg_code = pd.Series(region.code, index=f.index, dtype=object)
        reg_text = pd.Series(None, index=f.index, dtype=object)
        reg_unknown = np.zeros(len(f), dtype=bool)
        if len(f):
            col.add("warning", "no_region", sheet, region=region.name(col.lang))
    else:
        reg_codes, reg_uniques = pd.factorize(reg_text, use_na_sentinel=True)
        reg_idx = np.where(reg_codes < 0, len(reg_uniques), reg_codes)
        codes_u = np.array([r.code if (r := catalog.find_region(str(u))) else None for u in reg_uniques] + [None],
                           dtype=object)
        total_u = np.array([codes_u[k] is None and norm_label(str(u).split(" / ")[0]) in TOTAL_WORDS
                            for k, u in enumerate(reg_uniques)] + [False], dtype=bool)
        reg_code = pd.Series(codes_u[reg_idx], index=f.index, dtype=object)
        reg_unknown = np.equal(codes_u, None)[reg_idx] & (reg_idx < len(reg_uniques))
        totals = total_u[reg_idx]
        if totals.any():
            first = f[totals].iloc[0]
            col.add("info", "total_skipped", sheet, int(first["excel_row"]), None, text=str(reg_text[totals].iloc[0]))
            keep = ~totals
            f, ind_text, ind_id, reg_text, reg_code = (x[keep] for x in (f, ind_text, ind_id, reg_text, reg_code))
            ind_idx, reg_unknown = ind_idx[keep], reg_unknown[keep]
    period, period_text, period_na, period_text_na = _periods(f, lay)
    no_text = ind_idx == len(ids_u) - 1
    missing = {"ind_unknown": np.equal(ids_u, None)[ind_idx] & ~no_text, "ind_text_na": no_text,
               "reg_unknown": reg_unknown, "bad_period": period_na & ~period_text_na, "period_text_na": period_text_na}
    _label_issues(f, sheet, ind_text, reg_text, period_text, missing, col)
    inds = catalog.indicators
    unit_cat = _per_indicator(ids_u, ind_idx, lambda k: inds[k].unit, f.index)
    cell_unit = f["cell_unit"].astype(object)
    has_cell_unit = cell_unit.notna().to_numpy()
    if has_cell_unit.any():
        mult = f["mult"].to_numpy()[has_cell_unit]
        prefix = np.where(mult == 1e4, "万", np.where(mult == 1e8, "亿", ""))
        cell_unit = cell_unit.copy()
        cell_unit[has_cell_unit] = (prefix + cell_unit[has_cell_unit].astype(str)).to_numpy(dtype=object)
    file_unit = None                        # the first unit stated: row, column, then cell
    for alt in (f["row_unit"] if "row_unit" in f else None, f["col_unit"], cell_unit if has_cell_unit.any() else None):
        if alt is not None:
            alt = alt.astype(object)
            file_unit = alt if file_unit is None else file_unit.where(file_unit.notna(), alt)
    if file_unit is None:
        file_unit = pd.Series(None, index=f.index, dtype=object)
    if lay.table_unit:
        file_unit = file_unit.where(file_unit.notna(), lay.table_unit)
    _unit_issues(f, sheet, (ids_u, ind_idx), file_unit, catalog, col)
    unit = unit_cat.where(unit_cat.notna(), file_unit).astype(object)
    value = f["value"].astype(float)
    big_unit = _per_indicator(ids_u, ind_idx, lambda k: inds[k].unit.startswith(("万", "亿")), f.index).eq(True)
    scaled = (f["mult"] != 1) & big_unit
    if scaled.any():
        value = value.where(~scaled, value / f["mult"])
    n = len(f)
    src = _sources(sheet, f["col"].to_numpy(dtype=object), f["excel_row"].to_numpy())
    return obj_frame({
        "indicator_id": ind_id.to_numpy(dtype=object), "indicator_text": ind_text.to_numpy(dtype=object),
        "region_code": reg_code.to_numpy(dtype=object), "region_text": reg_text.to_numpy(dtype=object),
        "period": period.to_numpy(dtype=object), "measure": f["measure"].to_numpy(dtype=object),
        "value": value.to_numpy(dtype=float), "qualifier": f["qualifier"].to_numpy(dtype=object),
        "unit": unit.to_numpy(dtype=object),
        "decimals": _per_indicator(ids_u, ind_idx, lambda k: inds[k].decimals, f.index).astype("Int64").to_numpy(),
        "source": src, "_sheet": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), [sheet]),
        "_row": f["excel_row"].to_numpy(dtype=int),
        "_col": f["col"].to_numpy(dtype=object),
    }, index=pd.RangeIndex(n))


def _sources(sheet: str, cols: np.ndarray | str, rows: np.ndarray) -> pd.Series:
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


_SAME_UNIT = {"件": "起", "宗": "起", "名": "人", "％": "%", "百分比": "%", "percent": "%"}


def _unit_key(unit: object) -> str:
    u = unicodedata.normalize("NFKC", str(unit)).strip().lower()
    return _SAME_UNIT.get(u, u)


def _unit_issues(f: pd.DataFrame, sheet: str, ids: tuple[np.ndarray, np.ndarray], file_unit: pd.Series,
                 catalog: Catalog, col: Collector) -> None:
    """A figure whose stated unit differs from its indicator's unit (人次 vs 万人次): a warning to confirm."""
    ids_u, ind_idx = ids
    id_codes_u, ind_values = pd.factorize(ids_u, use_na_sentinel=True)     # distinct ids; None → -1
    row_id = id_codes_u[ind_idx]
    both = (row_id >= 0) & file_unit.notna().to_numpy()
    if not both.any():
        return
    ic = row_id[both]
    raw_codes, raw_units = pd.factorize(file_unit.to_numpy(dtype=object)[both])
    str_codes, unit_values = pd.factorize(np.array([str(u) for u in raw_units], dtype=object))
    uc = str_codes[raw_codes]
    pair = ic.astype(np.int64) * len(unit_values) + uc
    uniq, first = np.unique(pair, return_index=True)
    order = np.argsort(first, kind="stable")
    pos = np.flatnonzero(both)
    for p, k in zip(uniq[order], first[order], strict=True):
        ind, unit = ind_values[p // len(unit_values)], unit_values[p % len(unit_values)]
        expected = catalog.indicators[ind].unit
        if _unit_key(unit) != _unit_key(expected):
            idx = f.index[pos[k]]
            col.add("warning", "unit_differs", sheet, int(f.at[idx, "excel_row"]), f.at[idx, "col"], unit=unit,
                    expected=expected, name=catalog.indicators[ind].name_zh)


def _first_cells(f: pd.DataFrame, mask: np.ndarray, key: pd.Series) -> pd.DataFrame:
    sub = f[mask].assign(_key=key[mask].to_numpy())
    first = sub.groupby("_key", sort=False).agg(row=("excel_row", "first"), col=("col", "first"),
                                                n=("excel_row", "size"))
    return first.reset_index()


def _label_issues(f: pd.DataFrame, sheet: str, ind_text: pd.Series, reg_text: pd.Series, period_text: pd.Series,
                  missing: dict[str, np.ndarray], col: Collector) -> None:
    """One issue per distinct unknown indicator, region or period text, at its first cell."""
    miss = missing["ind_unknown"]
    if miss.any():
        for r in _first_cells(f, miss, ind_text).itertuples():
            col.add("error", "unknown_indicator", sheet, int(r.row), r.col, text=r._1, n=int(r.n))
    if missing["ind_text_na"].any():
        r = f[missing["ind_text_na"]].iloc[0]
        col.add("error", "no_indicator", sheet, int(r["excel_row"]), r["col"])
    miss = missing["reg_unknown"]
    if miss.any():
        for r in _first_cells(f, miss, reg_text).itertuples():
            col.add("error", "unknown_region", sheet, int(r.row), r.col, text=r._1, n=int(r.n))
    miss = missing["bad_period"]
    if miss.any():
        for r in _first_cells(f, miss, period_text.astype(str)).itertuples():
            col.add("error", "bad_period", sheet, int(r.row), r.col, text=r._1, n=int(r.n))
    if missing["period_text_na"].any():
        r = f[missing["period_text_na"]].iloc[0]
        col.add("error", "no_period", sheet, int(r["excel_row"]), r["col"])
