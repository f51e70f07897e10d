"""The seed: every figure of the work summary is stored, tied to its sentence, and nothing else is invented."""

import csv
import re

import pytest

from indicators.compute import implied_base, rate
from indicators.paths import data_dir

SEED = data_dir() / "seed" / "work_summary_2021.csv"

# Every figure of the work summary, as a reader of the document states it: (indicator, period, measure, value).
EXPECTED = {
    ("police_incidents_110", "2021", "value", 1052), ("police_incidents_110", "2021", "yoy_pct", -24.21),
    ("police_incidents_110", "2020", "value", 1388), ("violent_crimes_8", "2021", "yoy_pct", -75.0),
    ("two_thefts", "2021", "yoy_pct", -63.89), ("pl_work_satisfaction", "2021H1", "rank", 1),
    ("safety_creation_participation", "2021H1", "rank", 1), ("antigang_awareness_rate", "2021", "value", 93.42),
    ("antigang_satisfaction_rate", "2021", "value", 98.36), ("gang_cases_filed", "2021", "value", 23),
    ("gang_cases_solved", "2021", "value", 16), ("gang_solve_rate", "2021", "value", 69.6),
    ("gang_suspects_arrested", "2021", "value", 25), ("gang_suspects_prosecuted", "2021", "value", 20),
    ("criminal_gangs_busted", "2021", "value", 3), ("gang_suspects_caught", "2021", "value", 10),
    ("city_case_suspects_caught", "2021", "value", 7), ("protective_umbrellas_removed", "2021", "value", 1),
    ("rule_of_law_communities", "2021", "value", 19), ("rule_of_law_community_rate", "2021", "value", 76),
    ("community_total", "2021", "value", 25), ("mental_patients_registered", "2021", "value", 559),
    ("mental_patient_incidents", "2021", "value", 0), ("correction_released", "2021", "value", 4),
    ("resettlement_helped", "2021", "value", 77), ("resettlement_rate", "2021", "value", 100),
    ("resettlement_due", "2021", "value", 77), ("correction_violations", "2021", "value", 0),
    ("leadership_meetings", "2021", "value", 87), ("national_security_operations", "2021", "value", 8),
    ("antigang_added_sectors", "2021", "value", 4), ("antigang_working_groups", "2021", "value", 9),
    ("antigang_supervised_sectors", "2021", "value", 9), ("tourists_served", "2021", "value", 1080),
    ("grassroots_gang_corruption_cases", "2021", "value", 17),
    ("grassroots_gang_corruption_people", "2021", "value", 17),
    ("grassroots_gang_corruption_cases", "2021", "yoy_pct", 41.7),
    ("grassroots_gang_corruption_cases", "2020", "value", 12), ("rectified_party_orgs", "2021", "value", 18),
    ("rectified_weak_party_orgs", "2021", "value", 8), ("rectified_lagging_party_orgs", "2021", "value", 10),
    ("action_plans_three_year", "2021", "value", 5), ("innovation_projects_collected", "2021", "value", 17),
    ("innovation_projects_selected", "2021", "value", 10), ("community_social_orgs", "2021", "value", 40),
    ("law_exam_participants", "2021", "value", 2305), ("law_exam_excellent_rate", "2021", "value", 98.86),
    ("legal_leaflets", "2021", "value", 100000), ("correction_education_sessions", "2021", "value", 20),
    ("correction_education_participants", "2021", "value", 200), ("reoffending_rate", "2021", "value", 0),
    ("xueliang_meetings", "2021", "value", 10), ("grid_regulations", "2021", "value", 13),
}
AT_LEAST = {"community_social_orgs", "legal_leaflets", "correction_education_sessions",
            "correction_education_participants", "xueliang_meetings"}
DERIVED = {("police_incidents_110", "2020"), ("community_total", "2021"), ("resettlement_due", "2021"),
           ("grassroots_gang_corruption_cases", "2020")}

# Digits in the achievements sections that are not indicator figures, with the reason.
NOT_FIGURES = {
    "110刑事": "the name of the 110 emergency line, part of the indicator name",
    "“7.01”": "a case code name", "“4.11”": "a case code name", "“4.15”": "a date (National Security Education Day)",
    "“1+5+N”": "the name of the work framework", "“1+N”": "the name of a document set",
    "\n1.": "list numbering", "\n2.": "list numbering", "\n3.": "list numbering",
    "2021年": "the year (the period itself)", "中央提出10类": "categories set by the central government",
    "市里部署的26类": "categories set by the city", "制定1个实施方案": "the single plan of the framework (its '1')",
}


def _rows() -> list[dict[str, str]]:
    with SEED.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_expected_figure_is_seeded_exactly():
    got = {(r["indicator"], r["period"], r["measure"], float(r["value"])) for r in _rows()}
    assert got == {(i, p, m, float(v)) for i, p, m, v in EXPECTED}


def test_qualifiers_and_origins():
    for r in _rows():
        assert r["region"] == "440300DP"
        assert r["qualifier"] == ("at_least" if r["indicator"] in AT_LEAST else "exact"), r
        derived = (r["indicator"], r["period"]) in DERIVED
        assert r["origin"] == ("derived" if derived else "reported"), r
        assert bool(r["derivation"]) == derived and bool(r["figure_text"]) != derived, r


def test_each_figure_sits_in_its_sentence_of_the_document(seed_doc):
    for r in _rows():
        assert r["source_sentence"] in seed_doc, r["source_sentence"]
        if r["figure_text"]:
            assert r["figure_text"] in r["source_sentence"], r
            digits = re.findall(r"\d+(?:\.\d+)?", r["figure_text"])
            if digits and r["indicator"] not in ("legal_leaflets",):
                assert float(digits[0]) == abs(float(r["value"])), r


def test_no_figure_of_the_document_is_missing(seed_doc):
    body = seed_doc[seed_doc.index("一、主要工作成绩"):seed_doc.index("三、2021年工作思路")]
    covered = [(m.start(), m.end()) for r in _rows() if r["figure_text"]
               for m in re.finditer(re.escape(r["figure_text"]), body)]
    covered += [(m.start(), m.end()) for ctx in NOT_FIGURES for m in re.finditer(re.escape(ctx), body)]
    missing = [body[max(0, m.start() - 10):m.end() + 10] for m in re.finditer(r"\d+(?:\.\d+)?", body)
               if not any(a <= m.start() < b for a, b in covered)]
    assert missing == [], f"figures of the document not in the seed: {missing}"


@pytest.mark.parametrize("indicator, current, change, decimals", [
    ("police_incidents_110", 1052, -24.21, 2), ("grassroots_gang_corruption_cases", 17, 41.7, 1),
])
def test_derived_bases_follow_exactly(indicator, current, change, decimals):
    row = next(r for r in _rows() if r["indicator"] == indicator and r["origin"] == "derived")
    assert float(row["value"]) == implied_base(current, change, decimals)


@pytest.mark.parametrize("indicator, numerator, reported_rate", [
    ("community_total", 19, 76), ("resettlement_due", 77, 100),
])
def test_derived_denominators_follow_exactly(indicator, numerator, reported_rate):
    row = next(r for r in _rows() if r["indicator"] == indicator)
    den = float(row["value"])
    assert rate(numerator, den, 0) == reported_rate
    assert rate(numerator, den - 1, 0) != reported_rate and rate(numerator, den + 1, 0) != reported_rate
