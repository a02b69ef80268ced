"""Reading a moment that a person or a client typed: one parser for the whole project."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

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


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def days_between(first: date, last: date) -> tuple[datetime, datetime]:
    """The aware [start, end) of the local days ``first`` to ``last`` inclusive."""
    return day_start(first), day_start(last + timedelta(days=1))
