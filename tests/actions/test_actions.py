"""Every action on a real DuckDB file: who may do it (refusals audited), one transaction, its audit row."""

from __future__ import annotations

import io
import time

import openpyxl
import pandas as pd
import pytest

from indicators import actions
from indicators.actions import SYSTEM, batches, catalogue, export, perform, upload, users
from indicators.actions.catalogue import NewIndicator
from indicators.auth import PermissionDenied, audit_log
from indicators.errors import UserError
from indicators.explore import parse_filters
from indicators.ingest import ingest
from indicators.store import audit
from indicators.store.batches import list_batches
from indicators.store.catalog_sync import catalog_from_db

PW = "long enough password"


@pytest.fixture
def people(con):
    """An admin, an analyst, a viewer and a disabled analyst."""
    for name, role in (("root", "admin"), ("ana", "analyst"), ("vic", "viewer"), ("old", "analyst")):
        users.add(con, SYSTEM, name, PW, role)
    users.set_disabled(con, actions.login("root"), "old", True)
    return con


def _audit(con, action: str) -> pd.DataFrame:
    return audit.entries(con, action=action)


def _count(con, sql: str) -> int:
    return int(con.execute(sql).fetchall()[0][0])


def _file(catalog, value: int = 990, name: str = "警情.csv"):
    data = f"指标,地区,期间,数值\n110刑事治安总警情,大鹏新区,2022,{value}\n".encode()
    return ingest(data, name, catalog)


def _refused(con, call, who: str | None, needed: str) -> None:
    """call() raises PermissionDenied and leaves exactly one permission_denied row naming who and the role."""
    before = len(_audit(con, "permission_denied"))
    with pytest.raises(PermissionDenied):
        call()
    rows = _audit(con, "permission_denied")
    assert len(rows) == before + 1
    assert rows["user_name"].iloc[0] == who or (who is None and pd.isna(rows["user_name"].iloc[0]))
    assert f'"needed": "{needed}"' in rows["detail"].iloc[0]


# ---------------------------------------------------------------- the shape

def test_refusal_writes_nothing_but_its_audit_row(people):
    audit_before = _count(people, "SELECT count(*) FROM audit")
    _refused(people, lambda: perform(people, actions.login("vic"), "analyst",
                                     lambda c: pytest.fail("work ran for a refused actor")), "vic", "analyst")
    assert _count(people, "SELECT count(*) FROM audit") == audit_before + 1


def test_a_failing_work_rolls_back_its_writes_and_audits_nothing(people):
    def work(c):
        c.execute("UPDATE users SET role = 'admin' WHERE name = 'vic'")
        raise UserError("errors.no_such_batch", batch=1)
    n = _count(people, "SELECT count(*) FROM audit")
    with pytest.raises(UserError):
        perform(people, actions.login("root"), "admin", work)
    assert people.execute("SELECT role FROM users WHERE name = 'vic'").fetchall() == [("viewer",)]
    assert _count(people, "SELECT count(*) FROM audit") == n


def test_the_role_is_read_from_the_database_at_each_action(people):
    users.set_role(people, actions.login("root"), "ana", "viewer")       # demoted while still logged in
    _refused(people, lambda: upload.commit_rows(people, actions.login("ana"), pd.DataFrame(), file_name="x",
                                                sha256="x"), "ana", "analyst")
    _refused(people, lambda: batches.roll_back(people, actions.login("old"), 1), "old", "admin")


def test_shell_and_anonymous_policies(people, monkeypatch):
    assert perform(people, actions.shell("cron"), "admin", lambda c: actions.Done(7)) == 7   # shell: every role
    assert actions.shell().name.startswith("cli:")
    monkeypatch.setenv("INDICATORS_USER", "nightly")
    assert actions.shell().name == "nightly" and actions.shell("given").name == "given"
    monkeypatch.setenv("INDICATORS_PUBLIC_VIEW", "true")
    actions.check(people, actions.login(None), "viewer")               # public dashboards: anyone may read
    monkeypatch.setenv("INDICATORS_PUBLIC_VIEW", "false")
    _refused(people, lambda: actions.check(people, actions.login(None), "viewer"), None, "viewer")


# ---------------------------------------------------------------- upload

def test_upload_commit_refused_atomic_and_audited(people, catalog, monkeypatch):
    res = _file(catalog)
    _refused(people, lambda: upload.commit(people, actions.login("vic"), res), "vic", "analyst")
    _refused(people, lambda: upload.commit(people, actions.login("old"), res), "old", "analyst")
    real_log = audit.log

    def failing_log(con, user, action, detail=None):
        if action == "upload":
            raise RuntimeError("disk full while auditing")
        real_log(con, user, action, detail)
    monkeypatch.setattr(audit, "log", failing_log)
    with pytest.raises(RuntimeError):
        upload.commit(people, actions.login("ana"), res, aliases={"警情数": "police_incidents_110"})
    assert len(list_batches(people)) == 1 and _count(people, "SELECT count(*) FROM indicator_alias "
                                                             "WHERE alias = '警情数'") == 0   # no batch, no alias
    monkeypatch.setattr(audit, "log", real_log)
    done = upload.commit(people, actions.login("ana"), res, aliases={"警情数": "police_incidents_110"})
    row = _audit(people, "upload").iloc[0]
    assert row["user_name"] == "ana" and f'"batch": {done.batch_id}' in row["detail"] and '"new": 1' in row["detail"]
    assert _audit(people, "alias_add")["detail"].iloc[0] == '{"alias": "警情数", "indicator": "police_incidents_110"}'
    again = upload.commit(people, actions.login("ana"), _file(catalog, name="同一文件.csv"))
    assert again.duplicate_of[0] == done.batch_id and len(_audit(people, "upload")) == 1


def test_upload_commit_refuses_a_file_with_errors_after_the_role(people, catalog):
    bad = ingest("指标,地区,期间,数值\n八类暴力案件,全区,2021年,-1\n".encode(), "bad.csv", catalog)
    _refused(people, lambda: upload.commit(people, actions.login("vic"), bad), "vic", "analyst")  # role first
    with pytest.raises(UserError) as e:
        upload.commit(people, actions.login("ana"), bad)
    assert e.value.code == "ingest.commit_errors" and "error" in e.value.text("en")
    assert len(list_batches(people)) == 1 and _audit(people, "upload").empty


# ---------------------------------------------------------------- batches

def test_roll_back_needs_an_admin_and_is_audited_once(people, catalog):
    batch = upload.commit(people, actions.login("ana"), _file(catalog)).batch_id
    _refused(people, lambda: batches.roll_back(people, actions.login("ana"), batch), "ana", "admin")
    batches.roll_back(people, actions.login("root"), batch)
    assert list_batches(people).set_index("id").loc[batch, "status"] == "rolled_back"
    with pytest.raises(UserError) as e:
        batches.roll_back(people, actions.login("root"), batch)
    assert e.value.code == "errors.batch_rolled_back"
    assert _audit(people, "rollback")["detail"].tolist() == [f'{{"batch": {batch}}}']


# ---------------------------------------------------------------- catalogue

def test_map_labels_creates_and_maps_in_one_transaction(people, catalog):
    spec = NewIndicator("网吧检查", "网吧检查次数", "Internet cafe inspections", "次", "public_security",
                        "higher_better", "count")
    _refused(people, lambda: catalogue.map_labels(people, actions.login("vic"), catalog, {"警情": "violent_crimes_8"}),
             "vic", "analyst")
    broken = NewIndicator("坏的", "某指标", "Some indicator", " ", "public_security", "neutral", "count")
    with pytest.raises(UserError) as e:        # the second part is invalid: the valid alias is not stored either
        catalogue.map_labels(people, actions.login("ana"), catalog, {"警情": "violent_crimes_8"}, [broken])
    assert e.value.code == "catalogue.invalid"
    assert "单位：不能为空" in e.value.text("zh") and "坏的" in e.value.text("zh")
    assert _count(people, "SELECT count(*) FROM indicator_alias WHERE alias = '警情'") == 0
    saved = catalogue.map_labels(people, actions.login("ana"), catalog, {"警情": "violent_crimes_8"}, [spec])
    assert saved == {"警情": "violent_crimes_8", "网吧检查": "internet_cafe_inspections"}
    stored = catalog_from_db(people).indicators["internet_cafe_inspections"]
    assert (stored.origin, stored.unit, stored.aliases) == ("user", "次", ("网吧检查",))
    assert _audit(people, "indicator_create")["user_name"].tolist() == ["ana"]
    assert set(_audit(people, "alias_add")["detail"]) == {
        '{"alias": "警情", "indicator": "violent_crimes_8"}',
        '{"alias": "网吧检查", "indicator": "internet_cafe_inspections"}'}


# ---------------------------------------------------------------- users

def test_account_actions_need_an_admin(people):
    _refused(people, lambda: users.add(people, actions.login("ana"), "eve", PW, "admin"), "ana", "admin")
    assert users.add(people, actions.login("root"), " eve ", PW, "viewer") == "eve"
    users.set_password(people, actions.login("root"), "eve", "another long password")
    users.set_role(people, actions.login("root"), "eve", "analyst")
    users.remove(people, actions.login("root"), "eve")
    done = audit.entries(people, user="root")["action"].tolist()
    assert done[:4] == ["user_remove", "user_role", "user_passwd", "user_add"]
    with pytest.raises(PermissionDenied) as e:               # the last admin stays; a rule, not a refusal
        users.remove(people, actions.login("root"), "root")
    assert e.value.code == "errors.last_admin_removed" and len(_audit(people, "permission_denied")) == 1


# ---------------------------------------------------------------- export

def test_exports_check_first_and_audit_after(people, catalog, monkeypatch):
    filters = parse_filters(catalog, domain="public_security", period_from="2021", period_to="2021")
    _refused(people, lambda: export.table_file(people, actions.login("old"), catalog, filters, "csv"), "old",
             "viewer")
    monkeypatch.setenv("INDICATORS_PUBLIC_VIEW", "false")
    _refused(people, lambda: export.table_file(people, actions.login(None), catalog, filters, "csv"), None, "viewer")
    f = export.table_file(people, actions.login("vic"), catalog, filters, "csv")
    assert f.rows > 0 and f.data.startswith(b"\xef\xbb\xbf")
    row = _audit(people, "export").iloc[0]
    assert row["user_name"] == "vic" and f'"rows": {f.rows}' in row["detail"]
    flt = audit_log.AuditFilter(actions=("export",))
    _refused(people, lambda: export.audit_file(people, actions.login("ana"), flt), "ana", "admin")
    data = export.audit_file(people, actions.login("root"), flt)
    assert openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].max_row == 2     # header + vic's export
    assert audit.entries(people, user="root", action="export")["detail"].str.contains('"what": "audit"').all()


def test_a_download_built_after_the_idle_timeout_is_refused_and_audited(people, catalog):
    """#17 item 4: a download is built on click, outside any page run; the actor the page made carries the session's
    idle deadline, so a click after it is refused (and audited) though no page run saw the idle time."""
    filters = parse_filters(catalog, domain="public_security", period_from="2021", period_to="2021")
    stale_admin, stale_viewer = actions.login("root", until=time.time() - 1), actions.login("vic", time.time() - 1)
    _refused(people, lambda: export.audit_file(people, stale_admin, audit_log.AuditFilter()), "root", "admin")
    _refused(people, lambda: export.table_file(people, stale_viewer, catalog, filters, "xlsx"), "vic", "viewer")
    assert _audit(people, "permission_denied")["detail"].str.contains('"reason": "idle"').all()
    assert _audit(people, "export").empty
    fresh = actions.login("root", until=time.time() + 60)
    assert export.audit_file(people, fresh, audit_log.AuditFilter())
