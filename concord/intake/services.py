"""Turning a resident's report into a routed case with deadlines, parties and a receipt."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.models import Unit
from concord.cases.models import Case, CaseEvent, Category, Channel, Party, PartyKind, PartyRole, Status
from concord.cases.services import due_at_for, place_case, resolution_window, sign_for_window
from concord.crypto import encrypt_value, keyed_hash, normalise_id_number, normalise_phone
from concord.geo.models import Region
from concord.intake.receipts import new_receipt
from concord.notify.services import queue_case_notification
from concord.risk.assessing import rank, set_level, tell_leads
from concord.risk.models import CaseRisk
from concord.risk.scoring import Assessment, assess
from concord.routing.services import handler_for
from concord.warning import rollups


@dataclass(frozen=True)
class PartyInput:
    role: str
    name: str = ""
    phone: str = ""
    id_number: str = ""
    kind: str = PartyKind.PERSON
    email: str = ""


@dataclass(frozen=True)
class Report:
    """A validated report, whatever channel it came from (form, hotline, Open311)."""

    region: Region  # with ancestors loaded (geo.queries.region_by_code / region_at_point)
    category: Category
    description: str
    channel: str = Channel.WEB
    language: str = ""
    parties: tuple[PartyInput, ...] = ()
    anonymous: bool = False
    submission_token: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # Kept on the case's first event: what the channel adds (an Open311 client, its answers).
    details: dict[str, Any] = dataclass_field(default_factory=dict)


def _party(data: PartyInput) -> Party:
    phone = normalise_phone(data.phone)
    id_number = normalise_id_number(data.id_number)
    return Party(
        role=data.role,
        kind=data.kind,
        name=data.name.strip()[:120],
        phone_encrypted=encrypt_value(phone),
        phone_hash=keyed_hash("phone", phone),
        email_encrypted=encrypt_value(data.email.strip().lower()),
        id_number_encrypted=encrypt_value(id_number),
        id_number_hash=keyed_hash("id", id_number),
    )


# A fresh receipt is drawn this many times before a collision is taken as a real error.
RECEIPT_ATTEMPTS = 5


def submit_report(report: Report, *, now: datetime | None = None) -> Case:
    """Record a report as a case routed straight to the responsible unit and worker.

    Idempotent on ``submission_token``: the same submission sent twice returns the case
    the first one created, so a resident who taps "send" twice gets one receipt. The
    unique constraints decide (no read before the write): on a clash, a case with the
    token means a resubmission; otherwise the receipt collided and another is drawn.
    """
    now = now or timezone.now()
    chain = report.region.ancestors()
    # Routing, building the rows and encrypting happen before the write transaction,
    # which holds SQLite's database-wide write lock for as short a time as possible.
    unit, assignee = handler_for(chain, report.category)
    # What the report says decides its first risk level (text signals only, well under 1 ms).
    risk = assess(report.description)
    case = _new_case(report, chain, unit, assignee, now, risk)
    event_data = {**report.details, "channel": case.channel, "unit": unit.pk}
    if case.risk_level:
        event_data["risk"] = risk.level
    wanted = [p for p in report.parties if p.name or p.phone or p.id_number or p.email]
    parties = [_party(p) for p in wanted if not (report.anonymous and p.role == PartyRole.REPORTER)]
    for attempt in range(RECEIPT_ATTEMPTS):
        case.pk = None
        case.receipt = new_receipt()
        try:
            _insert(case, parties, event_data, now, risk)
            return case
        except IntegrityError:
            if report.submission_token:
                existing = Case.objects.filter(submission_token=report.submission_token).first()
                if existing is not None:
                    return existing
            if attempt == RECEIPT_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _new_case(
    report: Report, chain: list[Region], unit: Unit, assignee: User | None, now: datetime, risk: Assessment
) -> Case:
    case = Case(
        category=report.category,
        status=Status.REPORTED,
        channel=report.channel,
        description=report.description,
        language=report.language[:8],
        reporter_anonymous=report.anonymous,
        submission_token=report.submission_token or None,
        latitude=report.latitude,
        longitude=report.longitude,
        unit=unit,
        assignee=assignee,
        created_at=now,
        updated_at=now,
        sign_for_deadline=now + sign_for_window(),
    )
    case.resolution_deadline = now + resolution_window(case)
    set_level(case, rank(risk), now=now)  # an urgent report is to be signed for sooner
    case.due_at = due_at_for(case)
    place_case(case, chain)
    return case


@transaction.atomic
def _insert(case: Case, parties: list[Party], event_data: dict[str, Any], now: datetime, risk: Assessment) -> None:
    """Write the case, its parties, its first event, its notifications, its risk evidence
    (if the text signals found anything) and its counts."""
    case.save(force_insert=True)
    for party in parties:
        party.case = case
    Party.objects.bulk_create(parties)
    CaseEvent.objects.create(
        case=case,
        action="case.reported",
        created_at=now,
        to_status=Status.REPORTED,
        is_public=True,
        data=event_data,
    )
    queue_case_notification(
        "case.reported",
        case,
        subject=f"{case.receipt}: {_('new case')} · {case.category.name}",
        user=case.assignee,
        units=[] if case.assignee else [case.unit],
    )
    if risk.factors:
        CaseRisk.objects.create(case=case, assessment=risk.as_dict(), assessed_at=now)
        tell_leads(case, previous=0)
    # Last: the count rows are shared by every report of the day, so hold their locks briefly.
    rollups.count_case(case)
