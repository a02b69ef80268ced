"""The risk steps on a case, declared on the case workflow (``cases.workflow.CASES``), and
the hook by which what a note says can raise a case's level in the note's own event.

Professional judgement may raise a level, never silently lower it: the checklist and a
worker's raise only ever move it up; lowering takes a supervisor and a reason. Every step is
an internal event on the case's timeline (never shown to the resident or in Open311).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.access import HANDLERS
from concord.accounts.models import Role
from concord.cases.models import Case
from concord.cases.services import NOT_OVER
from concord.cases.workflow import CASES
from concord.risk.assessing import (
    assess_case,
    change_level,
    counselling_unit,
    level_code,
    raise_from_text,
    rank,
    store,
    urgent_notices,
)
from concord.risk.engine.factors import Answer
from concord.risk.engine.levels import RiskLevel
from concord.risk.forms import QUESTIONS, AssessRiskForm, LowerRiskForm, RaiseRiskForm
from concord.risk.queries import checklist_initial
from concord.workflow.errors import InvalidInput
from concord.workflow.forms import OptionalNoteForm
from concord.workflow.kernel import Change, Notice, Step, Who
from concord.workflow.text import clean_text

# The risk steps show in the risk panel of the case page.
GROUP = "risk"
# A supervisor lowers a level: of their own unit's case, or of one handled below them in their area.
SUPERVISORS = Who(in_unit=frozenset({Role.SUPERVISOR}), in_area=frozenset({Role.SUPERVISOR}))


def _answers(answers: Mapping[str, str]) -> dict[str, str]:
    unknown = sorted(set(answers) - set(QUESTIONS))
    if unknown:
        raise InvalidInput(_("Unknown checklist questions: %(codes)s.") % {"codes": ", ".join(unknown)})
    if any(value not in Answer.__members__.values() for value in answers.values()):
        raise InvalidInput(_("Answer each question with yes, no or unknown."))
    return {code: str(value) for code, value in answers.items()}


@CASES.action(
    "assess_risk",
    label=gettext_lazy("record the risk checklist"),
    help=gettext_lazy(
        "Answer the risk checklist; a higher level than the one in force raises it, a lower one never lowers it."
    ),
    states=NOT_OVER,
    who=HANDLERS,
    form=AssessRiskForm,
    event="case.risk_assessed",
    public=False,
    group=GROUP,
    order=110,
    initial=checklist_initial,
)
def assess_risk(step: Step[Case], *, answers: Mapping[str, str], note: str = "") -> Change:
    """Record the worker's checklist: the case is assessed again from its text, the answers
    and its own facts. A higher level than the one in force raises it; a lower one does not
    lower it (a supervisor may, with a reason), and the event says so."""
    case = step.subject
    given = _answers(answers)
    text = clean_text(note, required=False, what=_("a note"))
    assessment = assess_case(case, answers=given, now=step.now)
    store(case, assessment, now=step.now, answers=given, actor=step.actor)
    computed = rank(assessment)
    change = change_level(case, max(computed, case.risk_level), now=step.now)
    data: dict[str, Any] = {**change.data, "computed": assessment.level, "score": assessment.score}
    if computed < case.risk_level:
        data["kept"] = True  # the checklist gives less than the level in force: it stays
    return Change(note=text, fields=list(change.fields), data=data, notices=urgent_notices(case, change.previous))


def _level(raw: int | str) -> int:
    try:
        return int(RiskLevel(int(raw)))
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose a risk level.")) from None


def _move_level(step: Step[Case], *, level: int | str, reason: str, up: bool) -> Change:
    """Put the case at ``level`` (above the level in force when ``up``, below it otherwise)
    with the reason on the timeline."""
    case = step.subject
    target = _level(level)
    if up and target <= case.risk_level:
        raise InvalidInput(_("Choose a level above the one in force to raise it."))
    if not up and target >= case.risk_level:
        raise InvalidInput(_("Choose a level below the one in force to lower it."))
    text = clean_text(reason, required=True, what=_("why the level is raised") if up else _("a reason"))
    change = change_level(case, target, now=step.now)
    notices = urgent_notices(case, change.previous)
    return Change(note=text, fields=list(change.fields), data=change.data, notices=notices)


@CASES.action(
    "raise_risk",
    label=gettext_lazy("raise the risk level"),
    help=gettext_lazy("Raise the level on your own judgement, with a note saying why."),
    states=NOT_OVER,
    who=HANDLERS,
    form=RaiseRiskForm,
    event="case.risk_raised",
    public=False,
    possible=lambda case: case.risk_level < RiskLevel.CRITICAL,
    group=GROUP,
    order=120,
)
def raise_risk(step: Step[Case], *, level: int | str, note: str) -> Change:
    """Raise the case's risk level on the worker's own judgement, with a note saying why."""
    return _move_level(step, level=level, reason=note, up=True)


@CASES.action(
    "lower_risk",
    label=gettext_lazy("lower the risk level"),
    help=gettext_lazy(
        "A supervisor's decision, with the reason on the timeline; also a supervisor above the handling unit."
    ),
    states=NOT_OVER,
    who=SUPERVISORS,
    form=LowerRiskForm,
    event="case.risk_lowered",
    public=False,
    possible=lambda case: case.risk_level > RiskLevel.STANDARD,
    group=GROUP,
    order=130,
)
def lower_risk(step: Step[Case], *, level: int | str, reason: str) -> Change:
    """Lower the case's risk level: a supervisor's decision, with the reason on the timeline.
    A deadline already tightened stays as it is."""
    return _move_level(step, level=level, reason=reason, up=False)


@CASES.action(
    "refer_counselling",
    label=gettext_lazy("refer to counselling"),
    help=gettext_lazy("Ask the nearest counselling service to help too; the case stays with its unit."),
    states=NOT_OVER,
    who=HANDLERS,
    form=OptionalNoteForm,
    event="case.referred_counselling",
    public=False,
    group=GROUP,
    order=140,
)
def refer_to_counselling(step: Step[Case], *, note: str = "") -> Change:
    """Ask the nearest counselling service to help with this case too. This is joint handling,
    not a referral: the case stays with its unit and its status (referrals that hand a case to
    another unit or channel are the resolution app's). The service is told through the outbox."""
    case = step.subject
    unit = counselling_unit(case)
    if unit is None:
        raise InvalidInput(_("No counselling service is set up for this area: call the crisis line instead."))
    text = clean_text(note, required=False, what=_("a note"))
    subject = _("%(receipt)s: referred to %(unit)s for counselling") % {"receipt": case.receipt, "unit": unit.name}
    return Change(
        note=text,
        data={"unit": unit.pk, "risk": level_code(case.risk_level)},
        notices=[Notice(subject=subject, body=text, units=[unit])],
    )


def reassess_with_note(step: Step[Case], change: Change) -> None:
    """On ``add_note``: what the note says can raise the case's level (never lower it), in the
    note's own event; the evidence is kept and the leads are told when it becomes urgent."""
    level = raise_from_text(step.subject, now=step.now, new_note=change.note)
    if level is None:
        return
    change.fields.extend(level.fields)
    change.data.update(level.data)
    change.notices.extend(urgent_notices(step.subject, level.previous))


CASES.extend("add_note", reassess_with_note)
