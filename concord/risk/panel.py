"""What the case page shows about risk: the level and why, the recommended actions for an
urgent case, the crisis line for self-harm, and the forms of the risk steps the user may take."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from concord.cases.forms import ACTION_FORMS
from concord.cases.models import Case
from concord.cases.policy import ACTION_LABELS
from concord.risk.factors import Answer
from concord.risk.models import URGENT, RiskLevel
from concord.risk.queries import risk_evidence
from concord.risk.services import QUESTIONS

RISK_ACTIONS = ("assess_risk", "raise_risk", "lower_risk", "refer_counselling")


def _checklist_initial(evidence: dict[str, Any] | None) -> dict[str, str]:
    """The saved answers, else "yes" where the text found the factor, else "don't know"."""
    if evidence is None:
        return {}
    found = {factor["code"] for factor in evidence["factors"] if factor["words"]}
    saved = evidence["answers"]
    return {code: saved.get(code) or (Answer.YES if code in found else Answer.UNKNOWN) for code in QUESTIONS}


def risk_panel(case: Case, allowed: list[str], bound: dict[str, forms.Form]) -> dict[str, Any]:
    """The risk panel's context; ``bound`` holds forms sent back with errors."""
    evidence = risk_evidence(case)
    initial = _checklist_initial(evidence)
    steps = [
        (
            action,
            ACTION_LABELS[action],
            bound.get(action)
            or ACTION_FORMS[action](prefix=action, initial=initial if action == "assess_risk" else None),
        )
        for action in allowed
        if action in RISK_ACTIONS
    ]
    codes = {factor["code"] for factor in evidence["factors"] if factor["counted"]} if evidence else set()
    return {
        "level": RiskLevel(case.risk_level),
        "urgent": case.risk_level >= URGENT,
        "evidence": evidence,
        "self_harm": "self_harm" in codes,
        "steps": steps,
        "police": settings.CONCORD_POLICE_NUMBER,
        "ambulance": settings.CONCORD_AMBULANCE_NUMBER,
        "crisis_line": settings.CONCORD_CRISIS_LINE,
    }
