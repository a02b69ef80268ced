"""Pieces of the OpenAPI description shared by the views: error responses, the case id."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from concord.api.serializers import ErrorSerializer
from concord.paging import MAX_ID

_ERROR_DESCRIPTIONS = {
    400: _("Invalid input (code invalid, with messages per field) or an invalid query parameter."),
    401: _("No valid API token or session (not_authenticated, authentication_failed)."),
    403: _("You can read this case but another unit handles it, or your role only reads (permission_denied)."),
    404: _("No such case in your jurisdiction (not_found)."),
    409: _("The action is not allowed in the case's status or to your role (illegal_transition, allowed_actions)."),
    415: _("The request body is not JSON or form-encoded (unsupported_media_type)."),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Error responses (always the Error shape) for these status codes; 401 always applies."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[code]) for code in sorted({401, *codes})
    }


def responses(ok: dict[int, Any], *codes: int) -> dict[int, Any]:
    return {**ok, **errors(*codes)}


CASE_ID = OpenApiParameter(
    "case_id",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
    description=_("The case's id."),
)
