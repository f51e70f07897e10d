"""Single sign-on: configuration checks, claim → role mapping, SSO accounts (no provider can run here)."""

from __future__ import annotations

import tomllib

import pytest

from indicators import auth
from indicators.actions import SYSTEM, users
from indicators.auth import sso
from indicators.paths import REPO_DIR
from indicators.store import audit

GOOD = {"redirect_uri": "https://zfb.example.gov.cn/oauth2callback", "cookie_secret": "x" * 40,
        "client_id": "dashboard", "client_secret": "s3cr3t",
        "server_metadata_url": "https://sso.example.gov.cn/.well-known/openid-configuration"}


def test_good_configuration_has_no_problems():
    assert sso.config_problems(GOOD, {"g": "admin"}) == []
    assert sso.config_problems({}) == []  # not configured: nothing to complain about


def test_named_provider_sections():
    section = {"redirect_uri": GOOD["redirect_uri"], "cookie_secret": GOOD["cookie_secret"],
               "keycloak": {k: GOOD[k] for k in sso.PROVIDER_KEYS}}
    assert sso.config_problems(section) == []
    section["bad_name"] = {"client_id": "x"}
    problems = [p.text("en") for p in sso.config_problems(section)]
    assert any("must not contain '_'" in p for p in problems)
    assert any("[auth.bad_name] lacks client_secret" in p for p in problems)
    assert any("[auth.bad_name] 缺少 client_secret" in p.text("zh") for p in sso.config_problems(section))


@pytest.mark.parametrize(("change", "expected"), [
    ({"redirect_uri": "https://zfb.example.gov.cn/callback"}, "redirect_uri"),
    ({"redirect_uri": "http://zfb.example.gov.cn/oauth2callback"}, "redirect_uri"),
    ({"cookie_secret": "short"}, "cookie_secret"),
    ({"server_metadata_url": "http://sso.example.gov.cn/x"}, "https"),
    ({"client_secret": ""}, "lacks client_secret"),
])
def test_problems_are_named(change, expected):
    assert any(expected in p.text("en") for p in sso.config_problems({**GOOD, **change}))


def test_problems_never_repeat_secrets():
    problems = sso.config_problems({**GOOD, "cookie_secret": "tiny", "redirect_uri": "ftp://x"})
    assert problems and not any("tiny" in str(p) or "s3cr3t" in str(p) for p in problems)


def test_unknown_role_in_mapping():
    assert any("unknown role 'boss'" in p.text("en") for p in sso.config_problems(GOOD, {"g": "boss"}))


def test_example_secrets_file_passes_the_checks():
    doc = tomllib.loads((REPO_DIR / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8"))
    assert sso.config_problems(doc["auth"]) == []


@pytest.mark.parametrize(("claims", "default", "role"), [
    ({"groups": ["staff", "zfb-analysts"]}, "viewer", "analyst"),
    ({"groups": ["zfb-analysts", "zfb-admins"]}, "viewer", "admin"),
    ({"groups": "zfb-admins"}, "viewer", "admin"),
    ({"groups": ["staff"]}, "viewer", "viewer"),
    ({"groups": ["staff"]}, "", None),
    ({}, "", None),
])
def test_role_from_claims(claims, default, role):
    mapping = {"zfb-analysts": "analyst", "zfb-admins": "admin", "odd": "boss"}
    assert sso.role_from_claims(claims, "groups", mapping, default) == role


def test_sso_login_creates_updates_and_audits(con, monkeypatch):
    monkeypatch.setenv("INDICATORS_SETTINGS", "/nonexistent/settings.toml")
    claims = {"email": "li@example.gov.cn", "groups": ["x"], "sub": "123"}
    assert sso.sso_login(con, claims) == ("li@example.gov.cn", "viewer")
    user = auth.get_user(con, "li@example.gov.cn")
    assert user.source == "oidc" and not auth.verify_password("", None)
    assert not auth.authenticate(con, "li@example.gov.cn", "anything-at-all").ok  # no password login
    monkeypatch.setenv("INDICATORS_OIDC_DEFAULT_ROLE", "")
    with pytest.raises(auth.PermissionDenied):
        sso.sso_login(con, claims)
    rows = audit.entries(con, user="li@example.gov.cn")
    assert rows["action"].tolist()[:3] == ["login_failed", "login_failed", "login"]


def test_sso_cannot_take_over_a_local_account(con, monkeypatch):
    monkeypatch.setenv("INDICATORS_SETTINGS", "/nonexistent/settings.toml")
    users.add(con, SYSTEM, "root@example.gov.cn", "admin-pass-1", "admin")
    with pytest.raises(auth.PermissionDenied):
        sso.sso_login(con, {"email": "root@example.gov.cn"})
    assert auth.get_user(con, "root@example.gov.cn").source == "local"
