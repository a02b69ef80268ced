"""Reporting cases for the early-warning tests: with a counterparty, at a given time."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from concord.cases.models import Case, Category, PartyKind, PartyRole
from concord.geo.models import Region
from concord.geo.queries import region_by_code
from concord.intake.services import PartyInput, Report, submit_report


def report(
    region: Region,
    category: Category,
    *,
    at: datetime | None = None,
    against: str = "",
    against_kind: str = PartyKind.ORGANISATION,
    against_phone: str = "",
    phone: str = "",
    description: str = "A dispute.",
) -> Case:
    located = region_by_code(region.code)
    assert located is not None
    parties = [PartyInput(role=PartyRole.REPORTER, name="Resident", phone=phone)]
    if against or against_phone:
        parties.append(PartyInput(role=PartyRole.OTHER_PARTY, kind=against_kind, name=against, phone=against_phone))
    return submit_report(
        Report(region=located, category=category, description=description, parties=tuple(parties)),
        now=at or timezone.now(),
    )
