"""Helpers for the Open311 tests: schema validation against the community JSON Schemas,
and reading the XML format back into the same shape as the JSON one."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from concord.open311.formats import ITEM_ELEMENT

SCHEMA_DIR = Path(settings.BASE_DIR).parent / "shared" / "reference" / "open311-schema"
NAMES = ("request", "requests", "service", "services", "service-definition")


def _registry() -> Registry:
    resources = []
    for name in NAMES:
        contents = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
        resources.append((f"{name}.json", Resource.from_contents(contents, default_specification=_draft())))
    return Registry().with_resources(resources)


def _draft():  # type: ignore[no-untyped-def]
    from referencing.jsonschema import DRAFT7

    return DRAFT7


REGISTRY = _registry()


def validate(name: str, document: Any) -> None:
    """Raise if ``document`` breaks the community schema ``name`` (e.g. "requests")."""
    schema = REGISTRY.contents(f"{name}.json")
    validator = Draft7Validator(schema, registry=REGISTRY, format_checker=Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def xml_to_data(text: str | bytes) -> Any:
    """The XML document as lists and dicts of strings (empty elements as None)."""
    root = ET.fromstring(text)  # noqa: S314 - our own responses
    return _element(root)


def _element(element: ET.Element) -> Any:
    children = list(element)
    if not children:
        return element.text if element.text is not None else None
    if element.tag in ITEM_ELEMENT:
        return [_element(child) for child in children]
    return {child.tag: _element(child) for child in children}


def as_strings(value: Any) -> Any:
    """JSON data with every scalar as XML would write it, to compare the two formats."""
    if isinstance(value, dict):
        return {key: as_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_strings(item) for item in value] if value else None
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
