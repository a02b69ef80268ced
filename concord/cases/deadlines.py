"""The deadlines of a case: how long each window is, and which one applies now."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from concord.cases.models import Case, Category, deadline_in_force
from concord.dates import parse_day_list


def sign_for_window() -> timedelta:
    return timedelta(hours=settings.CONCORD_SIGN_FOR_HOURS)


def resolution_window(case: Case) -> timedelta:
    return timedelta(days=case.category.resolution_days or settings.CONCORD_RESOLUTION_DAYS)


def follow_up_days(category: Category) -> list[int]:
    """Days after a resolution when each follow-up visit falls due: the category's, else the
    site's (CONCORD_FOLLOW_UP_DAYS); the category's field is validated when it is saved."""
    if category.follow_up_days.strip():
        try:
            return parse_day_list(category.follow_up_days)
        except ValueError:
            pass  # written around the validator: the default applies
    return list(settings.CONCORD_FOLLOW_UP_DAYS)


def due_at_for(case: Case) -> datetime | None:
    """The deadline that applies in the case's status (what the SLA sweep watches)."""
    return deadline_in_force(
        case.status, case.sign_for_deadline, case.resolution_deadline, case.referral_deadline, case.follow_up_deadline
    )
