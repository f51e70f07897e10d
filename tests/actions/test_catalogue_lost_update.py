"""Two editors of one indicator on a real database file: update_indicator writes only the fields an editor changed
(against the values they started from), keeps what someone else saved meanwhile, and refuses, writing nothing, a
field both changed, naming it with both values in zh and en; the command line says the same and exits 2."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from indicators import actions
from indicators.actions import SYSTEM, catalogue
from indicators.actions import users as account
from indicators.actions.catalogue import EditConflict, IndicatorSpec
from indicators.cli.main import main
from indicators.store import audit
from indicators.store.catalog_sync import catalog_from_db

GANGS = "criminal_gangs_busted"     # 打掉涉恶犯罪团伙 (unit 个, no target): in no index, used by no other indicator
ANA, BOB = actions.login("ana"), actions.login("bob")


@pytest.fixture
def people(con):
    """Two analysts."""
    for name, role in (("ana", "analyst"), ("bob", "analyst")):
        account.add(con, SYSTEM, name, "correct horse battery", role)
    return con


def _read(con, ident: str = GANGS) -> IndicatorSpec:
    """An editor reading the indicator: the form's starting values."""
    return IndicatorSpec.of(catalog_from_db(con).with_retired().indicators[ident])


def _rows(con) -> list[tuple[str, dict]]:
    """indicator_update audit rows, oldest first: (user, changes)."""
    rows = audit.entries(con, action="indicator_update")
    return [(u, json.loads(d)["changes"]) for u, d in zip(rows["user_name"], rows["detail"], strict=True)][::-1]


def _stored(con) -> list[tuple]:
    return con.execute("SELECT * FROM indicator ORDER BY id").fetchall()


def test_disjoint_fields_of_two_editors_are_both_kept_and_each_audited_with_its_own(people):
    ana_read, bob_read = _read(people), _read(people)
    catalogue.update_indicator(people, BOB, GANGS, replace(bob_read, target=30.0, definition="打掉的团伙数"), bob_read)
    changes = catalogue.update_indicator(people, ANA, GANGS, replace(ana_read, unit="起", polarity="neutral"), ana_read)
    assert set(changes) == {"unit", "polarity"}
    ind = catalog_from_db(people).indicators[GANGS]
    assert (ind.unit, ind.polarity, ind.target, ind.definition) == ("起", 0, 30.0, "打掉的团伙数")
    assert _rows(people) == [
        ("bob", {"target": [None, 30.0], "definition": ["打掉的涉恶犯罪团伙个数", "打掉的团伙数"]}),
        ("ana", {"unit": ["个", "起"], "polarity": [1, 0]})]


def test_a_field_both_changed_is_refused_naming_it_with_both_values_and_nothing_is_written(people):
    ana_read, bob_read = _read(people), _read(people)
    catalogue.update_indicator(people, BOB, GANGS, replace(bob_read, unit="件"), bob_read)
    before, audit_rows = _stored(people), len(audit.entries(people))
    with pytest.raises(EditConflict) as e:      # her target alone would be fine: not written either
        catalogue.update_indicator(people, ANA, GANGS, replace(ana_read, unit="起", target=30.0), ana_read)
    assert e.value.fields == ["unit"]
    assert e.value.text("zh") == ("没有保存：您读取「打掉涉恶犯罪团伙」之后，别人已修改了 1 个您也改了的字段"
                                  "（您的修改一项也没有写入，请看过当前值后再改）："
                                  "「单位」：您读取时为「个」，别人已改为「件」，您填的是「起」")
    assert "Unit: “个” when you read it, changed by someone else to “件”, yours “起”" in e.value.text("en")
    assert e.value.text("en").startswith("Not saved: since you read “Criminal gangs broken up”, someone else changed")
    assert _stored(people) == before and len(audit.entries(people)) == audit_rows
    assert [u for u, _ in _rows(people)] == ["bob"]


def test_conflicting_values_are_named_in_words_references_and_choices_too(people):
    ana_read, bob_read = _read(people), _read(people)
    catalogue.update_indicator(people, BOB, GANGS, replace(bob_read, polarity="lower_better", target=5.0), bob_read)
    with pytest.raises(EditConflict) as e:
        catalogue.update_indicator(people, ANA, GANGS, replace(ana_read, polarity="neutral", target=40.0), ana_read)
    assert e.value.fields == ["polarity", "target"]
    zh = e.value.text("zh")
    assert "「方向」：您读取时为「越高越好」，别人已改为「越低越好」，您填的是「中性」" in zh
    assert "「目标值」：您读取时为「（无）」，别人已改为「5」，您填的是「40」" in zh
    assert "Polarity: “higher is better” when you read it, changed by someone else to “lower is better”, yours " \
           "“neutral”" in e.value.text("en")


def test_the_same_value_saved_by_both_is_no_conflict_and_an_untouched_field_is_not_undone(people):
    ana_read, bob_read = _read(people), _read(people)
    catalogue.update_indicator(people, BOB, GANGS, replace(bob_read, unit="起", target=30.0), bob_read)
    assert catalogue.update_indicator(people, ANA, GANGS, replace(ana_read, unit="起"), ana_read) == {}
    ind = catalog_from_db(people).indicators[GANGS]
    assert (ind.unit, ind.target) == ("起", 30.0)
    assert [u for u, _ in _rows(people)] == ["bob"]


# ---------------------------------------------------------------- the command line, two runs interleaved

def _between(monkeypatch, argv: list[str]) -> None:
    """Run another `catalogue edit` after the next one has read the catalogue and before it saves."""
    real = catalogue.update_indicator
    pending = [argv]

    def interleaved(*args):
        if pending:
            assert main(pending.pop()) == 0
        return real(*args)
    monkeypatch.setattr(catalogue, "update_indicator", interleaved)


def test_two_command_line_edits_of_other_fields_are_both_kept(people, capsys, monkeypatch):
    _between(monkeypatch, ["catalogue", "edit", GANGS, "--target", "30", "--user", "bob"])
    assert main(["catalogue", "edit", "打掉团伙", "--unit", "起", "--user", "ops"]) == 0
    ind = catalog_from_db(people).indicators[GANGS]
    assert (ind.unit, ind.target) == ("起", 30.0)
    assert _rows(people) == [("bob", {"target": [None, 30.0]}), ("ops", {"unit": ["个", "起"]})]
    assert "单位：个 → 起" in capsys.readouterr().out


@pytest.mark.parametrize("lang, line", [
    ("zh", "「单位」：您读取时为「个」，别人已改为「件」，您填的是「起」"),
    ("en", "Unit: “个” when you read it, changed by someone else to “件”, yours “起”"),
])
def test_two_command_line_edits_of_one_field_the_second_is_refused_exit_2(people, capsys, monkeypatch, lang, line):
    _between(monkeypatch, ["catalogue", "edit", GANGS, "--unit", "件", "--user", "bob"])
    capsys.readouterr()
    assert main(["catalogue", "edit", GANGS, "--unit", "起", "--target", "30", "--user", "ops", "--lang", lang]) == 2
    out = capsys.readouterr()
    err = out.err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and line in err, err
    ind = catalog_from_db(people).indicators[GANGS]
    assert (ind.unit, ind.target) == ("件", None)                    # nothing of the refused edit written
    assert [u for u, _ in _rows(people)] == ["bob"]
