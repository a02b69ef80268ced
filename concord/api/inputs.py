"""Action input, validated by the same forms as the staff pages (cases.forms.ACTION_FORMS):
the rules live once. For the schema, each form is described as a request serializer."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from concord.api.errors import NON_FIELD
from concord.cases.forms import ACTION_FORMS


def _field_for(field: forms.Field) -> serializers.Field[Any, Any, Any, Any]:
    help_text = str(field.label) if field.label else None
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(required=False, default=False, help_text=help_text)
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(
            choices=list(cast("Iterable[Any]", field.choices)), required=field.required, help_text=help_text
        )
    assert isinstance(field, forms.CharField), f"no API mapping for {type(field).__name__}"
    max_length = int(field.max_length) if field.max_length is not None else None
    return serializers.CharField(
        required=field.required, allow_blank=not field.required, max_length=max_length, help_text=help_text
    )


@cache
def request_serializer(form_class: type[forms.Form]) -> type[serializers.Serializer[Any]]:
    """The form as a serializer class: documents the request body (never used to validate)."""
    fields = {name: _field_for(field) for name, field in form_class.base_fields.items()}
    name = form_class.__name__.removesuffix("Form")
    return type(f"{name}Serializer", (serializers.Serializer,), fields)


def _raw_errors(form_class: type[forms.Form], data: dict[str, Any]) -> dict[str, list[str]]:
    """What the schema promises about the raw values, which forms only check after coercing
    (5 becomes "5") and stripping (4001 characters with a leading space pass max_length)."""
    errors: dict[str, list[str]] = {}
    for name, field in form_class.base_fields.items():
        if name not in data:
            continue
        form_encoded = isinstance(data, QueryDict)
        value = data[name]  # a QueryDict gives the last value sent
        if isinstance(field, forms.BooleanField):
            if not (isinstance(value, bool) or (form_encoded and value.lower() in ("true", "false", "on", ""))):
                errors[name] = [_("Must be true or false.")]
        elif not isinstance(value, str):
            errors[name] = [_("Must be text.")]
        elif isinstance(field, forms.CharField):
            try:
                for validator in field.validators:
                    validator(value)
            except DjangoValidationError as error:
                errors[name] = list(error.messages)
    return errors


def clean_action_input(action: str, data: Any) -> dict[str, Any]:
    """The cleaned data for ``action`` from a JSON object or form-encoded body, or a
    ValidationError with the form's messages per field."""
    form_class = ACTION_FORMS[action]
    if not isinstance(data, dict | QueryDict):
        raise ValidationError({NON_FIELD: [_("Send a JSON object.")]})
    if raw_errors := _raw_errors(form_class, data):
        raise ValidationError(raw_errors)
    form = form_class(data)
    if not form.is_valid():
        raise ValidationError(
            {
                (NON_FIELD if name == "__all__" else name): [str(m) for m in messages]
                for name, messages in form.errors.items()
            }
        )
    return form.cleaned_data
