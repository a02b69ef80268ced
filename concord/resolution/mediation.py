"""Mediation (调解) on the case workflow: sessions (planned, held, cancelled), the mediation
agreement (调解协议书) with its terms and the parties' signatures, and how the mediation
ended. The unit that mediates is the case's own, or the unit handling it on referral."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.models import Unit
from concord.cases.models import Case, Outcome, PartyRole, Status
from concord.cases.services import mark_resolved
from concord.cases.workflow import CASES
from concord.resolution.common import (
    GROUP,
    HANDLING,
    in_case_language,
    local_date,
    local_time,
    mediating,
    open_referral,
    public_change_data,
    with_receiver,
)
from concord.resolution.forms import (
    CancelSessionForm,
    DraftAgreementForm,
    EndMediationForm,
    PlanSessionForm,
    RecordSessionForm,
    SignAgreementForm,
)
from concord.resolution.models import (
    Agreement,
    AgreementStatus,
    Attestation,
    Mediation,
    MediationOutcome,
    MediationSession,
    SessionStatus,
    SignedHow,
    Term,
    TermKind,
)
from concord.workflow.errors import InvalidInput
from concord.workflow.kernel import Change, Step
from concord.workflow.text import clean_text

MEDIATION_STATES = (Status.IN_MEDIATION, Status.REFERRED)
# Letters and digits that cannot be misread on paper (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def may_mediate(case: Case) -> bool:
    """In mediation, or on referral to a unit that accepted it."""
    return case.status == Status.IN_MEDIATION or with_receiver(case)


# What every mediation step declares: where, who (the mediating unit only), the panel; none
# moves the case by itself except ``end_mediation``, whose handler says where to.
MEDIATING: dict[str, Any] = {
    "states": MEDIATION_STATES,
    "who": HANDLING,
    "narrow": mediating,
    "possible": may_mediate,
    "to": None,
    "group": GROUP,
}


def mediating_unit(case: Case) -> Unit:
    referral = open_referral(case)
    if case.status == Status.REFERRED and referral is not None:
        return referral.to_unit
    return case.unit


def current_mediation(case: Case, now: datetime) -> Mediation:
    """The mediating unit's open mediation of the case, begun now if there is none."""
    unit = mediating_unit(case)
    found = Mediation.objects.filter(case=case, unit=unit, ended_at=None).first()
    return found or Mediation.objects.create(case=case, unit=unit, started_at=now)


def open_mediation(step: Step[Case], change: Change) -> None:
    """On ``start_mediation``: the mediation of the case's unit begins (its sessions hang on it)."""
    case = step.subject

    def begin() -> None:
        current_mediation(case, step.now)

    step.after(begin)


CASES.extend("start_mediation", open_mediation)


def _session_fields(place: str, mediators: str) -> tuple[str, str]:
    return (
        clean_text(place, required=True, what=_("where it takes place"), limit=200),
        clean_text(mediators, required=True, what=_("the mediators"), limit=200),
    )


@CASES.action(
    "plan_session",
    label=gettext_lazy("plan a mediation session"),
    help=gettext_lazy("Set the time and place of a mediation session; the resident sees it on the tracking page."),
    **MEDIATING,
    form=PlanSessionForm,
    event="mediation.session_planned",
    public=True,
    order=300,
)
def plan_session(step: Step[Case], *, starts_at: datetime, place: str, mediators: str) -> Change:
    """Plan a session in the future."""
    case = step.subject
    if starts_at <= step.now:
        raise InvalidInput(_("A planned session must be in the future; record a session already held instead."))
    where, who = _session_fields(place, mediators)
    session = MediationSession.objects.create(
        mediation=current_mediation(case, step.now),
        case=case,
        status=SessionStatus.PLANNED,
        starts_at=starts_at,
        place=where,
        mediators=who,
        recorded_by=step.actor,
    )
    line = in_case_language(
        case,
        lambda: (
            _("A mediation session is planned for %(when)s at %(place)s.")
            % {"when": local_time(starts_at), "place": where}
        ),
    )
    return Change(note=line, data={"session": session.pk})


@CASES.action(
    "record_session",
    label=gettext_lazy("record a session held"),
    help=gettext_lazy("Record a mediation session that took place: who came, what was said and agreed."),
    **MEDIATING,
    form=RecordSessionForm,
    event="mediation.session_held",
    public=True,
    order=310,
)
def record_session(
    step: Step[Case],
    *,
    starts_at: datetime,
    place: str,
    mediators: str,
    summary: str,
    present: list[str] | None = None,
    session: int | None = None,
) -> Change:
    """Record a session held (a planned one, or one not planned here)."""
    case = step.subject
    if starts_at > step.now:
        raise InvalidInput(_("A session in the future cannot be marked as held."))
    came = set(present or ())
    if came - set(PartyRole.values):
        raise InvalidInput(_("Say which parties came: the reporter, the other party."))
    where, who = _session_fields(place, mediators)
    text = clean_text(summary, required=True, what=_("what was said and agreed"))
    if session is not None:
        held = MediationSession.objects.filter(case=case, pk=session, status=SessionStatus.PLANNED).first()
        if held is None:
            raise InvalidInput(_("This case has no such planned session."))
    else:
        held = MediationSession(mediation=current_mediation(case, step.now), case=case)
    held.status = SessionStatus.HELD
    held.starts_at, held.place, held.mediators, held.summary = starts_at, where, who, text
    held.attendance = {role: role in came for role in PartyRole.values}
    held.recorded_by = step.actor
    held.save()
    line = in_case_language(
        case, lambda: _("A mediation session was held on %(date)s.") % {"date": local_date(starts_at)}
    )
    return Change(note=line, data=public_change_data(text, session=held.pk, present=sorted(came)))


@CASES.action(
    "cancel_session",
    label=gettext_lazy("cancel a planned session"),
    help=gettext_lazy("Call off a planned session, saying why; plan a new one when you can."),
    **MEDIATING,
    form=CancelSessionForm,
    event="mediation.session_cancelled",
    public=True,
    order=320,
)
def cancel_session(step: Step[Case], *, session: int, reason: str) -> Change:
    """Cancel a planned session of this case."""
    case = step.subject
    found = MediationSession.objects.filter(case=case, pk=session, status=SessionStatus.PLANNED).first()
    if found is None:
        raise InvalidInput(_("This case has no such planned session."))
    text = clean_text(reason, required=True, what=_("a reason"))
    found.status = SessionStatus.CANCELLED
    found.summary = text
    found.save(update_fields=["status", "summary"])
    line = in_case_language(
        case,
        lambda: (
            _("The mediation session of %(date)s was called off; you will be told the new date.")
            % {"date": local_date(found.starts_at)}
        ),
    )
    return Change(note=line, data=public_change_data(text, session=found.pk))


def _terms(terms: list[tuple[str, Decimal | None, date | None]], today: date) -> list[Term]:
    if not terms:
        raise InvalidInput(_("An agreement needs at least one term: who pays or does what, by when."))
    made = []
    for number, (text, amount, due_on) in enumerate(terms, start=1):
        what = clean_text(text, required=True, what=_("term %(n)d") % {"n": number}, limit=300)
        if due_on is None:
            raise InvalidInput(_("Term %(n)d needs a due date.") % {"n": number})
        if due_on < today:
            raise InvalidInput(_("Term %(n)d is due before today.") % {"n": number})
        if amount is not None and amount < 0:
            raise InvalidInput(_("Term %(n)d: an amount cannot be negative.") % {"n": number})
        kind = TermKind.PAYMENT if amount else TermKind.ACTION
        made.append(Term(number=number, kind=kind, text=what, amount=amount or None, due_on=due_on))
    return made


def _parties(case: Case) -> list[dict[str, str]]:
    return [
        {"role": party.role, "name": party.name or str(party.get_role_display())}
        for party in case.parties.order_by("id")
    ]


@CASES.action(
    "draft_agreement",
    label=gettext_lazy("write the mediation agreement"),
    help=gettext_lazy(
        "Write the agreement (调解协议书): the facts and each term — an amount or an action with its due date. "
        "Until someone signs, writing it again replaces the draft."
    ),
    **MEDIATING,
    form=DraftAgreementForm,
    event="agreement.drafted",
    public=False,
    order=330,
)
def draft_agreement(step: Step[Case], *, facts: str, terms: list[tuple[str, Decimal | None, date | None]]) -> Change:
    """Write the agreement with its terms (replacing an unsigned draft)."""
    case = step.subject
    text = clean_text(facts, required=True, what=_("the facts"))
    made = _terms(list(terms), timezone.localdate(step.now))
    parties = _parties(case)
    if len(parties) < 2:
        raise InvalidInput(_("An agreement binds at least two parties: record the other party first."))
    drafts = Agreement.objects.filter(case=case, status=AgreementStatus.DRAFT)
    if Attestation.objects.filter(agreement__in=drafts).exists():
        raise InvalidInput(_("Someone has signed the draft already: it can no longer be changed."))
    replaced = list(drafts.values_list("code", flat=True))
    drafts.delete()
    agreement = Agreement.objects.create(
        case=case,
        mediation=current_mediation(case, step.now),
        unit=mediating_unit(case),
        code="".join(secrets.choice(CODE_ALPHABET) for _n in range(10)),
        language=case.language or settings.LANGUAGE_CODE,
        status=AgreementStatus.DRAFT,
        parties=parties,
        facts=text,
        created_at=step.now,
        created_by=step.actor,
    )
    for term in made:
        term.agreement = agreement
    Term.objects.bulk_create(made)
    summary = _("Agreement %(code)s written with %(n)d term(s).") % {"code": agreement.code, "n": len(made)}
    return Change(note=summary, data={"agreement": agreement.pk, "replaced": replaced})


@CASES.action(
    "sign_agreement",
    label=gettext_lazy("record a party's signature"),
    help=gettext_lazy("Record that a party signed the agreement, in person or remotely; when all have, it is signed."),
    **MEDIATING,
    form=SignAgreementForm,
    event="agreement.attested",
    public=False,
    order=340,
)
def sign_agreement(
    step: Step[Case], *, agreement: int, party: int, how: str, signed_at: datetime | None = None
) -> Change:
    """Record one party's signature; the last one makes the agreement signed (a public event)."""
    case = step.subject
    found = Agreement.objects.filter(case=case, pk=agreement, status=AgreementStatus.DRAFT).first()
    if found is None:
        raise InvalidInput(_("This case has no such agreement waiting for signatures."))
    if not 1 <= party <= len(found.parties):
        raise InvalidInput(_("Choose one of the agreement's parties."))
    if how not in SignedHow.values:
        raise InvalidInput(_("Say how they signed: in person or remotely."))
    when = signed_at or step.now
    if when > step.now:
        raise InvalidInput(_("A signature cannot be recorded for a time still to come."))
    if Attestation.objects.filter(agreement=found, party=party).exists():
        raise InvalidInput(_("This party has signed already."))
    name = found.parties[party - 1]["name"]
    Attestation.objects.create(agreement=found, party=party, name=name, how=how, signed_at=when, recorded_by=step.actor)
    data: dict[str, Any] = {"agreement": found.pk, "party": party, "how": how}
    if Attestation.objects.filter(agreement=found).count() < len(found.parties):
        return Change(note=_("%(name)s signed (%(how)s).") % {"name": name, "how": SignedHow(how).label}, data=data)
    found.status = AgreementStatus.SIGNED
    found.signed_at = when  # the last signature makes it signed
    found.save(update_fields=["status", "signed_at"])
    line = in_case_language(
        case, lambda: _("The mediation agreement was signed by all parties on %(date)s.") % {"date": local_date(when)}
    )
    return Change(note=line, data=data, event="agreement.signed", public=True)


@CASES.action(
    "end_mediation",
    label=gettext_lazy("record how the mediation ended"),
    help=gettext_lazy(
        "Agreement reached (needs a signed agreement; the case is resolved), no agreement (the case stays "
        "signed for, to be referred on), or withdrawn."
    ),
    **MEDIATING,
    form=EndMediationForm,
    event="mediation.ended",
    public=True,
    order=350,
)
def end_mediation(step: Step[Case], *, outcome: str, note: str) -> Change:
    """End the mediating unit's mediation with its outcome. In the case's own unit this also
    moves the case (resolved, or back to signed for); on referral the receiving unit then
    records the referral's outcome."""
    case = step.subject
    if outcome not in MediationOutcome.values:
        raise InvalidInput(_("Choose how the mediation ended."))
    text = clean_text(note, required=True, what=_("a note"))
    signed = Agreement.objects.filter(case=case, status=AgreementStatus.SIGNED).exists()
    if outcome == MediationOutcome.AGREEMENT and not signed:
        raise InvalidInput(_("Record the parties' signatures on the agreement first."))
    mediation = current_mediation(case, step.now)
    mediation.ended_at = step.now
    mediation.outcome = outcome
    mediation.save(update_fields=["ended_at", "outcome"])
    label = MediationOutcome(outcome).label
    line = in_case_language(case, lambda: _("The mediation ended: %(outcome)s.") % {"outcome": label})
    data = public_change_data(text, mediation=mediation.pk, outcome=outcome)
    if case.status == Status.REFERRED:
        return Change(note=line, data=data)
    if outcome == MediationOutcome.NO_AGREEMENT:
        return Change(note=line, data=data, to=Status.ACCEPTED)
    resolved_as = Outcome.AGREEMENT if outcome == MediationOutcome.AGREEMENT else Outcome.WITHDRAWN
    return Change(note=line, data=data, to=Status.RESOLVED, fields=mark_resolved(case, resolved_as, text, step.now))
