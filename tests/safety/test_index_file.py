"""The index definition file: the shipped one is valid; each fault is named by line and field."""

from __future__ import annotations

import pytest

from indicators.catalog import load_catalog
from indicators.safety.index_file import RULES, IndexInvalid, index_path, load_index, parse_index

GOOD = """name_zh = "平安指数"
[rules.history]
years = 3

[[domain]]
id = "order"
name_zh = "社会治安"
name_en = "Public order"
weight = 60

[[domain.component]]
indicator = "police_incidents_110"
weight = 70
rule = "history"

[[domain.component]]
indicator = "pl_work_satisfaction"
weight = 30
rule = "target"
target = 95
zero_at = 75

[[domain]]
id = "disputes"
name_zh = "矛盾纠纷"
name_en = "Disputes"
weight = 40

[[domain.component]]
indicator = "mediation_success_rate"
weight = 1
rule = "peers"
"""


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def test_shipped_file_is_valid_and_uses_every_rule(cat):
    spec = load_index(cat)
    assert {c.rule for c in spec.components} == set(RULES)
    assert len({c.indicator for c in spec.components}) == len(spec.components)
    assert all(c.indicator in cat.indicators for c in spec.components)
    assert spec.sha256 and spec.text == index_path().read_text(encoding="utf-8")


def test_direction_comes_from_polarity_unless_given(cat):
    spec = parse_index(GOOD, cat)
    by_id = {c.indicator: c for c in spec.components}
    assert by_id["police_incidents_110"].direction == -1 and by_id["pl_work_satisfaction"].direction == 1
    assert by_id["police_incidents_110"].years == 3 and by_id["police_incidents_110"].par == 80


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth - 1]


@pytest.mark.parametrize(("old", "new", "field", "at"), [
    ('indicator = "police_incidents_110"', 'indicator = "no_such_thing"', "indicator",
     ('indicator = "no_such_thing"', 1)),
    ("weight = 70", "weight = -3", "weight", ("weight = -3", 1)),
    ("weight = 70", 'weight = "heavy"', "weight", ('weight = "heavy"', 1)),
    ('rule = "history"\n\n[[domain.component]]', 'rule = "vibes"\n\n[[domain.component]]', "rule",
     ('rule = "vibes"', 1)),
    ("zero_at = 75", "zero_at = 99", "zero_at", ("zero_at = 99", 1)),
    ("zero_at = 75\n", "", "zero_at", ("[[domain.component]]", 2)),          # absent: the table's header line
    ('id = "disputes"', 'id = "order"', "id", ('id = "order"', 2)),
    ('name_en = "Disputes"', 'name_en = ""', "name_en", ('name_en = ""', 1)),
    ('rule = "peers"', 'rule = "peers"\nwieght = 3', "wieght", ("wieght = 3", 1)),
    ("years = 3", "years = 0", "years", ("years = 0", 1)),
    ('indicator = "mediation_success_rate"', 'indicator = "police_incidents_110"', "indicator",
     ('indicator = "police_incidents_110"', 2)),
])
def test_each_fault_names_its_line_and_field(cat, old, new, field, at):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    with pytest.raises(IndexInvalid) as err:
        parse_index(text, cat)
    line = _line_of(text, *at)
    assert any(f"line {line}" in p and f"field {field}" in p for p in err.value.problems), err.value.problems


def test_a_neutral_indicator_needs_a_direction(cat):
    text = GOOD.replace('indicator = "mediation_success_rate"', 'indicator = "gang_cases_filed"')
    with pytest.raises(IndexInvalid, match="field direction"):
        parse_index(text, cat)
    ok = parse_index(text.replace('rule = "peers"', 'rule = "peers"\ndirection = "lower_better"'), cat)
    assert ok.components[-1].direction == -1


def test_every_problem_is_reported_at_once(cat):
    text = GOOD.replace("weight = 70", "weight = 0").replace('rule = "peers"', 'rule = "nope"')
    with pytest.raises(IndexInvalid) as err:
        parse_index(text, cat)
    assert len(err.value.problems) == 2


def test_broken_toml_is_a_plain_error(cat):
    with pytest.raises(IndexInvalid, match="TOML"):
        parse_index("[[domain]\nid = ", cat)
