"""App settings: defaults, the commented file, environment overrides, plain errors."""

from __future__ import annotations

import tomllib

import pytest

from indicators import settings
from indicators.errors import UserError
from indicators.paths import REPO_DIR


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    path = tmp_path / "settings.toml"
    monkeypatch.setenv("INDICATORS_SETTINGS", str(path))
    for s in settings.SETTINGS:
        monkeypatch.delenv(settings.env_name(s.name), raising=False)
    return path


def test_shipped_file_documents_every_setting_with_its_default():
    text = (REPO_DIR / "data" / "settings.toml").read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    for s in settings.SETTINGS:
        found, value = settings._lookup(doc, s.name)
        assert found and value == s.default, s.name
        assert s.help
    assert "INDICATORS_PUBLIC_VIEW" in text


def test_defaults_without_a_file(settings_file):
    assert settings.get("public_view") is True
    assert settings.get("session_idle_minutes") == 30
    assert settings.get("oidc.roles") == {}


def test_file_then_environment(settings_file, monkeypatch):
    settings_file.write_text('public_view = false\nlock_minutes = 2\n[oidc.roles]\n"g-admins" = "admin"\n',
                             encoding="utf-8")
    assert settings.get("public_view") is False and settings.get("lock_minutes") == 2
    assert settings.get("oidc.roles") == {"g-admins": "admin"}
    monkeypatch.setenv("INDICATORS_PUBLIC_VIEW", "on")
    monkeypatch.setenv("INDICATORS_OIDC_DEFAULT_ROLE", "")
    assert settings.get("public_view") is True and settings.get("oidc.default_role") == ""


@pytest.mark.parametrize(("text", "name"), [("public_view = 3\n", "public_view"),
                                            ("lock_minutes = -1\n", "lock_minutes"),
                                            ("lock_minutes = 'x'\n", "lock_minutes")])
def test_bad_values_are_plain_errors(settings_file, text, name):
    settings_file.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=name):
        settings.get(name)


def test_broken_toml_names_the_file(settings_file):
    settings_file.write_text("public_view = \n", encoding="utf-8")
    with pytest.raises(UserError, match="settings.toml"):
        settings.get("public_view")
