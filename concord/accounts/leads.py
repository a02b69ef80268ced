"""Word to the leads of units: their unit leads and supervisors in person, or, where a unit has
none, the unit itself (its members then hear of it as of any notice to the unit)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User

from concord.accounts.access import LEAD_ROLES
from concord.accounts.models import Membership, Unit
from concord.workflow.kernel import Notice


def notice_to_leads(units: Sequence[Unit], *, subject: str, kind: str, body: str = "") -> Notice:
    """One notice to the active leads of ``units`` (one query), and to each unit with none."""
    leads = Membership.objects.filter(unit__in=units, role__in=LEAD_ROLES, user__is_active=True).select_related("user")
    people: dict[int, User] = {}
    led: set[int] = set()
    for membership in leads:
        people.setdefault(membership.user_id, membership.user)
        led.add(membership.unit_id)
    return Notice(
        subject=subject,
        body=body,
        kind=kind,
        units=[unit for unit in units if unit.pk not in led],
        users=sorted(people.values(), key=lambda user: user.pk),
    )
