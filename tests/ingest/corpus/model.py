"""One corpus file described once: its sheets, how it is written, and the expectations derived from its cells."""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.catalog import Catalog

from .writers import (
    Blank,
    Fig,
    Formula,
    Pct,
    Sheet,
    Stray,
    col_letter,
    write_delimited,
    write_html_xls,
    write_openpyxl,
    write_raw_xlsx,
    write_xlsxwriter,
    write_xml2003,
)

DP, KY, DPB, NA = "440300DP", "440300DP01", "440300DP02", "440300DP03"
SUBS = [("葵涌办事处", KY), ("大鹏办事处", DPB), ("南澳办事处", NA)]
FAMILIES = ("context", "header", "two_level", "rows", "cell_text", "container", "regions")


def month(y: int, m: int) -> str:
    """Period code of a month."""
    return f"{y}-{m:02d}"


def ytd(y: int, m: int) -> str:
    """Period code of January to month m."""
    return f"{y}YTD{m:02d}"


def pct(a: float, b: float, nd: int = 1) -> float:
    """A change in percent as an office rounds it."""
    return round((a - b) / b * 100, nd)


def number_of(shown: object) -> float:
    """The figure a numeric cell holds (a percent-formatted fraction reads as percent)."""
    if isinstance(shown, Pct):
        return round(shown.fraction * 100, 10)
    if isinstance(shown, Formula):
        return float(shown.cached)
    if isinstance(shown, (int, float)) and not isinstance(shown, bool):
        return float(shown)
    raise ValueError(f"text cell {shown!r} needs its value given")


def fig(shown: object, ind: str, reg: str, per: str, meas: str = "value", value: float | None = None) -> Fig:
    """A figure cell: what it holds and the one figure it means."""
    val = number_of(shown) if value is None else float(value)
    return Fig(shown, [{"indicator": ind, "region": reg, "period": per, "measure": meas, "value": val}])


def change(cur: float, prev: float, ind: str, reg: str, per: str, nd: int = 1, shown: object = None) -> object:
    """A reported 同比 (%) cell: a figure, or "—" when the base is zero."""
    if prev == 0:
        return Blank("—")
    v = pct(cur, prev, nd)
    return fig(v if shown is None else shown, ind, reg, per, "yoy_pct", v)


@dataclass
class Doc:
    """A corpus file: name, writer, sheets, and what the reader must make of it."""

    file: str
    writer: str
    family: list[str]
    note: str
    sheets: list[Sheet] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    must: set[str] = field(default_factory=set)
    may: set[str] = field(default_factory=set)
    regions_to_add: list[dict] = field(default_factory=list)
    sheet_arg: str | None = None

    def sheet(self, name: str = "Sheet1") -> Sheet:
        """Add a sheet."""
        sh = Sheet(name)
        self.sheets.append(sh)
        return sh

    def add_regions(self, parent: str, level: str, names: list[str]) -> None:
        """Regions the runner adds to the test catalogue before reading the file."""
        self.regions_to_add += [{"name_zh": n, "parent": parent, "level": level} for n in names]

    def content(self) -> bytes:
        """The file's bytes (the .xls files are made in one LibreOffice batch elsewhere)."""
        kind, _, opt = self.writer.partition(":")
        if kind == "openpyxl":
            return write_openpyxl(self.sheets)
        if kind == "xlsxwriter":
            return write_xlsxwriter(self.sheets)
        if kind in ("wps", "poi"):
            return write_raw_xlsx(self.sheets, kind)
        if kind == "csv":
            return write_delimited(self.sheets[0], opt)
        if kind == "csvnopad":
            return write_delimited(self.sheets[0], opt, pad=False, newline="\n")
        if kind == "txt16":
            return write_delimited(self.sheets[0], "utf-16", delimiter="\t")
        if kind == "tsv":
            return write_delimited(self.sheets[0], opt, delimiter="\t")
        if kind == "ssv":
            return write_delimited(self.sheets[0], opt, delimiter=";")
        if kind == "html":
            charset, _, ns = opt.partition(":")
            return write_html_xls(self.sheets[0], charset, ns == "excel")
        if kind == "xml2003":
            return write_xml2003(self.sheets)
        raise ValueError(self.writer)

    def expectations(self, catalog: Catalog) -> dict:
        """The expectation JSON: every figure from the figure cells, issues from the cell kinds."""
        added = {r["name_zh"] for r in self.regions_to_add}
        figures, must = [], set(self.must)
        multi = len(self.sheets) > 1
        for sh in self.sheets:
            for r, row in enumerate(sh.rows):
                for c, cell in enumerate(row):
                    ref = f"{col_letter(c)}{r + 1}"
                    if isinstance(cell, Blank):
                        must.add("not_reported")
                    elif isinstance(cell, Stray):
                        must.add("text_in_number")
                    elif isinstance(cell, Fig):
                        for f in cell.figs:
                            figures.append({**f, "indicator": _indicator(f["indicator"], catalog),
                                            "region": _region(f["region"], catalog, added),
                                            "cell": f"{sh.name}!{ref}" if multi else ref})
        if self.writer.split(":")[0] in ("csv", "csvnopad", "txt16", "tsv", "ssv") and "utf-8" not in self.writer:
            must.add("encoding_used")
        out = {"file": self.file, "family": self.family, "tags": self.tags, "note": self.note}
        if self.sheet_arg:
            out["sheet"] = self.sheet_arg
        if self.regions_to_add:
            out["regions_to_add"] = self.regions_to_add
        out.update(figures=figures, must_raise=sorted(must), may_raise=sorted(self.may - must))
        return out


def _indicator(text: str, catalog: Catalog) -> str | dict:
    """{"id"} when the label is exactly a catalogue name or alias, else the text."""
    ind = catalog.find_indicator(text) if " / " not in text else None
    return {"id": ind.id} if ind else text


def _region(text: str, catalog: Catalog, added: set[str]) -> str:
    """Catalogue code when the region is in data/regions.csv, else its text."""
    if text in catalog.regions or text in added:
        return text
    reg = catalog.find_region(text)
    return reg.code if reg else text
