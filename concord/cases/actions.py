"""Run a named action with validated input: the one place views (and later the API)
turn an action name and its cleaned form data into a service call."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from concord.cases import services
from concord.cases.errors import InvalidInput
from concord.cases.models import Case, RejectionReason
from concord.cases.queries import category_by_code, visible_cases
from concord.geo.queries import region_by_code
from concord.intake.receipts import normalise_receipt
from concord.risk import services as risk_services
from concord.risk.services import QUESTIONS as RISK_QUESTIONS


def _duplicate_target(actor: User, receipt: str) -> Case | None:
    if not receipt:
        return None
    original = visible_cases(actor).filter(receipt=normalise_receipt(receipt)).first()
    if original is None:
        raise InvalidInput(_("No case with that receipt code in your area."))
    return original


def _correction(data: dict[str, Any]) -> dict[str, Any]:
    """The category and region a correction names, looked up by code."""
    found: dict[str, Any] = {}
    if data["category"]:
        found["category"] = category_by_code(data["category"])
        if found["category"] is None:
            raise InvalidInput(_("Unknown category."))
    if data["region"]:
        found["region"] = region_by_code(data["region"].strip())
        if found["region"] is None:
            raise InvalidInput(_("No area has that code."))
    return found


def perform(action: str, case: Case, actor: User, data: dict[str, Any]) -> None:
    """Call the service for ``action``; raises CaseError subclasses on refusal."""
    if action == "sign_for":
        services.accept_case(case, actor=actor, note=data["note"])
    elif action == "add_note":
        services.add_note(case, actor=actor, note=data["note"], public=data["public"])
    elif action == "start_mediation":
        services.start_mediation(case, actor=actor, note=data["note"])
    elif action == "resolve":
        services.resolve_case(case, actor=actor, outcome=data["outcome"], summary=data["summary"])
    elif action == "escalate":
        services.escalate_case(case, actor=actor, reason=data["reason"])
    elif action == "reject":
        duplicate = (
            _duplicate_target(actor, data["duplicate_of"]) if data["reason"] == RejectionReason.DUPLICATE else None
        )
        services.reject_case(case, actor=actor, reason=data["reason"], note=data["note"], duplicate_of=duplicate)
    elif action == "reopen":
        services.reopen_case(case, actor=actor, reason=data["reason"])
    elif action == "follow_up":
        services.record_follow_up(case, actor=actor, note=data["note"])
    elif action == "close":
        services.close_case(case, actor=actor, note=data["note"])
    elif action == "assess_risk":
        answers = {code: data[code] or "unknown" for code in RISK_QUESTIONS}
        risk_services.assess_risk(case, actor=actor, answers=answers, note=data["note"])
    elif action == "raise_risk":
        risk_services.raise_risk(case, actor=actor, level=data["level"], note=data["note"])
    elif action == "lower_risk":
        risk_services.lower_risk(case, actor=actor, level=data["level"], reason=data["reason"])
    elif action == "refer_counselling":
        risk_services.refer_to_counselling(case, actor=actor, note=data["note"])
    elif action == "correct":
        services.correct_case(case, actor=actor, reason=data["reason"], **_correction(data))
    else:
        raise InvalidInput(_("Unknown action."))
