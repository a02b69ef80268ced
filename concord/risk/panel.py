"""The risk panel of the case page: the level and why, the recommended actions for an urgent
case, the crisis line for self-harm, and the risk steps the reader may take. Registered on
the case page (``cases.panels``) by this app at start-up."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from concord.cases.models import Case
from concord.cases.panels import Panel
from concord.risk.engine.levels import URGENT, RiskLevel
from concord.risk.queries import SELF_HARM, counted_factors, risk_evidence
from concord.risk.services import GROUP
from concord.workflow.pages import Offered


def risk_panel(case: Case, steps: list[Offered]) -> dict[str, Any]:
    return {
        "level": RiskLevel(case.risk_level),
        "urgent": case.risk_level >= URGENT,
        "evidence": risk_evidence(case),
        "self_harm": SELF_HARM in counted_factors(case),
        "steps": steps,
        "police": settings.CONCORD_POLICE_NUMBER,
        "ambulance": settings.CONCORD_AMBULANCE_NUMBER,
        "crisis_line": settings.CONCORD_CRISIS_LINE,
    }


RISK_PANEL = Panel(name=GROUP, template="staff/_risk.html", build=risk_panel)
