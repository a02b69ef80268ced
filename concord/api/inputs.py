"""Step input, validated by the same forms as the staff pages (each step's declared form):
the rules live once. For the schema, each form is described as a request serializer."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from concord.api.errors import NON_FIELD
from concord.workflow.kernel import Action


def _field_for(field: forms.Field) -> serializers.Field[Any, Any, Any, Any]:
    help_text = str(field.label) if field.label else None
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(required=False, default=False, help_text=help_text)
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            required=field.required, max_digits=12, decimal_places=2, min_value=0, help_text=help_text
        )
    # (a DecimalField is an IntegerField to Django's forms: it is matched first)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(required=field.required, min_value=1, help_text=help_text)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(required=field.required, help_text=help_text)
    if isinstance(field, forms.DateField):
        return serializers.DateField(required=field.required, help_text=help_text)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(
            choices=list(cast("Iterable[Any]", field.choices)), required=field.required, help_text=help_text
        )
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(
            choices=list(cast("Iterable[Any]", field.choices)), required=field.required, help_text=help_text
        )
    assert isinstance(field, forms.CharField), f"no API mapping for {type(field).__name__}"
    max_length = int(field.max_length) if field.max_length is not None else None
    return serializers.CharField(
        required=field.required, allow_blank=not field.required, max_length=max_length, help_text=help_text
    )


def request_serializer(action: Action[Any, Any]) -> type[serializers.Serializer[Any]]:
    """The step's form as a serializer class: documents the request body (never used to validate)."""
    assert action.form is not None
    return _serializer_for(action.form)


@cache  # one class per form: steps that share a form share one schema component
def _serializer_for(form_class: type[forms.Form]) -> type[serializers.Serializer[Any]]:
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
        elif isinstance(field, forms.IntegerField | forms.DecimalField) and not isinstance(value, bool):
            if not isinstance(value, int | float | str):
                errors[name] = [_("Must be a number.")]
        elif isinstance(field, forms.MultipleChoiceField):
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                errors[name] = [_("Must be a list of choices.")]
        elif not isinstance(value, str):
            errors[name] = [_("Must be text.")]
        elif isinstance(field, forms.CharField):
            try:
                for validator in field.validators:
                    validator(value)
            except DjangoValidationError as error:
                errors[name] = list(error.messages)
    return errors


def _form_data(form_class: type[forms.Form], data: Any) -> Any:
    """A JSON body as a form reads it: a list for a multiple choice stays a list (a QueryDict
    already holds every value sent)."""
    if isinstance(data, QueryDict):
        return data
    multiple = [name for name, field in form_class.base_fields.items() if isinstance(field, forms.MultipleChoiceField)]
    if not multiple:
        return data
    query = QueryDict(mutable=True)
    for name, value in data.items():
        if name in multiple and isinstance(value, list):
            query.setlist(name, value)
        else:
            query[name] = value if isinstance(value, str) else _json_scalar(value)
    return query


def _json_scalar(value: Any) -> str:
    """A JSON number or boolean as form data."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def clean_action_input(action: Action[Any, Any], data: Any, actor: User) -> dict[str, Any]:
    """The handler's inputs for ``action`` from a JSON object or form-encoded body, or a
    ValidationError with the form's messages per field (or InvalidInput from its lookups)."""
    form_class = action.form
    assert form_class is not None
    if not isinstance(data, dict | QueryDict):
        raise ValidationError({NON_FIELD: [_("Send a JSON object.")]})
    if raw_errors := _raw_errors(form_class, data):
        raise ValidationError(raw_errors)
    form = form_class(_form_data(form_class, data))
    if not form.is_valid():
        raise ValidationError(
            {
                (NON_FIELD if name == "__all__" else name): [str(m) for m in messages]
                for name, messages in form.errors.items()
            }
        )
    return form.to_inputs(actor)
