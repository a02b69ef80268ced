"""Referral (转办·移交) on the case workflow: refer → accepted / declined → completed / returned
/ revoked, the SLA sweep's step for a referral nobody answered, and judicial confirmation
(司法确认) of an agreement, tracked as a referral to a court.

While a handover is open the case is ``referred``: the receiving unit sees it (and only it)
through its share, and loses it when the referral is declined, returned or revoked; the
sender keeps it throughout. Each step is one event on the case's timeline; the ones a
resident sees carry a plain-words line as their note, the worker's words stay internal."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.access import HANDLER_ROLES, HANDLERS
from concord.accounts.models import Unit
from concord.cases.forms import ReasonForm
from concord.cases.models import Case, Outcome, Relation, Status
from concord.cases.services import EVERY_STATUS, mark_resolved
from concord.cases.workflow import CASES
from concord.dates import add_working_hours
from concord.resolution.common import (
    ASKED,
    GROUP,
    RECEIVING,
    answering,
    in_case_language,
    local_date,
    open_referral,
    public_change_data,
    referral_is,
    relation_of,
    set_relation,
)
from concord.resolution.forms import (
    AcceptReferralForm,
    CompleteReferralForm,
    ConfirmationForm,
    RecordConfirmationForm,
    ReferForm,
)
from concord.resolution.models import (
    Agreement,
    AgreementStatus,
    Consent,
    Purpose,
    Referral,
    ReferralResult,
    ReferralStatus,
    ResolutionChannel,
)
from concord.resolution.queries import channels, conditions_of, nearby_unit, unit_above
from concord.workflow.errors import InvalidInput
from concord.workflow.kernel import SYSTEM, Change, Notice, Step, Who, related
from concord.workflow.text import clean_text

# The sender's steps and the answering side's, for the help page and the API (``narrow``
# picks the side that answers this referral: the receiving unit, or the sender for a court).
SENDER_OR_ASKED = Who(in_unit=HANDLER_ROLES, through=ASKED.through)
SENDER_OR_RECEIVING = Who(in_unit=HANDLER_ROLES, through=RECEIVING.through)
# After an agreement: the unit that has the case, or the one that mediated it on referral.
AGREEMENT_KEEPERS = Who(in_unit=HANDLER_ROLES, through=related([Relation.RECEIVING, Relation.PAST], HANDLER_ROLES))
# A case whose agreement can go to court (an agreement exists from mediation on).
NOT_OVER_OR_CLOSED = tuple(status for status in EVERY_STATUS if status != Status.REJECTED)
# How a completed handover ends the case here.
CASE_OUTCOME = {
    ReferralResult.AGREEMENT: Outcome.AGREEMENT,
    ReferralResult.DECIDED: Outcome.DECIDED,
    ReferralResult.WITHDRAWN: Outcome.WITHDRAWN,
}


def _target(case: Case, unit_id: int, channel_code: str) -> tuple[ResolutionChannel, Unit]:
    """The channel and the unit a referral goes to (checked: another unit, serving the
    channel, covering the case), or InvalidInput saying which of these it is not."""
    channel = channels().get(channel_code)
    if channel is None:
        raise InvalidInput(_("Choose a channel to refer the case to."))
    if unit_id == case.unit_id:
        raise InvalidInput(_("A case cannot be referred to the unit that already has it."))
    found = nearby_unit(case, unit_id, (channel.code,))
    if found is not None:
        return found
    named = Unit.objects.filter(pk=unit_id).first()
    if named is None:
        raise InvalidInput(_("There is no such unit."))
    if not channel.units.filter(pk=unit_id).exists():
        raise InvalidInput(
            _("%(unit)s does not serve %(channel)s: choose a unit that does.")
            % {"unit": named.name, "channel": channel.name}
        )
    raise InvalidInput(_("%(unit)s does not cover the place of this dispute.") % {"unit": named.name})


@CASES.action(
    "refer",
    label=gettext_lazy("refer to another unit or channel"),
    help=gettext_lazy(
        "Hand the case to a unit that serves the channel it needs (转办): it has a deadline to accept or "
        "decline; your unit keeps the case in sight."
    ),
    states=(Status.ACCEPTED, Status.IN_MEDIATION),
    who=HANDLERS,
    form=ReferForm,
    event="referral.sent",
    to=Status.REFERRED,
    public=True,
    group=GROUP,
    order=200,
)
def refer_case(
    step: Step[Case], *, channel: str, unit: int, reason: str, consent: str, consent_note: str = ""
) -> Change:
    """Refer the case to ``unit`` for ``channel``, with the reason and the record of consent to
    share the parties' details (or why none was needed)."""
    case = step.subject
    found, target = _target(case, unit, channel)
    external = found.external
    if consent not in Consent.values:
        raise InvalidInput(_("Record whether the resident agreed to share their details."))
    why_not = clean_text(
        consent_note, required=consent == Consent.NOT_NEEDED, what=_("why consent was not needed"), limit=300
    )
    text = clean_text(reason, required=True, what=_("a reason"))
    if relation_of(case, target) is not None:
        raise InvalidInput(_("%(unit)s already works on this case.") % {"unit": target.name})
    deadline = None if external else add_working_hours(step.now, settings.CONCORD_REFERRAL_ANSWER_HOURS)
    referral = Referral.objects.create(
        case=case,
        purpose=Purpose.HANDLING,
        channel=found,
        from_unit=case.unit,
        to_unit=target,
        status=ReferralStatus.PENDING,
        reason=text,
        consent=consent,
        consent_note=why_not,
        previous_status=case.status,
        sent_by=step.actor,
        created_at=step.now,
        deadline=deadline,
    )
    if not external:
        set_relation(case, target, Relation.REFERRED, step.now)
    case.referral_deadline = deadline
    line = in_case_language(
        case,
        lambda: (
            _("Your case was passed to %(unit)s (%(channel)s) on %(date)s.")
            % {"unit": target.name, "channel": found.name, "date": local_date(step.now)}
        ),
    )
    return Change(
        note=line,
        fields=["referral_deadline"],
        data=public_change_data(text, referral=referral.pk, channel=channel, to_unit=target.pk),
        notices=[
            Notice(
                subject=_("%(receipt)s: referred to you by %(unit)s")
                % {"receipt": case.receipt, "unit": case.unit.name},
                body=text,
                units=[target],
                kind="referral.received",
            )
        ]
        if not external
        else [],
    )


def _open(case: Case) -> Referral:
    referral = open_referral(case)
    assert referral is not None  # the step's ``possible`` saw it under the same lock
    return referral


def _give_back(step: Step[Case], status: str, reason: str, subject: str, tell: Unit) -> Change:
    """Close the open referral as ``status`` (declined, returned, revoked) with the reason: the
    receiving unit loses the case, which goes back to the sender's status; ``tell`` is told.
    ``subject`` names the receipt and the unit that acted (the receiving one, or the sender)."""
    case = step.subject
    referral = _open(case)
    text = clean_text(reason, required=True, what=_("a reason"))
    referral.status = status
    referral.answer = text
    referral.closed_at = step.now
    referral.answered_at = referral.answered_at or step.now
    referral.save(update_fields=["status", "answer", "closed_at", "answered_at"])
    set_relation(case, referral.to_unit, None, step.now)
    case.referral_deadline = None
    acted = referral.from_unit if status == ReferralStatus.REVOKED else referral.to_unit
    line = in_case_language(
        case,
        lambda: (
            _("Your case is back with %(unit)s, who will go on with it (%(date)s).")
            % {"unit": referral.from_unit.name, "date": local_date(step.now)}
        ),
    )
    return Change(
        note=line,
        fields=["referral_deadline"],
        to=referral.previous_status,
        data=public_change_data(text, referral=referral.pk),
        notices=[Notice(subject=subject % {"receipt": case.receipt, "unit": acted.name}, body=text, units=[tell])],
    )


@CASES.action(
    "accept_referral",
    label=gettext_lazy("accept the referral"),
    help=gettext_lazy(
        "Take on a case referred to your unit. For a court or arbitration, the sender records that it was "
        "filed, with the reference number."
    ),
    states=(Status.REFERRED,),
    who=SENDER_OR_ASKED,
    narrow=answering,
    possible=referral_is(ReferralStatus.PENDING),
    form=AcceptReferralForm,
    event="referral.accepted",
    to=None,
    public=True,
    group=GROUP,
    order=210,
)
def accept_referral(step: Step[Case], *, reference: str = "", note: str = "") -> Change:
    """Accept the open referral: the receiving unit handles the case until it completes or
    returns it; a body outside Concord has its reference number recorded."""
    case = step.subject
    referral = _open(case)
    external = referral.channel.external
    reference = clean_text(reference, required=external, what=_("their reference number"), limit=64)
    text = clean_text(note, required=False, what=_("a note"))
    referral.status = ReferralStatus.ACCEPTED
    referral.answered_at = step.now
    referral.reference = reference
    referral.save(update_fields=["status", "answered_at", "reference"])
    if not external:
        set_relation(case, referral.to_unit, Relation.RECEIVING, step.now)
    case.referral_deadline = None
    line = in_case_language(
        case,
        lambda: (
            _("%(unit)s took on your case on %(date)s.") % {"unit": referral.to_unit.name, "date": local_date(step.now)}
        ),
    )
    return Change(
        note=line,
        fields=["referral_deadline"],
        data=public_change_data(text, referral=referral.pk, reference=reference),
        notices=[
            Notice(
                subject=_("%(receipt)s: %(unit)s accepted the referral")
                % {"receipt": case.receipt, "unit": referral.to_unit.name},
                units=[referral.from_unit],
            )
        ],
    )


@CASES.action(
    "decline_referral",
    label=gettext_lazy("decline the referral"),
    help=gettext_lazy("Say why your unit cannot take the case: it goes back to the unit that sent it."),
    states=(Status.REFERRED,),
    who=SENDER_OR_ASKED,
    narrow=answering,
    possible=referral_is(ReferralStatus.PENDING),
    form=ReasonForm,
    event="referral.declined",
    public=True,
    group=GROUP,
    order=220,
)
def decline_referral(step: Step[Case], *, reason: str) -> Change:
    """Decline the open referral with a reason: the case returns to the sender's status."""
    referral = _open(step.subject)
    subject = _("%(receipt)s: %(unit)s declined the referral")
    return _give_back(step, ReferralStatus.DECLINED, reason, subject, referral.from_unit)


@CASES.action(
    "complete_referral",
    label=gettext_lazy("record the referral's outcome"),
    help=gettext_lazy(
        "Record how the receiving unit, the court or the arbitration ended it: resolved there, or not "
        "resolved (the case goes back to the sender)."
    ),
    states=(Status.REFERRED,),
    who=SENDER_OR_RECEIVING,
    narrow=answering,
    possible=referral_is(ReferralStatus.ACCEPTED),
    form=CompleteReferralForm,
    event="referral.completed",
    public=True,
    group=GROUP,
    order=230,
)
def complete_referral(step: Step[Case], *, result: str, outcome: str, reference: str = "") -> Change:
    """Complete the open referral with its result: a settlement, a decision or a withdrawal
    resolves the case (its follow-up falls due); "not resolved there" gives it back."""
    case = step.subject
    referral = _open(case)
    if result not in CASE_OUTCOME and result != ReferralResult.NOT_RESOLVED:
        raise InvalidInput(_("Choose how the referral ended."))
    text = clean_text(outcome, required=True, what=_("the outcome"))
    referral.status = ReferralStatus.COMPLETED
    referral.result = result
    referral.outcome = text
    referral.reference = (
        clean_text(reference, required=False, what=_("their reference number"), limit=64) or referral.reference
    )
    referral.closed_at = step.now
    referral.save(update_fields=["status", "result", "outcome", "reference", "closed_at"])
    if not referral.channel.external:
        set_relation(case, referral.to_unit, Relation.PAST, step.now)
    data = public_change_data(text, referral=referral.pk, result=result)
    if result == ReferralResult.NOT_RESOLVED:
        line = in_case_language(
            case,
            lambda: (
                _("%(unit)s could not settle the dispute; %(sender)s goes on with your case.")
                % {"unit": referral.to_unit.name, "sender": referral.from_unit.name}
            ),
        )
        return Change(note=line, to=referral.previous_status, data=data)
    fields = mark_resolved(case, CASE_OUTCOME[ReferralResult(result)], text, step.now)
    line = in_case_language(
        case,
        lambda: (
            _("%(unit)s finished with your case on %(date)s: %(result)s.")
            % {"unit": referral.to_unit.name, "date": local_date(step.now), "result": referral.get_result_display()}
        ),
    )
    return Change(
        note=line,
        fields=fields,
        to=Status.RESOLVED,
        data=data,
        notices=[
            Notice(subject=f"{case.receipt}: {referral.get_result_display()}", body=text, units=[referral.from_unit])
        ],
    )


@CASES.action(
    "return_referral",
    label=gettext_lazy("return the case to the sender"),
    help=gettext_lazy("Give back a case your unit accepted but cannot finish, saying why."),
    states=(Status.REFERRED,),
    who=SENDER_OR_RECEIVING,
    narrow=answering,
    possible=referral_is(ReferralStatus.ACCEPTED),
    form=ReasonForm,
    event="referral.returned",
    public=True,
    group=GROUP,
    order=240,
)
def return_referral(step: Step[Case], *, reason: str) -> Change:
    """Return an accepted referral unfinished: the case goes back to the sender's status."""
    referral = _open(step.subject)
    subject = _("%(receipt)s: %(unit)s returned the case")
    return _give_back(step, ReferralStatus.RETURNED, reason, subject, referral.from_unit)


@CASES.action(
    "revoke_referral",
    label=gettext_lazy("revoke the referral"),
    help=gettext_lazy("Take back a referral your unit sent (before or after it was accepted), saying why."),
    states=(Status.REFERRED,),
    who=HANDLERS,
    possible=lambda case: open_referral(case) is not None,
    form=ReasonForm,
    event="referral.revoked",
    public=True,
    group=GROUP,
    order=250,
)
def revoke_referral(step: Step[Case], *, reason: str) -> Change:
    """Revoke the open referral: the receiving unit loses the case; it goes back to the sender."""
    referral = _open(step.subject)
    subject = _("%(receipt)s: %(unit)s revoked its referral")
    return _give_back(step, ReferralStatus.REVOKED, reason, subject, referral.to_unit)


@CASES.action(
    "escalate_referral",
    label=gettext_lazy("escalate a referral nobody answered"),
    help=gettext_lazy(
        "The SLA sweep sends a referral not answered in time to the unit one level up that serves the same "
        "channel; at the top it tells the sender and stops watching."
    ),
    states=(Status.REFERRED,),
    who=SYSTEM,
    possible=referral_is(ReferralStatus.PENDING),
    event="referral.escalated",
    to=None,
    public=False,
    group=GROUP,
    order=255,
)
def escalate_referral(step: Step[Case]) -> Change | None:
    """The sweep's step: only if the referral is still unanswered past its deadline when locked."""
    case = step.subject
    referral = open_referral(case)
    if referral is None or referral.deadline is None or referral.deadline > step.now:
        return None
    late = referral.to_unit
    above = unit_above(case, referral.channel, late)
    reason = _("%(unit)s did not answer the referral in time.") % {"unit": late.name}
    if above is None:
        case.referral_deadline = None  # nothing above: the sender decides (revoke, or wait)
        return Change(
            note=reason,
            fields=["referral_deadline"],
            event="referral.overdue_at_top",
            data={"referral": referral.pk},
            notices=[Notice(subject=f"{case.receipt}: {reason}", units=[referral.from_unit, late])],
        )
    set_relation(case, late, None, step.now)
    set_relation(case, above, Relation.REFERRED, step.now)
    referral.to_unit = above
    referral.escalations += 1
    referral.deadline = add_working_hours(step.now, settings.CONCORD_REFERRAL_ANSWER_HOURS)
    referral.save(update_fields=["to_unit", "escalations", "deadline"])
    case.referral_deadline = referral.deadline
    return Change(
        note=f"{reason} → {above.name}",
        fields=["referral_deadline"],
        data={"referral": referral.pk, "from_unit": late.pk, "to_unit": above.pk},
        notices=[Notice(subject=f"{case.receipt}: {reason} → {above.name}", units=[above, late, referral.from_unit])],
    )


def _open_confirmation(case: Case) -> Referral | None:
    return conditions_of(case).confirmation


def _confirmable(case: Case) -> bool:
    found = conditions_of(case)
    return found.confirmable and found.confirmation is None


@CASES.action(
    "request_confirmation",
    label=gettext_lazy("ask a court to confirm the agreement"),
    help=gettext_lazy(
        "Send a signed agreement to a court for judicial confirmation (司法确认): once confirmed, it can be "
        "enforced like a judgment."
    ),
    states=NOT_OVER_OR_CLOSED,
    who=AGREEMENT_KEEPERS,
    possible=_confirmable,
    form=ConfirmationForm,
    event="confirmation.requested",
    to=None,
    public=True,
    group=GROUP,
    order=360,
)
def request_confirmation(step: Step[Case], *, agreement: int, unit: int, note: str = "") -> Change:
    """Ask a court to confirm a signed agreement of this case."""
    case = step.subject
    found = Agreement.objects.filter(
        case=case, pk=agreement, status__in=[AgreementStatus.SIGNED, AgreementStatus.FULFILLED]
    ).first()
    if found is None:
        raise InvalidInput(_("Only a signed agreement of this case can be confirmed."))
    if found.confirmed_at is not None:
        raise InvalidInput(_("This agreement is confirmed already."))
    near = nearby_unit(case, unit, ConfirmationForm.channel_codes)
    if near is None:
        raise InvalidInput(_("Choose a court that covers the place of this dispute."))
    channel, court = near
    text = clean_text(note, required=False, what=_("a note"))
    request = Referral.objects.create(
        case=case,
        purpose=Purpose.CONFIRMATION,
        channel=channel,
        from_unit=case.unit,
        to_unit=court,
        status=ReferralStatus.PENDING,
        reason=text or _("judicial confirmation of the mediation agreement"),
        consent=Consent.NOT_NEEDED,
        consent_note=_("the parties sign the application themselves"),
        previous_status=case.status,
        agreement=found,
        sent_by=step.actor,
        created_at=step.now,
    )
    line = in_case_language(
        case,
        lambda: (
            _("The agreement was sent to %(court)s for judicial confirmation on %(date)s.")
            % {"court": court.name, "date": local_date(step.now)}
        ),
    )
    return Change(note=line, data=public_change_data(text, referral=request.pk, agreement=found.pk))


@CASES.action(
    "record_confirmation",
    label=gettext_lazy("record the court's decision"),
    help=gettext_lazy("Record the court's reference number and whether it confirmed the agreement."),
    states=NOT_OVER_OR_CLOSED,
    who=AGREEMENT_KEEPERS,
    possible=lambda case: _open_confirmation(case) is not None,
    form=RecordConfirmationForm,
    event="confirmation.recorded",
    to=None,
    public=True,
    group=GROUP,
    order=370,
)
def record_confirmation(step: Step[Case], *, referral: int, reference: str, result: str, note: str = "") -> Change:
    """Record the court's answer to a request for judicial confirmation."""
    case = step.subject
    request = _open_confirmation(case)
    if request is None or request.pk != referral:
        raise InvalidInput(_("That request is not waiting for the court."))
    if result not in (ReferralResult.CONFIRMED, ReferralResult.REFUSED):
        raise InvalidInput(_("Choose what the court decided."))
    request.reference = clean_text(reference, required=True, what=_("the court's reference number"), limit=64)
    request.result = result
    request.outcome = clean_text(note, required=False, what=_("a note"))
    request.status = ReferralStatus.COMPLETED
    request.answered_at = request.closed_at = step.now
    request.save(update_fields=["reference", "result", "outcome", "status", "answered_at", "closed_at"])
    agreement = request.agreement
    assert agreement is not None
    if result == ReferralResult.CONFIRMED:
        agreement.confirmed_at = step.now
        agreement.save(update_fields=["confirmed_at"])

    def line() -> str:
        if result == ReferralResult.CONFIRMED:
            return _("%(court)s confirmed the agreement on %(date)s.") % {
                "court": request.to_unit.name,
                "date": local_date(step.now),
            }
        return _("%(court)s did not confirm the agreement; your mediator will explain what comes next.") % {
            "court": request.to_unit.name
        }

    return Change(
        note=in_case_language(case, line),
        data=public_change_data(request.outcome, referral=request.pk, result=result, reference=request.reference),
    )
