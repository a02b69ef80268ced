"""The risk actions on a case. Each checks that the action is legal for the case's status
and the actor's role, writes the change and exactly one CaseEvent in one transaction, and
queues its notifications in the same transaction.

Professional judgement may raise a level, never silently lower it: the checklist and a
worker's raise only ever move it up; lowering takes a supervisor and a reason. Every step is
an internal event on the case's timeline (never shown to the resident or in Open311).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.cases.errors import InvalidInput
from concord.cases.models import Case
from concord.cases.services import check_action, clean_text, locked_case, record_change
from concord.notify.services import queue_notification
from concord.risk.assessing import (
    assess_case,
    change_level,
    counselling_unit,
    level_code,
    rank,
    store,
    tell_leads,
)
from concord.risk.factors import CHECKLIST, Answer
from concord.risk.models import RiskLevel

# The questions a worker answers (the case facts are read from the case's data).
QUESTIONS = tuple(factor.code for factor in CHECKLIST if not factor.case_fact)


def _answers(answers: Mapping[str, str]) -> dict[str, str]:
    unknown = sorted(set(answers) - set(QUESTIONS))
    if unknown:
        raise InvalidInput(_("Unknown checklist questions: %(codes)s.") % {"codes": ", ".join(unknown)})
    if any(value not in Answer.__members__.values() for value in answers.values()):
        raise InvalidInput(_("Answer each question with yes, no or unknown."))
    return {code: str(value) for code, value in answers.items()}


@transaction.atomic
def assess_risk(case: Case, *, actor: User, answers: Mapping[str, str], note: str = "") -> Case:
    """Record the worker's checklist: the case is assessed again from its text, the answers
    and its own facts. A higher level than the one in force raises it; a lower one does not
    lower it (a supervisor may, with a reason), and the event says so."""
    case = locked_case(case)
    check_action(case, actor, "assess_risk")
    given = _answers(answers)
    text = clean_text(note, required=False, what=_("a note"))
    now = timezone.now()
    assessment = assess_case(case, answers=given, now=now)
    store(case, assessment, now=now, answers=given, actor=actor)
    computed = rank(assessment)
    change = change_level(case, max(computed, case.risk_level), now=now)
    data = {**change.data, "computed": assessment.level, "score": assessment.score}
    if computed < case.risk_level:
        data["kept"] = True  # the checklist gives less than the level in force: it stays
    record_change(
        case,
        action="case.risk_assessed",
        actor=actor,
        note=text,
        is_public=False,
        now=now,
        fields=change.fields,
        data=data,
    )
    tell_leads(case, change.previous)
    return case


def _level(raw: int | str) -> int:
    try:
        return int(RiskLevel(int(raw)))
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose a risk level.")) from None


def _move_level(case: Case, *, actor: User, action: str, level: int | str, reason: str, up: bool) -> Case:
    """Put the case at ``level`` (above the level in force when ``up``, below it otherwise)
    with the reason on the timeline."""
    case = locked_case(case)
    check_action(case, actor, action)
    target = _level(level)
    if up and target <= case.risk_level:
        raise InvalidInput(_("Choose a level above the one in force to raise it."))
    if not up and target >= case.risk_level:
        raise InvalidInput(_("Choose a level below the one in force to lower it."))
    text = clean_text(reason, required=True, what=_("why the level is raised") if up else _("a reason"))
    now = timezone.now()
    change = change_level(case, target, now=now)
    event = "case.risk_raised" if up else "case.risk_lowered"
    record_change(
        case, action=event, actor=actor, note=text, is_public=False, now=now, fields=change.fields, data=change.data
    )
    tell_leads(case, change.previous)
    return case


@transaction.atomic
def raise_risk(case: Case, *, actor: User, level: int | str, note: str) -> Case:
    """Raise the case's risk level on the worker's own judgement, with a note saying why."""
    return _move_level(case, actor=actor, action="raise_risk", level=level, reason=note, up=True)


@transaction.atomic
def lower_risk(case: Case, *, actor: User, level: int | str, reason: str) -> Case:
    """Lower the case's risk level: a supervisor's decision, with the reason on the timeline.
    A deadline already tightened stays as it is."""
    return _move_level(case, actor=actor, action="lower_risk", level=level, reason=reason, up=False)


@transaction.atomic
def refer_to_counselling(case: Case, *, actor: User, note: str = "") -> Case:
    """Ask the nearest counselling service to help with this case too (joint handling: the
    case stays with its unit). The service is told through the outbox."""
    case = locked_case(case)
    check_action(case, actor, "refer_counselling")
    unit = counselling_unit(case)
    if unit is None:
        raise InvalidInput(_("No counselling service is set up for this area: call the crisis line instead."))
    text = clean_text(note, required=False, what=_("a note"))
    record_change(
        case,
        action="case.referred_counselling",
        actor=actor,
        note=text,
        is_public=False,
        data={"unit": unit.pk, "risk": level_code(case.risk_level)},
    )
    subject = _("%(receipt)s: referred to %(unit)s for counselling") % {"receipt": case.receipt, "unit": unit.name}
    queue_notification("case.referred_counselling", subject=subject, body=text, units=[unit], case=case)
    return case
