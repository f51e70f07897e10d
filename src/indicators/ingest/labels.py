"""From melted cells to observations: indicator and region texts mapped to the catalogue, periods parsed (a
yearless one completed from the context), units compared, and one issue per distinct unknown label."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..normalize import norm_label
from ..period_text import mentions, yearless
from ..periods import parse_period_text
from .collect import Collector
from .context import Context
from .layout import Layout, Melted
from .model import obj_frame, sources
from .rows import TOTALS as TOTAL_WORDS
from .siblings import sibling_region, siblings_level
from .workbook import Grid

IGNORE = "__ignore__"          # a mapping target: leave these figures out


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


def _periods(frame: pd.DataFrame, lay: Layout, ctx: Context | None,
             used: list[tuple[str, str, str]]) -> tuple[pd.Series, pd.Series, np.ndarray, np.ndarray]:
    """Canonical period code per figure (row, then column, then the table's context), the text it came from, and
    where each is missing; a yearless row period (3月) takes the context's year."""
    text = frame["row_period"].astype(object) if "row_period" in frame else \
        pd.Series(None, index=frame.index, dtype=object)
    if any(c.period for c in lay.columns.values() if c.role == "value"):    # else the column periods are all None
        text = _with_column_year(text, frame["col_period"].astype(object))
        text = text.where(text.notna(), frame["col_period"]).astype(object)
    table_period, fact = (ctx.period() if ctx is not None else (None, None))
    if lay.table_period and table_period is None:
        text = text.where(text.notna(), lay.table_period)
    elif table_period is not None and text.isna().any():
        text = text.where(text.notna(), table_period.code)
        used.append(("period", table_period.label("zh"), fact.where))
    year = ctx.year() if ctx is not None else None
    codes, uniq = pd.factorize(text, use_na_sentinel=True)
    idx = np.where(codes < 0, len(uniq), codes)
    per_u = np.array([period_code(u, year) for u in uniq] + [None], dtype=object)
    if year is not None and any(period_code(u) is None and p is not None for u, p in zip(uniq, per_u[:-1],
                                                                                          strict=True)):
        where = next((f.where for f in ctx.facts if f.kind in ("year", "period") and
                      (f.kind == "year" or f.value.year is not None)), "")
        used.append(("year", str(year), where))
    if any(c.from_context for c in lay.columns.values() if c.role == "value"):
        if table_period is not None:
            used.append(("period", table_period.label("zh"), fact.where))
        elif year is not None:                        # 一季度 … 全年 under a title that names only the year
            where = next((f.where for f in ctx.facts if f.kind == "year" or (f.kind == "period" and
                                                                             f.value.year == year)), "")
            used.append(("year", str(year), where))
    return pd.Series(per_u[idx], index=text.index, dtype=object), text, np.equal(per_u, None)[idx], codes < 0


def _with_column_year(rows: pd.Series, cols: pd.Series) -> pd.Series:
    """Months as rows and years as columns (1月 under 2023年): each figure's period takes its column's year."""
    if rows.isna().all() or cols.isna().all():
        return rows
    codes, uniq = pd.factorize(rows, use_na_sentinel=True)
    yl = [yearless(str(u)) if parse_period_text(str(u)) is None else None for u in uniq]
    if not any(yl):
        return rows
    out = rows.to_numpy(dtype=object).copy()
    col = cols.to_numpy(dtype=object)
    for k in np.flatnonzero(codes >= 0):
        m, c = yl[codes[k]], col[k]
        if m is not None and c is not None and (p := parse_period_text(str(c))) is not None:
            out[k] = m.period(p.year).code
    return pd.Series(out, index=rows.index, dtype=object)


def period_code(text: object, year: int | None = None) -> str | None:
    """Canonical period of a cell: dates, Excel date serials, 2022年1-6月 …; a yearless 3月 in `year`."""
    s = str(text).strip()
    if re.fullmatch(r"(?:19|20)\d{2}\.(?:0?[1-9]|1[0-2])", s):                  # 2024.9 / 2024.10
        y, m = s.split(".")
        return f"{y}-{int(m):02d}"
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
        if p is None and year is not None and (m := yearless(s)) is not None:
            p = m.period(year)
        if p is None:
            found = mentions(s)                  # 2024年前三季度, 2024年7—9月, 二〇二四年九月, 2024.9 as text
            if len(found) == 1 and found[0].year is not None and len(found[0].text) >= len(s.replace(" ", "")) - 2:
                p = found[0].period()
    return p.code if p else None


_RATE = re.compile(r"率|比例|比重|占比|[(（]%[)）]")
_MEASURE_UNIT = {"yoy_pct": "%", "mom_pct": "%", "attainment_pct": "%", "share_pct": "%", "yoy_pp": "个百分点",
                 "mom_pp": "个百分点", "rank": "名"}


def _table_units(lay: Layout, ind_text: pd.Series, measure: pd.Series) -> pd.Series | str:
    """The table's unit (单位：起、%) per figure: % for rates and per-cent changes, else the first other unit."""
    units = lay.table_units or (lay.table_unit,)
    count = next((u for u in units if u not in ("%", "％")), None)
    if len(units) < 2 or count is None:
        return units[0]
    rate = ind_text.astype(str).str.contains("率|比例|占比|百分比", regex=True).to_numpy()
    pct = measure.isin(list(_MEASURE_UNIT)).to_numpy()
    return pd.Series(np.where(rate | pct, "%", count), index=measure.index, dtype=object)


def _measures(f: pd.DataFrame, ind_text: pd.Series | None = None) -> pd.Series:
    """Each figure's measure: its column's, unless the cell wrote a change in words (提高2.6个百分点 → yoy_pp);
    持平 on a rate is no change in points."""
    measure = f["measure"].astype(object)
    if "change" not in f or f["change"].isna().all():
        return measure
    change = f["change"].to_numpy(dtype=object)
    out = measure.to_numpy(dtype=object).copy()
    texts = ind_text.to_numpy(dtype=object) if ind_text is not None else None
    for k in np.flatnonzero(pd.notna(change)):
        kind, col = change[k], out[k]
        if kind == "flat":
            base = "mom" if str(col).startswith("mom") else "yoy"
            rate = texts is not None and texts[k] is not None and bool(_RATE.search(str(texts[k])))
            out[k] = f"{base}_pp" if rate or str(col).endswith("_pp") else f"{base}_pct"
        elif kind == "pp":
            out[k] = "mom_pp" if str(col).startswith("mom") else "yoy_pp"
        elif kind == "pct":
            out[k] = col if col in ("yoy_pct", "mom_pct") else "yoy_pct"
        else:
            out[k] = "change_abs"
    return pd.Series(out, index=f.index, dtype=object)


def _regions(f: pd.DataFrame, catalog: Catalog, ctx: Context | None, regions: dict[str, str], sheet: str,
             col: Collector, used: list[tuple[str, str, str]]) -> tuple[pd.Series, pd.Series, np.ndarray,
                                                                       np.ndarray]:
    """Region code and text per figure, which are unknown, and which to leave out (a total the reader cannot
    place, a region the analyst chose to ignore). A table without a region column takes its context's region."""
    reg_text = f["region_text"].astype(object)
    n = len(f)
    if reg_text.isna().all():
        fact = ctx.first("region") or ctx.first("region_text") if ctx is not None else None
        if fact is None:
            region = catalog.default_region()
            if n:
                col.add("warning", "no_region", sheet, region=region.name(col.lang))
            return (pd.Series(region.code, index=f.index, dtype=object), pd.Series(None, index=f.index, dtype=object),
                    np.zeros(n, dtype=bool), np.zeros(n, dtype=bool))
        name = catalog.regions[fact.value].name_zh if fact.kind == "region" else str(fact.value)
        used.append(("region", name, fact.where))
        reg_text = pd.Series(name, index=f.index, dtype=object)
    reg_codes, reg_uniques = pd.factorize(reg_text, use_na_sentinel=True)
    reg_idx = np.where(reg_codes < 0, len(reg_uniques), reg_codes)
    codes_u = np.array([_region_code(str(u), catalog, regions) for u in reg_uniques] + [None], dtype=object)
    level = siblings_level(list(codes_u[:-1]), catalog) if codes_u[:-1].size and any(c is None for c in
                                                                                      codes_u[:-1]) else None
    if level is not None:
        for k, u in enumerate(reg_uniques):
            if codes_u[k] is None:
                codes_u[k] = sibling_region(str(u), catalog, level)
    drop_u = np.array([c == IGNORE or (c is None and norm_label(str(u).split(" / ")[0]) in TOTAL_WORDS)
                       for c, u in zip(codes_u[:-1], reg_uniques, strict=True)] + [False], dtype=bool)
    totals = np.array([c is None and norm_label(str(u).split(" / ")[0]) in TOTAL_WORDS
                       for c, u in zip(codes_u[:-1], reg_uniques, strict=True)] + [False], dtype=bool)[reg_idx]
    if totals.any():
        first = f[totals].iloc[0]
        col.add("info", "total_skipped", sheet, int(first["excel_row"]), None, text=str(reg_text[totals].iloc[0]))
    codes_u = np.where(codes_u == IGNORE, None, codes_u)
    reg_code = pd.Series(codes_u[reg_idx], index=f.index, dtype=object)
    unknown = np.equal(codes_u, None)[reg_idx] & (reg_idx < len(reg_uniques)) & ~drop_u[reg_idx]
    return reg_code, reg_text, unknown, drop_u[reg_idx]


def _region_code(text: str, catalog: Catalog, regions: dict[str, str]) -> str | None:
    """The analyst's choice for this region text, else the catalogue's region of that name or alias."""
    for key in (text, norm_label(text)):
        if key in regions:
            return regions[key]
    reg = catalog.find_region(text)
    return reg.code if reg is not None else None


def observations(m: Melted, lay: Layout, grid: Grid, catalog: Catalog, mapping: dict[str, str], col: Collector,
                 ctx: Context | None = None, used: list[tuple[str, str, str]] | None = None,
                 regions: dict[str, str] | None = None) -> pd.DataFrame:
    """The figures of a melted table with catalogue ids, periods, units, measures and sources."""
    used = [] if used is None else used
    f = m.frame
    sheet = grid.name
    ind_text = _texts(f, lay)
    ids_u, ind_idx = _indicator_ids(ind_text, catalog, mapping)
    reg_code, reg_text, reg_unknown, reg_drop = _regions(f, catalog, ctx, regions or {}, sheet, col, used)
    drop = reg_drop | np.equal(ids_u, IGNORE)[ind_idx]
    ids_u = np.where(ids_u == IGNORE, None, ids_u)
    ind_id = pd.Series(ids_u[ind_idx], index=f.index, dtype=object)
    if drop.any():
        keep = ~drop
        f, ind_text, ind_id, reg_text, reg_code = (x[keep] for x in (f, ind_text, ind_id, reg_text, reg_code))
        ind_idx, reg_unknown = ind_idx[keep], reg_unknown[keep]
    period, period_text, period_na, period_text_na = _periods(f, lay, ctx, used)
    no_text = ind_idx == len(ids_u) - 1
    missing = {"ind_unknown": np.equal(ids_u, None)[ind_idx] & ~no_text, "ind_text_na": no_text,
               "reg_unknown": reg_unknown, "bad_period": period_na & ~period_text_na, "period_text_na": period_text_na}
    relative = next((c.meaning.rel_text for c in lay.columns.values() if c.role == "value" and c.meaning is not None
                     and c.meaning.rel and c.period is None), None)
    _label_issues(f, sheet, ind_text, reg_text, period_text, missing, col, relative)
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
    measure = _measures(f, ind_text)
    if lay.table_unit:
        file_unit = file_unit.where(file_unit.notna(), _table_units(lay, ind_text, measure))
    plain = measure.isin(["value", "target", "change_abs"]).to_numpy()
    _unit_issues(f[plain], sheet, (ids_u, ind_idx[plain]), file_unit[plain], catalog, col)
    unit = unit_cat.where(unit_cat.notna() & plain, file_unit).astype(object)
    unit = unit.where(plain | unit.notna(), measure.map(_MEASURE_UNIT)).astype(object)
    value = f["value"].astype(float)
    big_unit = _per_indicator(ids_u, ind_idx, lambda k: inds[k].unit.startswith(("万", "亿")), f.index).eq(True)
    scaled = (f["mult"] != 1) & big_unit
    if scaled.any():
        value = value.where(~scaled, value / f["mult"])
    n = len(f)
    src = sources(sheet, f["col"].to_numpy(dtype=object), f["excel_row"].to_numpy())
    return obj_frame({
        "indicator_id": ind_id.to_numpy(dtype=object), "indicator_text": ind_text.to_numpy(dtype=object),
        "region_code": reg_code.to_numpy(dtype=object), "region_text": reg_text.to_numpy(dtype=object),
        "period": period.to_numpy(dtype=object), "measure": measure.to_numpy(dtype=object),
        "value": value.to_numpy(dtype=float), "qualifier": f["qualifier"].to_numpy(dtype=object),
        "unit": unit.to_numpy(dtype=object),
        "decimals": _per_indicator(ids_u, ind_idx, lambda k: inds[k].decimals, f.index).astype("Int64").to_numpy(),
        "source": src, "_sheet": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), [sheet]),
        "_row": f["excel_row"].to_numpy(dtype=int),
        "_col": f["col"].to_numpy(dtype=object),
    }, index=pd.RangeIndex(n))


_SAME_UNIT = {"件": "起", "宗": "起", "名": "人", "％": "%", "百分比": "%", "percent": "%"}


def unit_key(unit: object) -> str:
    """A unit compared loosely: 件 and 宗 are 起, 名 is 人, ％ is %."""
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
        if unit_key(unit) != unit_key(expected):
            idx = f.index[pos[k]]
            col.add("warning", "unit_differs", sheet, int(f.at[idx, "excel_row"]), f.at[idx, "col"], unit=unit,
                    expected=expected, name=catalog.indicators[ind].name_zh)


def _first_cells(f: pd.DataFrame, mask: np.ndarray, key: pd.Series) -> list[tuple[int, str, str, int]]:
    """(row, column, text, figures) of each distinct text among the masked figures, at its first cell."""
    rows = f["excel_row"].to_numpy()[mask]
    cols = f["col"].to_numpy(dtype=object)[mask]
    codes, uniques = pd.factorize(key.to_numpy(dtype=object)[mask])
    first = np.full(len(uniques), len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    counts = np.bincount(codes, minlength=len(uniques))
    return [(int(rows[first[u]]), cols[first[u]], uniques[u], int(counts[u])) for u in range(len(uniques))]


def _label_issues(f: pd.DataFrame, sheet: str, ind_text: pd.Series, reg_text: pd.Series, period_text: pd.Series,
                  missing: dict[str, np.ndarray], col: Collector, relative: str | None = None) -> None:
    """One issue per distinct unknown indicator, region or period text, at its first cell."""
    miss = missing["ind_unknown"]
    if miss.any():
        for row, c, text, n in _first_cells(f, miss, ind_text):
            col.add("error", "unknown_indicator", sheet, row, c, text=text, n=n)
    if missing["ind_text_na"].any():
        r = f[missing["ind_text_na"]].iloc[0]
        col.add("error", "no_indicator", sheet, int(r["excel_row"]), r["col"])
    miss = missing["reg_unknown"]
    if miss.any():
        for row, c, text, n in _first_cells(f, miss, reg_text):
            col.add("error", "unknown_region", sheet, row, c, text=text, n=n)
    miss = missing["bad_period"]
    if miss.any():
        for row, c, text, n in _first_cells(f, miss, period_text.astype(str)):
            col.add("error", "bad_period", sheet, row, c, text=text, n=n)
    if missing["period_text_na"].any():
        r = f[missing["period_text_na"]].iloc[0]
        if relative:
            col.add("error", "relative_period", sheet, int(r["excel_row"]), r["col"], text=relative)
        else:
            col.add("error", "no_period", sheet, int(r["excel_row"]), r["col"])
