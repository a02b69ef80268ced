"""Figures of diversified resolution, as queries the dashboards read: per channel and unit,
referrals sent, accepted and declined, and the time to accept; per unit, how often mediation
ends in agreement and how often agreements are kept. Each is one aggregate query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from concord.resolution.models import (
    Agreement,
    AgreementStatus,
    Mediation,
    MediationOutcome,
    Purpose,
    Referral,
    ReferralStatus,
)


@dataclass(frozen=True)
class ReferralFigures:
    channel: str
    to_unit_id: int
    sent: int
    accepted: int  # accepted at some point: accepted, completed or returned since
    declined: int
    mean_hours_to_accept: float | None


@dataclass(frozen=True)
class UnitRates:
    unit_id: int
    ended: int
    agreed: int
    agreements_settled: int  # fulfilled or broken
    fulfilled: int

    @property
    def mediation_success(self) -> float | None:
        return self.agreed / self.ended if self.ended else None

    @property
    def fulfilment(self) -> float | None:
        return self.fulfilled / self.agreements_settled if self.agreements_settled else None


def referral_figures(start: datetime, end: datetime) -> list[ReferralFigures]:
    """Handovers sent in [start, end), per channel and receiving unit."""
    was_accepted = Q(status__in=[ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED, ReferralStatus.RETURNED])
    waited = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    rows = (
        Referral.objects.filter(purpose=Purpose.HANDLING, created_at__gte=start, created_at__lt=end)
        .values("channel__code", "to_unit_id")
        .annotate(
            sent=Count("id"),
            accepted=Count("id", filter=was_accepted),
            declined=Count("id", filter=Q(status=ReferralStatus.DECLINED)),
            wait=Avg(waited, filter=was_accepted),
        )
        .order_by("channel__code", "to_unit_id")
    )
    return [
        ReferralFigures(
            channel=row["channel__code"],
            to_unit_id=row["to_unit_id"],
            sent=row["sent"],
            accepted=row["accepted"],
            declined=row["declined"],
            mean_hours_to_accept=round(row["wait"].total_seconds() / 3600, 2) if row["wait"] is not None else None,
        )
        for row in rows
    ]


def unit_rates(start: datetime, end: datetime) -> list[UnitRates]:
    """Per unit: mediations ended in [start, end) and how many with agreement; agreements that
    ended (kept or broken) in the window and how many were kept."""
    mediations: dict[int, Any] = {
        row["unit_id"]: row
        for row in Mediation.objects.filter(ended_at__gte=start, ended_at__lt=end)
        .values("unit_id")
        .annotate(ended=Count("id"), agreed=Count("id", filter=Q(outcome=MediationOutcome.AGREEMENT)))
    }
    agreements: dict[int, Any] = {
        row["unit_id"]: row
        for row in Agreement.objects.filter(ended_at__gte=start, ended_at__lt=end)
        .values("unit_id")
        .annotate(settled=Count("id"), kept=Count("id", filter=Q(status=AgreementStatus.FULFILLED)))
    }
    return [
        UnitRates(
            unit_id=unit,
            ended=mediations.get(unit, {}).get("ended", 0),
            agreed=mediations.get(unit, {}).get("agreed", 0),
            agreements_settled=agreements.get(unit, {}).get("settled", 0),
            fulfilled=agreements.get(unit, {}).get("kept", 0),
        )
        for unit in sorted(set(mediations) | set(agreements))
    ]
