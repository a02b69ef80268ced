"""The base of every step's form, and the note fields most steps share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from concord.workflow.text import NOTE_MAX

if TYPE_CHECKING:  # django-stubs-ext is a development dependency
    from django_stubs_ext import StrOrPromise


class ActionForm(forms.Form):
    """The input of one step, for the page and the API alike: the handler's keyword arguments
    are ``to_inputs()``, which is the cleaned data unless a form has lookups to do (a receipt
    code into a case, a category code into a category)."""

    def to_inputs(self, actor: User) -> dict[str, Any]:
        """The handler's keyword arguments; may raise InvalidInput (shown like a refusal)."""
        return dict(self.cleaned_data)


def note_field(label: StrOrPromise, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class OptionalNoteForm(ActionForm):
    note = note_field(_("Note (optional)"), required=False)


class RequiredNoteForm(ActionForm):
    note = note_field(_("Note"), required=True)
