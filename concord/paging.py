"""Numbers people type into the address or a form: the page of a list (``?page=``), a row's id."""

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


# The largest id a database here can hold.
MAX_ID = 2**63 - 1


def parse_id(raw: str) -> int | None:
    """A row id typed into a form or a query string (ASCII digits only: "²".isdigit() is true
    too), or None when it is not one."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if value <= MAX_ID else None
