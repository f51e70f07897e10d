"""Everything a briefing says, read once from the store: figures, one page chart per domain, the sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from ..catalog import Catalog
from ..charts import ChartSpec
from ..figures import IndicatorFigure, figures
from ..views import domain_chart
from .keyfigures import key_figures
from .request import ReportRequest

# The one chart a domain section shows: the domain page's first chart, of the first kind in this order, drawn for the
# domain's key figures (the rows of its table).
CHART_ORDER = ("change", "compare", "trend", "rates", "pipeline", "composition", "values", "regions")


@dataclass(frozen=True)
class Source:
    """A batch the reported figures come from: seed document or uploaded file, and when it was committed."""

    batch_id: int
    kind: str
    file_name: str
    committed: datetime


@dataclass
class ReportData:
    """The request, the catalogue, the region's figures, each reported domain's chart, the sources, the time."""

    request: ReportRequest
    catalog: Catalog
    figs: list[IndicatorFigure]
    charts: dict[str, ChartSpec | None]
    sources: list[Source]
    when: datetime

    def domains(self) -> list[str]:
        """The domains the report covers, in catalogue order: the requested one, or every domain with data."""
        order = sorted(self.catalog.domains.values(), key=lambda d: d.order)
        wanted = [d.id for d in order if self.request.domain in (None, d.id)]
        return [d for d in wanted if any(f.has_data for f in self.in_domain(d))]

    def in_domain(self, domain: str) -> list[IndicatorFigure]:
        """The figures of one domain (with and without data), in catalogue order."""
        return [f for f in self.figs if f.indicator.domain == domain]

    def reported(self) -> list[IndicatorFigure]:
        """Figures with data in the domains the report covers."""
        return [f for d in self.domains() for f in self.in_domain(d) if f.has_data]


def _batch_ids(figs: list[IndicatorFigure]) -> list[int]:
    ids = {v.batch_id for f in figs for v in (f.current, f.previous, f.reported_change, f.rank) if v is not None}
    return sorted(ids)


def sources(con: duckdb.DuckDBPyConnection, ids: list[int]) -> list[Source]:
    """The batches by id (parameterised), oldest first."""
    if not ids:
        return []
    rows = con.execute("SELECT id, kind, file_name, created_at FROM batch WHERE list_contains($ids::BIGINT[], id) "
                       "ORDER BY id", {"ids": ids}).fetchall()
    return [Source(int(i), str(k), str(f or ""), c) for i, k, f, c in rows]


def gather(con: duckdb.DuckDBPyConnection, catalog: Catalog, request: ReportRequest,
           when: datetime | None = None) -> ReportData:
    """Read the figures (as the pages do), build each covered domain's chart and look up the sources."""
    sel = request.selection
    figs = figures(con, catalog, sel.period, sel.region, sel.compare)
    data = ReportData(request, catalog, figs, {}, [], when or datetime.now())
    data.charts = {d: domain_chart(con, catalog, key_figures(data.in_domain(d)), sel, d, request.lang, CHART_ORDER)
                   for d in data.domains()}
    data.sources = sources(con, _batch_ids(data.reported()))
    return data
