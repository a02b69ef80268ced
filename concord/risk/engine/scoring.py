"""Assess a case: text signals and checklist answers → score, level and the evidence for it.

Pure Python, no database: the lead fills ``answers`` from the worker's checklist and from
the case data (``factors.case_fact_answers``) and stores or shows the result.

How answers combine with the text (professional judgement may raise, never silently lower):

- "yes" counts the factor, whether or not the text mentions it;
- "unknown" or no answer: the factor counts if the text signals found it;
- "no" on a factor the text found: the factor does not count in ``level``, but it stays in
  ``factors`` with its words and the answer, and ``text_level`` keeps what the text alone
  found, so that ``lowered_by_worker`` shows the lowering (a supervisor confirms it later).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from concord.risk.engine.factors import (
    CRITICAL_RULES,
    FACTORS,
    FACTORS_BY_CODE,
    SUBSUMED_BY,
    Answer,
    CriticalRule,
    Factor,
    level_for_score,
    level_rank,
)
from concord.risk.engine.text import TextSignal, find_signals


@dataclass(frozen=True)
class FactorFinding:
    """One factor of an assessment: whether it counts, why, and the words behind it."""

    code: str
    answer: Answer
    signals: tuple[TextSignal, ...]
    counted: bool

    @property
    def factor(self) -> Factor:
        return FACTORS_BY_CODE[self.code]

    @property
    def name(self) -> str:
        return self.factor.label

    @property
    def weight(self) -> int:
        return self.factor.weight

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(signal.words for signal in self.signals)

    @property
    def source(self) -> str:
        """``text``, ``checklist`` or ``text+checklist``: where the finding comes from."""
        if self.signals and self.answer != Answer.UNKNOWN:
            return "text+checklist"
        return "text" if self.signals else "checklist"

    @property
    def overridden(self) -> bool:
        """The text found it and a worker answered "no": visible, not counted."""
        return bool(self.signals) and self.answer == Answer.NO


@dataclass(frozen=True)
class Assessment:
    level: str
    score: int
    factors: tuple[FactorFinding, ...]
    rules: tuple[CriticalRule, ...]  # the critical-factor rules that apply (shown as the reason)
    text_level: str  # what the text signals alone give, before any answer
    text_score: int

    @property
    def lowered_by_worker(self) -> bool:
        """A worker's "no" brought the level below what the text found (needs a supervisor)."""
        return level_rank(self.level) < level_rank(self.text_level)

    @property
    def counted(self) -> tuple[FactorFinding, ...]:
        return tuple(finding for finding in self.factors if finding.counted)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: what ``manage.py risk_score`` prints, one object per case."""
        return {
            "level": self.level,
            "score": self.score,
            "factors": [
                {
                    "code": finding.code,
                    "name": finding.name,
                    "weight": finding.weight,
                    "counted": finding.counted,
                    "source": finding.source,
                    "answer": finding.answer.value,
                    "words": list(finding.words),
                    "spans": [[signal.start, signal.end] for signal in finding.signals],
                }
                for finding in self.factors
            ],
            "rules": [rule.code for rule in self.rules],
            "text_level": self.text_level,
            "text_score": self.text_score,
            "lowered_by_worker": self.lowered_by_worker,
        }


def score_and_level(codes: Iterable[str]) -> tuple[int, str, tuple[CriticalRule, ...]]:
    """The score of the factors that count, its level, and the critical-factor rules that apply.

    The level is the higher of the score's level and the minimum of every rule that applies.
    """
    present = set(codes)
    score = sum(
        FACTORS_BY_CODE[code].weight for code in present if not (code in SUBSUMED_BY and SUBSUMED_BY[code] in present)
    )
    level = level_for_score(score)
    applied = tuple(rule for rule in CRITICAL_RULES if rule.requires <= present)
    for rule in applied:
        if level_rank(rule.minimum) > level_rank(level):
            level = rule.minimum
    return score, level, applied


def _parse_answers(answers: Mapping[str, Answer | str] | None) -> dict[str, Answer]:
    parsed: dict[str, Answer] = {}
    for code, value in (answers or {}).items():
        factor = FACTORS_BY_CODE.get(code)
        if factor is None or not factor.on_checklist:
            raise ValueError(f"not a checklist factor: {code!r}")
        try:
            parsed[code] = Answer(value)
        except ValueError:
            raise ValueError(f"answer for {code!r} must be yes, no or unknown, got {value!r}") from None
    return parsed


def case_text(description: str, notes: Iterable[str] = ()) -> str:
    """One text of a case's description and its notes, for ``assess``."""
    return "\n".join(part for part in (description, *notes) if part)


def assess(text: str, answers: Mapping[str, Answer | str] | None = None) -> Assessment:
    """Assess a case from its text (description and notes) and the checklist answers so far."""
    given = _parse_answers(answers)
    by_factor: dict[str, list[TextSignal]] = {}
    for signal in find_signals(text):
        by_factor.setdefault(signal.factor, []).append(signal)
    findings: list[FactorFinding] = []
    for factor in FACTORS:  # checklist order
        signals = tuple(by_factor.get(factor.code, ()))
        answer = given.get(factor.code, Answer.UNKNOWN)
        if not signals and answer == Answer.UNKNOWN:
            continue
        if not signals and answer == Answer.NO:
            continue  # a plain "no": nothing to show
        counted = answer == Answer.YES or (bool(signals) and answer == Answer.UNKNOWN)
        findings.append(FactorFinding(factor.code, answer, signals, counted and factor.weight > 0))
    counted_codes = {finding.code for finding in findings if finding.counted}
    findings = [
        FactorFinding(f.code, f.answer, f.signals, False)
        if f.counted and SUBSUMED_BY.get(f.code) in counted_codes
        else f
        for f in findings
    ]
    text_score, text_level, _ = score_and_level(code for code in by_factor if FACTORS_BY_CODE[code].weight > 0)
    score, level, rules = score_and_level(finding.code for finding in findings if finding.counted)
    return Assessment(level, score, tuple(findings), rules, text_level, text_score)
