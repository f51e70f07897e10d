"""Uploads in progress kept per login session beside the store: kept, bounded, private, removed."""

from __future__ import annotations

import secrets

import pytest

from indicators import staging


def _sid() -> str:
    return secrets.token_hex(16)


def test_kept_file_comes_back_with_its_name(db_file):
    sid = _sid()
    assert staging.put(sid, "警情 上报.xlsx", b"PK\x03\x04 data", max_bytes=1000)
    assert staging.get(sid) == ("警情 上报.xlsx", b"PK\x03\x04 data")
    assert staging.root() == db_file.parent / "staging"
    assert staging.put(sid, "second.csv", b"a,b\n1,2\n", max_bytes=1000)   # a new file replaces the old one
    assert staging.get(sid) == ("second.csv", b"a,b\n1,2\n")


def test_only_the_server_user_can_read_it(db_file):
    sid = _sid()
    staging.put(sid, "a.csv", b"x", max_bytes=10)
    folder = staging.root() / sid
    assert folder.stat().st_mode & 0o077 == 0 and (folder / "file").stat().st_mode & 0o077 == 0
    assert (folder / "name").stat().st_mode & 0o077 == 0


def test_too_large_is_not_kept_and_drops_the_previous(db_file):
    sid = _sid()
    staging.put(sid, "a.csv", b"x", max_bytes=10)
    assert not staging.put(sid, "big.csv", b"x" * 11, max_bytes=10)
    assert staging.get(sid) is None


def test_drop_and_unknown_session(db_file):
    sid = _sid()
    assert staging.get(sid) is None
    staging.put(sid, "a.csv", b"x", max_bytes=10)
    staging.drop(sid)
    assert staging.get(sid) is None
    staging.drop(sid)                                   # twice is harmless


@pytest.mark.parametrize("bad", ["../../etc", "", "ABCDEF" * 6, "0" * 31, "/tmp/x"])
def test_a_session_id_never_names_another_folder(db_file, bad):
    with pytest.raises(ValueError):
        staging.put(bad, "a.csv", b"x", max_bytes=10)
    with pytest.raises(ValueError):
        staging.get(bad)


def test_sweep_keeps_live_sessions_only(db_file):
    live, ended = _sid(), _sid()
    for sid in (live, ended):
        staging.put(sid, "a.csv", b"x", max_bytes=10)
    assert staging.sweep({live}) == 1
    assert staging.get(live) is not None and staging.get(ended) is None
    assert staging.sweep({live}) == 0
