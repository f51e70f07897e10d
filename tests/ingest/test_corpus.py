"""The corpus of office tables (#11): every file yields exactly its expected figures and raises its issues.

The files and expectations are generated once by tests/ingest/corpus/make_corpus.py and committed; this test
only reads them (no LibreOffice needed). Score by family: .venv/bin/python tests/ingest/corpus/score.py
"""

from __future__ import annotations

import pytest

from .corpus.match import compare, expectation_files, load, read, report

PATHS = expectation_files()


def test_the_corpus_is_there():
    assert len(PATHS) >= 48
    for path in PATHS:
        exp = load(path)
        assert exp["figures"] and exp["family"], path.name


@pytest.mark.parametrize("path", PATHS, ids=[p.name.removesuffix(".json") for p in PATHS])
def test_office_table(path, catalog):
    exp = load(path)
    res, codes = read(exp, catalog)
    out = compare(exp, res, codes)
    assert not out.internal, report(out)
    assert out.ok, report(out)
