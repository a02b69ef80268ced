"""Turning a resident's report into a routed case with deadlines, parties and a receipt: the
first step of the case workflow (``report``), which only the system takes."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.models import Unit
from concord.cases import counting
from concord.cases.deadlines import resolution_window, sign_for_window
from concord.cases.models import Case, Category, Channel, Party, PartyKind, PartyRole, Status
from concord.cases.receipts import new_receipt
from concord.cases.services import place_case
from concord.cases.workflow import CASES
from concord.crypto import encrypt_value, keyed_hash, normalise_id_number, normalise_phone
from concord.geo.models import Region
from concord.risk.assessing import rank, set_level, urgent_notices
from concord.risk.engine.scoring import Assessment, assess
from concord.risk.models import CaseRisk
from concord.routing.services import handler_for
from concord.workflow.kernel import NEW, SYSTEM, Change, Notice, Step


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
            record_report(case, actor=None, now=now, parties=parties, event_data=event_data, risk=risk)
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
        sign_for_deadline=now + sign_for_window(),
    )
    case.resolution_deadline = now + resolution_window(case)
    set_level(case, rank(risk), now=now)  # an urgent report is to be signed for sooner
    place_case(case, chain)
    return case  # the report step sets its status, its deadline in force and its times


@CASES.action(
    "report",
    label=gettext_lazy("report a dispute"),
    help=gettext_lazy(
        "A report from the form, the hotline or an Open311 app becomes a case, routed to the unit and "
        "the worker responsible for its place and kind."
    ),
    states=(NEW,),
    who=SYSTEM,
    event="case.reported",
    to=Status.REPORTED,
    public=True,
    order=0,
)
def record_report(step: Step[Case], *, parties: list[Party], event_data: dict[str, Any], risk: Assessment) -> Change:
    """Write the new case (built and routed by ``submit_report``) with its first event, then
    its parties, its risk evidence (if the text signals found anything) and its counts; the
    unit or the worker it went to, and the leads of an urgent case, are told."""
    case = step.subject
    notices = [
        Notice(
            subject=f"{case.receipt}: {_('new case')} · {case.category.name}",
            users=[case.assignee] if case.assignee else [],
            units=[] if case.assignee else [case.unit],
        )
    ]

    def rows_of_the_case() -> None:
        for party in parties:
            party.case = case
        Party.objects.bulk_create(parties)
        if risk.factors:
            CaseRisk.objects.create(case=case, assessment=risk.as_dict(), assessed_at=step.now)
            step.notify(urgent_notices(case, previous=0))

    step.after(rows_of_the_case)
    # Last: the count rows are shared by every report of the day, so hold their locks briefly.
    step.after(lambda: counting.count_case(case))
    return Change(data=event_data, notices=notices)
