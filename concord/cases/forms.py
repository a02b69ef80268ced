"""Forms for the actions a worker takes on a case (one per action)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from concord.cases.models import Outcome, RejectionReason
from concord.cases.queries import report_categories
from concord.risk.factors import FACTORS_BY_CODE
from concord.risk.models import RiskLevel
from concord.risk.services import QUESTIONS as RISK_QUESTIONS

if TYPE_CHECKING:  # django-stubs-ext is a development dependency
    from django_stubs_ext import StrOrPromise

NOTE_MAX = 4000


def _note(label: StrOrPromise, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class OptionalNoteForm(forms.Form):
    note = _note(_("Note (optional)"), required=False)


class NoteForm(forms.Form):
    note = _note(_("Note"), required=True)
    public = forms.BooleanField(label=_("Show this note to the resident on the tracking page"), required=False)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    summary = _note(_("Summary of the resolution"), required=True)


class ReasonForm(forms.Form):
    reason = _note(_("Reason"), required=True)


class FollowUpForm(forms.Form):
    note = _note(_("What did the follow-up visit find?"), required=True)


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why is this report rejected?"), choices=RejectionReason.choices)
    duplicate_of = forms.CharField(label=_("Receipt code of the original case (for duplicates)"), required=False)
    note = _note(_("Explanation"), required=False)


def _category_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((category.code, category.name) for category in report_categories())]


class CorrectForm(forms.Form):
    # A code (checked by the service): the list to pick from is read when a page shows the form.
    category = forms.CharField(label=_("Category"), max_length=40, required=False)
    region = forms.CharField(label=_("Area code (a grid or community)"), max_length=32, required=False)
    reason = _note(_("Why is this corrected?"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].widget = forms.Select(choices=_category_choices())


ANSWER_CHOICES = [("unknown", _("don't know")), ("yes", _("yes")), ("no", _("no"))]


def _question(code: str) -> forms.ChoiceField:
    factor = FACTORS_BY_CODE[code]
    return forms.ChoiceField(
        label=lazy(lambda: factor.label, str)(),
        help_text=lazy(lambda: factor.help, str)(),
        choices=ANSWER_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )


# The risk checklist: one yes / no / don't know question per factor a worker can judge.
AssessRiskForm = type(
    "AssessRiskForm",
    (forms.Form,),
    {
        **{code: _question(code) for code in RISK_QUESTIONS},
        "note": _note(_("Note (optional)"), required=False),
        "__doc__": "The risk checklist.",
    },
)


class RaiseRiskForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("New risk level"), coerce=int, choices=[(level.value, level.label) for level in RiskLevel][1:]
    )
    note = _note(_("Why is it raised?"), required=True)


class LowerRiskForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("New risk level"), coerce=int, choices=[(level.value, level.label) for level in RiskLevel][:-1]
    )
    reason = _note(_("Why is it lowered?"), required=True)


# action -> the form that collects its input
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "sign_for": OptionalNoteForm,
    "add_note": NoteForm,
    "start_mediation": OptionalNoteForm,
    "resolve": ResolveForm,
    "escalate": ReasonForm,
    "reject": RejectForm,
    "reopen": ReasonForm,
    "follow_up": FollowUpForm,
    "close": OptionalNoteForm,
    "correct": CorrectForm,
    "assess_risk": AssessRiskForm,
    "raise_risk": RaiseRiskForm,
    "lower_risk": LowerRiskForm,
    "refer_counselling": OptionalNoteForm,
}
