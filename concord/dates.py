"""Reading a moment that a person or a client typed: one parser for the whole project."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone


def parse_moment(raw: str) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime, or None if it is not one.

    A date alone, or a time without an offset, is read in the site's time zone.
    """
    try:
        parsed = datetime.fromisoformat(raw.strip().upper())
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
