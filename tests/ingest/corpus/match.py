"""Reading a corpus file and comparing what the reader made of it with its expectations (runner and score)."""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from indicators.catalog import Catalog, Region
from indicators.ingest import IngestResult, ingest, upload_limits
from indicators.normalize import norm_label

HERE = Path(__file__).resolve().parent
FILES, EXPECTED = HERE / "files", HERE / "expected"
ALWAYS_ALLOWED = {"unknown_indicator"}          # labels outside the catalogue are expected in office tables


def expectation_files() -> list[Path]:
    """Every expectation JSON, sorted by file name."""
    return sorted(EXPECTED.glob("*.json"))


def load(path: Path) -> dict:
    """One expectation."""
    return json.loads(path.read_text(encoding="utf-8"))


def with_regions(catalog: Catalog, extra: list[dict]) -> tuple[Catalog, dict[str, str]]:
    """The catalogue plus the expectation's regions_to_add (parent by code or by an added name); name → code."""
    if not extra:
        return catalog, {}
    regions, codes = dict(catalog.regions), {}
    for k, r in enumerate(extra):
        parent = codes.get(r["parent"], r["parent"])
        assert parent in regions, f"regions_to_add: unknown parent {r['parent']}"
        code = f"TEST{k:03d}"
        regions[code] = Region(code, r["name_zh"], r["name_zh"], parent, r["level"])
        codes[r["name_zh"]] = code
    fresh = dataclasses.replace(catalog, regions=regions, _ind_index={}, _reg_index={}, _code_index={})
    return fresh, codes


def read(exp: dict, catalog: Catalog) -> tuple[IngestResult, dict[str, str]]:
    """Run the reader on the file as the CLI does."""
    cat, codes = with_regions(catalog, exp.get("regions_to_add", []))
    data = (FILES / exp["file"]).read_bytes()
    return ingest(data, exp["file"], cat, sheet=exp.get("sheet"), limits=upload_limits()), codes


def _parts(text: object) -> Counter:
    """Normalised ' / '-separated parts of an indicator text."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return Counter()
    return Counter(p for p in (norm_label(x) for x in str(text).split(" / ")) if p)


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def figure_matches(f: dict, o: dict, codes: dict[str, str]) -> bool:
    """Whether an observation is the expected figure."""
    if o["period"] != f["period"] or o["measure"] != f["measure"]:
        return False
    if _blank(o["value"]) or not math.isclose(float(o["value"]), f["value"], rel_tol=1e-9, abs_tol=1e-9):
        return False
    ind = f["indicator"]
    if isinstance(ind, dict):
        if o["indicator_id"] != ind["id"]:
            return False
    elif _parts(ind) != _parts(o["indicator_text"]):
        return False
    reg = f["region"]
    if reg.startswith("440300") and reg not in codes:
        return o["region_code"] == reg
    if not _blank(o["region_code"]) and codes.get(reg) == o["region_code"]:
        return True
    return not _blank(o["region_text"]) and norm_label(str(o["region_text"])) == norm_label(reg)


def _cell(source: object, full: bool = False) -> str:
    """The cell of an observation's source ('Sheet!C5' → 'C5'; whole when full)."""
    if _blank(source):
        return ""
    return str(source) if full else str(source).rsplit("!", 1)[-1]


@dataclass
class Outcome:
    """What a file gave against what it must give."""

    file: str
    family: list[str]
    tags: list[str]
    expected: int
    missing: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)
    issue_codes: set[str] = field(default_factory=set)
    missing_issues: set[str] = field(default_factory=set)
    unexpected_errors: list[str] = field(default_factory=list)
    internal: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        """Expected figures found."""
        return self.expected - len(self.missing)

    @property
    def ok(self) -> bool:
        """Everything the expectation asks for."""
        return not (self.missing or self.extra or self.missing_issues or self.unexpected_errors or self.internal)


def compare(exp: dict, res: IngestResult, codes: dict[str, str]) -> Outcome:
    """Match expected figures to observations (same cell first), then list what is missing or extra."""
    obs = res.observations.astype(object).to_dict(orient="records")
    taken = [False] * len(obs)
    out = Outcome(exp["file"], exp["family"], exp.get("tags", []), len(exp["figures"]))
    pending = []
    for f in exp["figures"]:
        cell, full = f["cell"], "!" in f["cell"]
        hit = next((k for k, o in enumerate(obs) if not taken[k] and _cell(o["source"], full) == cell
                    and figure_matches(f, o, codes)), None)
        if hit is None:
            pending.append(f)
        else:
            taken[hit] = True
    for f in pending:
        hit = next((k for k, o in enumerate(obs) if not taken[k] and figure_matches(f, o, codes)), None)
        if hit is None:
            out.missing.append(f)
        else:
            taken[hit] = True
    out.extra = [o for k, o in enumerate(obs) if not taken[k]]
    out.issue_codes = {i.code for i in res.issues}
    out.missing_issues = set(exp.get("must_raise", [])) - out.issue_codes
    allowed = set(exp.get("must_raise", [])) | set(exp.get("may_raise", [])) | ALWAYS_ALLOWED
    out.unexpected_errors = [f"{i.code} {i.cell}: {i.message}" for i in res.issues
                             if i.level == "error" and i.code not in allowed]
    out.internal = [f"{i.code}: {i.message}" for i in res.issues if i.code in ("internal_error", "internal")]
    return out


def _fig_line(f: dict) -> str:
    ind = f["indicator"]
    ind = f"id={ind['id']}" if isinstance(ind, dict) else ind
    return f"{f['cell']:>8} {ind} | {f['region']} | {f['period']} | {f['measure']} = {f['value']:g}"


def _obs_line(o: dict) -> str:
    ind = o["indicator_text"] if _blank(o["indicator_id"]) else f"id={o['indicator_id']} ({o['indicator_text']})"
    reg = o["region_code"] if not _blank(o["region_code"]) else f"?{o['region_text']}"
    return f"{_cell(o['source'], True):>8} {ind} | {reg} | {o['period']} | {o['measure']} = {o['value']}"


def report(out: Outcome, limit: int = 25) -> str:
    """A compact diff: missing and extra figures, issues."""
    lines = [f"{out.file}: found {out.found}/{out.expected} expected figures, {len(out.extra)} extra"]
    if out.missing:
        lines.append(f"  missing ({len(out.missing)}):")
        lines += [f"    {_fig_line(f)}" for f in out.missing[:limit]]
    if out.extra:
        lines.append(f"  extra ({len(out.extra)}):")
        lines += [f"    {_obs_line(o)}" for o in out.extra[:limit]]
    if out.missing_issues:
        lines.append(f"  issues not raised: {sorted(out.missing_issues)} (raised: {sorted(out.issue_codes)})")
    if out.unexpected_errors:
        lines.append("  unexpected errors:")
        lines += [f"    {e}" for e in out.unexpected_errors[:limit]]
    if out.internal:
        lines.append(f"  internal errors: {out.internal}")
    return "\n".join(lines)
