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
    assert sum("holdout" in load(p)["tags"] for p in PATHS) >= 40      # the hold-out set (docs_d/e/f.py)
    assert sum("holdout2" in load(p)["tags"] for p in PATHS) >= 30     # the second hold-out set (docs_g/h.py)


@pytest.mark.parametrize("path", PATHS, ids=[p.name.removesuffix(".json") for p in PATHS])
def test_office_table(path, catalog):
    exp = load(path)
    res, codes = read(exp, catalog)
    out = compare(exp, res, codes)
    if not out.ok:                      # the compact diff only, not the Outcome's repr
        pytest.fail(report(out), pytrace=False)


def _perfect_result(exp: dict, codes: dict[str, str]):
    """What a perfect reader would return for an expectation (to test the matcher, not the reader)."""
    import pandas as pd

    from indicators.ingest import IngestResult, Issue

    rows = []
    for f in exp["figures"]:
        ind, reg = f["indicator"], f["region"]
        coded = reg.startswith("440300") or reg in codes
        rows.append({"indicator_id": ind["id"] if isinstance(ind, dict) else None,
                     "indicator_text": None if isinstance(ind, dict) else ind,
                     "region_code": codes.get(reg, reg) if coded else None, "region_text": reg,
                     "period": f["period"], "measure": f["measure"], "value": f["value"], "qualifier": None,
                     "unit": None, "source": f"Sheet1!{f['cell']}"})
    issues = [Issue("info", None, None, None, code, code) for code in exp["must_raise"]]
    return IngestResult("ok", exp["file"], "", observations=pd.DataFrame(rows), issues=issues)


def test_the_matcher_passes_a_perfect_reading_and_catches_extras_and_misses(catalog):
    exp = load(next(p for p in PATHS if p.name.startswith("各社区出租屋管理情况")))
    _, codes = read(exp, catalog)
    perfect = _perfect_result(exp, codes)
    assert compare(exp, perfect, codes).ok
    doubled = _perfect_result(exp, codes)
    doubled.observations = doubled.observations.iloc[[*range(len(exp["figures"])), 0]]   # a figure read twice
    out = compare(exp, doubled, codes)
    assert not out.ok and len(out.extra) == 1 and not out.missing
    short = _perfect_result(exp, codes)
    short.observations = short.observations.iloc[1:].assign(region_text="合计")          # wrong text for a code
    out = compare(exp, short, codes)
    assert len(out.missing) == 1 and not out.extra
