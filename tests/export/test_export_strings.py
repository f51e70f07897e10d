"""Strings the export and the query page build at run time exist in Chinese and English."""

from __future__ import annotations

from indicators.catalog import MEASURES
from indicators.explore import ALL_MEASURES
from indicators.export.query_export import FORMATS
from indicators.i18n import catalogue
from indicators.periods import KINDS

COLUMNS = ("indicator", "indicator_id", "region", "period", "measure", "value", "unit", "previous", "change",
           "assessment", "origin", "change_origin", "source", "batch")
NOTES = ("title", "filters", "generated", "user", "rows", "batches", "documents", "definitions", "derived", "legend")


def test_run_time_keys_exist_in_both_languages():
    keys = [f"export.col_{c}" for c in COLUMNS] + [f"export.note_{n}" for n in NOTES]
    keys += [f"export.kind_{k}" for k in KINDS] + [f"pages.measure_{m}" for m in (*MEASURES, ALL_MEASURES)]
    keys += [f"export.download_{f}" for f in FORMATS] + [f"export.download_help_{f}" for f in FORMATS]
    cat = catalogue()
    assert [k for k in keys if k not in cat] == []
    assert [k for k in keys if not (cat[k].get("zh") and cat[k].get("en"))] == []
