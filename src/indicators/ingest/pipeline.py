"""The ingest pipeline: read → per sheet: tables, context, columns, rows, figures → map labels → check."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

import pandas as pd

from ..catalog import Catalog
from ..i18n import t
from ..normalize import norm_label
from .checks import run_checks
from .collect import Collector
from .fast import fast_ingest
from .fingerprint import fingerprint
from .guard import check_lines, check_upload
from .labels import IGNORE
from .model import OBS_FIELDS, IngestResult, Limits, as_labels
from .readers import ReadRefused, read_any
from .sheet import cover_lines, read_sheet
from .steer import Steer

Progress = Callable[[float, str], None]
BACKGROUND_HASH_BYTES = 4 * 1024 * 1024


def _noop(_f: float, _s: str) -> None:
    return None


RecipeLookup = Callable[[str], "tuple[int, str, Steer] | None"]


def ingest(data: bytes, file_name: str, catalog: Catalog, *, sheet: str | None = None,
           mapping: dict[str, str] | None = None, limits: Limits | None = None,
           progress: Progress | None = None, lang: str = "zh", steer: Steer | None = None,
           recipe_for: RecipeLookup | None = None, measure_sheets: bool = True) -> IngestResult:
    """Read, recognise, map, parse and check an upload; never raises for anything in the file.

    mapping: label text → indicator id (or IGNORE); steer: the analyst's corrections of the reading.
    recipe_for: the recipe (id, name, corrections) saved for a layout fingerprint, applied under the given steer.
    measure_sheets=False: the caller measures the xlsx sheet extents itself (sandbox.py does, beside the worker).
    """
    t0 = time.perf_counter()
    limits = limits or Limits()
    progress = progress or _noop
    col = Collector(lang, limits.max_issues_per_check)
    res = IngestResult("refused", file_name, "", size=len(data))
    digest = _sha256_soon(data)
    progress(0.02, t("ingest.stage_read", lang))
    steer = steer or Steer()
    try:
        check_upload(data, file_name, sheet, limits, measure_sheets)   # guard.py: sizes, extents before any reader
    except ReadRefused as e:
        col.add("error", e.code, **{"file": file_name, **e.params})
        return _finish(res, col, t0, digest)
    plain = sheet is None and not mapping and steer.is_empty()
    fast = fast_ingest(data, file_name, catalog, limits, res, lang) if plain else None
    if fast is not None:                      # a large, clean long CSV: same result, without the cell-by-cell work
        return _finish(res, fast, t0, digest)
    try:
        check_lines(data, file_name, limits)                  # guard.py: every line of a text file
        wb = read_any(data, file_name, sheet, limits)
    except ReadRefused as e:
        col.add("error", e.code, **{"file": file_name, **e.params})
        return _finish(res, col, t0, digest)
    except MemoryError:                       # the worker's memory cap (sandbox.py) answers this one
        raise
    except Exception as e:  # noqa: BLE001 - a reader bug on odd input: logged, and a plain refusal
        col.unexpected(e)
        return _finish(res, col, t0, digest)
    res.timings["read"] = time.perf_counter() - t0
    res.fingerprint = fingerprint(wb)
    found = recipe_for(res.fingerprint) if recipe_for is not None else None
    if found is not None:
        res.recipe = (found[0], found[1])
        steer = found[2].merged(steer)
        col.add("info", "recipe_applied", name=found[1])
    res.encoding, res.sheetless = wb.encoding, wb.kind == "csv"
    if wb.encoding:
        col.add("info", "encoding_used", encoding=wb.encoding)
    for code, params in wb.notes:
        col.add("info", code, **params)
    cells = sum(g.cells.size for g in wb.sheets)
    if cells > limits.max_cells:
        col.add("error", "too_many_cells", cells=cells, limit=limits.max_cells)
        return _finish(res, col, t0, digest)
    frames, layouts = [], []
    mapping = _norm_mapping({**steer.labels, **(mapping or {})}, catalog, col)
    regions = _norm_regions(steer.regions, catalog, col)
    single = sheet is not None or len(wb.sheets) == 1
    covers = {} if single else {g.name: lines for g in wb.sheets if (lines := cover_lines(g)) is not None}
    cover = [line for lines in covers.values() for line in lines]
    for name in covers:
        col.add("info", "cover_sheet", sheet=name)
        res.readings[name] = []
    for i, grid in enumerate(wb.sheets):
        if grid.name in covers:
            continue
        progress(0.1 + 0.6 * i / max(1, len(wb.sheets)), t("ingest.stage_sheet", lang, sheet=grid.name))
        try:
            got = read_sheet(grid, catalog, mapping, col, single=single, file_name=file_name,
                             steer=steer.sheet(grid.name), regions=regions, cover=cover)
        except MemoryError:
            raise
        except Exception as e:  # noqa: BLE001 - never a traceback: logged, and the sheet refused in plain words
            col.unexpected(e, grid.name)
            continue
        res.readings[grid.name] = got.readings
        res.notes.extend(n for n in got.notes if n not in res.notes)
        if got.observations is not None:
            frames.append(got.observations)
            layouts.extend(got.layouts)
            res.sheets.append(grid.name)
    res.grids = {g.name: g for g in wb.sheets}
    if not frames:
        if len(wb.sheets) > 1:
            col.add("error", "no_table_any")
        return _finish(res, col, t0, digest)
    res.timings["analyse"] = time.perf_counter() - t0 - res.timings["read"]
    progress(0.75, t("ingest.stage_check", lang))
    obs = as_labels(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])
    res.layout = layouts[0] if len(set(layouts)) == 1 else "+".join(dict.fromkeys(layouts))
    t1 = time.perf_counter()
    try:
        res.unique_keys = run_checks(obs, catalog, col)
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - never a traceback: logged, and a plain refusal
        col.unexpected(e)
    res.timings["checks"] = time.perf_counter() - t1
    res.observations = obs[OBS_FIELDS]
    res.unknown_labels = sorted(set(obs.loc[obs["indicator_id"].isna(), "indicator_text"].dropna()))
    res.unknown_regions = sorted(set(obs.loc[obs["region_code"].isna(), "region_text"].dropna()))
    progress(0.9, t("ingest.stage_done", lang))
    return _finish(res, col, t0, digest)


def _sha256_soon(data: bytes) -> Callable[[], str]:
    """The file's sha256, hashed in a thread (hashlib lets go of the GIL) while the file is parsed."""
    if len(data) < BACKGROUND_HASH_BYTES:
        digest = hashlib.sha256(data).hexdigest()
        return lambda: digest
    box: dict[str, str] = {}
    thread = threading.Thread(target=lambda: box.setdefault("sha", hashlib.sha256(data).hexdigest()), daemon=True)
    thread.start()

    def result() -> str:
        thread.join()
        return box["sha"]
    return result


def _finish(res: IngestResult, col: Collector, t0: float, digest: Callable[[], str]) -> IngestResult:
    res.sha256 = digest()
    res.issues = col.finish()
    res.status = "refused" if res.errors else "ok"
    res.seconds = time.perf_counter() - t0
    return res


def _norm_mapping(mapping: dict[str, str], catalog: Catalog, col: Collector) -> dict[str, str]:
    out = {}
    for label, target in mapping.items():
        if target == IGNORE:
            out[label] = out[norm_label(label)] = IGNORE
            continue
        ind = catalog.find_indicator(target)
        if ind is None:
            col.add("error", "mapping_target_unknown", label=label, target=target)
            continue
        out[label] = ind.id
        out[norm_label(label)] = ind.id
    return out




def _norm_regions(regions: dict[str, str], catalog: Catalog, col: Collector) -> dict[str, str]:
    """The analyst's region choices keyed by text and normalised text (codes checked against the catalogue)."""
    out = {}
    for text, code in regions.items():
        if code != IGNORE and catalog.find_region(code) is None:
            col.add("error", "mapping_region_unknown", label=text, target=code)
            continue
        value = code if code == IGNORE else catalog.find_region(code).code
        out[text] = out[norm_label(text)] = value
    return out
