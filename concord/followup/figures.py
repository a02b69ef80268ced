"""Rates per unit, as queries the dashboards read, for a period [start, end): cases received
and how many were signed for within their sign-for deadline (response); ratings and how many
said "resolved" (resolution); scored ratings and how many gave 4 or 5 stars (satisfaction);
resolutions and how many were reopened since — by the resident's "no", a follow-up visit
that found the dispute back, a broken agreement or a lead (reopen). Each is one aggregate
query grouped by unit, whatever the number of cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q

from concord.cases.models import Case
from concord.followup.models import Rating, Resolution

# A score at or above this is "satisfied".
SATISFIED = 4


@dataclass(frozen=True)
class UnitRates:
    unit_id: int
    received: int  # cases reported in the period, by the unit that has them now
    responded: int  # of those, signed for within the sign-for deadline
    rated: int  # ratings given in the period, by the unit that resolved
    rated_resolved: int  # of those, "yes, it is resolved"
    scored: int  # ratings with stars
    satisfied: int  # of those, 4 or 5 stars
    resolutions: int  # resolutions in the period
    reopened: int  # of those, reopened since

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.received if self.received else None

    @property
    def resolution_rate(self) -> float | None:
        return self.rated_resolved / self.rated if self.rated else None

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.scored if self.scored else None

    @property
    def reopen_rate(self) -> float | None:
        return self.reopened / self.resolutions if self.resolutions else None


def unit_rates(start: datetime, end: datetime) -> list[UnitRates]:
    """Per unit, the rates of the period [start, end) (a unit with nothing in it is left out)."""
    received: dict[int, Any] = {
        row["unit_id"]: row
        for row in Case.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("unit_id")
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(accepted_at__lte=F("sign_for_deadline"))))
        .order_by()
    }
    ratings: dict[int, Any] = {
        row["unit_id"]: row
        for row in Rating.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("unit_id")
        .annotate(
            n=Count("id"),
            yes=Count("id", filter=Q(resolved=True)),
            scored=Count("id", filter=Q(score__isnull=False)),
            satisfied=Count("id", filter=Q(score__gte=SATISFIED)),
        )
        .order_by()
    }
    resolutions: dict[int, Any] = {
        row["unit_id"]: row
        for row in Resolution.objects.filter(resolved_at__gte=start, resolved_at__lt=end)
        .values("unit_id")
        .annotate(n=Count("id"), reopened=Count("id", filter=Q(reopened_at__isnull=False)))
        .order_by()
    }

    def get(table: dict[int, Any], unit: int, key: str) -> int:
        row = table.get(unit)
        return int(row[key]) if row is not None else 0

    return [
        UnitRates(
            unit_id=unit,
            received=get(received, unit, "n"),
            responded=get(received, unit, "on_time"),
            rated=get(ratings, unit, "n"),
            rated_resolved=get(ratings, unit, "yes"),
            scored=get(ratings, unit, "scored"),
            satisfied=get(ratings, unit, "satisfied"),
            resolutions=get(resolutions, unit, "n"),
            reopened=get(resolutions, unit, "reopened"),
        )
        for unit in sorted(set(received) | set(ratings) | set(resolutions))
    ]
