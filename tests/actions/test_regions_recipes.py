"""Region mapping and creation, and reading recipes, as actions on a real DuckDB file; and through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from indicators import actions
from indicators.actions import SYSTEM, catalogue, recipes, upload, users
from indicators.actions.catalogue import NewRegion
from indicators.auth import PermissionDenied
from indicators.errors import UserError
from indicators.ingest import ingest
from indicators.ingest.labels import IGNORE
from indicators.ingest.steer import SheetSteer, Steer
from indicators.store import audit
from indicators.store import recipes as recipe_store
from indicators.store.catalog_sync import catalog_from_db
from tests.conftest import REPO
from tests.ingest.helpers import xlsx

PW = "long enough password"
ROWS = [["南澳办事处2024年9月各社区矛盾纠纷"], ["社区", "排查", "化解"], ["南澳社区", 12, 11], ["水头社区", 7, 7],
        ["合计", 19, 18]]


@pytest.fixture
def people(con):
    for name, role in (("ana", "analyst"), ("vic", "viewer")):
        users.add(con, SYSTEM, name, PW, role)
    return con


def test_unknown_communities_are_created_under_their_subdistrict_and_read_next_time(people, con):
    cat = catalog_from_db(con)
    data = xlsx(ROWS, sheet="S")
    res = ingest(data, "c.xlsx", cat)
    assert res.unknown_regions == ["南澳社区", "水头社区"] and res.status == "refused"
    total = res.observations[res.observations["source"] == "S!B5"].iloc[0]
    assert total["region_code"] == "440300DP03"                  # 合计 is the subdistrict of the title
    new = [NewRegion("南澳社区", "南澳社区", "Nan'ao Community", "440300DP03", "community"),
           NewRegion("水头社区", "水头社区", "", "440300DP03", "community")]
    saved = catalogue.map_regions(con, actions.login("ana"), cat, {}, new)
    cat = catalog_from_db(con)
    assert cat.regions[saved["南澳社区"]].parent == "440300DP03" and cat.regions[saved["南澳社区"]].origin == "user"
    assert saved["南澳社区"].startswith("440300DP03U")
    res = ingest(data, "c.xlsx", cat)
    assert not res.unknown_regions and not [i for i in res.issues if i.code == "unknown_region"]
    assert set(res.observations["region_code"]) == {saved["南澳社区"], saved["水头社区"], "440300DP03"}
    rows = audit.entries(con, action="region_create")
    assert len(rows) == 2 and "440300DP03" in rows["detail"].iloc[0]


def test_region_texts_become_aliases(people, con):
    cat = catalog_from_db(con)
    saved = catalogue.map_regions(con, actions.login("ana"), cat, {"南澳街道综治中心": "440300DP03"})
    assert saved == {"南澳街道综治中心": "440300DP03"}
    assert catalog_from_db(con).find_region("南澳街道综治中心").code == "440300DP03"
    assert len(audit.entries(con, action="region_alias_add")) == 1


def test_region_actions_are_refused_to_viewers_and_checked(people, con):
    cat = catalog_from_db(con)
    with pytest.raises(PermissionDenied):
        catalogue.map_regions(con, actions.login("vic"), cat, {"南澳社区": "440300DP03"})
    assert len(audit.entries(con, action="permission_denied")) == 1
    with pytest.raises(UserError) as e:                          # a community cannot sit above its subdistrict
        catalogue.map_regions(con, actions.login("ana"), cat, {},
                              [NewRegion("X社区", "X社区", "", "440300DP03", "district")])
    assert e.value.code == "upload.region_level_bad"
    with pytest.raises(UserError):
        catalogue.map_regions(con, actions.login("ana"), cat, {"溪涌": "NOPE"})
    assert con.execute("SELECT count(*) FROM region_alias").fetchall()[0][0] == 0   # nothing half-written


def test_recipes_save_apply_and_drop(people, con):
    cat = catalog_from_db(con)
    data = xlsx([["指标", "地区", "2024年"], ["两盗", "葵涌", 5], ["新指标甲", "葵涌", 3]], sheet="S")
    res = ingest(data, "t.xlsx", cat)
    steer = Steer(labels={"新指标甲": IGNORE})
    rid = recipes.save(con, actions.login("ana"), "月报格式", res.fingerprint, steer, "t.xlsx")
    found = {r.fingerprint: (r.id, r.name, Steer.from_json(r.steer)) for r in recipe_store.list_recipes(con)}
    again = ingest(data, "t2.xlsx", cat, recipe_for=found.get)
    assert again.recipe == (rid, "月报格式") and again.status == "ok" and len(again.observations) == 1
    batch = upload.commit(con, actions.login("ana"), again)
    note = con.execute("SELECT note FROM batch WHERE id = ?", [batch.batch_id]).fetchall()[0][0]
    assert "月报格式" in note
    rid2 = recipes.save(con, actions.login("ana"), "月报格式v2", res.fingerprint, steer, "t.xlsx")
    assert [r.id for r in recipe_store.list_recipes(con)] == [rid2]        # one recipe per layout
    recipes.drop(con, actions.login("ana"), rid2)
    assert recipe_store.list_recipes(con) == [] and recipe_store.recipe_for(con, res.fingerprint) is None
    with pytest.raises(UserError):
        recipes.drop(con, actions.login("ana"), rid2)
    with pytest.raises(PermissionDenied):
        recipes.save(con, actions.login("vic"), "x", res.fingerprint, steer)
    acts = set(audit.entries(con)["action"])
    assert {"recipe_save", "recipe_drop", "permission_denied"} <= acts


def test_a_recipe_keeps_sheet_corrections(people, con):
    cat = catalog_from_db(con)
    rows = [["葵涌办事处综治月报"], ["项目", "本月", "去年同期"], ["排查", 5, 4]]
    data = xlsx(rows, sheet="月报")
    res = ingest(data, "a.xlsx", cat)
    assert res.status == "refused"                                # no year anywhere: 本月 has no period
    steer = Steer({"月报": SheetSteer(period="2024-09")})
    recipes.save(con, actions.login("ana"), "综治月报", res.fingerprint, steer)
    found = {r.fingerprint: (r.id, r.name, Steer.from_json(r.steer)) for r in recipe_store.list_recipes(con)}
    again = ingest(data, "b.xlsx", cat, recipe_for=found.get)
    assert set(again.observations["period"]) == {"2024-09", "2023-09"}


def _cli(db, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indicators", *args], cwd=REPO, capture_output=True, text=True,
                          env={**__import__("os").environ, "INDICATORS_DB": str(db)}, timeout=120)


def test_cli_applies_recipes_by_layout_and_by_name(people, con, db_file, tmp_path):
    cat = catalog_from_db(con)
    data = xlsx([["葵涌办事处2024年9月综治月报"], ["项目", "本月", "去年同期"], ["矛盾纠纷排查数", 5, 4]],
                sheet="月报")
    res = ingest(data, "a.xlsx", cat)
    recipes.save(con, actions.login("ana"), "月报", res.fingerprint, Steer(labels={"矛盾纠纷排查数": IGNORE}))
    con.close()
    path = tmp_path / "月报_2024-10.xlsx"
    path.write_bytes(data)
    out = json.loads(_cli(db_file, "ingest", str(path), "--dry-run", "--json").stdout)
    assert out["recipe"]["name"] == "月报" and out["fingerprint"] == res.fingerprint and not out["observations"]
    assert any(c["what"] == "region" and c["where"] == "A1" for c in out["context"])
    out = json.loads(_cli(db_file, "ingest", str(path), "--dry-run", "--json", "--no-recipe").stdout)
    assert out["recipe"] is None and out["unknown_labels"] == ["矛盾纠纷排查数"]
    run = _cli(db_file, "ingest", str(path), "--dry-run", "--recipe", "没有这个")
    assert run.returncode == 2 and "没有这个" in run.stderr and "Traceback" not in run.stderr
    assert set(pd.DataFrame(out["observations"])["period"]) == {"2024-09", "2023-09"}
