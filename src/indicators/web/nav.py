"""The page registry: which pages exist, their titles, icons and the least role that may open them."""

from __future__ import annotations

from dataclasses import dataclass

from ..auth.roles import ANONYMOUS, at_least


@dataclass(frozen=True)
class PageSpec:
    """One page of the app."""

    key: str          # i18n key under nav.* and the url path
    path: str         # file under pages/
    icon: str
    section: str      # i18n key under nav.* for the group
    min_role: str = "viewer"
    default: bool = False


PAGES: list[PageSpec] = [
    PageSpec("overview", "pages/overview.py", ":material/dashboard:", "section_dashboards", default=True),
    PageSpec("safety_index", "pages/safety_index.py", ":material/health_and_safety:", "section_dashboards"),
    PageSpec("risk_warnings", "pages/risk_warnings.py", ":material/crisis_alert:", "section_dashboards"),
    PageSpec("public_security", "pages/public_security.py", ":material/local_police:", "section_dashboards"),
    PageSpec("anti_gang", "pages/anti_gang.py", ":material/gavel:", "section_dashboards"),
    PageSpec("correction", "pages/correction.py", ":material/diversity_3:", "section_dashboards"),
    PageSpec("rule_of_law", "pages/rule_of_law.py", ":material/balance:", "section_dashboards"),
    PageSpec("grassroots", "pages/grassroots.py", ":material/holiday_village:", "section_dashboards"),
    PageSpec("party_smart", "pages/party_smart.py", ":material/hub:", "section_dashboards"),
    PageSpec("indicator_detail", "pages/indicator_detail.py", ":material/query_stats:", "section_dashboards"),
    PageSpec("query", "pages/query.py", ":material/table_view:", "section_data"),
    PageSpec("upload", "pages/upload.py", ":material/upload_file:", "section_data", min_role="analyst"),
    PageSpec("history", "pages/history.py", ":material/history:", "section_data", min_role="analyst"),
    PageSpec("catalogue", "pages/catalogue.py", ":material/category:", "section_data", min_role="analyst"),
    PageSpec("users", "pages/users.py", ":material/manage_accounts:", "section_admin", min_role="admin"),
    PageSpec("audit", "pages/audit.py", ":material/policy:", "section_admin", min_role="admin"),
    PageSpec("login", "pages/login.py", ":material/login:", "section_account", min_role=ANONYMOUS),
]


def allowed(spec: PageSpec, role: str) -> bool:
    """Whether a role may see and open a page."""
    return at_least(role, spec.min_role)
