"""The resolution panel of the case page: the channels suggested for the case, its referrals,
joint handling and tasks, mediation sessions, agreements with their terms and signatures,
and the forms of the resolution steps the reader may take, each next to what it acts on."""

from __future__ import annotations

from typing import Any

from concord.cases.models import Case
from concord.cases.panels import Panel
from concord.cases.workflow import CASES
from concord.resolution.common import GROUP
from concord.resolution.models import (
    Agreement,
    AgreementStatus,
    MediationSession,
    Purpose,
    ReferralStatus,
    SessionStatus,
    TermStatus,
)
from concord.resolution.queries import resolution_of
from concord.resolution.suggest import suggest_channels
from concord.workflow.forms import ActionForm
from concord.workflow.pages import Offered

# Steps shown with the item they act on (a hidden id names it), not in the panel's list.
ITEM_STEPS = frozenset(
    {"complete_task", "cancel_session", "sign_agreement", "request_confirmation", "record_confirmation", "record_term"}
)
# Steps on the open referral, shown in its card.
REFERRAL_STEPS = ("accept_referral", "decline_referral", "complete_referral", "return_referral", "revoke_referral")


def _item(case: Case, allowed: dict[str, Offered], code: str, **initial: Any) -> Offered | None:
    """The form of step ``code`` for one item (None if the reader may not take it now)."""
    if code not in allowed:
        return None
    action = CASES.actions[code]
    form: ActionForm = action.bind(case, initial=initial)
    return code, action.label, form


def _session_steps(case: Case, allowed: dict[str, Offered], session: MediationSession) -> list[Offered]:
    """Record as held, or cancel, a planned session."""
    if session.status != SessionStatus.PLANNED:
        return []
    prefill = {"session": session.pk, "starts_at": session.starts_at, "place": session.place}
    found = [
        _item(case, allowed, "record_session", **prefill, mediators=session.mediators),
        _item(case, allowed, "cancel_session", session=session.pk),
    ]
    return [offered for offered in found if offered is not None]


def _agreement_row(case: Case, allowed: dict[str, Offered], agreement: Agreement) -> dict[str, Any]:
    """An agreement with its signatures (a form for each party yet to sign), its terms (a
    form for each one due) and the request for judicial confirmation."""
    signed = {attestation.party: attestation for attestation in agreement.attestations.all()}
    drafting = agreement.status == AgreementStatus.DRAFT
    in_force = agreement.status == AgreementStatus.SIGNED
    return {
        "agreement": agreement,
        "signatures": [
            (
                party,
                signed.get(n),
                _item(case, allowed, "sign_agreement", agreement=agreement.pk, party=n)
                if drafting and n not in signed
                else None,
            )
            for n, party in enumerate(agreement.parties, start=1)
        ],
        "terms": [
            (
                term,
                _item(case, allowed, "record_term", term=term.pk)
                if in_force and term.status == TermStatus.OPEN
                else None,
            )
            for term in agreement.terms.all()
        ],
        "confirm": _item(case, allowed, "request_confirmation", agreement=agreement.pk)
        if agreement.status in (AgreementStatus.SIGNED, AgreementStatus.FULFILLED) and agreement.confirmed_at is None
        else None,
    }


def resolution_panel(case: Case, steps: list[Offered]) -> dict[str, Any]:
    allowed = {code: (code, label, form) for code, label, form in steps}
    view = resolution_of(case)
    open_handover = next(
        (r for r in view.referrals if r.purpose == Purpose.HANDLING and r.is_open),
        None,
    )
    referrals = [
        (
            referral,
            _item(case, allowed, "record_confirmation", referral=referral.pk)
            if referral.purpose == Purpose.CONFIRMATION and referral.status == ReferralStatus.PENDING
            else None,
        )
        for referral in view.referrals
    ]
    tasks = [
        (task, _item(case, allowed, "complete_task", task=task.pk) if task.done_at is None else None)
        for task in view.tasks
    ]
    sessions = [(session, _session_steps(case, allowed, session)) for session in view.sessions]
    agreements = [_agreement_row(case, allowed, agreement) for agreement in view.agreements]
    suggestions = suggest_channels(case, known=view) if case.is_open else []
    refer_forms = [
        _item(case, allowed, "refer", channel=found.suggestion.channel, unit=found.units[0].pk) if found.units else None
        for found in suggestions
    ]
    return {
        "suggestions": list(zip(suggestions, refer_forms, strict=True)),
        "refer": allowed.get("refer"),
        "referrals": referrals,
        "open_referral": open_handover,
        "referral_steps": [allowed[code] for code in REFERRAL_STEPS if code in allowed],
        "tasks": tasks,
        "sessions": sessions,
        "agreements": agreements,
        "mediations": view.mediations,
        "steps": [
            offered
            for offered in steps
            if offered[0] not in ITEM_STEPS and offered[0] not in REFERRAL_STEPS and offered[0] != "refer"
        ],
        "anything": bool(view.referrals or view.tasks or view.sessions or view.agreements or steps),
    }


RESOLUTION_PANEL = Panel(name=GROUP, template="staff/_resolution.html", build=resolution_panel)
