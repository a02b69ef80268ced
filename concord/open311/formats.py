"""Writing Open311 responses as JSON or XML (GeoReport v2 element names), UTF-8."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpResponse

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

# The element that holds each item of a list, by the list's name.
ITEM_ELEMENT = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}


def _xml_value(name: str, value: Any, out: list[str]) -> None:
    if value is None or value == "":
        out.append(f"<{name}/>")
    elif isinstance(value, Mapping):
        out.append(f"<{name}>")
        for key, item in value.items():
            _xml_value(key, item, out)
        out.append(f"</{name}>")
    elif isinstance(value, Sequence) and not isinstance(value, str):
        item_name = ITEM_ELEMENT.get(name, "item")
        out.append(f"<{name}>")
        for item in value:
            _xml_value(item_name, item, out)
        out.append(f"</{name}>")
    elif isinstance(value, bool):
        out.append(f"<{name}>{'true' if value else 'false'}</{name}>")
    else:
        out.append(f"<{name}>{escape(str(value))}</{name}>")


def to_xml(root: str, data: Any) -> str:
    """``data`` (a list of items, or one mapping) as a GeoReport v2 XML document."""
    out = ['<?xml version="1.0" encoding="utf-8"?>']
    _xml_value(root, data, out)
    return "".join(out)


def respond(fmt: str, root: str, data: Any, *, status: int = 200) -> HttpResponse:
    """The response in the requested format; ``root`` names the XML document element."""
    body = to_xml(root, data) if fmt == "xml" else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body.encode("utf-8"), status=status, content_type=FORMATS[fmt])


def error_response(fmt: str, status: int, description: str) -> HttpResponse:
    """GeoReport v2 errors: a list of (code, description)."""
    return errors_response(fmt, status, [description])


def errors_response(fmt: str, status: int, descriptions: Sequence[str]) -> HttpResponse:
    return respond(fmt, "errors", [{"code": status, "description": text} for text in descriptions], status=status)
