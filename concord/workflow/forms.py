"""The base of every step's form, and the note fields most steps share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from concord.workflow.text import NOTE_MAX

if TYPE_CHECKING:  # django-stubs-ext is a development dependency
    from django_stubs_ext import StrOrPromise


# Unbound step forms rendered (see ``ActionForm.html``), at most this many kept.
_RENDERED: dict[tuple[Any, ...], SafeString] = {}
_RENDERED_MAX = 2048


class ActionForm(forms.Form):
    """The input of one step, for the page and the API alike: the handler's keyword arguments
    are ``to_inputs()``, which is the cleaned data unless a form has lookups to do (a receipt
    code into a case, a category code into a category)."""

    def to_inputs(self, actor: User) -> dict[str, Any]:
        """The handler's keyword arguments; may raise InvalidInput (shown like a refusal)."""
        return dict(self.cleaned_data)

    def for_subject(self, subject: Any) -> None:
        """Fit the form to the subject a page shows it for (the units to choose from); the
        API leaves it as declared."""

    def html(self) -> SafeString:
        """The form's fields as HTML (``as_div``). A page shows a dozen step forms, most of them
        the same for every case: an unbound form's HTML is kept per process, keyed by all it
        depends on (form, prefix, language, prefill, the choices of each field)."""
        if self.is_bound:
            return self.as_div()
        key = (
            type(self),
            self.prefix,
            get_language(),
            repr(sorted(self.initial.items(), key=lambda item: item[0])),
            tuple(repr(getattr(field.widget, "choices", None)) for field in self.fields.values()),
        )
        found = _RENDERED.get(key)
        if found is None:
            found = self.as_div()
            if len(_RENDERED) >= _RENDERED_MAX:
                _RENDERED.clear()
            _RENDERED[key] = found
        return found


def note_field(label: StrOrPromise, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class OptionalNoteForm(ActionForm):
    note = note_field(_("Note (optional)"), required=False)


class RequiredNoteForm(ActionForm):
    note = note_field(_("Note"), required=True)
