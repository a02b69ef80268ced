"""The input of the risk steps: the checklist, and raising or lowering a level."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from concord.risk.engine.factors import CHECKLIST, FACTORS_BY_CODE
from concord.risk.engine.levels import RiskLevel
from concord.workflow.forms import ActionForm, note_field

# The questions a worker answers (the case facts are read from the case's data).
QUESTIONS = tuple(factor.code for factor in CHECKLIST if not factor.case_fact)

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


class _Checklist(ActionForm):
    def to_inputs(self, actor: User) -> dict[str, Any]:
        """The answers as one mapping (an unanswered question is "don't know")."""
        data = self.cleaned_data
        return {"answers": {code: data[code] or "unknown" for code in QUESTIONS}, "note": data["note"]}


# The risk checklist: one yes / no / don't know question per factor a worker can judge.
AssessRiskForm = type(
    "AssessRiskForm",
    (_Checklist,),
    {
        **{code: _question(code) for code in QUESTIONS},
        "note": note_field(_("Note (optional)"), required=False),
        "__doc__": "The risk checklist.",
    },
)


class RaiseRiskForm(ActionForm):
    level = forms.TypedChoiceField(
        label=_("New risk level"), coerce=int, choices=[(level.value, level.label) for level in RiskLevel][1:]
    )
    note = note_field(_("Why is it raised?"), required=True)


class LowerRiskForm(ActionForm):
    level = forms.TypedChoiceField(
        label=_("New risk level"), coerce=int, choices=[(level.value, level.label) for level in RiskLevel][:-1]
    )
    reason = note_field(_("Why is it lowered?"), required=True)
