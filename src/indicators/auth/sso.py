"""Optional OIDC single sign-on: configuration checks and claim → role mapping (Streamlit does the flow)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import duckdb

from .. import settings
from ..errors import Message, message
from ..store import audit
from ..store.db import transaction
from .roles import RANK, PermissionDenied
from .users import clean_name, get_user, insert_row

SHARED_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
NON_PROVIDER = {"client_kwargs"}
MIN_COOKIE_SECRET = 32


def providers(section: Mapping) -> dict[str, Mapping]:
    """Provider configurations of an [auth] section: 'default' (flat keys) and named [auth.x] tables."""
    found = {k: v for k, v in section.items() if isinstance(v, Mapping) and k not in NON_PROVIDER}
    if any(k in section for k in PROVIDER_KEYS):
        found["default"] = {k: section[k] for k in PROVIDER_KEYS if k in section}
    return found


def _url_ok(url: object) -> bool:
    text = str(url or "")
    return text.startswith("https://") or text.startswith(("http://localhost", "http://127.0.0.1"))


def config_problems(section: Mapping | None, role_map: Mapping[str, str] | None = None) -> list[Message]:
    """Every problem of an [auth] secrets section and the claim → role mapping (empty list = usable)."""
    if not section:
        return []
    problems = [message("errors.sso_lacks", section="auth", key=k) for k in SHARED_KEYS if not section.get(k)]
    redirect = str(section.get("redirect_uri") or "")
    if redirect and (not _url_ok(redirect) or not redirect.endswith("/oauth2callback")):
        problems.append(message("errors.sso_redirect"))
    if section.get("cookie_secret") and len(str(section["cookie_secret"])) < MIN_COOKIE_SECRET:
        problems.append(message("errors.sso_cookie_secret", n=MIN_COOKIE_SECRET))
    found = providers(section)
    if not found:
        problems.append(message("errors.sso_no_provider"))
    for name, conf in found.items():
        if "_" in name:
            problems.append(message("errors.sso_provider_name", section=f"auth.{name}"))
        problems += [message("errors.sso_lacks", section=f"auth.{name}", key=k) for k in PROVIDER_KEYS
                     if not conf.get(k)]
        if conf.get("server_metadata_url") and not _url_ok(conf["server_metadata_url"]):
            problems.append(message("errors.sso_metadata_url", section=f"auth.{name}"))
    for value, role in (role_map or {}).items():
        if role not in RANK:
            problems.append(message("errors.sso_unknown_role", value=value, role=role))
    return problems


def role_from_claims(claims: Mapping, claim: str, role_map: Mapping[str, str], default: str | None) -> str | None:
    """The highest role any claim value maps to, else the default ('' or None = no access)."""
    raw = claims.get(claim)
    values = [raw] if isinstance(raw, str) else list(raw or []) if isinstance(raw, (list, tuple)) else []
    roles = [role_map[str(v)] for v in values if str(v) in role_map and role_map[str(v)] in RANK]
    if roles:
        return max(roles, key=RANK.__getitem__)
    return default if default in RANK else None


def user_name(claims: Mapping) -> str:
    """The account name for a signed-in identity: its e-mail, else its subject."""
    name = claims.get("email") or claims.get("preferred_username") or claims.get("sub")
    if not name:
        raise PermissionDenied("errors.sso_no_subject")
    return clean_name(str(name))


def sso_login(con: duckdb.DuckDBPyConnection, claims: Mapping) -> tuple[str, str]:
    """Create or update the SSO account from the claims and audit the login; return (name, role)."""
    name = user_name(claims)
    role = role_from_claims(claims, str(settings.get("oidc.role_claim")), settings.get("oidc.roles"),
                            str(settings.get("oidc.default_role")))
    existing = get_user(con, name)
    with transaction(con):
        if role is None or (existing and (existing.source != "oidc" or existing.disabled)):
            reason = "no_role" if role is None else ("local_name" if existing.source != "oidc" else "disabled")
            audit.log(con, name, "login_failed", {"method": "oidc", "reason": reason})
            denied = True
        else:
            denied = False
            if existing:
                con.execute("UPDATE users SET role = $role, last_login_at = $now WHERE name = $name",
                            {"role": role, "now": datetime.now(), "name": name})
            else:
                now = datetime.now()
                insert_row(con, name=name, role=role, source="oidc", created_at=now, created_by="oidc",
                           last_login_at=now)
            audit.log(con, name, "login", {"method": "oidc", "role": role})
    if denied:
        raise PermissionDenied("errors.sso_no_access", name=name)
    return name, role
