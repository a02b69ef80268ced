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


def parse_day_list(text: str) -> list[int]:
    """``"7,30"`` -> ``[7, 30]``: whole days >= 1, comma-separated, ascending; ValueError
    otherwise (a category's follow-up days, and CONCORD_FOLLOW_UP_DAYS)."""
    days = [int(part) for part in text.split(",") if part.strip()]
    if not days or any(day < 1 for day in days) or days != sorted(set(days)):
        raise ValueError(text)
    return days


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def days_between(first: date, last: date) -> tuple[datetime, datetime]:
    """The aware [start, end) of the local days ``first`` to ``last`` inclusive."""
    return day_start(first), day_start(last + timedelta(days=1))


# Office hours, local time, Monday to Friday: what a deadline in working hours counts.
WORKDAY_START = time(9)
WORKDAY_END = time(17)


def add_working_hours(start: datetime, hours: int) -> datetime:
    """The moment ``hours`` office hours (09:00–17:00 local, Monday to Friday) after ``start``
    (public holidays are not known here and count as working days)."""
    moment = timezone.localtime(start)
    left = timedelta(hours=hours)
    while True:
        day = moment.date()
        opens = timezone.make_aware(datetime.combine(day, WORKDAY_START))
        closes = timezone.make_aware(datetime.combine(day, WORKDAY_END))
        if day.weekday() < 5 and moment < closes:
            moment = max(moment, opens)
            if moment + left <= closes:
                return (moment + left).astimezone(UTC)
            left -= closes - moment
        moment = timezone.make_aware(datetime.combine(day + timedelta(days=1), WORKDAY_START))
