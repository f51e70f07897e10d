"""平安指数 and 风险预警 at city scale: our code against a straightforward pandas version, same numbers.

The data set: bench.generate's region tree (1 city, 10 districts, 70 subdistricts, 650 communities) with every
monthly count of the index and the warnings for every region for 10 years, and quarterly survey rates; counts
are seasonal Poisson draws scaled by level. One numpy Generator, seeded; written once into bench/out/.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from bench.generate import OUT, REPO, Spec, _mk, _write, region_rows

GENERATOR = "2"
SCALE = {"city": 650.0, "district": 65.0, "subdistrict": 9.0, "community": 1.0}
QUARTERLY = ("pl_work_satisfaction", "resettlement_rate")


def folder(spec: Spec) -> Path:
    """Where the safety data set of this tree lives (a new schema, catalogue or index file makes a new one)."""
    from indicators.catalog import catalog_hash
    from indicators.store.schema import MIGRATIONS

    h = hashlib.sha256(catalog_hash(REPO / "data").encode())
    h.update((REPO / "data" / "safety_index.toml").read_bytes())
    tag = (f"safety-{spec.districts}-{spec.subdistricts}-{spec.communities}-{spec.years}-{spec.seed}-g{GENERATOR}"
           f"-s{len(MIGRATIONS)}-{h.hexdigest()[:8]}")
    return OUT / tag


def _monthly_indicators() -> list[str]:
    """Counts the index and the warnings use (and the mediation rate's parts)."""
    from indicators.catalog import load_catalog
    from indicators.safety.index_file import load_index
    from indicators.safety.inputs import part_indicators

    cat = load_catalog()
    spec = load_index(cat)
    wanted = part_indicators(cat, [c.indicator for c in spec.components])
    counts = [i for i in wanted if cat.indicators[i].kind == "count"]
    return counts + [i.id for i in cat.indicators.values() if i.kind == "count" and i.polarity != 1
                     and i.frequency == "monthly" and i.id not in counts]


def _parts(indicators: list[str]) -> list[tuple[int, int]]:
    """(numerator, denominator) positions of the rates whose parts are generated."""
    from indicators.catalog import load_catalog

    cat = load_catalog()
    return [(indicators.index(i.numerator), indicators.index(i.denominator)) for i in cat.indicators.values()
            if i.numerator in indicators and i.denominator in indicators]


def observations(spec: Spec, regions: list[dict]) -> pa.Table:
    """Monthly counts of every region and indicator, quarterly survey rates, as one arrow table."""
    rng = np.random.default_rng(spec.seed + 13)
    indicators = _monthly_indicators()
    years = list(range(spec.last_year - spec.years + 1, spec.last_year + 1))
    months = [f"{y}-{m:02d}" for y in years for m in range(1, 13)]
    scale = np.array([SCALE.get(r["level"], 1.0) for r in regions]) * rng.lognormal(0, 0.3, len(regions))
    base = np.exp(rng.normal(np.log(3), 0.8, len(indicators)))
    amp, phase = rng.uniform(0, 0.3, len(indicators)), rng.uniform(0, 2 * np.pi, len(indicators))
    trend = rng.uniform(-0.08, 0.04, len(indicators))
    t = np.arange(len(months))
    lam = (scale[:, None, None] * base[None, :, None]
           * (1 + amp[None, :, None] * np.sin(2 * np.pi * t[None, None, :] / 12 + phase[None, :, None]))
           * (1 + trend[None, :, None]) ** (t[None, None, :] / 12))
    counts = rng.poisson(lam).astype(float)                                     # (regions, indicators, months)
    for part, whole in _parts(indicators):                     # a numerator never exceeds its denominator
        counts[:, part] = rng.binomial(counts[:, whole].astype(np.int64), 0.93)
    reg, ind, per = np.meshgrid(np.arange(len(regions)), np.arange(len(indicators)), t, indexing="ij")
    quarters = [f"{y}Q{q}" for y in years for q in range(1, 5)]
    q_vals = np.clip(rng.normal(94, 2, (len(regions), len(QUARTERLY), len(quarters))), 0, 100).round(2)
    q_reg, q_ind, q_per = np.meshgrid(np.arange(len(regions)), np.arange(len(QUARTERLY)), np.arange(len(quarters)),
                                      indexing="ij")
    codes = [r["code"] for r in regions]
    return pa.table({
        "indicator_id": np.concatenate([np.array(indicators)[ind.ravel()], np.array(QUARTERLY)[q_ind.ravel()]]),
        "region_code": np.concatenate([np.array(codes)[reg.ravel()], np.array(codes)[q_reg.ravel()]]),
        "period": np.concatenate([np.array(months)[per.ravel()], np.array(quarters)[q_per.ravel()]]),
        "value": np.concatenate([counts.ravel(), q_vals.ravel()]),
    })


def ensure(spec: Spec, log=print) -> Path:
    """Generate the data set unless it is there: catalogue folder and DuckDB file with one batch."""
    out = folder(spec)
    if (out / "DONE").exists():
        return out
    prefix = f"safety-{spec.districts}-{spec.subdistricts}-{spec.communities}-"
    for stale in OUT.glob(prefix + "*"):              # same tree, older generator, schema or catalogue
        shutil.rmtree(stale, ignore_errors=True)
    log(f"generating {out.name}: safety index and warnings data …")
    data = _mk(out / "data")
    regions = region_rows(spec, np.random.default_rng(spec.seed))
    for name in ("domains.csv", "indicators.csv", "safety_index.toml", "settings.toml"):
        shutil.copy(REPO / "data" / name, data / name)
    _write(data / "regions.csv", regions)
    _mk(data / "seed")
    shutil.copy(REPO / "data" / "seed" / "work_summary_2021.csv", data / "seed" / "work_summary_2021.csv")
    os.environ["INDICATORS_DATA"] = str(data)
    from indicators.store import connect
    from indicators.store.db import transaction
    from indicators.store.seed import ensure_ready

    con = connect(out / "indicators.duckdb")
    ensure_ready(con)
    obs = observations(spec, regions)
    with transaction(con):
        con.register("gen_obs", obs)
        con.execute("""INSERT INTO batch VALUES (nextval('batch_seq'), 'upload', 'safety_bench.csv', NULL, '', 'bench',
                       now(), ?, ?, 0, 0, 'committed', NULL, NULL, 'generated by bench.safety')""",
                    [obs.num_rows, obs.num_rows])
        con.execute("""INSERT INTO observation SELECT (SELECT max(id) FROM batch), indicator_id, region_code, period,
                       'value', value, 'exact', 'reported', 0, 'safety_bench.csv', NULL, row_number() OVER ()
                       FROM gen_obs""")
        con.unregister("gen_obs")
    con.execute("CHECKPOINT")
    con.close()
    (out / "DONE").write_text(json.dumps(asdict(spec)))
    return out


def latest_month(con) -> str:
    """The newest month holding data."""
    return con.execute("SELECT max(period) FROM observation WHERE period LIKE '____-__'").fetchall()[0][0]


# ---------------------------------------------------------------- the straightforward pandas versions

def index_pandas(obs: pd.DataFrame, cat, spec, period: str, rules) -> pd.DataFrame:
    """The index with pandas merges and groupbys over every current row held in memory (same rules)."""
    from indicators.periods import parse_period

    p = parse_period(period)
    frames = [_scores_pandas(obs, cat, spec, q, rules) for q in (p, p.previous())]
    now, before = frames[0], frames[1].rename(columns={"score": "previous_score"})
    out = now.merge(before[["region", "previous_score"]], on="region", how="outer")
    out["change"] = out["score"] - out["previous_score"]
    return out


def _values_pandas(obs: pd.DataFrame, cat, comp, q) -> pd.DataFrame:
    """Stored, else numerator ÷ denominator, else the covering period's value, region by region."""
    ind = cat.indicators[comp.indicator]
    at = obs[obs["period"] == q.code]
    value = at[at["indicator_id"] == comp.indicator].set_index("region_code")["value"]
    if ind.numerator and ind.denominator:
        wide = at[at["indicator_id"].isin([ind.numerator, ind.denominator])].pivot_table(
            index="region_code", columns="indicator_id", values="value")
        if {ind.numerator, ind.denominator} <= set(wide.columns):
            rate = wide[ind.numerator] / wide[ind.denominator].where(wide[ind.denominator] > 0) * 100
            value = value.combine_first(rate.dropna())
    if ind.kind not in ("count", "amount"):
        for cover in q.covering():
            hit = (obs["indicator_id"] == comp.indicator) & (obs["period"] == cover.code)
            value = value.combine_first(obs[hit].set_index("region_code")["value"])
    return value.rename("value").rename_axis("region").reset_index()


def _scores_pandas(obs: pd.DataFrame, cat, spec, q, rules) -> pd.DataFrame:
    levels = pd.DataFrame({"region": list(cat.regions), "level": [r.level for r in cat.regions.values()]})
    parts = []
    for d in spec.domains:
        for c in d.components:
            v = levels.merge(_values_pandas(obs, cat, c, q), on="region", how="left")
            if c.rule == "target":
                v["s"] = np.clip(100 * (v["value"] - c.zero_at) / (c.target - c.zero_at), 0, 100)
            else:
                if c.rule == "history":
                    hist = pd.concat([_values_pandas(obs, cat, c, q.shift_years(-k)) for k in range(1, c.years + 1)])
                    base = hist.groupby("region")["value"].mean().rename("base")
                    v = v.merge(base, on="region", how="left")
                else:
                    counts = v.groupby("level")["value"].transform("count")
                    v["base"] = v.groupby("level")["value"].transform("median").where(counts >= 3)
                diff = c.direction * (v["value"] - v["base"])
                den = v["base"] + c.damping
                g = np.where(diff == 0, 0.0, np.where(den > 0, diff / den.where(den > 0, 1), np.sign(diff) * np.inf))
                score = pd.Series(np.clip(c.par + c.slope * g, 0, 100), index=v.index)
                v["s"] = score.where(v["value"].notna() & v["base"].notna())
            v["domain"], v["w"], v["W"] = d.id, c.weight, d.weight
            parts.append(v[["region", "level", "domain", "w", "W", "s"]])
    long = pd.concat(parts)
    full_w = long.groupby(["region", "domain"])["w"].transform("sum")
    long["full"] = long["w"] / full_w * long["W"] / sum(d.weight for d in spec.domains)
    have = long.dropna(subset=["s"]).copy()
    have["ws"] = have["w"] * have["s"]
    dom = have.groupby(["region", "domain"]).agg(ws=("ws", "sum"), w=("w", "sum"), W=("W", "first"))
    dom["ds"] = dom["ws"] / dom["w"]
    dom["Wds"] = dom["W"] * dom["ds"]
    reg = dom.groupby("region").agg(Wds=("Wds", "sum"), W=("W", "sum"))
    cov = long.dropna(subset=["s"]).groupby("region")["full"].sum().rename("coverage")
    out = levels.merge((reg["Wds"] / reg["W"]).rename("score"), on="region", how="left").merge(cov, on="region",
                                                                                                 how="left")
    out["coverage"] = out["coverage"].fillna(0.0)
    out.loc[out["coverage"] + 1e-9 < rules.min_coverage, "score"] = np.nan
    out["rank"] = out.groupby("level")["score"].transform(lambda s: (s + 1e-9).round(1).rank(method="min",
                                                                                            ascending=False))
    return out


def warnings_pandas(obs: pd.DataFrame, watched: list[str], months: list[str], rules) -> pd.DataFrame:
    """The warnings series by series: a groupby over (indicator, region), the same model fitted one at a time."""
    from indicators.safety.count_model import expect, upper_limit, widened
    from indicators.safety.early_warning import first_month, run_targets

    rows = obs[obs["indicator_id"].isin(watched) & obs["period"].isin(months)]
    position = {m: n for n, m in enumerate(months)}
    last = len(months) - 1
    targets = run_targets(last, rules)

    def one(g: pd.DataFrame) -> pd.Series:
        y = np.full((1, len(months)), np.nan)
        y[0, g["period"].map(position).to_numpy()] = g["value"].to_numpy()
        e = expect(y, targets, rules.history_years, first_month(months))
        mu, var, phi, df = (float(a[0, -1]) for a in (e.expected, e.variance, e.phi, e.df))
        limits = [upper_limit(np.array([mu]), widened(np.array([var]), np.array([phi]), np.array([df]), p), p)[0]
                  for p in (rules.orange_probability, rules.red_probability)]
        value = y[0, last]
        judged = bool(e.ok[0, -1]) and not np.isnan(value) and value >= rules.min_count
        rising = all(y[0, last - j] > y[0, last - j - 1] and y[0, last - j] > e.expected[0, -1 - j]
                     for j in range(rules.sustained_months))
        rule = ("action_limit" if judged and value > limits[1] else "warning_limit" if judged and value > limits[0]
                else "sustained_rise" if judged and rising else "")
        return pd.Series({"value": value, "expected": mu, "warning_limit": limits[0], "action_limit": limits[1],
                          "rule": rule})

    return rows.groupby(["indicator_id", "region_code"]).apply(one, include_groups=False).reset_index()
