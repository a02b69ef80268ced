"""The input of each handling step on a case (one form per step; the API reads the same)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.cases.models import Case, Outcome, RejectionReason
from concord.cases.queries import category_by_code, report_categories, visible_cases
from concord.cases.receipts import normalise_receipt
from concord.geo.queries import region_by_code
from concord.workflow.errors import InvalidInput
from concord.workflow.forms import ActionForm, RequiredNoteForm, note_field


class NoteForm(RequiredNoteForm):
    public = forms.BooleanField(
        label=gettext_lazy("Show this note to the resident on the tracking page"), required=False
    )


class ResolveForm(ActionForm):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=Outcome.choices)
    summary = note_field(gettext_lazy("Summary of the resolution"), required=True)


class ReasonForm(ActionForm):
    reason = note_field(gettext_lazy("Reason"), required=True)


class RejectForm(ActionForm):
    reason = forms.ChoiceField(label=gettext_lazy("Why is this report rejected?"), choices=RejectionReason.choices)
    duplicate_of = forms.CharField(
        label=gettext_lazy("Receipt code of the original case (for duplicates)"), required=False
    )
    note = note_field(gettext_lazy("Explanation"), required=False)

    def to_inputs(self, actor: User) -> dict[str, Any]:
        """The original a duplicate names, looked up among the cases the actor may read."""
        data = dict(self.cleaned_data)
        receipt = data.pop("duplicate_of")
        original: Case | None = None
        if data["reason"] == RejectionReason.DUPLICATE and receipt:
            original = visible_cases(actor).filter(receipt=normalise_receipt(receipt)).first()
            if original is None:
                raise InvalidInput(_("No case with that receipt code in your area."))
        return {**data, "duplicate_of": original}


def _category_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((category.code, category.name) for category in report_categories())]


class CorrectForm(ActionForm):
    # A code (checked by the step): the list to pick from is read when a page shows the form.
    category = forms.CharField(label=gettext_lazy("Category"), max_length=40, required=False)
    region = forms.CharField(label=gettext_lazy("Area code (a grid or community)"), max_length=32, required=False)
    reason = note_field(gettext_lazy("Why is this corrected?"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].widget = forms.Select(choices=_category_choices())

    def to_inputs(self, actor: User) -> dict[str, Any]:
        """The category and region the correction names, looked up by code."""
        data = self.cleaned_data
        found: dict[str, Any] = {"reason": data["reason"], "category": None, "region": None}
        if data["category"]:
            found["category"] = category_by_code(data["category"])
            if found["category"] is None:
                raise InvalidInput(_("Unknown category."))
        if data["region"]:
            found["region"] = region_by_code(data["region"].strip())
            if found["region"] is None:
                raise InvalidInput(_("No area has that code."))
        return found
