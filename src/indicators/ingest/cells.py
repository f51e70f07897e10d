"""Vectorised parsing of cell texts into numbers: separators, %, units, 余/多 (at least), placeholders."""

from __future__ import annotations

import numpy as np
import pandas as pd

MISSING = {"", "-", "--", "—", "——", "–", "..", "...", "....", "......", "…", "……", "/", "na", "n/a", "n.a.",
           "+", "x", "*", "不详", "无数据"}
_NUMBER = (r"^(?P<sign>[+-])?(?P<num>\d+(?:\.\d*)?|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?(?P<pct>%)?"
           r"(?P<mult>万|亿)?(?P<more>余|多|以上|\+)?(?P<unit>[^\d%]{0,6})$")
_SEPARATOR = r"(?<=\d)[,，](?=\d{3})"


def parse_cells(raw: pd.Series) -> pd.DataFrame:
    """Frame aligned with raw: value (float), qualifier, state ('ok'|'missing'|'text'), pct, mult, unit."""
    n = len(raw)
    value = pd.to_numeric(raw, errors="coerce").astype("float64")
    value = value.where(np.isfinite(value))
    state = np.where(value.notna(), "ok", "missing").astype(object)
    qualifier = np.full(n, "exact", dtype=object)
    pct = np.zeros(n, dtype=bool)
    mult = np.ones(n)
    unit = np.full(n, None, dtype=object)
    todo = value.isna().to_numpy() & raw.notna().to_numpy()
    if todo.any():
        idx = np.flatnonzero(todo)
        rest = _parse_rest(raw.iloc[idx])
        value.iloc[idx] = rest["value"].to_numpy()
        state[idx] = rest["state"].to_numpy()
        qualifier[idx] = rest["qualifier"].to_numpy()
        pct[idx] = rest["pct"].to_numpy()
        mult[idx] = rest["mult"].to_numpy()
        unit[idx] = rest["unit"].to_numpy()
    return pd.DataFrame({"value": value.to_numpy(), "qualifier": qualifier, "state": state, "pct": pct,
                         "mult": mult, "unit": unit}, index=raw.index)


def _parse_rest(texts: pd.Series) -> pd.DataFrame:
    """The slow path for cells that are not plain numbers (usually few)."""
    s = texts.astype(str).str.normalize("NFKC").str.replace(r"\s+", "", regex=True)
    s = s.str.replace(_SEPARATOR, "", regex=True)
    missing = s.str.lower().isin(MISSING)
    m = s.str.extract(_NUMBER)
    ok = m["num"].notna() & ~missing
    base = pd.to_numeric(m["num"], errors="coerce")
    exp = pd.to_numeric(m["exp"], errors="coerce").fillna(0)
    mult = np.where(m["mult"] == "万", 1e4, np.where(m["mult"] == "亿", 1e8, 1.0))
    sign = np.where(m["sign"] == "-", -1.0, 1.0)
    value = (base * np.power(10.0, exp) * sign * mult).where(ok)
    state = np.where(ok, "ok", np.where(missing, "missing", "text"))
    qualifier = np.where(m["more"].notna() & ok, "at_least", "exact")
    unit = m["unit"].where(ok & (m["unit"].fillna("") != ""), None)
    return pd.DataFrame({"value": value, "state": state, "qualifier": qualifier, "pct": (m["pct"] == "%") & ok,
                         "mult": np.where(ok, mult, 1.0), "unit": unit}, index=texts.index)
