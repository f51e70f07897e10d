"""Uploads in progress, kept on the server per login session so that a reload finds the file again.

One folder per session record (auth/sessions.py) beside the store, readable by the server's user only, holding the
file's bytes and its name; removed when the upload is committed or discarded, at logout, and (sweep) once its
session has ended or gone idle. A file larger than the upload limit is never kept.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from .paths import data_dir, db_target

_SID = re.compile(r"^[0-9a-f]{32}$")
DATA, NAME = "file", "name"


def root() -> Path:
    """The staging folder: beside the DuckDB file, or in data/ when the store is a server."""
    target = db_target()
    base = data_dir() if "://" in target else Path(target).parent
    return base / "staging"


def _folder(sid: str) -> Path:
    if not _SID.match(sid or ""):
        raise ValueError("not a session id")
    return root() / sid


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def put(sid: str, name: str, data: bytes, max_bytes: int) -> bool:
    """Keep a session's upload in progress (replacing the one before); False when it is too large to keep."""
    if len(data) > max_bytes:
        drop(sid)
        return False
    folder = _folder(sid)
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    _write(folder / DATA, data)
    _write(folder / NAME, name.encode("utf-8"))
    return True


def get(sid: str) -> tuple[str, bytes] | None:
    """A session's upload in progress: (file name, bytes), or None."""
    folder = _folder(sid)
    try:
        return (folder / NAME).read_text(encoding="utf-8"), (folder / DATA).read_bytes()
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None


def drop(sid: str) -> None:
    """Forget a session's upload in progress (committed, discarded, logged out)."""
    shutil.rmtree(_folder(sid), ignore_errors=True)


def sweep(live: set[str]) -> int:
    """Remove the uploads of sessions no longer live; return how many were removed."""
    if not root().is_dir():
        return 0
    gone = [p for p in root().iterdir() if p.name not in live]
    for folder in gone:
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            folder.unlink(missing_ok=True)
    return len(gone)
