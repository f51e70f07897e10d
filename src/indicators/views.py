"""What the dashboards show, computed without Streamlit: the inputs and chart specs of a domain page.

The domain page (web/domain_page.py) and the briefing document (report/) both call these, so a report's chart is
the chart the page shows for the same filters.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from .catalog import Catalog
from .charts import ChartSpec, plan_domain
from .charts.plan import first_chart
from .figures import IndicatorFigure
from .period_rows import one_code_per_period
from .periods import span_codes
from .selection import Selection
from .store import queries as q


def domain_series(con: duckdb.DuckDBPyConnection, domain: str, region: str) -> pd.DataFrame:
    """Every current value of the domain's indicators in the region (all periods: the trend charts' input)."""
    return one_code_per_period(q.current(con, domain=domain, regions=[region], measure="value"))


def subregion_rows(con: duckdb.DuckDBPyConnection, catalog: Catalog, sel: Selection, domain: str) -> pd.DataFrame:
    """Values of the selected region's sub-regions in the period (empty when it has none)."""
    kids = [r.code for r in catalog.children(sel.region)]
    if not kids:
        return pd.DataFrame(columns=["indicator", "region"])
    rows = q.current(con, domain=domain, periods=span_codes(sel.period), regions=kids, measure="value")
    return one_code_per_period(rows)


def domain_specs(con: duckdb.DuckDBPyConnection, catalog: Catalog, figs: list[IndicatorFigure], sel: Selection,
                 domain: str, lang: str) -> list[ChartSpec]:
    """The charts the domain page shows for these figures (the region's, any domain) and filters."""
    mine = [f for f in figs if f.indicator.domain == domain and f.has_data]
    return plan_domain(domain, mine, domain_series(con, domain, sel.region),
                       subregion_rows(con, catalog, sel, domain), lang)


def domain_chart(con: duckdb.DuckDBPyConnection, catalog: Catalog, figs: list[IndicatorFigure], sel: Selection,
                 domain: str, lang: str, kinds: Sequence[str]) -> ChartSpec | None:
    """The domain page's first chart of the first of `kinds` the data allow (only that chart is built)."""
    mine = [f for f in figs if f.indicator.domain == domain and f.has_data]
    return first_chart(domain, mine, lambda: domain_series(con, domain, sel.region),
                       lambda: subregion_rows(con, catalog, sel, domain), lang, kinds)
