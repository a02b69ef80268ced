"""Reads of resolution: where a case can be sent, what a case page shows, and the path a
resident sees (plain words, no personal details)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch

from concord.accounts.models import Unit
from concord.cases.models import Case, CaseShare, Relation
from concord.geo.models import LEVEL_FIELD
from concord.refcache import reference_cache
from concord.resolution.models import (
    Agreement,
    AgreementStatus,
    Mediation,
    MediationSession,
    Purpose,
    Referral,
    ReferralStatus,
    ResolutionChannel,
    SessionStatus,
    Task,
    Term,
    TermStatus,
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


class Conditions:
    """What the resolution steps' conditions (and the panel, and the tracking page) read about
    one case: its referrals (one query), and whether it has an agreement to confirm, terms still
    due and tasks not done (one more, read only when a step asks). Kept on the case object: a
    step re-reads the case under its lock, and so these."""

    def __init__(self, case: Case) -> None:
        self.case = case

    @cached_property
    def referrals(self) -> tuple[Referral, ...]:
        if self.case.pk is None:
            return ()
        found = (
            Referral.objects.select_related("channel", "to_unit", "from_unit", "agreement", "sent_by")
            .filter(case_id=self.case.pk)
            .order_by("created_at", "id")
        )
        return tuple(found)

    @property
    def handover(self) -> Referral | None:
        """The open handover (pending or accepted): there is at most one."""
        return next((r for r in self.referrals if r.purpose == Purpose.HANDLING and r.is_open), None)

    @property
    def confirmation(self) -> Referral | None:
        """The request for judicial confirmation waiting for the court."""
        return next(
            (r for r in self.referrals if r.purpose == Purpose.CONFIRMATION and r.status == ReferralStatus.PENDING),
            None,
        )

    @cached_property
    def _flags(self) -> dict[str, bool]:
        if self.case.pk is None:
            return {"confirmable": False, "open_terms": False, "open_tasks": False}
        flags = (
            Case.objects.filter(pk=self.case.pk)
            .annotate(
                confirmable=Exists(
                    Agreement.objects.filter(
                        case_id=OuterRef("pk"),
                        status__in=[AgreementStatus.SIGNED, AgreementStatus.FULFILLED],
                        confirmed_at=None,
                    )
                ),
                open_terms=Exists(
                    Term.objects.filter(
                        agreement__case_id=OuterRef("pk"),
                        agreement__status=AgreementStatus.SIGNED,
                        status=TermStatus.OPEN,
                    )
                ),
                open_tasks=Exists(Task.objects.filter(case_id=OuterRef("pk"), done_at=None)),
            )
            .values("confirmable", "open_terms", "open_tasks")
            .get()
        )
        return {name: bool(flags[name]) for name in ("confirmable", "open_terms", "open_tasks")}

    @property
    def confirmable(self) -> bool:
        return self._flags["confirmable"]

    @property
    def open_terms(self) -> bool:
        return self._flags["open_terms"]

    @property
    def open_tasks(self) -> bool:
        return self._flags["open_tasks"]


def conditions_of(case: Case) -> Conditions:
    found: Conditions | None = case.__dict__.get("_resolution")
    if found is None:
        found = case.__dict__["_resolution"] = Conditions(case)
    return found


def working_units(case: Case) -> list[Unit]:
    """The unit that has the case, then those handling it on referral or assisting: who can be
    given its tasks (read once per case object)."""
    if "_working_units" not in case.__dict__:
        shares = CaseShare.objects.filter(case_id=case.pk, relation__in=[Relation.RECEIVING, Relation.ASSISTING])
        others = Unit.objects.filter(pk__in=shares.values("unit_id")).order_by("name_zh")
        case.__dict__["_working_units"] = [case.unit, *others]
    found: list[Unit] = case.__dict__["_working_units"]
    return found


def nearby_unit(case: Case, unit_id: int, channel_codes: tuple[str, ...] = ()) -> tuple[ResolutionChannel, Unit] | None:
    """The unit ``unit_id`` if it serves one of ``channel_codes`` (any channel when empty) and
    covers the case, with the first such channel: where a referral, a request for confirmation
    or a call for assistance may go."""
    for channel, units in referral_targets(case):
        if channel_codes and channel.code not in channel_codes:
            continue
        for unit in units:
            if unit.pk == unit_id:
                return channel, unit
    return None


def unit_above(case: Case, channel: ResolutionChannel, below: Unit) -> Unit | None:
    """The nearest unit above ``below`` that serves ``channel`` and covers the case (read from
    the case's ancestor columns and the cached catalogue: no walk up the tree)."""
    level_of = {getattr(case, f"{field}_id"): level for level, field in LEVEL_FIELD.items()}
    floor = level_of.get(below.region_id)
    if floor is None:
        return None
    above = [
        unit
        for served, units in referral_targets(case)
        if served.pk == channel.pk
        for unit in units
        if level_of.get(unit.region_id, floor) < floor
    ]
    return max(above, key=lambda unit: level_of[unit.region_id], default=None)


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
        referrals=list(conditions_of(case).referrals),
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
        .prefetch_related("terms", "attestations")
        .filter(code=code.strip().upper())
        .first()
    )


def public_path(case: Case) -> dict[str, Any]:
    """What the resident sees of the case's path: where it is now and what to bring, the next
    planned session, the agreement and how its terms stand. No names, no notes."""
    referral = conditions_of(case).handover
    planned = MediationSession.objects.filter(case=case, status=SessionStatus.PLANNED).order_by("starts_at").first()
    agreement = Agreement.objects.filter(case=case).exclude(status="draft").order_by("-created_at").first()
    terms = list(Term.objects.filter(agreement=agreement)) if agreement else []
    return {"referral": referral, "planned": planned, "agreement": agreement, "terms": terms}
