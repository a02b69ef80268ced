"""What a resident whose report reads as urgent should do now, for the receipt and tracking
page: the local emergency numbers, the crisis line when someone may harm themselves, and how
soon a worker will call. The resident never sees a level or a score, only what to do."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from concord.cases.models import AWAITING_SIGN_FOR, Case
from concord.risk.engine.levels import URGENT
from concord.risk.queries import SELF_HARM, counted_factors


@dataclass(frozen=True)
class UrgentHelp:
    police: str
    ambulance: str
    crisis_line: str
    # Someone may harm themselves: the crisis line and plain words of support come first.
    self_harm: bool
    # Nobody has signed for the case yet: a worker will call within ``minutes``.
    awaiting_contact: bool
    minutes: int


def urgent_help(case: Case) -> UrgentHelp | None:
    """The help to show on ``case``'s public page, or None unless it is open and urgent."""
    if not case.is_open or case.risk_level < URGENT:
        return None
    return UrgentHelp(
        police=settings.CONCORD_POLICE_NUMBER,
        ambulance=settings.CONCORD_AMBULANCE_NUMBER,
        crisis_line=settings.CONCORD_CRISIS_LINE,
        self_harm=SELF_HARM in counted_factors(case),
        awaiting_contact=case.status in AWAITING_SIGN_FOR,
        minutes=settings.CONCORD_URGENT_SIGN_FOR_MINUTES,
    )
