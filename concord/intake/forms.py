"""The public report form: what a resident fills in on their phone."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concord.cases.models import Category, PartyKind
from concord.cases.queries import report_categories
from concord.crypto import normalise_phone
from concord.geo.models import Region
from concord.geo.queries import children_of, region_by_code

DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 4000


class CategoryField(forms.TypedChoiceField):
    """A choice among the report categories, cleaned to the Category itself without a query."""

    def set_categories(self, categories: list[Category]) -> None:
        by_pk = {str(category.pk): category for category in categories}
        self.choices = [(pk, category.name) for pk, category in by_pk.items()]
        self.coerce = by_pk.__getitem__
        self.categories = categories


class ReportForm(forms.Form):
    area = forms.ChoiceField(label=_("Where is the dispute?"), required=False)
    category = CategoryField(
        label=_("What is the dispute about?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose what the dispute is about."),
            "invalid_choice": _("Please choose what the dispute is about."),
        },
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("Who is involved, what happened and since when. Do not write ID numbers here."),
        min_length=DESCRIPTION_MIN,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Please describe the dispute."),
            "min_length": _("Please write a little more (at least %(limit_value)d characters)."),
            "max_length": _("Please shorten the description to %(limit_value)d characters."),
        },
    )
    other_party = forms.CharField(
        label=_("Who is the dispute with? (optional)"),
        help_text=_("A neighbour, an employer, a company… a name is enough."),
        required=False,
        max_length=120,
    )
    other_party_is_organisation = forms.BooleanField(label=_("This is a company or organisation"), required=False)
    anonymous = forms.BooleanField(label=_("Report without giving my name or phone"), required=False)
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=120)
    phone = forms.CharField(
        label=_("Your phone (optional)"),
        help_text=_("So that the mediator can call you back."),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("I understand how my report is used"),
        error_messages={"required": _("Please confirm that you have read how your report is used.")},
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        category_field = self.fields["category"]
        assert isinstance(category_field, CategoryField)
        category_field.set_categories(report_categories())
        children = children_of(region)
        if children:
            area_field = self.fields["area"]
            assert isinstance(area_field, forms.ChoiceField)
            area_field.choices = [("", _("I'm not sure"))] + [(c.code, c.name) for c in children]
        else:
            del self.fields["area"]
        if not self.is_bound:
            self.initial["submission_token"] = secrets.token_urlsafe(24)

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("phone", ""))
        if phone and not 7 <= len(phone) <= 15:
            raise forms.ValidationError(_("Please enter a phone number of 7 to 15 digits, or leave it empty."))
        return phone

    def clean_description(self) -> str:
        return str(self.cleaned_data["description"]).strip()

    def chosen_region(self) -> Region:
        """The picked sub-area if any, else the region of the QR code."""
        code = self.cleaned_data.get("area") or ""
        if code:
            picked = region_by_code(code)
            if picked is not None and picked.parent_id == self.region.pk:
                return picked
        return self.region

    @property
    def other_party_kind(self) -> str:
        return PartyKind.ORGANISATION if self.cleaned_data.get("other_party_is_organisation") else PartyKind.PERSON
