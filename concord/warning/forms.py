"""Forms for the review steps of an alert (one per step) and for filtering the alert list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concord.cases.forms import NOTE_MAX, OptionalNoteForm
from concord.cases.queries import all_categories, report_categories
from concord.warning.detectors.registry import DETECTORS
from concord.warning.models import AlertKind, AlertOutcome, AlertStatus

# The signals beyond counts name themselves as their detector.
SIGNAL_DETECTORS = ("collective", "repeat", "stalled")


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class ActionTakenForm(forms.Form):
    action_taken = forms.CharField(
        label=_("What was done (a visit, a joint mediation, a referral...)"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Was it a real problem?"), choices=AlertOutcome.choices)
    note = forms.CharField(
        label=_("Note (required for a false alarm)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# step -> the form that collects its input
STEP_FORMS: dict[str, type[forms.Form]] = {
    "acknowledge": OptionalNoteForm,
    "record_action": ActionTakenForm,
    "close": CloseForm,
    "add_note": NoteForm,
}

STATUS_FILTERS = [("open", _("Under review (open, acknowledged, actioned)")), *AlertStatus.choices, ("all", _("All"))]


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTERS, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *AlertKind.choices], required=False)
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, required=False, empty_value=None)
    detector = forms.ChoiceField(
        label=_("Detector"),
        choices=[("", _("All detectors")), *((name, name) for name in (*DETECTORS, *SIGNAL_DETECTORS))],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = all_categories()
        leaves = report_categories()
        parents = {c.parent_id for c in leaves if c.parent_id is not None}
        shown = sorted([*leaves, *(every[pk] for pk in parents)], key=lambda c: (c.order, c.code))
        self.fields["category"].choices = [("", _("All categories")), *((c.pk, c.name) for c in shown)]  # type: ignore[attr-defined]
