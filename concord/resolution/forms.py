"""The input of the resolution steps (the pages and the API read the same forms). Ids of a
case's own items (a session, a term) are checked by the step against that case."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from concord.cases.models import Case, PartyRole
from concord.resolution.models import Consent, MediationOutcome, ReferralResult, SignedHow
from concord.resolution.queries import referral_targets, working_units
from concord.workflow.forms import ActionForm, note_field

# The most terms the page's agreement form has rows for (the API takes as many).
TERM_ROWS = 5
HANDOVER_RESULTS = [
    (code, label)
    for code, label in ReferralResult.choices
    if code not in (ReferralResult.CONFIRMED, ReferralResult.REFUSED)
]
CONFIRMATION_RESULTS = [
    (code, label)
    for code, label in ReferralResult.choices
    if code in (ReferralResult.CONFIRMED, ReferralResult.REFUSED)
]


# Dates a dispute's handling can name: anything else is a typing slip (or a fuzzer).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _in_range(year: int) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise forms.ValidationError(
            _("Give a date between %(first)d and %(last)d.") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        )


class MomentField(forms.DateTimeField):
    """A date and time, stored in UTC (an offset like +21:16 is not one any database keeps)."""

    def clean(self, value: Any) -> datetime | None:
        moment: datetime | None = super().clean(value)
        if moment is None:
            return None
        _in_range(moment.year)
        return moment.astimezone(UTC)


class DayField(forms.DateField):
    def clean(self, value: Any) -> date | None:
        day: date | None = super().clean(value)
        if day is not None:
            _in_range(day.year)
        return day


def _hidden_id(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, widget=forms.HiddenInput)


class _UnitChoice(ActionForm):
    """A form with a ``unit`` to send the case to: on a page, the units near the case."""

    channel_codes: tuple[str, ...] = ()  # only units serving these channels (empty: any)

    def for_subject(self, subject: Any) -> None:
        assert isinstance(subject, Case)
        choices = [("", "—")]
        for channel, units in referral_targets(subject):
            if self.channel_codes and channel.code not in self.channel_codes:
                continue
            choices.append((channel.name, [(unit.pk, unit.name) for unit in units]))  # type: ignore[arg-type]
        self.fields["unit"].widget = forms.Select(choices=choices)


class ReferForm(_UnitChoice):
    channel = forms.CharField(label=_("Channel"), max_length=40)
    unit = forms.IntegerField(label=_("Refer to"), min_value=1)
    reason = note_field(_("Why is it referred? (the receiving unit reads this)"), required=True)
    consent = forms.ChoiceField(
        label=_("Consent to share the parties' details"), choices=Consent.choices, widget=forms.RadioSelect
    )
    consent_note = forms.CharField(label=_("If not needed, why not?"), max_length=300, required=False)

    def for_subject(self, subject: Any) -> None:
        super().for_subject(subject)
        assert isinstance(subject, Case)
        channels = [("", "—"), *((channel.code, channel.name) for channel, _units in referral_targets(subject))]
        self.fields["channel"].widget = forms.Select(choices=channels)


class AcceptReferralForm(ActionForm):
    reference = forms.CharField(
        label=_("Their reference number (a court or arbitration case number)"), max_length=64, required=False
    )
    note = note_field(_("Note (optional)"), required=False)


class CompleteReferralForm(ActionForm):
    result = forms.ChoiceField(label=_("Result"), choices=HANDOVER_RESULTS)
    outcome = note_field(_("What was the outcome?"), required=True)
    reference = forms.CharField(label=_("Their reference number"), max_length=64, required=False)


class ConfirmationForm(_UnitChoice):
    channel_codes = ("court_mediation", "court_litigation")
    agreement = _hidden_id(_("Agreement"))
    unit = forms.IntegerField(label=_("Court"), min_value=1)
    note = note_field(_("Note (optional)"), required=False)


class RecordConfirmationForm(ActionForm):
    referral = _hidden_id(_("Request"))
    reference = forms.CharField(label=_("The court's reference number"), max_length=64)
    result = forms.ChoiceField(label=_("The court's decision"), choices=CONFIRMATION_RESULTS)
    note = note_field(_("Note (optional)"), required=False)


class AssistingForm(_UnitChoice):
    unit = forms.IntegerField(label=_("Unit to assist"), min_value=1)
    title = forms.CharField(label=_("Its task"), max_length=200)
    due_on = DayField(label=_("Due (YYYY-MM-DD)"), required=False)


class TaskForm(ActionForm):
    unit = forms.IntegerField(label=_("For which unit"), min_value=1, required=False)
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = DayField(label=_("Due (YYYY-MM-DD)"), required=False)
    assignee = forms.CharField(label=_("Assign to (username, optional)"), max_length=150, required=False)

    def for_subject(self, subject: Any) -> None:
        assert isinstance(subject, Case)
        choices = [("", _("my unit")), *((unit.pk, unit.name) for unit in working_units(subject))]
        self.fields["unit"].widget = forms.Select(choices=choices)


class CompleteTaskForm(ActionForm):
    task = _hidden_id(_("Task"))
    note = note_field(_("What was done? (optional)"), required=False)


class PlanSessionForm(ActionForm):
    starts_at = MomentField(
        label=_("When (YYYY-MM-DD HH:MM)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Where"), max_length=200)
    mediators = forms.CharField(label=_("Mediators"), max_length=200)


class RecordSessionForm(PlanSessionForm):
    session = forms.IntegerField(label=_("Planned session"), min_value=1, required=False, widget=forms.HiddenInput)
    present = forms.MultipleChoiceField(
        label=_("Who came?"), choices=PartyRole.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = note_field(_("What was said and agreed"), required=True)


class CancelSessionForm(ActionForm):
    session = _hidden_id(_("Session"))
    reason = note_field(_("Why is it cancelled?"), required=True)


def _term_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for n in range(1, TERM_ROWS + 1):
        fields[f"term_{n}"] = forms.CharField(
            label=_("Term %(n)d: who does what") % {"n": n}, max_length=300, required=n == 1
        )
        fields[f"term_{n}_amount"] = forms.DecimalField(
            label=_("Amount in yuan (for a payment)"), max_digits=12, decimal_places=2, min_value=0, required=False
        )
        fields[f"term_{n}_due"] = DayField(label=_("Due (YYYY-MM-DD)"), required=n == 1)
    return fields


class _Agreement(ActionForm):
    facts = note_field(_("The facts of the dispute, as the parties agree them"), required=True)

    def to_inputs(self, actor: User) -> dict[str, Any]:
        """The terms as a list of (text, amount or None, due date), in order, blank rows left out."""
        data = self.cleaned_data
        terms: list[tuple[str, Decimal | None, date | None]] = []
        for n in range(1, TERM_ROWS + 1):
            text = (data.get(f"term_{n}") or "").strip()
            if text or data.get(f"term_{n}_amount") is not None:
                terms.append((text, data.get(f"term_{n}_amount"), data.get(f"term_{n}_due")))
        return {"facts": data["facts"], "terms": terms}


DraftAgreementForm = type(
    "DraftAgreementForm", (_Agreement,), {**_term_fields(), "__doc__": "An agreement and its terms."}
)


class SignAgreementForm(ActionForm):
    agreement = _hidden_id(_("Agreement"))
    party = forms.IntegerField(label=_("Party"), min_value=1, widget=forms.HiddenInput)
    how = forms.ChoiceField(label=_("How did they sign?"), choices=SignedHow.choices)
    signed_at = MomentField(
        label=_("When (empty: now)"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class EndMediationForm(ActionForm):
    outcome = forms.ChoiceField(label=_("How did the mediation end?"), choices=MediationOutcome.choices)
    note = note_field(_("Note"), required=True)


class TermResultForm(ActionForm):
    term = _hidden_id(_("Term"))
    result = forms.ChoiceField(
        label=_("Result"), choices=[("fulfilled", _("fulfilled")), ("broken", _("broken"))], widget=forms.RadioSelect
    )
    note = note_field(_("Note"), required=False)
