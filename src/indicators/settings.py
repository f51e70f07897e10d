"""App settings: data/settings.toml (commented), overridable by environment variables INDICATORS_<NAME>.

Settings are data: each is a `Setting(name, default, help)`; the file may set any of them, an
environment variable `INDICATORS_` + name upper-cased with dots as underscores wins over the file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError
from .paths import data_dir


@dataclass(frozen=True)
class Setting:
    """One app setting with its default and a one-line help text."""

    name: str
    default: object
    help: str


SETTINGS: list[Setting] = [
    Setting("public_view", True, "anyone may browse the dashboards without logging in"),
    Setting("session_idle_minutes", 30, "a logged-in session ends after this many idle minutes"),
    Setting("lock_after_failures", 5, "failed logins in a row per name or source before tries wait (2 s, doubling)"),
    Setting("lock_minutes", 15, "longest wait between tries from one source (one name waits at most 30 s)"),
    Setting("upload_max_mb", 50, "largest upload file in MB; a larger one is refused before it is read"),
    Setting("db_wait_seconds", 30.0,
            "how long a page or command waits for another process holding the store before saying so"),
    Setting("log_file", "logs/indicators.log", "file for the tracebacks of unexpected errors (relative: under data/)"),
    Setting("log_max_mb", 10, "the log file is rotated when it reaches this many MB"),
    Setting("log_backups", 5, "how many rotated log files are kept"),
    Setting("safety_index.green_from", 90, "平安指数 score from which a region is graded green (excellent)"),
    Setting("safety_index.blue_from", 80, "score from which a region is graded blue (good); below green_from"),
    Setting("safety_index.orange_from", 70, "score from which a region is graded orange (reminder); below it red"),
    Setting("safety_index.min_coverage", 0.6, "share of the index weight that must hold data, else 数据不足 (0-1)"),
    Setting("early_warning.orange_probability", 0.01,
            "chance that an ordinary month crosses the warning limit (orange); 0.01 = 1 %"),
    Setting("early_warning.red_probability", 0.001, "chance that an ordinary month crosses the action limit (red)"),
    Setting("early_warning.sustained_months", 3, "months of rise in a row (each above expected) that raise orange"),
    Setting("early_warning.min_count", 5, "a month below this count never raises a warning (small counts are noise)"),
    Setting("early_warning.history_years", 5, "years of history the expected value is drawn from"),
    Setting("report.unit_zh", "大鹏新区政法办公室", "issuing office named under a briefing's title (Chinese)"),
    Setting("report.unit_en", "Dapeng New District Political-Legal Affairs Office",
            "issuing office named under a briefing's title (English)"),
    Setting("report.chromium", "/usr/bin/chromium", "Chromium that renders a briefing's charts (never downloaded)"),
    Setting("report.soffice", "soffice", "LibreOffice program that turns a briefing into PDF (name or path)"),
    Setting("upload_max_memory_mb", 2048, "memory in MB the worker reading one upload may use before it is stopped"),
    Setting("upload_max_seconds", 120, "seconds the worker reading one upload may run before it is stopped"),
    Setting("oidc.role_claim", "groups", "claim of the identity token that holds the user's groups or roles"),
    Setting("oidc.roles", {}, "claim value -> role (viewer | analyst | admin); the highest match wins"),
    Setting("oidc.default_role", "viewer", "role of a signed-in user whom no mapping matches ('' = no access)"),
]
BY_NAME = {s.name: s for s in SETTINGS}


def settings_path() -> Path:
    """The settings file: INDICATORS_SETTINGS, else data/settings.toml."""
    env = os.environ.get("INDICATORS_SETTINGS")
    return Path(env) if env else data_dir() / "settings.toml"


def env_name(name: str) -> str:
    """Environment variable that overrides a setting."""
    return "INDICATORS_" + name.replace(".", "_").upper()


def _read_file(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise UserError("errors.settings_toml", path=str(path), detail=str(e)) from e


def _lookup(doc: dict, name: str) -> tuple[bool, object]:
    node: object = doc
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _coerce(setting: Setting, value: object) -> object:
    default = setting.default
    if isinstance(default, bool):
        if isinstance(value, str):
            low = value.strip().lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off"):
                return False
        if isinstance(value, bool):
            return value
    elif isinstance(default, float):
        try:
            if not isinstance(value, bool) and float(value) >= 0:
                return float(value)
        except (TypeError, ValueError):
            pass
    elif isinstance(default, int):
        try:
            if not isinstance(value, bool) and int(value) >= 0:
                return int(value)
        except (TypeError, ValueError):
            pass
    elif isinstance(default, dict):
        if isinstance(value, dict):
            return {str(k): str(v) for k, v in value.items()}
    elif isinstance(value, str):
        return value
    raise UserError("errors.setting_value", name=setting.name, value=repr(value))


def get(name: str) -> object:
    """Current value of a setting: environment, else the file, else its default."""
    setting = BY_NAME[name]
    env = os.environ.get(env_name(name))
    if env is not None and not isinstance(setting.default, dict):
        return _coerce(setting, env)
    found, value = _lookup(_read_file(settings_path()), name)
    return _coerce(setting, value) if found else setting.default
