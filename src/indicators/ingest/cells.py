"""Vectorised parsing of cell texts into numbers: separators, %, units, 余/多 (at least), placeholders."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

MISSING = {"", "-", "--", "—", "——", "–", "..", "...", "....", "......", "…", "……", "/", "na", "n/a", "n.a.",
           "+", "x", "*", "不详", "无数据"}
_NUMBER = (r"^(?P<sign>[+-])?(?P<num>\d+(?:\.\d*)?|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?(?P<pct>%)?"
           r"(?P<mult>万|亿)?(?P<more>余|多|以上|\+)?(?P<unit>[^\d%]{0,6})$")
_SEPARATOR = r"(?<=\d)[,，](?=\d{3}(?!\d))"


PERIOD_UNITS = {"年", "月", "日", "号", "號", "年度", "季", "季度", "时", "時", "月份"}


class Parsed:
    """Per-cell numpy arrays of one column: value, qualifier, state, pct, mult, unit, plus ok / number flags.

    Kept as one row per distinct cell (`texts`, None last for empty) and each cell's index into them (`idx`);
    the per-cell arrays are built on first use.
    """

    def __init__(self, u: pd.DataFrame, codes: np.ndarray, texts: np.ndarray | None = None):
        self.idx = np.where(codes < 0, len(u), codes)
        self.u = u
        self.texts = texts
        ok_u = (u["state"] == "ok").to_numpy()
        self.ok_u = np.append(ok_u, False)
        self.number_u = np.append(ok_u & ~u["unit"].isin(PERIOD_UNITS).to_numpy(), False)
        self.missing_u = np.append((u["state"] == "missing").to_numpy(), True)

    def unique(self, name: str) -> np.ndarray:
        """One entry per distinct cell (the last one for empty cells)."""
        if name in ("ok", "number", "missing"):
            return getattr(self, f"{name}_u")
        fill = {"value": np.nan, "qualifier": "exact", "state": "missing", "pct": False, "mult": 1.0, "unit": None}
        kind = {"value": float, "pct": bool, "mult": float}.get(name, object)
        return np.append(self.u[name].to_numpy(dtype=kind), np.array([fill[name]], dtype=kind))

    @cached_property
    def value(self) -> np.ndarray:
        return self.unique("value")[self.idx]

    @cached_property
    def qualifier(self) -> np.ndarray:
        return self.unique("qualifier")[self.idx]

    @cached_property
    def state(self) -> np.ndarray:
        return self.unique("state")[self.idx]

    @cached_property
    def pct(self) -> np.ndarray:
        return self.unique("pct")[self.idx]

    @cached_property
    def mult(self) -> np.ndarray:
        return self.unique("mult")[self.idx]

    @cached_property
    def unit(self) -> np.ndarray:
        return self.unique("unit")[self.idx]

    @cached_property
    def ok(self) -> np.ndarray:
        return self.ok_u[self.idx]

    @cached_property
    def number(self) -> np.ndarray:
        return self.number_u[self.idx]

    @cached_property
    def missing(self) -> np.ndarray:
        return self.missing_u[self.idx]

    def distinct(self, rows: np.ndarray) -> list[str]:
        """Distinct non-empty texts of these rows, in order of first appearance."""
        seen = self.texts[pd.unique(self.idx[rows])] if len(rows) else []
        return list(dict.fromkeys(t for t in seen if t is not None))

    def __getitem__(self, name: str) -> np.ndarray:
        return getattr(self, name)


def parse_column(raw: pd.Series | np.ndarray) -> tuple[np.ndarray, Parsed]:
    """Stripped texts (None for empty) and parsed numbers of one column; each distinct cell handled once."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    stripped = np.array([_strip(v) for v in uniques] + [None], dtype=object)
    text = stripped[np.where(codes < 0, len(uniques), codes)]
    u = _parse_unique(pd.Series(stripped[:-1], dtype=object))
    return text, Parsed(u, codes, stripped)


def _strip(v: object) -> str | None:
    s = str(v).strip(" \t\r\n\u3000\xa0")
    return s or None


def parse_cells(raw: pd.Series) -> pd.DataFrame:
    """Frame aligned with raw: value (float), qualifier, state ('ok'|'missing'|'text'), pct, mult, unit."""
    _, p = parse_column(raw)
    return pd.DataFrame({k: p[k] for k in ("value", "qualifier", "state", "pct", "mult", "unit")}, index=raw.index)


def _parse_unique(texts: pd.Series) -> pd.DataFrame:
    """Distinct cell values: plain numbers on the fast path, the rest through the text rules."""
    n = len(texts)
    value = pd.to_numeric(texts.where(texts.notna(), np.nan), errors="coerce").astype("float64")
    value = value.where(np.isfinite(value))
    out = pd.DataFrame({"value": value, "qualifier": "exact", "state": np.where(value.notna(), "ok", "missing"),
                        "pct": np.zeros(n, dtype=bool), "mult": np.ones(n), "unit": None}, index=texts.index)
    out["unit"] = out["unit"].astype(object)
    todo = value.isna().to_numpy()
    if todo.any():
        rest = _parse_rest(texts[todo])
        out.loc[todo, ["value", "qualifier", "state", "pct", "mult", "unit"]] = rest[
            ["value", "qualifier", "state", "pct", "mult", "unit"]].to_numpy()
    out["value"] = out["value"].astype(float)
    out["pct"] = out["pct"].astype(bool)
    out["mult"] = out["mult"].astype(float)
    return out.reset_index(drop=True)


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
