"""Reading a case's risk evidence (for a case the caller may already read)."""

from __future__ import annotations

from typing import Any

from concord.cases.models import Case
from concord.risk.engine.factors import CRITICAL_RULES, FACTORS_BY_CODE, Answer
from concord.risk.forms import QUESTIONS
from concord.risk.models import CaseRisk

_RULES = {rule.code: rule for rule in CRITICAL_RULES}


def risk_evidence(case: Case) -> dict[str, Any] | None:
    """The last assessment with its factors and rules named in the reader's language, and
    the answers as saved; None when nothing was ever found or answered. Read once per case
    object (the page's checklist and its panel both show it)."""
    if hasattr(case, _READ):
        return getattr(case, _READ)  # type: ignore[no-any-return]
    evidence = _read_evidence(case)
    setattr(case, _READ, evidence)
    return evidence


# The factor after which the crisis line comes first (the case page, the resident's receipt).
SELF_HARM = "self_harm"


def counted_factors(case: Case) -> set[str]:
    """The codes of the factors that count towards the case's level (from ``risk_evidence``)."""
    evidence = risk_evidence(case)
    return {factor["code"] for factor in evidence["factors"] if factor["counted"]} if evidence else set()


# The attribute a case object keeps its evidence in once read (a step's change is a new object).
_READ = "_concord_risk_evidence"


def _read_evidence(case: Case) -> dict[str, Any] | None:
    risk = CaseRisk.objects.filter(case=case).first()
    if risk is None or not risk.assessment:
        return None
    stored = risk.assessment
    return {
        "level": stored["level"],
        "score": stored["score"],
        "text_level": stored["text_level"],
        "rules": [{"code": code, "reason": _RULES[code].reason} for code in stored["rules"] if code in _RULES],
        "factors": [
            {**factor, "name": FACTORS_BY_CODE[factor["code"]].label}
            for factor in stored["factors"]
            if factor["code"] in FACTORS_BY_CODE
        ],
        "answers": risk.answers,
        "assessed_at": risk.assessed_at,
        "assessed_by": risk.assessed_by,
    }


def checklist_initial(case: Case) -> dict[str, str]:
    """The checklist as the form first shows it: the saved answers, else "yes" where the text
    found the factor, else "don't know"."""
    evidence = risk_evidence(case)
    if evidence is None:
        return {}
    found = {factor["code"] for factor in evidence["factors"] if factor["words"]}
    saved = evidence["answers"]
    return {code: saved.get(code) or (Answer.YES if code in found else Answer.UNKNOWN) for code in QUESTIONS}
