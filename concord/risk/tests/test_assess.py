"""assess(): text signals and checklist answers; a worker may raise, and a lowering stays visible."""

from __future__ import annotations

import pytest
from django.utils import translation

from concord.risk.engine.factors import Answer, case_fact_answers
from concord.risk.engine.scoring import assess, case_text


def test_text_alone() -> None:
    result = assess("他拿着刀说要杀了我")
    assert result.level == "critical"
    assert result.score == 11
    assert {f.code: f.words for f in result.factors} == {"threat_to_kill": ("要杀了我",), "weapon": ("拿着刀",)}
    assert [rule.code for rule in result.rules] == ["threat_to_kill", "threat_to_kill_with_weapon"]
    assert all(f.source == "text" for f in result.factors)


def test_a_yes_raises() -> None:
    result = assess("Noise every night.", {"fear": Answer.YES, "separation": "yes"})
    assert result.level == "medium" and result.score == 6
    assert {f.code: f.source for f in result.factors} == {"separation": "checklist", "fear": "checklist"}
    assert result.text_level == "standard" and not result.lowered_by_worker


def test_a_no_on_a_text_signal_stays_visible() -> None:
    result = assess("我真的不想活了", {"self_harm": Answer.NO})
    assert result.level == "standard" and result.score == 0
    (finding,) = result.factors
    assert finding.code == "self_harm" and not finding.counted and finding.overridden
    assert finding.words == ("不想活",) and finding.source == "text+checklist"
    assert result.text_level == "high" and result.text_score == 7
    assert result.lowered_by_worker


def test_unknown_keeps_the_text_signal() -> None:
    result = assess("He choked me.", {"strangulation": "unknown"})
    assert result.level == "high"
    assert result.factors[0].counted


def test_a_plain_no_shows_nothing() -> None:
    assert assess("Noise.", {"weapon": "no"}).factors == ()


def test_case_facts_count() -> None:
    result = assess("楼上漏水", case_fact_answers(repeat_dispute=True, past_deadline=True))
    assert result.score == 3 and result.level == "standard"
    assert {f.code for f in result.counted} == {"repeat_dispute", "past_deadline"}


def test_distress_is_shown_not_scored() -> None:
    result = assess("噪音吵得我想死")
    assert result.level == "standard" and result.score == 0
    (finding,) = result.factors
    assert finding.code == "distress" and not finding.counted and finding.words == ("吵得我想死",)


@pytest.mark.parametrize("answers", [{"nonsense": "yes"}, {"distress": "yes"}, {"fear": "maybe"}])
def test_bad_answers_are_refused(answers: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        assess("text", answers)


def test_as_dict_is_json_ready() -> None:
    with translation.override("en"):
        data = assess("threatened to kill me").as_dict()
    assert data["level"] == "high" and data["score"] == 7
    kill = next(f for f in data["factors"] if f["code"] == "threat_to_kill")
    assert kill["name"] == "Threat to kill or seriously harm" and kill["words"] == ["threatened to kill me"]
    harm = next(f for f in data["factors"] if f["code"] == "threat_of_harm")
    assert harm["counted"] is False  # subsumed by the threat to kill


def test_case_text_joins_description_and_notes() -> None:
    assert case_text("楼上噪音", ["回访：对方说要杀了他", ""]) == "楼上噪音\n回访：对方说要杀了他"
    assert assess(case_text("楼上噪音", ["回访：对方说要杀了他"])).level == "high"
