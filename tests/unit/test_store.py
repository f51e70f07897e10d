"""The DuckDB store on a real file: migrations, idempotent seeding, supersession, roll-back, history."""

import pandas as pd
import pytest

from indicators import actions
from indicators.actions import batches, upload
from indicators.errors import UserError
from indicators.figures import figures
from indicators.store import connect
from indicators.store.batches import diff, list_batches
from indicators.store.queries import current, history
from indicators.store.schema import MIGRATIONS, current_version
from indicators.store.seed import ensure_ready, read_seed

COUNTS = "SELECT (SELECT count(*) FROM observation), (SELECT count(*) FROM batch), (SELECT count(*) FROM audit), " \
    "(SELECT count(*) FROM indicator)"


def _count(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()[0][0]


def test_first_run_creates_and_seeds_second_changes_nothing(db_file):
    con = connect(db_file)
    first = ensure_ready(con)
    assert first.migrations == list(range(1, len(MIGRATIONS) + 1)) and first.catalog_synced and first.seed_batch
    snapshot = con.execute(COUNTS).fetchall()[0]
    con.close()
    con = connect(db_file)
    second = ensure_ready(con)
    assert not second.changed
    assert con.execute(COUNTS).fetchall()[0] == snapshot
    assert current_version(con) == len(MIGRATIONS)
    assert snapshot[0] == len(read_seed())


def test_seed_is_one_atomic_transaction(db_file, monkeypatch):
    import indicators.store.seed as seed

    def boom(con):
        raise RuntimeError("disk full")

    monkeypatch.setattr(seed, "load_seed", boom)
    con = connect(db_file)
    with pytest.raises(RuntimeError):
        ensure_ready(con)
    assert current_version(con) == 0  # schema creation rolled back with the failed seed
    monkeypatch.undo()
    assert ensure_ready(con).seed_batch


def _rows(value, region="440300DP", period="2022", indicator="police_incidents_110"):
    return pd.DataFrame([{"indicator_id": indicator, "region_code": region, "period": period, "value": value,
                          "source": "test.xlsx!Sheet1!B2"}])


def _current_value(con, indicator="police_incidents_110", period="2022"):
    df = current(con, period=period, indicators=[indicator], measure="value")
    return None if df.empty else float(df["value"].iloc[0])


def test_later_batch_supersedes_and_rollback_restores(con):
    a = upload.commit_rows(con, actions.shell("ana"), _rows(900), file_name="a.xlsx", sha256="a" * 64)
    b = upload.commit_rows(con, actions.shell("ana"), _rows(950), file_name="b.xlsx", sha256="b" * 64)
    assert (a.n_new, b.n_changed) == (1, 1)
    assert _current_value(con) == 950
    hist = history(con, "police_incidents_110")
    assert sorted(hist[hist["period"] == "2022"]["value"]) == [900, 950]  # superseded row kept
    batches.roll_back(con, actions.shell("admin"), b.batch_id)
    assert _current_value(con) == 900
    assert list_batches(con).set_index("id").loc[b.batch_id, "status"] == "rolled_back"
    done = con.execute("SELECT action FROM audit ORDER BY id").fetchall()
    assert ("rollback",) in done and done.count(("upload",)) == 2
    with pytest.raises(UserError):
        batches.roll_back(con, actions.shell("admin"), b.batch_id)
    with pytest.raises(UserError):
        batches.roll_back(con, actions.shell("admin"), 999)


def test_same_file_twice_adds_nothing(con):
    first = upload.commit_rows(con, actions.shell("ana"), _rows(900), file_name="a.xlsx", sha256="c" * 64)
    n = _count(con, "SELECT count(*) FROM observation")
    again = upload.commit_rows(con, actions.shell("ana"), _rows(900), file_name="a.xlsx", sha256="c" * 64)
    assert again.batch_id is None and again.duplicate_of[0] == first.batch_id
    assert _count(con, "SELECT count(*) FROM observation") == n


def test_diff_marks_new_changed_unchanged(con):
    rows = pd.concat([_rows(1052, period="2021"), _rows(1000, period="2021", indicator="gang_cases_filed"),
                      _rows(5, period="2023")])
    rows.loc[rows["indicator_id"] == "gang_cases_filed", "value"] = 23
    d = diff(con, pd.concat([rows, _rows(24, period="2021", indicator="gang_cases_filed")]))
    assert list(d["status"]) == ["unchanged", "unchanged", "new", "changed"]
    assert d["old_value"].iloc[3] == 23


def test_text_is_stored_literally_never_as_sql(con):
    evil = "x'); DROP TABLE observation; --"
    upload.commit_rows(con, actions.shell(evil), _rows(1, indicator="police_incidents_110").assign(source=evil),
                file_name=evil, sha256="d" * 64)
    assert _count(con, "SELECT count(*) FROM batch WHERE file_name = ?", [evil]) == 1
    assert _count(con, "SELECT count(*) FROM observation") > 1


def test_figures_on_seeded_store(con, catalog):
    figs = {f.indicator.id: f for f in figures(con, catalog, "2021", "440300DP")}
    police = figs["police_incidents_110"]
    assert police.current.value == 1052 and police.change == -24.21 and police.change_origin == "reported"
    assert police.previous.value == 1388 and police.previous.origin == "derived"
    assert police.assessment == "improved"
    solve = figs["gang_solve_rate"]
    assert solve.computed_value == 69.57 and solve.reconciliations["rate"].agrees is True
    assert figs["pl_work_satisfaction"].rank.value == 1 and figs["pl_work_satisfaction"].rank.period == "2021H1"
    assert figs["violent_crimes_8"].current is None and figs["violent_crimes_8"].change == -75.0


def test_reconciliation_flags_disagreeing_upload(con, catalog):
    rows = pd.DataFrame([
        {"indicator_id": "gang_cases_filed", "region_code": "440300DP", "period": "2022", "value": 20},
        {"indicator_id": "gang_cases_solved", "region_code": "440300DP", "period": "2022", "value": 10},
        {"indicator_id": "gang_solve_rate", "region_code": "440300DP", "period": "2022", "value": 60.0,
         "decimals": 1},
    ])
    upload.commit_rows(con, actions.shell("ana"), rows, file_name="r.xlsx", sha256="e" * 64)
    f = figures(con, catalog, "2022", "440300DP", indicators=["gang_solve_rate"])[0]
    assert f.computed_value == 50.0 and f.disagreements == ["rate"]
    assert f.change == pytest.approx(60.0 - 69.6) and f.change_unit == "pp" and f.change_origin == "derived"
    assert f.assessment == "worsened"


def _as_categoricals(rows: pd.DataFrame) -> pd.DataFrame:
    """The label columns as categoricals, as uploads hand them to the store."""
    return rows.assign(**{c: rows[c].astype("category") for c in ("indicator_id", "region_code", "period")})


@pytest.mark.parametrize("labels", ["object", "categorical"])
def test_diff_and_commit_follow_history_and_rollback(con, labels):
    shape = _as_categoricals if labels == "categorical" else (lambda r: r)
    upload.commit_rows(con, actions.shell("ana"), _rows(900), file_name="a.xlsx", sha256="a" * 64)
    later = upload.commit_rows(con, actions.shell("ana"), _rows(950), file_name="b.xlsx", sha256="b" * 64)
    batches.roll_back(con, actions.shell("admin"), later.batch_id)  # 900 is current again; 950 is history only
    rows = shape(pd.concat([_rows(900), _rows(950, period="2021"), _rows(7, period="2030"),    # seed: 2021 is 1052
                            _rows(23, period="2021", indicator="gang_cases_filed")], ignore_index=True))
    assert list(diff(con, rows)["status"]) == ["unchanged", "changed", "new", "unchanged"]
    res = upload.commit_rows(con, actions.shell("ana"), rows, file_name="c.csv", sha256="c" * 64,
                      source_prefix="c.csv!")
    assert (res.n_new, res.n_changed, res.n_unchanged) == (1, 1, 2)
    stored = con.execute("SELECT period, value, source, row_no FROM observation WHERE batch_id = ? ORDER BY row_no",
                         [res.batch_id]).fetchall()
    assert stored == [("2021", 950.0, "c.csv!test.xlsx!Sheet1!B2", 1), ("2030", 7.0, "c.csv!test.xlsx!Sheet1!B2", 2)]
    assert _current_value(con) == 900 and _current_value(con, period="2030") == 7
    assert _count(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'incoming_current'") == 0


def test_commit_of_only_new_keys_stores_every_row_in_file_order(con):
    rows = _as_categoricals(pd.concat([_rows(v, period=p) for v, p in ((3, "2031"), (4, "2032"), (5, "2033"))],
                                      ignore_index=True))
    res = upload.commit_rows(con, actions.shell("ana"), rows, file_name="n.csv", sha256="n" * 64)
    assert (res.n_new, res.n_changed, res.n_unchanged) == (3, 0, 0)
    assert con.execute("SELECT period, value, row_no FROM observation WHERE batch_id = ? ORDER BY row_no",
                       [res.batch_id]).fetchall() == [("2031", 3.0, 0), ("2032", 4.0, 1), ("2033", 5.0, 2)]


def test_catalogue_sync_keeps_regions_of_another_origin(con):
    from indicators.store.catalog_sync import catalog_from_db, sync_catalog

    con.execute("INSERT INTO region (code, name_zh, name_en, parent, level, aliases, sort_order, origin) "
                "VALUES ('440300DP01X01', '示例社区', 'Demo community', '440300DP01', 'community', '', 1000, 'demo')")
    con.execute("UPDATE region SET name_zh = 'stale' WHERE code = '440300DP01'")
    con.execute("UPDATE meta SET value = 'changed' WHERE key = 'catalog_sha256'")  # as if the CSV had been edited
    assert sync_catalog(con)
    cat = catalog_from_db(con)
    assert cat.regions["440300DP01X01"].origin == "demo"
    assert cat.regions["440300DP01X01"].parent == "440300DP01"
    assert cat.regions["440300DP01"].name_zh == "葵涌办事处" and cat.regions["440300DP01"].origin == "catalogue"
    from indicators.catalog import load_catalog
    assert {c for c, r in cat.regions.items() if r.origin == "catalogue"} == set(load_catalog().regions)


def test_each_table_has_one_column_list_and_it_matches_the_schema(con):
    from indicators.auth.users import INSERT_COLUMNS, LIST_COLUMNS
    from indicators.store import catalog_sync as cs
    from indicators.store.batches import BATCH_COLUMNS, OBS_COLUMNS

    def columns(table: str) -> list[str]:
        return [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                          "ORDER BY ordinal_position", [table]).fetchall()]
    assert columns("indicator") == list(cs.INDICATOR_COLUMNS)
    assert columns("domain") == list(cs.DOMAIN_COLUMNS) and columns("indicator_alias") == list(cs.ALIAS_COLUMNS)
    assert sorted(columns("region")) == sorted(cs.REGION_COLUMNS) and columns("batch") == list(BATCH_COLUMNS)
    assert columns("observation") == ["batch_id", *OBS_COLUMNS, "row_no"]
    assert sorted(columns("users")) == sorted(INSERT_COLUMNS) and set(LIST_COLUMNS) < set(INSERT_COLUMNS)


def test_current_values_are_the_views_rows(con):
    from indicators.store.queries import current_values

    def send(values: list[float], sha: str) -> int:
        rows = pd.DataFrame({"indicator_id": ["two_thefts", "two_thefts", "police_incidents_110"],
                             "region_code": ["440300DP01", "440300DP01", "440300DP02"],
                             "period": ["2023-01", "2023-01", "2023-02"], "value": values})
        return upload.commit_rows(con, actions.shell("t"), rows, file_name=f"{sha}.xlsx", sha256=sha * 64).batch_id

    send([1, 2, 30], "a")                     # the key twice in one file: the later row is current
    second = send([5, 6, 31], "b")
    send([7, None, 32], "c")                  # the newest row of two_thefts is NULL: no current value
    batches.roll_back(con, actions.shell("t"), second)
    got = current_values(con, ["two_thefts", "police_incidents_110", "police_incidents_110"], ["2023-01", "2023-02"])
    view = con.execute("""SELECT indicator_id, region_code, period, value, batch_id FROM current_observation
                          WHERE measure = 'value' AND value IS NOT NULL AND period IN ('2023-01', '2023-02')
                          ORDER BY ALL""").fetchall()
    mine = sorted(zip(*(got.column(c).to_pylist() for c in ("indicator", "region", "period", "value", "batch")),
                      strict=True))
    assert mine == view and [r[3] for r in mine] == [32.0]
