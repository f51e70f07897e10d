"""Export of an explore table: localised sheet, per-row number formats, notes, file name, audit entry."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..compute.sentences import derivation_text
from ..errors import UserError
from ..explore import Filters
from ..i18n import t
from ..naming import batch_name, period_text
from ..periods import parse_period
from ..units import measure_label, measure_unit, name_with_unit
from ..verdicts import verdict_label
from .cells import number_text
from .csv_file import write_csv
from .xlsx import write_xlsx

FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}
MAX_NOTE_LINES = 2000
_BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


@dataclass(frozen=True)
class ExportFile:
    """A built export: its file name, bytes, MIME type and number of data rows."""

    name: str
    data: bytes
    mime: str
    rows: int


def number_format(unit: str, decimals: int) -> str:
    """Excel format for a value: % values as the source shows them (69.6 → 69.6%), others with separators."""
    dec = "." + "0" * decimals if decimals > 0 else ""
    return f'0{dec}"%"' if unit == "%" else f"#,##0{dec}"


def change_format(unit: str, decimals: int, lang: str) -> str:
    """Excel format for a change: per cent for counts, percentage points for rates."""
    dec = "." + "0" * decimals if decimals > 0 else ""
    suffix = "%" if unit == "pct" else t("export.unit_pp", lang)
    return f'+0{dec}"{suffix}";-0{dec}"{suffix}";0{dec}"{suffix}"'


def value_format(measure: str, unit: str, decimals: int, lang: str) -> str:
    """Format of a value cell by its measure: ranks plain, reported changes as changes, values by unit."""
    if measure == "rank":
        return "0"
    if measure in ("yoy_pct", "yoy_pp"):
        return change_format("pct" if measure == "yoy_pct" else "pp", decimals, lang)
    return number_format(unit, decimals)


def _per_row(keys: pd.DataFrame, fn) -> pd.Series:
    """fn(*row) computed once per distinct row of keys (few), then spread to every row (vectorised)."""
    joined = keys.iloc[:, 0].astype("str")
    for col in keys.columns[1:]:
        joined = joined + "\x1f" + keys[col].astype("str")
    codes, uniques = pd.factorize(joined, use_na_sentinel=False)
    mapped = np.array([fn(*str(u).split("\x1f")) for u in uniques] or ["General"], dtype=object)
    return pd.Series(mapped[codes], index=keys.index)


def _labels(values: pd.Series, fn) -> pd.Series:
    """fn over each distinct non-empty value, spread to every row; empty stays empty."""
    codes, uniques = pd.factorize(values)
    mapped = np.array([fn(u) for u in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype="str")


def _verdict_keys(table: pd.DataFrame) -> pd.Series:
    """assessment|noise (1 within normal variation, else 0) of each row; empty without an assessment."""
    noise = table["noise"].astype(bool) if "noise" in table else pd.Series(False, index=table.index)
    keys = table["assessment"].astype("str") + np.where(noise, "|1", "|0")
    return keys.where(table["assessment"].notna(), None)


def change_decimals(table: pd.DataFrame) -> pd.Series:
    """Decimals of each change: a reported change's own, else 2."""
    rep = table["reported_change_decimals"].astype(float).where(table["change_origin"].eq("reported"))
    own = table["decimals"].astype(float).where(table["measure"].isin(["yoy_pct", "yoy_pp"]))
    return own.fillna(rep).fillna(2).astype(int)


def sheet_frame(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """The table as the sheet shows it (localised columns and labels) and each numeric column's formats."""
    def col(key: str) -> str:
        return t(f"export.col_{key}", lang)

    name = table["name_zh" if lang == "zh" else "name_en"]
    region = table["region_zh" if lang == "zh" else "region_en"].fillna(table["region"])
    origin = _labels(table["origin"], lambda o: t(f"common.{o}", lang))
    prev_derived = table["previous_origin"].eq("derived")
    origin = origin.where(~prev_derived, origin + t("export.previous_derived", lang))
    origin = origin.where(~table["qualifier"].eq("at_least"), origin + t("common.at_least", lang))
    change_origin = _labels(table["change_origin"], lambda o: t(f"common.{o}", lang))
    frame = pd.DataFrame({
        col("indicator"): name.astype("str"),
        col("region"): region.astype("str"),
        col("period"): _labels(table["period"], lambda p: period_text(p, lang)),   # an unreadable code as it is
        col("measure"): _labels(table["measure"], lambda m: measure_label(m, lang)),
        col("value"): table["value"].astype(float),
        col("unit"): _per_row(table[["measure", "unit"]], lambda m, u: measure_unit(m, u, lang)).astype("str"),
        col("previous"): table["previous"].astype(float),
        col("change"): table["change"].astype(float),
        col("assessment"): _labels(_verdict_keys(table), lambda k: verdict_label(k.split("|")[0], k.endswith("|1"),
                                                                                 lang)),
        col("origin"): origin.astype("str"),
        col("change_origin"): change_origin.astype("str"),
        col("source"): table["source"].astype("str"),
        col("indicator_id"): table["indicator"].astype("str"),
        col("batch"): table["batch_id"].astype("Int64"),
    })
    keys = table[["measure", "unit", "decimals"]].astype({"decimals": int})
    value_formats = _per_row(keys, lambda m, u, d: value_format(m, u, int(d), lang))
    prev_formats = _per_row(keys[["unit", "decimals"]], lambda u, d: number_format(u, int(d)))
    change_keys = pd.DataFrame({"u": table["change_unit"].astype(str), "d": change_decimals(table)})
    formats = {col("value"): value_formats, col("previous"): prev_formats,
               col("change"): _per_row(change_keys, lambda u, d: change_format(u, int(d), lang))}
    return frame, formats


def _region_part(catalog: Catalog, filters: Filters, lang: str) -> str:
    if not filters.regions:
        return t("export.all_regions", lang)
    first = catalog.regions[filters.regions[0]].name(lang)
    n = len(filters.regions)
    return first if n == 1 else t("export.and_more_regions", lang, first=first, n=n)


def _scope_part(catalog: Catalog, filters: Filters, lang: str) -> str:
    if len(filters.indicators) == 1:
        return catalog.indicators[filters.indicators[0]].name(lang)
    if filters.domain:
        return catalog.domains[filters.domain].name(lang)
    if filters.indicators:
        first = catalog.indicators[filters.indicators[0]].name(lang)
        return t("export.and_more_indicators", lang, first=first, n=len(filters.indicators))
    return t("export.all_indicators", lang)


def period_part(filters: Filters, table: pd.DataFrame, lang: str = "zh") -> str:
    """Period range for names, as people write periods (2022年1-6月, never 2022YTD06): the filter's range, else the
    years present in the table."""
    years = sorted({str(parse_period(p).year) for p in table["period"].dropna().unique()})
    start = _name_period(filters.period_from, lang) if filters.period_from else (years[0] if years else "")
    end = _name_period(filters.period_to, lang) if filters.period_to else (years[-1] if years else "")
    return start if start == end else f"{start}-{end}".strip("-")


def _name_period(code: str, lang: str) -> str:
    """A year as its number (2020-2021 reads well in a name), any other period as people write it."""
    return code if code.isdigit() else period_text(code, lang)


def clean_file_part(text: str) -> str:
    """Text safe in a file name on Windows, macOS and Linux."""
    return _BAD_FILE_CHARS.sub("_", text).strip("._") or "_"


def file_name(catalog: Catalog, filters: Filters, table: pd.DataFrame, fmt: str, lang: str,
              when: datetime) -> str:
    """Name carrying the context, e.g. 大鹏新区_社会治安_2020-2021_20261128.xlsx."""
    parts = [_region_part(catalog, filters, lang), _scope_part(catalog, filters, lang),
             period_part(filters, table, lang), when.strftime("%Y%m%d")]
    return "_".join(clean_file_part(p) for p in parts if p) + f".{fmt}"


def sheet_name(catalog: Catalog, filters: Filters, table: pd.DataFrame, lang: str) -> str:
    """Data sheet name: scope and period range (Excel trims it to 31 characters)."""
    return "_".join(p for p in (_scope_part(catalog, filters, lang), period_part(filters, table, lang)) if p)


def filter_lines(catalog: Catalog, filters: Filters, lang: str) -> list[str]:
    """Human-readable filters, one line each."""
    every = t("export.all", lang)
    inds = "、".join(catalog.indicators[i].name(lang) for i in filters.indicators) or every
    regs = "、".join(catalog.regions[r].name(lang) for r in filters.regions) or every
    dom = catalog.domains[filters.domain].name(lang) if filters.domain else every
    kind = t(f"export.kind_{filters.period_kind}", lang) if filters.period_kind else every
    measure = measure_label(filters.measure, lang)
    return [f"{t('common.domain', lang)}: {dom}", f"{t('common.indicator', lang)}: {inds}",
            f"{t('common.region', lang)}: {regs}",
            f"{t('export.period_range', lang)}: {_bound(filters.period_from, lang)} "
            f"– {_bound(filters.period_to, lang)}",
            f"{t('export.period_kind', lang)}: {kind}", f"{t('export.measure', lang)}: {measure}"]


def _bound(code: str | None, lang: str) -> str:
    return period_text(code, lang) if code else "…"


def _capped(lines: list[str], lang: str) -> list[str]:
    if len(lines) <= MAX_NOTE_LINES:
        return lines
    return lines[:MAX_NOTE_LINES] + [t("export.more_lines", lang, n=len(lines) - MAX_NOTE_LINES)]


def batch_lines(table: pd.DataFrame, lang: str = "zh") -> list[str]:
    """Each batch the figures come from, in words: 批次 1 · 初始数据（2021年工作总结）· time, or the uploaded file."""
    ids = pd.concat([table["batch_id"], table["previous_batch"]]).dropna().astype(int).unique()
    batches = table.drop_duplicates("batch_id").set_index("batch_id")
    out = []
    for b in sorted(ids):
        if b in batches.index:
            row = batches.loc[b]
            name = batch_name(row["batch_kind"], row["batch_file"], lang)
            out.append(t("upload.hist_label", lang, batch=b, name=name,
                         when=f"{pd.Timestamp(row['batch_time']):%Y-%m-%d %H:%M}"))
        else:
            out.append(t("export.batch_only", lang, batch=b))
    return out


def derived_lines(table: pd.DataFrame, lang: str) -> list[str]:
    """Which values are derived (not reported), with how they were derived."""
    name = table["name_zh" if lang == "zh" else "name_en"]
    region = table["region_zh" if lang == "zh" else "region_en"].fillna(table["region"])
    head = name + " · " + region + " · " + _labels(table["period"], lambda p: period_text(p, lang)) + ": "
    own = table["origin"].eq("derived")
    values = pd.Series(number_text(table.loc[own, "value"].to_numpy(float)).to_pandas(), index=head[own].index,
                       dtype="str")
    lines = (head[own] + values + " — " +
             table.loc[own, "derivation"].map(lambda d: derivation_text(d, lang) if isinstance(d, str)
                                               else t("common.derived", lang))).tolist()
    prev = table["previous_origin"].eq("derived") & ~own
    prev_period = _labels(table.loc[prev, "previous_period"], lambda p: period_text(p, lang))
    lines += (head[prev] + t("export.previous_is_derived", lang) + " (" + prev_period + ")").tolist()
    chg = table["change_origin"].eq("derived") & table["measure"].eq("value")
    lines += (head[chg] + t("export.change_is_derived", lang)).tolist()
    return _capped(lines, lang) or [t("export.none", lang)]


def definition_lines(catalog: Catalog, table: pd.DataFrame, lang: str) -> list[str]:
    """Each indicator's definition (口径), unit and source department."""
    out = []
    for ind_id in table["indicator"].dropna().unique():
        ind = catalog.indicators.get(ind_id)
        if ind:
            dept = t("report.dept", lang, dept=ind.source_department) if ind.source_department else ""
            out.append(t("report.definition_line", lang, name_unit=name_with_unit(ind.name(lang), ind.unit, lang),
                         definition=ind.definition or "—", dept=dept))
    return out


def notes(catalog: Catalog, filters: Filters, table: pd.DataFrame, *, user: str | None, lang: str,
          when: datetime) -> dict[str, object]:
    """The notes sheet: filters, time, user, rows, batches, documents, definitions, derived values, legend."""
    def key(k: str) -> str:
        return t(f"export.note_{k}", lang)

    documents = sorted({str(f) for f in table["batch_file"].dropna().unique()})
    return {
        key("title"): f"{t('common.app_title', lang)} · {sheet_name(catalog, filters, table, lang)}",
        key("filters"): filter_lines(catalog, filters, lang),
        key("generated"): when.strftime("%Y-%m-%d %H:%M:%S"),
        key("user"): user or t("export.anonymous", lang),
        key("rows"): f"{len(table):,}",
        key("batches"): batch_lines(table, lang) or [t("export.none", lang)],
        key("documents"): documents or [t("export.none", lang)],
        key("definitions"): definition_lines(catalog, table, lang) or [t("export.none", lang)],
        key("derived"): derived_lines(table, lang),
        key("legend"): [t("export.legend_change", lang), t("export.legend_assessment", lang),
                        t("export.legend_safety", lang)],
    }


def render(catalog: Catalog, filters: Filters, table: pd.DataFrame, fmt: str, *, user: str | None, lang: str,
           when: datetime | None = None) -> ExportFile:
    """Build the file for a table (no database access)."""
    if fmt not in FORMATS:
        raise UserError("export.bad_format", fmt=fmt)
    when = when or datetime.now()
    frame, formats = sheet_frame(table, lang)
    buf = io.BytesIO()
    if fmt == "csv":
        write_csv(frame, buf)
    else:
        write_xlsx(frame, buf, sheet_name=sheet_name(catalog, filters, table, lang), formats=formats,
                   notes=notes(catalog, filters, table, user=user, lang=lang, when=when),
                   notes_sheet=t("export.notes_sheet", lang),
                   notes_headers=(t("export.note_item", lang), t("export.note_content", lang)),
                   creator=user or "", title=sheet_name(catalog, filters, table, lang))
    return ExportFile(file_name(catalog, filters, table, fmt, lang, when), buf.getvalue(), FORMATS[fmt], len(table))
