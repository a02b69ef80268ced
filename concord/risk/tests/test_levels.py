"""The checklist, the levels table and the critical-factor rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from concord.risk.engine.factors import (
    CHECKLIST,
    CRITICAL_RULES,
    FACTORS,
    FACTORS_BY_CODE,
    GROUPS_BY_CODE,
    LEVELS,
    case_fact_answers,
    level_for_score,
)
from concord.risk.engine.scoring import score_and_level

README = Path(__file__).resolve().parent / "data" / "README.md"


def test_every_factor_is_bilingual_and_in_a_known_group() -> None:
    assert len({factor.code for factor in FACTORS}) == len(FACTORS)
    for factor in FACTORS:
        assert factor.group in GROUPS_BY_CODE
        assert factor.label_zh and factor.label_en and factor.help_zh and factor.help_en
        assert factor.weight >= 0


def test_names_follow_the_active_language() -> None:
    factor = FACTORS_BY_CODE["threat_to_kill"]
    with translation.override("en"):
        assert factor.label == "Threat to kill or seriously harm"
    with translation.override("zh-hans"):
        assert factor.label == "扬言杀人或严重伤害"


def test_the_issue_checklist_is_covered() -> None:
    codes = {factor.code for factor in CHECKLIST}
    assert {
        "threat_to_kill",
        "weapon",
        "prior_violence",
        "escalating_violence",
        "strangulation",
        "separation",
        "stalking",
        "fear",
        "vulnerable_people",
        "self_harm",
        "substance",
        "group_dispute",
        "large_sums",
        "repeat_dispute",
        "past_deadline",
    } <= codes
    assert "distress" not in codes


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, "standard"), (3, "standard"), (4, "medium"), (6, "medium"), (7, "high"), (10, "high"), (11, "critical")],
)
def test_levels_table(score: int, level: str) -> None:
    assert level_for_score(score) == level


@pytest.mark.parametrize(
    ("codes", "level"),
    [
        ({"threat_to_kill"}, "high"),
        ({"strangulation"}, "high"),
        ({"self_harm"}, "high"),
        ({"threat_to_kill", "weapon"}, "critical"),
        ({"vulnerable_people", "substance"}, "standard"),
        ({"prior_violence"}, "medium"),
        ({"prior_violence", "fear"}, "high"),
        ({"group_dispute", "large_sums"}, "medium"),
    ],
)
def test_critical_factor_rules(codes: set[str], level: str) -> None:
    assert score_and_level(codes)[1] == level


def test_a_threat_of_harm_adds_nothing_to_a_threat_to_kill() -> None:
    assert score_and_level({"threat_to_kill", "threat_of_harm"})[0] == 7


def test_rules_only_raise() -> None:
    for rule in CRITICAL_RULES:
        _, level, _ = score_and_level(rule.requires | {"prior_violence", "fear", "separation"})
        assert level in {"high", "critical"}


def test_case_facts() -> None:
    assert case_fact_answers(repeat_dispute=True, past_deadline=False) == {
        "repeat_dispute": "yes",
        "past_deadline": "no",
    }
    assert all(FACTORS_BY_CODE[code].case_fact for code in case_fact_answers(repeat_dispute=True, past_deadline=True))


def test_the_labelling_guideline_copies_the_weights_and_levels() -> None:
    readme = README.read_text(encoding="utf-8")
    for factor in FACTORS:
        if factor.in_text:
            assert re.search(rf"\| `{factor.code}` \| {factor.weight} \|", readme), factor.code
    bounds = [level.min_score for level in LEVELS[1:]]
    rows = [
        f"| {low}–{high - 1} | {level.code} |" for low, high, level in zip([0, *bounds], bounds, LEVELS, strict=False)
    ]
    rows.append(f"| {LEVELS[-1].min_score} or more | {LEVELS[-1].code} |")
    for row in rows:
        assert row in readme, row
