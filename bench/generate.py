"""Seeded, plausible city-scale data: region tree, 200 indicators, ~10 years of monthly figures, upload files.

    python -m bench.generate --obs 1500000          # writes bench/out/<tag>/ (data/, indicators.duckdb, uploads)

Counts follow a seasonal Poisson process per region, rates stay within 0-100, numerators never exceed their
denominators, yearly figures are the sums (counts) or ratios of sums (rates) of the months. Everything is drawn
from one numpy Generator seeded with `--seed`; the same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from indicators.catalog import CATALOG_FILES

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
OUT = BENCH_DIR / "out"
GENERATOR_VERSION = "7"

DISTRICTS = [  # code, zh, en (大鹏新区 first: it is the dashboard's default district)
    ("440300DP", "大鹏新区", "Dapeng New District"), ("440304", "福田区", "Futian"), ("440303", "罗湖区", "Luohu"),
    ("440305", "南山区", "Nanshan"), ("440308", "盐田区", "Yantian"), ("440306", "宝安区", "Bao'an"),
    ("440307", "龙岗区", "Longgang"), ("440309", "龙华区", "Longhua"), ("440310", "坪山区", "Pingshan"),
    ("440311", "光明区", "Guangming"),
]
FIRST = list(zip("东西南北新安和兴龙凤梅松桃莲金银石沙海湖华宝福", [
    "East", "West", "South", "North", "New", "Peace", "Harmony", "Rising", "Dragon", "Phoenix", "Plum", "Pine",
    "Peach", "Lotus", "Gold", "Silver", "Stone", "Sand", "Sea", "Lake", "Flower", "Treasure", "Fortune"], strict=True))
SECOND = list(zip("湖岭坪田岗塘湾围坑洲山园城苑村头口沥", [
    "Lake", "Ridge", "Flat", "Field", "Hill", "Pond", "Bay", "Walls", "Creek", "Isle", "Mount", "Garden", "Town",
    "Court", "Village", "Head", "Gate", "Stream"], strict=True))
TOPICS = [
    ("电信网络诈骗", "telecom fraud"), ("入室盗窃", "burglary"), ("矛盾纠纷", "disputes"), ("信访事项", "petitions"),
    ("交通事故", "traffic accidents"), ("消防隐患", "fire hazards"), ("禁毒宣传", "drug-prevention outreach"),
    ("网格事件", "grid incidents"), ("人民调解", "people's mediation"), ("法律援助", "legal aid"),
    ("校园安全隐患", "school safety hazards"), ("食品安全投诉", "food-safety complaints"),
    ("家庭暴力", "domestic violence"), ("出租屋巡查", "rental-housing inspections"),
    ("流动人口登记", "migrant registrations"), ("安全生产检查", "workplace-safety inspections"),
    ("噪音投诉", "noise complaints"), ("劳资纠纷", "wage disputes"), ("物业纠纷", "property disputes"),
    ("邻里纠纷", "neighbour disputes"), ("行政复议", "administrative reviews"), ("行政诉讼", "administrative suits"),
    ("公证申请", "notarisation requests"), ("司法鉴定", "forensic appraisals"), ("社区戒毒", "community rehab"),
    ("重点人员走访", "key-person visits"), ("治安巡逻", "security patrols"), ("视频巡查", "video patrols"),
    ("群防群治", "community watch"), ("平安志愿服务", "safety volunteering"), ("反邪教宣传", "anti-cult outreach"),
    ("涉稳风险", "stability risks"), ("网络舆情", "online opinion"), ("电动车盗窃", "e-bike theft"),
    ("寄递安全检查", "parcel-safety checks"), ("危化品检查", "hazardous-goods checks"),
    ("旅游投诉", "tourism complaints"), ("海上安全检查", "maritime-safety checks"),
    ("森林防火巡查", "forest-fire patrols"),
    ("三防隐患", "flood and typhoon hazards"), ("心理援助", "psychological aid"), ("未成年人保护", "child protection"),
    ("妇女维权", "women's rights cases"), ("退役军人诉求", "veterans' requests"), ("民生诉求", "livelihood requests"),
    ("营商环境投诉", "business-climate complaints"), ("知识产权纠纷", "IP disputes"), ("消费纠纷", "consumer disputes"),
    ("土地纠纷", "land disputes"), ("环境投诉", "environment complaints"), ("城管执法", "urban-management cases"),
]
MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Spec:
    """What to generate: tree shape, indicator count, observation target, years, upload sizes and seed."""

    obs: int = 1_500_000
    indicators: int = 200
    districts: int = 10
    subdistricts: int = 70
    communities: int = 650
    years: int = 10
    last_year: int = 2025
    xlsx_rows: int = 100_000
    csv_rows: int = 1_000_000
    seed: int = 20211019

    def tag(self) -> str:
        """Folder name: readable size plus a hash of every parameter, the generator and the catalogue."""
        h = hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode())
        h.update(GENERATOR_VERSION.encode())
        for name in CATALOG_FILES:
            h.update((REPO / "data" / name).read_bytes())
        h.update((REPO / "data" / "seed" / "work_summary_2021.csv").read_bytes())
        return f"obs{self.obs}-{h.hexdigest()[:10]}"

    def folder(self) -> Path:
        """Where this data set lives."""
        return OUT / self.tag()


# ---------------------------------------------------------------- catalogue: regions and indicators

def region_rows(spec: Spec, rng: np.random.Generator) -> list[dict[str, str]]:
    """City, districts, subdistricts and communities as regions.csv rows (real Dapeng rows kept)."""
    real = _read(REPO / "data" / "regions.csv")
    rows = [r for r in real if r["level"] in ("city", "district")][:2]
    rows += [_region(code, zh, en, "440300", "district") for code, zh, en in DISTRICTS[1:spec.districts]]
    subs = [r for r in real if r["level"] == "subdistrict"]
    per_district = _spread(spec.subdistricts - len(subs), spec.districts - 1, rng)
    bases = [FIRST[i // len(SECOND)][0] + SECOND[i % len(SECOND)][0] for i in range(len(FIRST) * len(SECOND))]
    picks = rng.permutation(len(bases))
    n = 0
    for (code, _zh, _en), k in zip(DISTRICTS[1:spec.districts], per_district, strict=True):
        for j in range(k):
            f, s = divmod(int(picks[n]), len(SECOND))
            n += 1
            subs.append(_region(f"{code}{j + 1:02d}", f"{FIRST[f][0]}{SECOND[s][0]}街道",
                                f"{FIRST[f][1]} {SECOND[s][1]} Subdistrict", code, "subdistrict"))
    rows += subs
    for sub, k in zip(subs, _spread(spec.communities, len(subs), rng, low=3, high=len(SECOND)), strict=True):
        base_zh = sub["name_zh"].removesuffix("街道").removesuffix("办事处")
        base_en = sub["name_en"].removesuffix(" Subdistrict")
        for j in range(k):
            rows.append(_region(f"{sub['code']}{j + 1:03d}", f"{base_zh}{SECOND[j][0]}社区",
                                f"{base_en} {SECOND[j][1]} Community", sub["code"], "community"))
    return rows


def _region(code: str, zh: str, en: str, parent: str, level: str) -> dict[str, str]:
    return {"code": code, "name_zh": zh, "name_en": en, "parent": parent, "level": level, "aliases": ""}


def _spread(total: int, parts: int, rng: np.random.Generator, low: int = 1, high: int = 10**9) -> list[int]:
    """`total` split into `parts` random counts, each within [low, high]."""
    if parts <= 0:
        return []
    w = rng.uniform(0.7, 1.3, parts)
    k = np.clip(np.floor(w / w.sum() * total).astype(int), low, high)
    i = 0
    while k.sum() != total and i < 100 * parts:
        j = i % parts
        if k.sum() < total and k[j] < high:
            k[j] += 1
        elif k.sum() > total and k[j] > low:
            k[j] -= 1
        i += 1
    return [int(x) for x in k]


def _taken(rows: list[dict[str, str]]) -> set[str]:
    """Normalised names and aliases of the catalogue's indicators (a generated name must not repeat one)."""
    from indicators.normalize import norm_label

    return {norm_label(t) for r in rows for t in (r["id"], r["name_zh"], r["name_en"], *r["aliases"].split("|")) if t}


def indicator_rows(spec: Spec) -> list[dict[str, str]]:
    """The catalogue's indicators, then generated (received, closed, closure rate) triples up to spec.indicators."""
    from indicators.normalize import norm_label

    rows = _read(REPO / "data" / "indicators.csv")
    domains = [d["id"] for d in _read(REPO / "data" / "domains.csv")]
    taken = _taken(rows)
    n = 0
    while len(rows) < spec.indicators:
        zh, en = TOPICS[n % len(TOPICS)]
        if any(norm_label(f"{zh}{s}") in taken for s in ("受理数", "办结数", "办结率")):
            zh, en = f"{zh}（基准）", f"{en} (bench)"     # the catalogue has a real indicator of that name
        suffix = "" if n < len(TOPICS) else "乙丙丁戊己庚辛壬癸"[n // len(TOPICS) - 1] + "类"
        en = en if n < len(TOPICS) else f"{en} (group {n // len(TOPICS) + 1})"
        dom = domains[n % len(domains)]
        ids = [f"gen{n:03d}_received", f"gen{n:03d}_closed", f"gen{n:03d}_closure_rate"]
        rows.append(_indicator(ids[0], f"{zh}{suffix}受理数", f"{en}: received", dom, "件", "count",
                               "neutral"))
        rows.append(_indicator(ids[1], f"{zh}{suffix}办结数", f"{en}: closed", dom, "件", "count",
                               "higher_better", parent=ids[0]))
        rows.append(_indicator(ids[2], f"{zh}{suffix}办结率", f"{en}: closure rate", dom, "%", "rate",
                               "higher_better", numerator=ids[1], denominator=ids[0]))
        n += 1
    return rows[:spec.indicators]


def _indicator(id_: str, zh: str, en: str, domain: str, unit: str, kind: str, polarity: str,
               numerator: str = "", denominator: str = "", parent: str = "") -> dict[str, str]:
    rate = kind == "rate"
    return {"id": id_, "name_zh": zh, "name_en": en, "domain": domain, "unit": unit, "kind": kind,
            "polarity": polarity, "numerator": numerator, "denominator": denominator, "parent": parent,
            "decimals": "2" if rate else "0", "min_value": "0", "max_value": "100" if rate else "",
            "warn_above": "", "target": "", "target_year": "", "frequency": "monthly",
            "definition": f"基准测试生成指标 generated for benchmarks: {en}", "source_department": "bench",
            "aliases": ""}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def write_data_dir(spec: Spec, folder: Path) -> tuple[list[dict], list[dict]]:
    """A catalogue folder (INDICATORS_DATA) with the generated regions and indicators and the real seed."""
    rng = np.random.default_rng(spec.seed)
    regions, indicators = region_rows(spec, rng), indicator_rows(spec)
    shutil.copy(REPO / "data" / "domains.csv", _mk(folder) / "domains.csv")
    shutil.copy(REPO / "data" / "safety_index.toml", folder / "safety_index.toml")
    _write(folder / "regions.csv", regions)
    _write(folder / "indicators.csv", indicators)
    _mk(folder / "seed")
    shutil.copy(REPO / "data" / "seed" / "work_summary_2021.csv", folder / "seed" / "work_summary_2021.csv")
    return regions, indicators


def _mk(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


# ---------------------------------------------------------------- values

@dataclass
class Model:
    """Per-indicator parameters of the value model, shared by every region and level."""

    kind: np.ndarray        # 0 count, 1 amount, 2 rate, 3 index
    num: np.ndarray         # index of the numerator (-1 none)
    den: np.ndarray         # index of the denominator (-1 none)
    base: np.ndarray        # community-level monthly mean (counts) or mean level (rates)
    amp: np.ndarray         # seasonal amplitude
    phase: np.ndarray
    trend: np.ndarray       # yearly growth
    share: np.ndarray       # numerator share of its denominator
    parent: np.ndarray      # index of the total this indicator is a part of (-1 none)


LEVEL_SCALE = {"community": 1.0, "subdistrict": 9.0, "district": 65.0, "city": 650.0}
KIND_CODE = {"count": 0, "amount": 1, "rate": 2, "index": 3, "rank": 3}


def make_model(indicators: list[dict[str, str]], rng: np.random.Generator) -> Model:
    """Draw each indicator's level, seasonality, trend and numerator share."""
    pos = {r["id"]: i for i, r in enumerate(indicators)}
    k = len(indicators)
    kind = np.array([KIND_CODE.get(r["kind"], 0) for r in indicators])
    base = np.where(kind == 2, rng.uniform(60, 97, k), np.exp(rng.normal(np.log(12), 1.0, k)))
    return Model(kind, np.array([pos.get(r["numerator"], -1) for r in indicators]),
                 np.array([pos.get(r["denominator"], -1) for r in indicators]), base,
                 rng.uniform(0.05, 0.3, k), rng.uniform(0, 2 * np.pi, k), rng.uniform(-0.06, 0.04, k),
                 rng.uniform(0.55, 0.98, k), np.array([pos.get(r["parent"], -1) for r in indicators]))


def half_up(x: np.ndarray, decimals: int) -> np.ndarray:
    """Official rounding (half away from zero for these non-negative figures), as the dashboard rounds."""
    scale = 10.0 ** decimals
    return np.floor(x * scale + 0.5 + 1e-9) / scale


def simulate(model: Model, k: int, scale: np.ndarray, month: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Values (n, k) of the first k indicators for n (region scale, month number since start) pairs."""
    n = len(scale)
    season = 1 + model.amp[:k] * np.sin(2 * np.pi * month[:, None] / 12 + model.phase[:k])
    growth = (1 + model.trend[:k]) ** (month[:, None] / 12)
    lam = model.base[:k] * scale[:, None] * season * growth
    out = rng.poisson(lam).astype(float)
    kind = model.kind[:k]
    out[:, kind == 1] = np.round(lam[:, kind == 1] * rng.lognormal(0, 0.1, (n, int((kind == 1).sum()))), 1)
    plain_rate = (kind >= 2) & ~_has_parts(model, k)
    jitter = rng.normal(0, 2.5, (n, int(plain_rate.sum())))
    out[:, plain_rate] = half_up(np.clip(model.base[:k][plain_rate] + jitter, 0, 100), 2)
    _totals_cover_parts(model, k, out)
    _apply_parts(model, k, out, rng)
    return out


def _totals_cover_parts(model: Model, k: int, out: np.ndarray) -> None:
    """A total is at least the sum of its parts (e.g. all 110 incidents >= violent crimes + two thefts)."""
    parents = model.parent[:k]
    for p in sorted({int(x) for x in parents if 0 <= x < k}):
        kids = np.flatnonzero(parents == p)
        out[:, p] = np.maximum(out[:, p], np.round(out[:, kids].sum(axis=1) * 1.2))


def _has_parts(model: Model, k: int) -> np.ndarray:
    return (model.num[:k] >= 0) & (model.num[:k] < k) & (model.den[:k] >= 0) & (model.den[:k] < k)


def _apply_parts(model: Model, k: int, out: np.ndarray, rng: np.random.Generator) -> None:
    """Numerators drawn below their denominators; rates computed from the pair."""
    for r in np.flatnonzero(_has_parts(model, k)):
        n, d = model.num[r], model.den[r]
        out[:, d] = np.maximum(out[:, d], 1)
        out[:, n] = rng.binomial(out[:, d].astype(np.int64), model.share[r])
        out[:, r] = half_up(out[:, n] / out[:, d] * 100, 2)


def yearly(model: Model, k: int, monthly: np.ndarray) -> np.ndarray:
    """Yearly figures (r, y, k) from monthly (r, y, 12, k): sums, ratios of sums, or means."""
    out = monthly.sum(axis=2)
    kind = model.kind[:k]
    out[..., kind >= 2] = half_up(monthly[..., kind >= 2].mean(axis=2), 2)
    for r in np.flatnonzero(_has_parts(model, k)):
        out[..., r] = half_up(out[..., model.num[r]] / out[..., model.den[r]] * 100, 2)
    return out


# ---------------------------------------------------------------- the database

def coverage(spec: Spec, levels: dict[str, int], k_total: int) -> dict[str, int]:
    """How many indicators (a catalogue-first prefix) each level carries to reach spec.obs observations."""
    periods = spec.years * (MONTHS_PER_YEAR + 1)
    series = spec.obs / periods
    top = levels["city"] + levels["district"]
    k_top = int(min(k_total, series // top))
    rest = series - top * k_top
    k_sub = int(min(k_total, round(0.6 * rest / max(levels["subdistrict"], 1))))
    rest -= k_sub * levels["subdistrict"]
    k_com = int(min(k_total, max(0, round(rest / max(levels["community"], 1)))))
    return {"city": k_top, "district": k_top, "subdistrict": k_sub, "community": k_com}


def observation_table(spec: Spec, regions: list[dict], indicators: list[dict]) -> pa.Table:
    """Every generated observation, ordered by year (one batch per year), as an arrow table."""
    rng = np.random.default_rng(spec.seed + 1)
    model = make_model(indicators, rng)
    years = list(range(spec.last_year - spec.years + 1, spec.last_year + 1))
    periods = [f"{y}-{m:02d}" for y in years for m in range(1, 13)] + [str(y) for y in years]
    by_level = {lv: [i for i, r in enumerate(regions) if r["level"] == lv] for lv in LEVEL_SCALE}
    ks = coverage(spec, {lv: len(v) for lv, v in by_level.items()}, len(indicators))
    parts = [_level_part(spec, model, ks[lv], np.array(idx), LEVEL_SCALE[lv], rng)
             for lv, idx in by_level.items() if idx and ks[lv]]
    cols = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    order = np.argsort(cols["year"], kind="stable")
    return _arrow(cols, order, years, periods, regions, indicators)


def _level_part(spec: Spec, model: Model, k: int, region_idx: np.ndarray, scale: float,
                rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Monthly and yearly values of one level as flat columns (region, indicator, period, year, value)."""
    r, y = len(region_idx), spec.years
    factor = rng.lognormal(0, 0.35, r) * scale
    month = np.tile(np.arange(y * 12), r)
    vals = simulate(model, k, np.repeat(factor, y * 12), month, rng).reshape(r, y, 12, k)
    year_vals = yearly(model, k, vals)                                       # (r, y, k)
    reg = np.broadcast_to(region_idx[:, None, None, None], vals.shape)
    ind = np.broadcast_to(np.arange(k)[None, None, None, :], vals.shape)
    per = np.broadcast_to((np.arange(y)[:, None] * 12 + np.arange(12)[None, :])[None, :, :, None], vals.shape)
    yr = np.broadcast_to(np.arange(y)[None, :, None, None], vals.shape)
    y_reg = np.broadcast_to(region_idx[:, None, None], year_vals.shape)
    y_ind = np.broadcast_to(np.arange(k)[None, None, :], year_vals.shape)
    y_per = np.broadcast_to(y * 12 + np.arange(y)[None, :, None], year_vals.shape)
    return {"region": np.concatenate([reg.ravel(), y_reg.ravel()]).astype(np.int32),
            "indicator": np.concatenate([ind.ravel(), y_ind.ravel()]).astype(np.int32),
            "period": np.concatenate([per.ravel(), y_per.ravel()]).astype(np.int32),
            "year": np.concatenate([yr.ravel(), np.broadcast_to(np.arange(y)[None, :, None],
                                                                year_vals.shape).ravel()]).astype(np.int32),
            "value": np.concatenate([vals.ravel(), year_vals.ravel()])}


def _arrow(cols: dict, order: np.ndarray, years: list[int], periods: list[str], regions: list[dict],
           indicators: list[dict]) -> pa.Table:
    def dic(idx: np.ndarray, names: list[str]) -> pa.DictionaryArray:
        return pa.DictionaryArray.from_arrays(pa.array(idx[order], pa.int32()), pa.array(names, pa.string()))

    n = len(order)
    kinds = np.array([r["kind"] == "rate" for r in indicators])
    return pa.table({
        "batch_year": pa.array(np.array(years)[cols["year"][order]], pa.int32()),
        "indicator_id": dic(cols["indicator"], [r["id"] for r in indicators]),
        "region_code": dic(cols["region"], [r["code"] for r in regions]),
        "period": dic(cols["period"], periods),
        "value": pa.array(cols["value"][order]),
        "decimals": pa.array(np.where(kinds[cols["indicator"][order]], 2, 0).astype(np.int32)),
        "row_no": pa.array(np.arange(n, dtype=np.int64)),
    })


def build_db(spec: Spec, folder: Path, regions: list[dict], indicators: list[dict]) -> Path:
    """Create, migrate and seed the DuckDB file, then load one batch per year straight from arrow."""
    os.environ["INDICATORS_DATA"] = str(folder / "data")
    from indicators.store import connect
    from indicators.store.db import transaction
    from indicators.store.seed import ensure_ready

    path = folder / "indicators.duckdb"
    path.unlink(missing_ok=True)
    con = connect(path)
    ensure_ready(con)
    obs = observation_table(spec, regions, indicators)
    with transaction(con):
        con.register("gen_obs", obs)
        con.execute("""INSERT INTO batch SELECT nextval('batch_seq'), 'upload', 'monthly_' || y || '.xlsx', NULL, '',
                       'bench', make_timestamp(y + 1, 1, 15, 9, 0, 0), n, n, 0, 0, 'committed', NULL, NULL,
                       'generated by bench.generate'
                       FROM (SELECT batch_year AS y, count(*) AS n FROM gen_obs GROUP BY ALL ORDER BY y)""")
        con.execute("""INSERT INTO observation
                       SELECT b.id, o.indicator_id, o.region_code, o.period, 'value', o.value, 'exact', 'reported',
                              o.decimals, b.file_name || ' row ' || (o.row_no + 2), NULL, o.row_no
                       FROM gen_obs o JOIN batch b ON b.file_name = 'monthly_' || o.batch_year || '.xlsx'""")
        con.unregister("gen_obs")
    con.execute("CHECKPOINT")
    con.close()
    return path


# ---------------------------------------------------------------- upload files

UPLOAD_YEARS = 20  # upload files span more years than the database, so 100k distinct (region, month) rows exist


def upload_pairs(regions: list[dict], months: int, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """n distinct (region, month) pairs; a month holds one level only (every 5th subdistricts, else communities),
    so no file holds a region and its parent for the same month (whose sums the upload checks compare)."""
    subs = np.array([i for i, r in enumerate(regions) if r["level"] == "subdistrict"])
    coms = np.array([i for i, r in enumerate(regions) if r["level"] == "community"])
    reg = np.concatenate([subs if m % 5 == 0 else coms for m in range(months)])
    mon = np.concatenate([np.full(len(subs) if m % 5 == 0 else len(coms), m) for m in range(months)])
    pick = rng.permutation(len(reg))[:n]
    return reg[pick], mon[pick]


def upload_frame(spec: Spec, regions: list[dict], indicators: list[dict], pairs: int, seed: int):
    """`pairs` distinct random (region, month) pairs with every indicator's value, as a wide pandas frame."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    model = make_model(indicators, np.random.default_rng(spec.seed + 1))
    reg, month = upload_pairs(regions, UPLOAD_YEARS * 12, pairs, rng)
    scale = np.array([LEVEL_SCALE[regions[i]["level"]] for i in reg])
    vals = simulate(model, len(indicators), scale, month, rng)
    first = spec.last_year - UPLOAD_YEARS + 1
    frame = pd.DataFrame(vals, columns=[r["name_zh"] for r in indicators])
    frame.insert(0, "统计期间", [f"{first + m // 12}年{m % 12 + 1}月" for m in month])
    frame.insert(0, "地区", [regions[i]["name_zh"] for i in reg])
    return frame


def long_frame(wide, indicators: list[dict], rows: int):
    """The first `rows` rows of a wide frame melted to 指标 / 地区 / 统计期间 / 数值 / 单位."""
    long = wide.melt(id_vars=["地区", "统计期间"], var_name="指标", value_name="数值").head(rows)
    units = {r["name_zh"]: r["unit"] for r in indicators}
    long["单位"] = long["指标"].map(units)
    return long[["指标", "地区", "统计期间", "数值", "单位"]]


def write_xlsx(frame, path: Path, sheet: str = "数据") -> Path:
    """Write a frame with xlsxwriter's constant-memory mode (fast and small)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet(sheet)
    ws.write_row(0, 0, list(frame.columns))
    for n, row in enumerate(frame.itertuples(index=False), start=1):
        ws.write_row(n, 0, row)
    wb.close()
    return path


def write_uploads(spec: Spec, folder: Path, regions: list[dict], indicators: list[dict]) -> dict[str, Path]:
    """long.xlsx and wide.xlsx (xlsx_rows rows), long_utf8.csv and long_gbk.csv (csv_rows rows)."""
    up = _mk(folder / "uploads")
    k = len(indicators)
    xl = upload_frame(spec, regions, indicators, spec.xlsx_rows // k + 1, spec.seed + 2)
    wide = upload_frame(spec, regions, indicators, spec.xlsx_rows, spec.seed + 3)
    wide_cols = ["地区", "统计期间"] + [r["name_zh"] for r in indicators if r["id"].startswith("gen")][:6]
    big = upload_frame(spec, regions, indicators, spec.csv_rows // k + 1, spec.seed + 4)
    files = {"xlsx_long": write_xlsx(long_frame(xl, indicators, spec.xlsx_rows), up / "long.xlsx"),
             "xlsx_wide": write_xlsx(wide[wide_cols].head(spec.xlsx_rows), up / "wide.xlsx")}
    csv_long = long_frame(big, indicators, spec.csv_rows)
    for enc, name in (("utf-8", "long_utf8.csv"), ("gbk", "long_gbk.csv")):
        csv_long.to_csv(up / name, index=False, encoding=enc)
        files[f"csv_{'utf8' if enc == 'utf-8' else 'gbk'}"] = up / name
    return files


# ---------------------------------------------------------------- entry points

def ensure(spec: Spec, uploads: bool = True, log=print) -> Path:
    """Generate what is missing of the data set (DONE-db / DONE-uploads markers record finished steps)."""
    folder = spec.folder()
    if not (folder / "DONE-db").exists():
        for stale in OUT.glob(f"obs{spec.obs}-*"):  # same size, older generator, catalogue or parameters
            if stale != folder:
                shutil.rmtree(stale, ignore_errors=True)
        log(f"generating {folder.name}: catalogue and database …")
        regions, indicators = write_data_dir(spec, folder / "data")
        build_db(spec, folder, regions, indicators)
        (folder / "DONE-db").write_text(json.dumps(asdict(spec)))
    shutil.copy(REPO / "data" / "safety_index.toml", folder / "data" / "safety_index.toml")  # the pages read it
    if uploads and not (folder / "DONE-uploads").exists():
        log(f"generating {folder.name}: upload files …")
        regions, indicators = _read(folder / "data" / "regions.csv"), _read(folder / "data" / "indicators.csv")
        write_uploads(spec, folder, regions, indicators)
        (folder / "DONE-uploads").write_text(json.dumps(asdict(spec)))
    return folder


def main(argv: list[str] | None = None) -> None:
    """Command line: generate one data set and print where it is."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--obs", type=int, default=Spec.obs)
    ap.add_argument("--indicators", type=int, default=Spec.indicators)
    ap.add_argument("--xlsx-rows", type=int, default=Spec.xlsx_rows)
    ap.add_argument("--csv-rows", type=int, default=Spec.csv_rows)
    ap.add_argument("--seed", type=int, default=Spec.seed)
    ap.add_argument("--no-uploads", action="store_true")
    a = ap.parse_args(argv)
    spec = Spec(obs=a.obs, indicators=a.indicators, xlsx_rows=a.xlsx_rows, csv_rows=a.csv_rows, seed=a.seed)
    print(ensure(spec, uploads=not a.no_uploads))


if __name__ == "__main__":
    main()
