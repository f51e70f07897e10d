"""History page through AppTest: batch list, a batch's changes, roll-back by an admin only (server-side)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import actions
from indicators.actions import SYSTEM, upload
from indicators.actions import users as account
from indicators.store.queries import current

APP = str(Path(__file__).resolve().parents[2] / "app.py")

PASSWORD = "correct horse battery"


@pytest.fixture
def users(con):
    """An analyst and an admin in the test database."""
    account.add(con, SYSTEM, "ana", PASSWORD, "analyst")
    account.add(con, SYSTEM, "root", PASSWORD, "admin")
    return {"analyst": "ana", "admin": "root"}


@pytest.fixture
def uploaded(con, users):
    """An upload batch by the analyst that changes 110 incidents 2021 (1052 → 1100) and adds 2022."""
    rows = pd.DataFrame({"indicator_id": ["police_incidents_110", "police_incidents_110"],
                         "region_code": ["440300DP", "440300DP"], "period": ["2021", "2022"],
                         "value": [1100.0, 990.0], "source": ["数据!D2", "数据!D3"]})
    res = upload.commit_rows(con, actions.shell("ana"), rows, file_name="警情.xlsx", sha256="ab" * 32, sheets="数据")
    return res.batch_id


def _value(con, period: str) -> float | None:
    d = current(con, period=period, regions="440300DP", indicators=["police_incidents_110"], measure="value")
    return None if d.empty else float(d["value"].iloc[0])


def _open(user: str, role: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["user"] = user
    at.session_state["role"] = role
    at.run()
    return at.switch_page("pages/history.py").run()


def test_lists_batches_with_who_file_sheets_counts_status(con, uploaded):
    at = _open("ana", "analyst")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["批次"])[:2] == [uploaded, 1]
    top = table.iloc[0]
    assert (top["文件"], top["工作表"], top["上传人"], top["类型"]) == ("警情.xlsx", "数据", "ana", "上传")
    assert (top["新增"], top["变更"], top["不变"], top["状态"]) == (1, 1, 0, "已提交")


def test_selection_shows_what_the_batch_changed(con, uploaded):
    at = _open("ana", "analyst")
    changes = at.dataframe[1].value
    assert list(changes["期间"]) == ["2021年", "2022年"]
    assert list(changes["原值"]) == ["1052", ""]
    assert list(changes["度量"]) == ["数值", "数值"]
    assert list(changes["数值"]) == [1100.0, 990.0]
    assert list(changes["状态"]) == ["变更", "新增"]
    assert list(changes["单位"]) == ["起", "起"]
    at.selectbox(key="history_batch").select(1).run()
    assert len(at.dataframe[1].value) > 40  # the seed batch


def test_analyst_sees_no_rollback_button(con, uploaded):
    at = _open("ana", "analyst")
    assert not at.button
    assert "管理员" in at.caption[0].value


def test_admin_rolls_back_and_values_revert(con, uploaded):
    assert _value(con, "2021") == 1100.0
    at = _open("root", "admin")
    assert at.button(key=f"rb_{uploaded}").disabled  # needs the confirmation first
    at.checkbox(key=f"rb_ok_{uploaded}").check().run()
    at.button(key=f"rb_{uploaded}").click().run()
    assert not at.exception and not at.error
    assert f"批次 {uploaded} 已回滚" in at.success[0].value
    assert _value(con, "2021") == 1052.0 and _value(con, "2022") is None
    assert at.dataframe[0].value.iloc[0]["状态"] == "已回滚"
    audit = con.execute("SELECT user_name, detail FROM audit WHERE action = 'rollback'").fetchall()
    assert audit == [("root", f'{{"batch": {uploaded}}}')]


def test_role_is_rechecked_on_the_server_when_clicking(con, uploaded):
    """An admin demoted between page view and click cannot roll back: the role comes from the database."""

    at = _open("root", "admin")
    at.checkbox(key=f"rb_ok_{uploaded}").check().run()
    account.add(con, SYSTEM, "boss", PASSWORD, "admin")
    account.set_role(con, actions.login("boss"), "root", "analyst")
    at.button(key=f"rb_{uploaded}").click().run()
    assert not at.exception and not at.success
    assert _value(con, "2021") == 1100.0
    assert con.execute("SELECT status FROM batch WHERE id = ?", [uploaded]).fetchall() == [("committed",)]


def test_english(con, uploaded):
    at = _open("ana", "analyst")
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Upload history"
    assert at.dataframe[0].value.iloc[0]["Status"] == "committed"


def test_roll_back_core_requires_admin(con, uploaded, users):
    from indicators.actions import batches
    from indicators.auth import PermissionDenied

    with pytest.raises(PermissionDenied):
        batches.roll_back(con, actions.login("ana"), uploaded)
    with pytest.raises(PermissionDenied):
        batches.roll_back(con, actions.login(None), uploaded)
    batches.roll_back(con, actions.login("root"), uploaded)
    assert _value(con, "2021") == 1052.0


def test_a_later_batch_supersedes_and_limit_applies(con, uploaded):
    from indicators.web.history_view import batch_changes

    rows = pd.DataFrame({"indicator_id": ["police_incidents_110"], "region_code": ["440300DP"], "period": ["2021"],
                         "value": [1200.0]})
    later = upload.commit_rows(con, actions.shell("ana"), rows, file_name="更正.xlsx", sha256="cd" * 32).batch_id
    first = batch_changes(con, uploaded, "zh")
    assert list(first["现行值"]) == ["否", "是"]  # 2021 superseded by the correction, 2022 still current
    fix = batch_changes(con, later, "en")
    assert (fix["Previous value"].iloc[0], fix["Value"].iloc[0], fix["Status"].iloc[0]) == ("1100", 1200.0, "Changed")
    assert len(batch_changes(con, 1, "zh", limit=5)) == 5
    assert len(batch_changes(con, 1, "zh")) == con.execute("SELECT count(*) FROM observation WHERE batch_id = 1"
                                                           ).fetchall()[0][0]


def test_rolling_back_a_superseded_batch_says_nothing_shown_changes(con, uploaded):
    """#17 item 8: every value of the batch was replaced later, so 「原值已恢复」 would mislead."""
    rows = pd.DataFrame({"indicator_id": ["police_incidents_110"] * 2, "region_code": ["440300DP"] * 2,
                         "period": ["2021", "2022"], "value": [1200.0, 1000.0], "source": ["数据!D2", "数据!D3"]})
    upload.commit_rows(con, actions.shell("ana"), rows, file_name="更正.xlsx", sha256="cd" * 32, sheets="数据")
    at = _open("root", "admin")
    at.selectbox(key="history_batch").select(uploaded).run()
    at.checkbox(key=f"rb_ok_{uploaded}").check().run()
    at.button(key=f"rb_{uploaded}").click().run()
    assert not at.exception and not at.error
    assert "原值已恢复" not in at.success[0].value and "不变" in at.success[0].value
    assert _value(con, "2021") == 1200.0 and _value(con, "2022") == 1000.0


def test_rolling_back_a_partly_superseded_batch_restores_what_it_still_showed(con, uploaded):
    rows = pd.DataFrame({"indicator_id": ["police_incidents_110"], "region_code": ["440300DP"], "period": ["2022"],
                         "value": [1000.0], "source": ["数据!D3"]})
    upload.commit_rows(con, actions.shell("ana"), rows, file_name="更正.xlsx", sha256="cd" * 32, sheets="数据")
    at = _open("root", "admin")
    at.selectbox(key="history_batch").select(uploaded).run()
    at.checkbox(key=f"rb_ok_{uploaded}").check().run()
    at.button(key=f"rb_{uploaded}").click().run()
    assert "原值已恢复" in at.success[0].value
    assert _value(con, "2021") == 1052.0 and _value(con, "2022") == 1000.0
