"""The API's one error shape, for every error any endpoint returns:

    {"error": {"code": "not_found", "message": "…", "fields": {"note": ["…"]}, "allowed_actions": ["…"]}}

``code`` is for programs, ``message`` for people (in the request's language); ``fields`` only
on validation errors, ``allowed_actions`` only on illegal transitions (409)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from concord.workflow.errors import DomainError, IllegalStep

logger = logging.getLogger(__name__)

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def error_body(
    code: str, message: str, *, fields: dict[str, list[str]] | None = None, allowed_actions: list[str] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields is not None:
        error["fields"] = fields
    if allowed_actions is not None:
        error["allowed_actions"] = allowed_actions
    return {"error": error}


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list | tuple):
        return [message for item in detail for message in _messages(item)]
    return [str(detail)]


def field_errors(detail: Any) -> dict[str, list[str]]:
    """A ValidationError's detail as {field: [messages]}; nested fields get dotted names."""
    if not isinstance(detail, dict):
        return {NON_FIELD: _messages(detail)}
    flat: dict[str, list[str]] = {}
    for name, value in detail.items():
        if isinstance(value, dict):
            flat.update({f"{name}.{inner}": messages for inner, messages in field_errors(value).items()})
        else:
            flat[str(name)] = _messages(value)
    return flat


def _domain_error(exc: DomainError) -> Response:
    if isinstance(exc, IllegalStep):
        body = error_body(exc.code, exc.message, allowed_actions=list(exc.allowed))
    elif exc.code == "invalid":
        body = error_body(exc.code, exc.message, fields={NON_FIELD: [exc.message]})
    else:
        body = error_body(exc.code, exc.message)
    return Response(body, status=exc.status_code)


def _api_exception(exc: exceptions.APIException) -> Response:
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    if isinstance(exc, exceptions.ValidationError):
        body = error_body("invalid", _("Some of the input is not valid."), fields=field_errors(exc.detail))
    else:
        messages = _messages(exc.detail)
        body = error_body(exc.default_code, " ".join(messages) or str(exc.default_detail))
    return Response(body, status=exc.status_code, headers=headers)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error an API view raises, in the one shape."""
    if isinstance(exc, Http404):
        # Never Http404's own text: it may name the model or the query.
        response = Response(error_body("not_found", _("Not found.")), status=404)
    elif isinstance(exc, PermissionDenied):
        message = str(exc) if exc.args else _("You do not have permission to perform this action.")
        response = Response(error_body("permission_denied", message), status=403)
    elif isinstance(exc, DomainError):
        response = _domain_error(exc)
    elif isinstance(exc, exceptions.APIException):
        response = _api_exception(exc)
    elif settings.DEBUG:
        return None  # Django's technical 500 page helps more while developing
    else:
        logger.exception("Unhandled error in the staff API", exc_info=exc)
        response = Response(error_body("server_error", _("Something went wrong on our side.")), status=500)
    set_rollback()
    return response


def not_found(request: HttpRequest, path: str = "") -> HttpResponsePermanentRedirect | JsonResponse:
    """Any other URL under /api/: the same 404 shape, not the HTML page (after the usual
    trailing-slash redirect for GET, as APPEND_SLASH would have done)."""
    if request.method in ("GET", "HEAD") and settings.APPEND_SLASH and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)
