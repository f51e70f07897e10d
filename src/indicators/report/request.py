"""What a briefing covers (period, comparison, region, optional domain), its format and language, checked."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ..catalog import Catalog
from ..errors import Named, UserError
from ..explore import find_domain
from ..i18n import LANGS
from ..periods import read_period
from ..selection import Selection
from ..store import queries as q

FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf"}


@dataclass(frozen=True)
class ReportRequest:
    """A checked request: canonical period codes, a region code, a domain id or None, docx | pdf, zh | en."""

    period: str
    compare: str
    region: str
    domain: str | None = None
    fmt: str = "docx"
    lang: str = "zh"

    @property
    def selection(self) -> Selection:
        """The dashboard filters this request stands for."""
        return Selection(self.period, self.compare, self.region)

    def as_dict(self) -> dict[str, str | None]:
        """Plain values for the audit log."""
        return {"period": self.period, "compare": self.compare, "region": self.region, "domain": self.domain,
                "format": self.fmt, "lang": self.lang}


def check_format(fmt: str) -> str:
    """docx or pdf (case-insensitive), else a UserError."""
    low = (fmt or "").lower().lstrip(".")
    if low not in FORMATS:
        raise UserError("report.bad_format", fmt=fmt)
    return low


def parse_request(con: duckdb.DuckDBPyConnection, catalog: Catalog, *, period: str, region: str | None = None,
                  domain: str | None = None, compare: str | None = None, fmt: str = "docx",
                  lang: str = "zh") -> ReportRequest:
    """Check every field against the catalogue and the data; a UserError names what is wrong."""
    if lang not in LANGS:
        raise UserError("errors.unknown_language", lang=lang)
    p = read_period(period)
    c = read_period(compare) if compare else p.previous_year()
    reg = (catalog.regions.get(region) or catalog.region(region)) if region else catalog.default_region()
    dom = find_domain(catalog, domain) if domain else None
    req = ReportRequest(p.code, c.code, reg.code, dom, check_format(fmt), lang)
    if p.code not in q.periods(con, reg.code):
        raise UserError("report.no_data", region=Named(reg.name_zh, reg.name_en),
                        period=Named(p.label("zh"), p.label("en")))
    return req
