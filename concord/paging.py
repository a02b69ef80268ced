"""The page number of a paginated staff list, read from ``?page=``."""

from __future__ import annotations

from django.http import HttpRequest

# No list is browsed this deep; a larger number would only make an offset the database refuses.
MAX_PAGE = 10_000


def page_number(request: HttpRequest) -> int:
    """``?page=`` as a number from 1 to MAX_PAGE (1 when missing or not a number)."""
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit()):
        return 1
    return min(max(1, int(raw)), MAX_PAGE)
