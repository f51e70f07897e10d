"""Unexpected errors kept: their tracebacks go to a rotated log file (setting log_file), the user gets one line."""

from __future__ import annotations

import logging
import secrets
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from . import settings
from .paths import data_dir

ROOT = "indicators"               # every module's logging.getLogger(__name__) is below it
STREAMLIT = "streamlit.error_util"   # where Streamlit logs an exception a page did not catch ("Uncaught app …")
_LOCK = threading.Lock()
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"


def log_path() -> Path | None:
    """The log file from the settings (relative to data/), or None when logging to a file is off."""
    raw = str(settings.get("log_file")).strip()
    if not raw:
        return None
    path = Path(raw)
    return path if path.is_absolute() else data_dir() / path


def setup() -> Path | None:
    """Attach the rotating file handler to the 'indicators' logger once per process and path; return the path.

    A folder that cannot be written leaves logging on the console (stderr), never stops the app.
    """
    path = log_path()
    logger = logging.getLogger(ROOT)
    logger.setLevel(logging.INFO)
    with _LOCK:
        if path is None or any(getattr(h, "baseFilename", None) == str(path) for h in logger.handlers):
            return path
        return _attach(path, logger)


def _attach(path: Path, logger: logging.Logger) -> Path | None:
    """Replace the loggers' rotating handler by one on path (our modules', and Streamlit's uncaught page errors)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=int(settings.get("log_max_mb")) * 1024 * 1024,
                                      backupCount=int(settings.get("log_backups")), encoding="utf-8")
    except OSError as e:
        logging.getLogger(__name__).warning("cannot write the log file %s: %s", path, e)
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    for target in (logger, logging.getLogger(STREAMLIT)):
        for old in [h for h in target.handlers if isinstance(h, RotatingFileHandler)]:
            target.removeHandler(old)
            old.close()
        target.addHandler(handler)
    return path


def unexpected(log: logging.Logger, what: str) -> str:
    """Log the exception being handled with its traceback and a short reference; return the reference.

    Call inside `except Exception:`; show the user one line naming the reference (errors.internal).
    """
    ref = secrets.token_hex(4)
    log.exception("unexpected error [%s] while %s", ref, what)
    return ref
