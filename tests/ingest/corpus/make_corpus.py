"""Write every corpus file and its expectations from one description (run by hand; the output is committed).

    .venv/bin/python tests/ingest/corpus/make_corpus.py        # needs LibreOffice (soffice) for the .xls files

Each description (docs_a/b/c.py; the hold-out sets in docs_d/e/f.py and docs_g/h.py) builds the sheets cell by
cell; a figure cell carries the figure it means, so the expected figures are complete and agree with the file by
construction. Faults are written on purpose and listed in must_raise.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# The committed workbooks were serialised by openpyxl's standard-library writer; with lxml installed openpyxl writes
# the same XML with other bytes (`<x/>` for `<x />`), so regenerating would rewrite every openpyxl file.
os.environ.setdefault("OPENPYXL_LXML", "False")

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
MAX_BYTES = 60 * 1024

if __package__ in (None, ""):
    sys.path[:0] = [str(REPO), str(REPO / "src")]
    __package__ = "tests.ingest.corpus"

from indicators.catalog import load_catalog  # noqa: E402

from . import docs_c, docs_d, docs_e, docs_f, docs_g, docs_h  # noqa: E402, F401  (register their files; d-f, g-h: hold-outs)
from .docs_a import DOCS  # noqa: E402
from .model import FAMILIES  # noqa: E402
from .writers import write_xls_batch  # noqa: E402


def build() -> list:
    """All descriptions, checked: unique names, known families."""
    docs = [fn() for fn in DOCS]
    names = [d.file for d in docs]
    assert len(names) == len(set(names)), "duplicate file names"
    for d in docs:
        assert d.family and set(d.family) <= set(FAMILIES), (d.file, d.family)
    return docs


def main() -> None:
    """Write files/ and expected/ afresh."""
    catalog = load_catalog()
    docs = build()
    files, expected = HERE / "files", HERE / "expected"
    manifest = HERE / "xls_sources.json"
    known = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    for folder in (files, expected):
        folder.mkdir(exist_ok=True)
    xls = write_xls_batch({d.file: d.sheets for d in docs if d.writer == "xls"}, known, files)
    names = {d.file for d in docs}
    for old in [*files.iterdir(), *expected.iterdir()]:
        if old.name.removesuffix(".json") not in names:
            old.unlink()
    manifest.write_text(json.dumps(known, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for d in docs:
        data = xls[d.file] if d.writer == "xls" else d.content()
        assert len(data) < MAX_BYTES, (d.file, len(data))
        (files / d.file).write_bytes(data)
        exp = d.expectations(catalog)
        assert exp["figures"], d.file
        (expected / f"{d.file}.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
    n_figs = sum(len(d.expectations(catalog)["figures"]) for d in docs)
    print(f"{len(docs)} files, {n_figs} expected figures")


if __name__ == "__main__":
    main()
