"""Forms for the review steps of an alert and for filtering the alert list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concord.cases.queries import all_categories, report_categories
from concord.warning.detectors.registry import DETECTORS
from concord.warning.models import AlertKind, AlertOutcome, AlertStatus
from concord.workflow.forms import ActionForm, note_field

# The signals beyond counts name themselves as their detector.
SIGNAL_DETECTORS = ("collective", "repeat", "stalled")


class ActionTakenForm(ActionForm):
    action_taken = note_field(_("What was done (a visit, a joint mediation, a referral...)"), required=True)


class CloseForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Was it a real problem?"), choices=AlertOutcome.choices)
    note = note_field(_("Note (required for a false alarm)"), required=False)


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
