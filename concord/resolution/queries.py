"""Reads of resolution: where a case can be sent, what a case page shows, and the path a
resident sees (plain words, no personal details)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from concord.accounts.models import Unit
from concord.cases.models import Case
from concord.geo.models import LEVEL_FIELD
from concord.refcache import reference_cache
from concord.resolution.models import (
    Agreement,
    Mediation,
    MediationSession,
    Purpose,
    Referral,
    ReferralStatus,
    ResolutionChannel,
    SessionStatus,
    Task,
    Term,
)

CHANNELS = ("resolution.ResolutionChannel", "accounts.Unit")


def channels() -> dict[str, ResolutionChannel]:
    """Active channels by code, with the ids of the units serving each (cached per process)."""

    def load() -> dict[str, ResolutionChannel]:
        found = ResolutionChannel.objects.filter(is_active=True).prefetch_related(
            Prefetch(
                "units",
                queryset=Unit.objects.filter(is_active=True).only("id", "region_id", "name_zh", "name_en", "kind"),
            )
        )
        return {channel.code: channel for channel in found}

    return reference_cache.get("resolution_channels", load, depends=CHANNELS)


def _chain_ids(case: Case) -> set[int]:
    """The case's region and every region above it."""
    return {getattr(case, f"{name}_id") for name in LEVEL_FIELD.values() if getattr(case, f"{name}_id")}


def referral_targets(case: Case) -> list[tuple[ResolutionChannel, list[Unit]]]:
    """Each channel with the units serving it whose jurisdiction holds the case, nearest level
    first (the case's own unit left out): where it can be referred."""
    if "_referral_targets" in case.__dict__:
        cached: list[tuple[ResolutionChannel, list[Unit]]] = case.__dict__["_referral_targets"]
        return cached
    chain = _chain_ids(case) | {case.region_id}
    targets = []
    for channel in channels().values():
        units = [unit for unit in channel.units.all() if unit.region_id in chain and unit.pk != case.unit_id]
        if units:
            targets.append((channel, units))
    case.__dict__["_referral_targets"] = targets
    return targets


@dataclass
class ResolutionView:
    """Everything the case page's resolution panel shows, read in a fixed number of queries."""

    referrals: list[Referral] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    sessions: list[MediationSession] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    mediations: list[Mediation] = field(default_factory=list)


def resolution_of(case: Case) -> ResolutionView:
    """The case's referrals, tasks, sessions and agreements (with their terms and signatures)."""
    return ResolutionView(
        referrals=list(
            Referral.objects.filter(case=case)
            .select_related("channel", "to_unit", "from_unit", "sent_by")
            .order_by("created_at", "id")
        ),
        tasks=list(
            Task.objects.filter(case=case).select_related("unit", "assignee", "done_by").order_by("created_at", "id")
        ),
        sessions=list(MediationSession.objects.filter(case=case).order_by("starts_at", "id")),
        agreements=list(
            Agreement.objects.filter(case=case)
            .select_related("unit")
            .prefetch_related("terms", "attestations")
            .order_by("created_at", "id")
        ),
        mediations=list(Mediation.objects.filter(case=case).select_related("unit").order_by("started_at", "id")),
    )


def agreement_by_code(code: str) -> Agreement | None:
    """The agreement a printed QR code names (for the public check that it is genuine)."""
    return (
        Agreement.objects.select_related("unit", "case")
        .prefetch_related("terms", "attestations", "confirmations")
        .filter(code=code.strip().upper())
        .first()
    )


def public_path(case: Case) -> dict[str, Any]:
    """What the resident sees of the case's path: where it is now and what to bring, the next
    planned session, the agreement and how its terms stand. No names, no notes."""
    referral = (
        Referral.objects.select_related("channel", "to_unit")
        .filter(case=case, purpose=Purpose.HANDLING, status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED])
        .first()
    )
    planned = MediationSession.objects.filter(case=case, status=SessionStatus.PLANNED).order_by("starts_at").first()
    agreement = Agreement.objects.filter(case=case).exclude(status="draft").order_by("-created_at").first()
    terms = list(Term.objects.filter(agreement=agreement)) if agreement else []
    return {"referral": referral, "planned": planned, "agreement": agreement, "terms": terms}
