"""Assessing a case: its text (description and notes), the worker's checklist answers and
the case's own facts, through ``engine.scoring.assess``; and what a new level does. Called
inside the steps of the case workflow (the report, a note, the risk steps), which write the
one event of the change.

A level only rises by itself: a report or a note that says more raises it; nothing here
lowers it (that takes a supervisor, ``services.lower_risk``). At high or critical a case is
urgent: if it waits to be signed for, its sign-for deadline tightens to
``CONCORD_URGENT_SIGN_FOR_MINUTES``, and the leads of its unit and of the unit one level up
are told. Nothing else happens on its own: what to do is the worker's decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from concord.accounts.leads import notice_to_leads
from concord.accounts.models import Unit, UnitKind
from concord.cases.models import AWAITING_SIGN_FOR, IN_HANDS, Case
from concord.risk.engine.factors import LEVEL_CODES, Answer, case_fact_answers, level_rank
from concord.risk.engine.levels import URGENT, RiskLevel
from concord.risk.engine.scoring import Assessment, assess, case_text
from concord.risk.models import CaseRisk
from concord.routing.services import escalation_target
from concord.warning.repeat import MIN_CASES, same_people_cases
from concord.workflow.kernel import Notice


def rank(assessment: Assessment) -> int:
    """The stored level (``RiskLevel``) of an assessment."""
    return level_rank(assessment.level)


def level_code(level: int) -> str:
    return LEVEL_CODES[level]


def urgent_window() -> timedelta:
    return timedelta(minutes=settings.CONCORD_URGENT_SIGN_FOR_MINUTES)


def case_facts(case: Case, now: datetime) -> dict[str, Answer]:
    """The checklist answers that come from the case's own data."""
    past_due = case.due_at is not None and case.due_at < now
    unresolved = case.status in (*AWAITING_SIGN_FOR, *IN_HANDS) and case.resolution_deadline < now
    return case_fact_answers(
        repeat_dispute=len(same_people_cases(case)) >= MIN_CASES, past_deadline=past_due or unresolved
    )


def notes_of(case: Case) -> list[str]:
    return list(
        case.events.filter(action="case.note_added").order_by("created_at", "id").values_list("note", flat=True)
    )


def assess_case(
    case: Case, *, answers: Mapping[str, str] | None = None, now: datetime, new_note: str = ""
) -> Assessment:
    """The case assessed now: its text (with ``new_note``, not saved yet), the answers given
    (or those saved) and the case facts."""
    saved = CaseRisk.objects.filter(case=case).values_list("answers", flat=True).first() or {}
    given = dict(saved if answers is None else answers)
    notes = [*notes_of(case), new_note] if new_note else notes_of(case)
    return assess(case_text(case.description, notes), {**given, **case_facts(case, now)})


def store(
    case: Case,
    assessment: Assessment,
    *,
    now: datetime,
    answers: Mapping[str, str] | None = None,
    actor: User | None = None,
) -> None:
    """Keep the assessment (and the answers, if given) as the case's evidence."""
    defaults: dict[str, Any] = {"assessment": assessment.as_dict(), "assessed_at": now, "assessed_by": actor}
    if answers is not None:
        defaults["answers"] = dict(answers)
    CaseRisk.objects.update_or_create(case=case, defaults=defaults)


def set_level(case: Case, level: int, *, now: datetime) -> tuple[str, ...]:
    """Put the case at ``level`` (the caller saves the fields returned and records the event);
    becoming urgent tightens the sign-for deadline of a case waiting to be signed for."""
    previous = case.risk_level
    case.risk_level = level
    fields: tuple[str, ...] = ("risk_level",)
    if previous < URGENT <= level and case.status in AWAITING_SIGN_FOR:
        case.sign_for_deadline = min(case.sign_for_deadline, now + urgent_window())
        fields += ("sign_for_deadline",)
    return fields


def urgent_notices(case: Case, previous: int) -> list[Notice]:
    """When a case becomes urgent, word to the leads of its unit and of the unit one level up
    (or to the units themselves where they have no lead); nothing otherwise."""
    if not previous < URGENT <= case.risk_level:
        return []
    units = [case.unit]
    above = escalation_target(case.unit, case.category)
    if above is not None:
        units.append(above)
    label = RiskLevel(case.risk_level).label
    subject = _("%(receipt)s: %(level)s risk · %(category)s") % {
        "receipt": case.receipt,
        "level": label,
        "category": case.category.name,
    }
    return [notice_to_leads(units, subject=subject, kind="case.urgent")]


@dataclass(frozen=True)
class LevelChange:
    """A case's level moved (the event of the change records ``data``)."""

    previous: int
    level: int
    fields: tuple[str, ...]

    @property
    def data(self) -> dict[str, list[str]]:
        return {"risk": [level_code(self.previous), level_code(self.level)]}


def change_level(case: Case, level: int, *, now: datetime) -> LevelChange:
    """Set the level (see ``set_level``) and remember where it came from."""
    previous = case.risk_level
    return LevelChange(previous, level, set_level(case, level, now=now))


def raise_from_text(case: Case, *, now: datetime, new_note: str) -> LevelChange | None:
    """Inside a note's transaction: reassess with the new note and keep the evidence; a
    higher level is set (the caller saves the fields and records the change)."""
    assessment = assess_case(case, now=now, new_note=new_note)
    if assessment.factors or CaseRisk.objects.filter(case=case).exists():
        store(case, assessment, now=now)
    if rank(assessment) <= case.risk_level:
        return None
    return change_level(case, rank(assessment), now=now)


def counselling_unit(case: Case) -> Unit | None:
    """The nearest active counselling service above the case's place."""
    chain = (case.grid_id, case.community_id, case.street_id, case.district_id, case.city_id, case.province_id)
    ids = [pk for pk in chain if pk is not None]
    units = Unit.objects.filter(kind=UnitKind.COUNSELLING, is_active=True, region_id__in=ids)
    return min(units, key=lambda unit: ids.index(unit.region_id), default=None)
