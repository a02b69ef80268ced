"""Cursor pagination for every API list: stable under inserts, no COUNT(*), strict parameters."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request
from rest_framework.views import APIView

from concord.paging import MAX_ID


class NewestFirst(CursorPagination):
    ordering = "-id"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    cursor_query_description = gettext_lazy("Where to continue: the cursor from a previous page's next/previous.")  # type: ignore[assignment]
    page_size_query_description = gettext_lazy("How many items per page (1-200, default 50).")  # type: ignore[assignment]

    def get_page_size(self, request: Request) -> int:
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        raw = values[-1]
        if len(values) > 1 or not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= self.max_page_size:
            message = _("Give a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(raw)

    def decode_cursor(self, request: Request) -> Cursor | None:
        invalid = ValidationError(
            {self.cursor_query_param: [_("This cursor is not valid; start from the first page.")]}
        )
        if len(request.query_params.getlist(self.cursor_query_param)) > 1:
            raise invalid
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise invalid from None
        # Positions are ids here: anything else was not made by this API.
        position = None if cursor is None or cursor.position is None else str(cursor.position)
        if position is not None and not (position.isascii() and position.isdigit() and int(position) <= MAX_ID):
            raise invalid
        return cursor

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters


class OldestFirst(NewestFirst):
    ordering = "id"
