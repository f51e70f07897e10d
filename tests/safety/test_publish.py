"""Publication: a snapshot with its batches; a later upload cannot move it; re-publication is a new version."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from indicators import actions
from indicators.actions import safety as safety_actions
from indicators.actions import upload
from indicators.errors import UserError
from indicators.safety import snapshots as pub
from indicators.safety.index import Rules, compute_index
from indicators.safety.index_file import load_index
from indicators.store.audit import entries

PERIOD, NANAO = "2023-12", "440300DP03"


def _scores(result) -> dict[str, float]:
    return pub.scores_of(result)


def test_a_late_upload_cannot_change_a_published_score(demo):
    con, cat = demo
    spec = load_index(cat)
    first = safety_actions.publish(con, actions.shell("admin1"), cat, spec, PERIOD, Rules())
    assert first.version == 1 and first.batches
    published_before = _scores(pub.published_result(con, first))
    assert published_before == _scores(compute_index(con, cat, spec, PERIOD, Rules()))
    # a later upload: Nan'ao's two thefts of December corrected from 12 to 1
    rows = pd.DataFrame({"indicator_id": ["two_thefts"], "region_code": [NANAO], "period": [PERIOD],
                         "value": [1.0], "source": ["更正.xlsx!数据!C2"]})
    upload.commit_rows(con, actions.shell("analyst1"), rows, file_name="更正.xlsx", sha256="ef" * 32)
    live = compute_index(con, cat, spec, PERIOD, Rules())
    still = pub.published_result(con, pub.latest(con, PERIOD))
    assert _scores(still) == published_before                          # the published score did not move
    diff = pub.differences(still, live)
    assert NANAO in set(diff["region"])
    row = diff.set_index("region").loc[NANAO]
    assert row["score_current"] > row["score_published"] and row["difference"] > 0
    second = safety_actions.publish(con, actions.shell("admin2"), cat, spec, PERIOD, Rules())
    assert second.version == 2 and max(second.batches) > max(first.batches)
    assert _scores(pub.published_result(con, second)) == _scores(live)
    assert _scores(pub.published_result(con, first)) == published_before   # both versions stay readable
    assert pub.differences(pub.published_result(con, second), live).empty
    log = entries(con, action="index_publish")
    assert list(log["user_name"]) == ["admin2", "admin1"]
    assert json.loads(log["detail"].iloc[0])["version"] == 2


def test_the_snapshot_keeps_components_and_the_index_definition(demo):
    con, cat = demo
    spec = load_index(cat)
    p = safety_actions.publish(con, actions.shell("admin1"), cat, spec, PERIOD, Rules())
    snap = pub.published_result(con, p)
    live = compute_index(con, cat, spec, PERIOD, Rules())
    pd.testing.assert_frame_equal(snap.components.reset_index(drop=True), live.components.reset_index(drop=True),
                                  check_dtype=False)
    text, sha = con.execute("SELECT index_text, index_sha256 FROM index_publication WHERE id = ?", [p.id]).fetchall()[0]
    assert text == spec.text and sha == spec.sha256


def test_nothing_to_publish_is_refused(con, catalog):
    with pytest.raises(UserError):
        safety_actions.publish(con, actions.shell("admin1"), catalog, load_index(catalog), "2021", Rules())
    assert pub.publications(con) == []


def test_only_an_administrator_may_publish_and_a_refusal_is_audited(demo):
    from indicators.actions import users
    from indicators.auth import PermissionDenied

    con, cat = demo
    users.add(con, actions.shell("setup"), "ana", "correct horse battery staple", "analyst")
    with pytest.raises(PermissionDenied):
        safety_actions.publish(con, actions.login("ana"), cat, load_index(cat), PERIOD, Rules())
    assert pub.publications(con) == []
    assert list(entries(con, action="permission_denied")["user_name"]) == ["ana"]
