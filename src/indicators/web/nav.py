"""The page registry: the fixed pages (files under pages/) and one generated page per catalogue domain.

A domain is a row of data/domains.csv: its page (title, icon, URL path = its id) is made from that row (web/routes.py
makes the st.Page) and draws the charts its data call for (charts.plan); no file, no entry to add.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..auth.roles import ANONYMOUS, at_least
from ..catalog import Catalog, Domain

DOMAIN_ICON = ":material/insights:"   # a domain whose row names no icon
DOMAINS_BEFORE = "indicator_detail"    # where the generated domain pages stand in the navigation
LOGIN = "login"                        # the login page's key: hidden from the navigation once logged in


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: a file under pages/, or (domain set) the dashboard of a catalogue domain."""

    key: str          # the url path; for a fixed page also its i18n key under nav.*
    path: str | None  # file under pages/ (None: generated)
    icon: str
    section: str      # i18n key under nav.* for the group
    min_role: str = "viewer"
    default: bool = False
    domain: str | None = None


PAGES: list[PageSpec] = [
    PageSpec("overview", "pages/overview.py", ":material/dashboard:", "section_dashboards", default=True),
    PageSpec("safety_index", "pages/safety_index.py", ":material/health_and_safety:", "section_dashboards"),
    PageSpec("risk_warnings", "pages/risk_warnings.py", ":material/crisis_alert:", "section_dashboards"),
    PageSpec("indicator_detail", "pages/indicator_detail.py", ":material/query_stats:", "section_dashboards"),
    PageSpec("query", "pages/query.py", ":material/table_view:", "section_data"),
    PageSpec("upload", "pages/upload.py", ":material/upload_file:", "section_data", min_role="analyst"),
    PageSpec("history", "pages/history.py", ":material/history:", "section_data", min_role="analyst"),
    PageSpec("catalogue", "pages/catalogue.py", ":material/category:", "section_data", min_role="analyst"),
    PageSpec("users", "pages/users.py", ":material/manage_accounts:", "section_admin", min_role="admin"),
    PageSpec("audit", "pages/audit.py", ":material/policy:", "section_admin", min_role="admin"),
    PageSpec("login", "pages/login.py", ":material/login:", "section_account", min_role=ANONYMOUS),
]


def domain_spec(dom: Domain) -> PageSpec:
    """The generated page of a domain (its URL path is its id, unless a fixed page already has that path)."""
    key = dom.id if all(p.key != dom.id for p in PAGES) else f"{dom.id}_domain"
    return PageSpec(key, None, dom.icon or DOMAIN_ICON, "section_dashboards", domain=dom.id)


def page_specs(catalog: Catalog) -> list[PageSpec]:
    """Every page in navigation order: the domains in catalogue order come just before the indicator detail."""
    domains = [domain_spec(d) for d in sorted(catalog.domains.values(), key=lambda d: d.order)]
    at = next(n for n, p in enumerate(PAGES) if p.key == DOMAINS_BEFORE)
    return [*PAGES[:at], *domains, *PAGES[at:]]


def allowed(spec: PageSpec, role: str) -> bool:
    """Whether a role may see and open a page."""
    return at_least(role, spec.min_role)
