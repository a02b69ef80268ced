"""The input of the follow-up step (staff) and of the resident's rating (public page)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from concord.followup.models import VisitOutcome
from concord.workflow.forms import ActionForm, note_field

COMMENT_MAX = 1000


class VisitForm(ActionForm):
    outcome = forms.ChoiceField(label=_("What did the follow-up visit find?"), choices=VisitOutcome.choices)
    note = note_field(_("Note (needed unless the agreement holds)"), required=False)


class RatingForm(forms.Form):
    """What a resident answers: big choices in plain words (the page styles them as buttons)."""

    resolved = forms.TypedChoiceField(
        label=_("Is your dispute resolved?"),
        choices=[("yes", _("Yes, it is resolved")), ("no", _("No, it is not resolved"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Please tap Yes or No.")},
    )
    score = forms.TypedChoiceField(
        label=_("How happy are you with how it was handled?"),
        choices=[
            ("5", _("5 stars: very happy")),
            ("4", _("4 stars: happy")),
            ("3", _("3 stars: it was all right")),
            ("2", _("2 stars: unhappy")),
            ("1", _("1 star: very unhappy")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us? (you may leave this empty)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
