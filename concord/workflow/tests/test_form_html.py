"""A step form's HTML is kept per process only for what it depends on."""

from __future__ import annotations

from django import forms
from django.utils import translation

from concord.workflow.forms import ActionForm


class PickForm(ActionForm):
    unit = forms.IntegerField(label="Unit")
    note = forms.CharField(label="Note", required=False)


def _form(choices: list[tuple[int, str]], **initial: object) -> PickForm:
    form = PickForm(prefix="pick", initial=initial or None)
    form.fields["unit"].widget = forms.Select(choices=choices)
    return form


def test_the_kept_html_is_the_forms_own() -> None:
    first = _form([(1, "Street A1 committee")])
    assert first.html() == first.as_div()
    # Other choices, another prefill, another language: other HTML, never the kept one.
    other = _form([(2, "District A legal aid")])
    assert "District A legal aid" in other.html() and "Street A1" not in other.html()
    prefilled = _form([(1, "Street A1 committee")], note="call back")
    assert 'value="call back"' in prefilled.html()
    with translation.override("zh-hans"):
        assert _form([(1, "Street A1 committee")]).html() == _form([(1, "Street A1 committee")]).as_div()
    bound = PickForm({"pick-unit": "x"}, prefix="pick")
    assert "errorlist" in bound.html()  # a bound form (with its errors) is rendered afresh
