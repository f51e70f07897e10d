"""The upload page's logic: run the pipeline with progress, tables of issues and changes, label mapping, commit."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from ..catalog import Catalog
from ..errors import UserError
from ..i18n import t
from ..ingest import IngestResult, upload_limits
from ..ingest.sandbox import ingest_isolated
from ..ingest.steer import Steer
from ..units import measure_label, measure_unit

UPLOAD_TYPES = ["xlsx", "xls", "xlsm", "csv", "txt", "htm", "html", "mht", "xml"]


def supported_file(name: str) -> bool:
    """Whether the file's extension is one the reader takes (UPLOAD_TYPES)."""
    return name.rsplit(".", 1)[-1].lower() in UPLOAD_TYPES if "." in name else False
PROGRESS_AFTER = 0.3      # seconds: smaller files finish before a progress bar would be worth showing


class Progress:
    """A progress callback that shows st.progress only once the work takes longer than a moment."""

    def __init__(self, text: str, after: float = PROGRESS_AFTER):
        self.text, self.after, self.start, self.bar = text, after, time.monotonic(), None

    def __call__(self, fraction: float, stage: str = "") -> None:
        """Update the bar (created on the first call after `after` seconds) with the pipeline's stage."""
        if self.bar is None and time.monotonic() - self.start < self.after:
            return
        value = min(max(float(fraction), 0.0), 1.0)
        text = f"{self.text} {stage}".strip()
        if self.bar is None:
            self.bar = st.progress(value, text=text)
        else:
            self.bar.progress(value, text=text)

    def done(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.empty()


def run_ingest(data: bytes, file_name: str, catalog: Catalog, *, sheet: str | None,
               mapping: dict[str, str], lang: str, progress: Callable | None = None, steer: Steer | None = None,
               recipes: Mapping[str, tuple[int, str, Steer]] | None = None) -> IngestResult:
    """The pipeline on uploaded bytes, in a capped worker process (ingest/sandbox.py) stopped when this session
    ends, with the analyst's corrections and the saved recipes (applied when the file's layout has one).

    Never raises for bad input (problems come back as issues); sandbox.Cancelled once the session has gone.
    """
    return ingest_isolated(data, file_name, catalog, sheet=sheet, mapping=mapping or None, limits=upload_limits(),
                           progress=progress, lang=lang, steer=steer, recipe_for=recipes.get if recipes else None,
                           cancelled=session_gone)


def session_gone() -> bool:
    """True once this browser session has disconnected or the server is stopping (long work should stop)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not runtime.exists():
        return False
    return not runtime.get_instance().is_active_session(ctx.session_id)


def ingest_key(data: bytes, file_name: str, sheet: str | None, mapping: dict[str, str], lang: str,
               version: str, steer: Steer | None = None, recipes: str = "") -> str:
    """Session-state key of a pipeline result: same bytes, name, options and data version → same result."""
    h = hashlib.sha256(data)
    h.update(repr((file_name, sheet, sorted(mapping.items()), lang, version, steer.to_json() if steer else "",
                   recipes)).encode())
    return "ingest_" + h.hexdigest()[:32]


def layout_text(layout: str, lang: str) -> str:
    """The recognised layout(s) in words; names without a string stay as they are."""
    def one(name: str) -> str:
        text = t(f"upload.layout_{name}", lang)
        return name if text.startswith("upload.") else text
    return " + ".join(one(n) for n in layout.split("+")) if layout else "—"


def issue_table(result: IngestResult, lang: str) -> pd.DataFrame:
    """Issues as plain text: level, sheet, row, column, message."""
    rows = [{t("upload.level", lang): t(f"upload.level_{i.level}", lang), t("upload.sheet", lang): i.sheet or "",
             t("upload.row", lang): "" if i.row is None else str(i.row), t("upload.column", lang): i.column or "",
             t("upload.message", lang): i.text(lang)} for i in result.issues]
    return pd.DataFrame(rows, columns=[t(f"upload.{k}", lang) for k in ("level", "sheet", "row", "column",
                                                                         "message")])


def number_text(value: object) -> str:
    """A stored value for display: 1052, 98.5, or empty when there is none."""
    if value is None or pd.isna(value):
        return ""
    return f"{float(value):.4f}".rstrip("0").rstrip(".")


def number_texts(values: pd.Series) -> pd.Series:
    """number_text over a column, formatting each distinct value once."""
    uniq = values.dropna().unique()
    out = values.map(dict(zip(uniq, (number_text(v) for v in uniq), strict=True))).astype(object)
    return out.where(out.notna(), "")


def measure_labels(measures: pd.Series, lang: str) -> pd.Series:
    """units.measure_label over a column (one lookup per distinct measure)."""
    return measures.map({m: measure_label(m, lang) for m in measures.dropna().unique()})


def measure_units(measures: pd.Series, units: pd.Series, lang: str) -> pd.Series:
    """units.measure_unit over a table's rows (once per distinct measure and unit): 同比 in % or 个百分点, never 起."""
    keys = pd.DataFrame({"m": measures.astype(object).fillna(""), "u": units.astype(object).fillna("")})
    pairs = {(m, u): measure_unit(str(m), str(u), lang) for m, u in keys.drop_duplicates().itertuples(index=False)}
    return pd.Series([pairs[(m, u)] for m, u in keys.itertuples(index=False)], index=measures.index, dtype=object)


def status_labels(statuses: pd.Series, lang: str) -> pd.Series:
    """new / changed / unchanged in words."""
    return statuses.map({s: t(f"upload.{s}", lang) for s in ("new", "changed", "unchanged")})


def preview_table(diff: pd.DataFrame, catalog: Catalog, lang: str, show_unchanged: bool = False) -> pd.DataFrame:
    """What would change: indicator, region, period, previous → new value, unit, status, source."""
    d = diff if show_unchanged else diff[diff["status"] != "unchanged"]
    d = d.astype({c: object for c in d.columns if isinstance(d[c].dtype, pd.CategoricalDtype)})  # plain texts
    inds, regs = catalog.indicators, catalog.regions
    name = {k: v.name(lang) for k, v in inds.items()}
    return pd.DataFrame({
        t("common.indicator", lang): d["indicator_id"].map(name).fillna(d["indicator_id"]),
        t("common.region", lang): d["region_code"].map({k: v.name(lang) for k, v in regs.items()}).fillna(
            d["region_code"]),
        t("common.period", lang): period_labels(d["period"], lang),
        t("upload.measure", lang): measure_labels(d["measure"], lang),
        t("upload.previous", lang): number_texts(d["old_value"]),
        t("common.value", lang): d["value"],
        t("common.unit", lang): measure_units(d["measure"], d["indicator_id"].map({k: v.unit for k, v in inds.items()}),
                                              lang),
        t("upload.status", lang): status_labels(d["status"], lang),
        t("common.source", lang): d["source"].fillna("") if "source" in d else "",
    }).reset_index(drop=True)


def period_labels(periods: pd.Series, lang: str) -> pd.Series:
    """Period codes as people write them (2024-09 → 2024年9月), one parse per distinct code."""
    from ..periods import parse_period

    labels = {}
    for code in periods.dropna().unique():
        try:
            labels[code] = parse_period(str(code)).label(lang)
        except UserError:
            labels[code] = str(code)
    return periods.map(labels).astype(object).where(periods.notna(), "")
