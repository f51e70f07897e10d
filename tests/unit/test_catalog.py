"""Catalogue loading and validation: a problem names its file, row and field."""

import shutil
from pathlib import Path

import pytest

from indicators.catalog import load_catalog
from indicators.errors import CatalogInvalid
from indicators.paths import data_dir


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    for name in ("domains.csv", "indicators.csv", "regions.csv"):
        shutil.copy(data_dir() / name, tmp_path / name)
    return tmp_path


def test_shipped_catalogue_is_valid():
    cat = load_catalog()
    assert len(cat.indicators) >= 45
    assert set(cat.domains) >= {"public_security", "anti_gang", "correction", "rule_of_law", "grassroots"}
    rate = cat.indicators["gang_solve_rate"]
    assert (rate.numerator, rate.denominator, rate.unit, rate.kind) == ("gang_cases_solved", "gang_cases_filed",
                                                                        "%", "rate")
    assert cat.indicators["rule_of_law_community_rate"].denominator == "community_total"
    assert cat.indicators["resettlement_rate"].numerator == "resettlement_helped"
    for ind in cat.indicators.values():
        assert ind.name_zh and ind.name_en and ind.unit and ind.domain in cat.domains


@pytest.mark.parametrize("text, code", [
    ("440300DP01", "440300DP01"), ("440300dp03", "440300DP03"), ("440300DP", "440300DP"), ("440300", "440300"),
    ("葵涌街道", "440300DP01"), ("南澳辦事處", "440300DP03"), ("大鹏新区合计", "440300DP"), ("火星", None),
])
def test_find_region_by_code_name_or_alias(text, code):
    found = load_catalog().find_region(text)
    assert (found.code if found else None) == code


def test_regions_hierarchy():
    cat = load_catalog()
    dp = cat.find_region("大鹏新区")
    assert dp.parent == cat.find_region("深圳市").code
    assert {r.name_zh for r in cat.children(dp.code)} == {"葵涌办事处", "大鹏办事处", "南澳办事处"}
    assert all(r.name_en for r in cat.regions.values())


@pytest.mark.parametrize("text, expected", [
    ("破案率", "gang_solve_rate"), ("破獲率", "gang_solve_rate"), ("其中：八类暴力案件（起）", "violent_crimes_8"),
    ("  两盗案件 ", "two_thefts"), ("110刑事治安總警情", "police_incidents_110"), ("帮教率(%)", "resettlement_rate"),
    ("police_incidents_110", "police_incidents_110"), ("unknown thing", None),
])
def test_find_indicator(text, expected):
    found = load_catalog().find_indicator(text)
    assert (found.id if found else None) == expected


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name, old, new, expected", [
    ("indicators.csv", "violent_crimes_8,八类暴力案件", "police_incidents_110,八类暴力案件",
     "indicators.csv row 3, field id: duplicate 'police_incidents_110'"),
    ("indicators.csv", ",public_security,起,count,lower_better", ",nowhere,起,count,lower_better",
     "indicators.csv row 2, field domain: unknown domain 'nowhere'"),
    ("indicators.csv", ",起,count,lower_better,,,,0", ",起,tally,lower_better,,,,0",
     "indicators.csv row 2, field kind: 'tally'"),
    ("indicators.csv", ",起,count,lower_better,,,,0", ",起,count,downwards,,,,0",
     "indicators.csv row 2, field polarity: 'downwards'"),
    ("indicators.csv", "gang_cases_solved,gang_cases_filed", "gang_cases_sold,gang_cases_filed",
     "field numerator: unknown indicator 'gang_cases_sold'"),
    ("indicators.csv", "110刑事治安总警情,110 criminal", ",110 criminal", "indicators.csv row 2, field name_zh: empty"),
    ("regions.csv", "440300DP01,葵涌办事处,Kuiyong Subdistrict,440300DP,", "440300DP01,葵涌办事处,Kuiyong "
     "Subdistrict,440399,", "regions.csv row 4, field parent: unknown region '440399'"),
    ("regions.csv", ",subdistrict,葵涌|", ",street,葵涌|", "regions.csv row 4, field level: 'street'"),
])
def test_validation_names_row_and_field(catalog_copy, name, old, new, expected):
    _edit(catalog_copy, name, old, new)
    with pytest.raises(CatalogInvalid) as err:
        load_catalog(catalog_copy)
    assert any(expected in p.text("en") for p in err.value.problems), [p.text("en") for p in err.value.problems]


def test_alias_clash_is_reported(catalog_copy):
    _edit(catalog_copy, "indicators.csv", "帮教率|安置帮教率", "帮教率|破案率")
    with pytest.raises(CatalogInvalid) as err:
        load_catalog(catalog_copy)
    assert any("field aliases" in p.text("en") and "破案率" in p.text("en") for p in err.value.problems)


@pytest.mark.parametrize("old, new, field, zh, en", [
    (",110 criminal and public-security incidents,public_security,起,", ",110 criminal and public-security "
     "incidents,public_security,![t](http://host/beacon.png),", "unit", "太长", "too long"),
    (",110 criminal and public-security incidents,public_security,起,", ",110 criminal and public-security "
     "incidents,public_security,[u],", "unit", "不像计量单位", "does not look like a unit"),
    ("police_incidents_110,110刑事治安总警情", "police_incidents_110," + "警" * 41, "name_zh", "最多 40 个",
     "at most 40"),
    ("police_incidents_110,110刑事治安总警情", "police_incidents_110,正常指标\u202egnp.exe", "name_zh", "不可见",
     "invisible"),
    ("police_incidents_110,110刑事", "Police-110,110刑事", "id", "小写字母", "lower-case"),
    ("rate,higher_better,,,,2,0,100,", "rate,higher_better,,,,2,100,0,", "max_value", "小于下限", "below the lower"),
    ("rate,higher_better,,,,2,0,100,", "rate,higher_better,,,,9,0,100,", "decimals", "0 到 6", "from 0 to 6"),
    (",monthly,全区110", ",weekly,全区110", "frequency", "不是可选值", "not one of"),
])
def test_the_loader_checks_lengths_spelling_and_ranges(catalog_copy, old, new, field, zh, en):
    """Rules of indicator_rules, the same the app's forms use: the file's row and column, in both languages."""
    _edit(catalog_copy, "indicators.csv", old, new)
    with pytest.raises(CatalogInvalid) as err:
        load_catalog(catalog_copy)
    hits = [p for p in err.value.problems if f"field {field}:" in p.text("en")]
    assert hits and en in hits[0].text("en") and zh in hits[0].text("zh"), [p.text("en") for p in err.value.problems]
    assert f"字段 {field}：" in hits[0].text("zh") and "indicators.csv 第 " in hits[0].text("zh")
