"""What happens to a demo case after it is reported, planned in memory.

Every case follows the state machine of ``concord.cases.services``: reported ->
(escalated) -> accepted -> (in_mediation) -> resolved -> (follow-up visits: at 7 and 30 days,
the last one makes it followed_up) -> closed, or reported -> rejected, with the fields and
events those services would write; some residents rate the resolution. Handlers
meet their deadlines; a missed deadline is what the SLA sweep turns into an escalation
(``case.escalated_overdue``, actor None, at the deadline). The history assumes the sweep
ran until ``OVERDUE_WINDOW`` before now, so some open cases whose deadline passed since
then are left overdue for the staff "Overdue" tab (``manage.py sla_worker`` escalates
them). The plan is cut at ``now``: recent cases are still open.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from concord.cases.models import OPEN_STATUSES, deadline_in_force
from concord.demo import texts

Box = tuple[float, float, float, float]

OVERDUE_WINDOW = timedelta(days=3)
# Share of the cases created in the last STALL_DAYS that stall past a deadline in OVERDUE_WINDOW.
STALL_DAYS = 25
STALL_RATE = 0.25
MAX_RESOLVE_AFTER_ESCALATION = timedelta(days=5)
OUTCOMES = (("agreement", 62), ("advice", 18), ("withdrawn", 7), ("referred_elsewhere", 6), ("unresolved", 7))
MEDIATION_RATE = {"agreement": 0.95, "advice": 0.2, "withdrawn": 0.4, "referred_elsewhere": 0.1, "unresolved": 0.7}
ESCALATION_RATES = (("sign_for", 0.016), ("resolution", 0.012), ("manual", 0.012))
NOTE_RATE = 0.1
CLOSE_RATE = 0.93  # the rest stay followed up
RATING_RATE = 0.35  # residents who rate the resolution
SCORES = (("5", 48), ("4", 27), ("3", 11), ("2", 5), ("1", 3), ("", 6))  # "": no stars
UNREACHABLE_RATE = 0.08  # visits where nobody answered at first
UNREACHABLE_NOTE = (
    "电话无人接听，上门未遇，两天后再访。",
    "No answer by phone and nobody at home; trying again in two days.",
)


@dataclass(frozen=True, slots=True)
class GridInfo:
    """A grid and the ids of its ancestors, by Case column ("province" ... "grid")."""

    pk: int
    code: str
    ancestors: dict[str, int]
    district_index: int
    box: Box


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    """A leaf category; ``resolution_days`` and ``follow_up_days`` already fall back to the defaults."""

    pk: int
    code: str
    resolution_days: int
    follow_up_days: tuple[int, ...] = (7, 30)


@dataclass(frozen=True)
class World:
    """What the history needs to know about the city, as plain ids and callables."""

    grids: list[GridInfo]
    categories: list[CategoryInfo]
    # (grid, category) -> (unit id, assignee id or None), as route() and pick_assignee() decide.
    route: Callable[[GridInfo, CategoryInfo], tuple[int, int | None]]
    # (unit id, category) -> the unit one level up, as escalation_target() decides, or None.
    escalate: Callable[[int, CategoryInfo], int | None]
    # unit id -> the users who sign for unassigned cases there, preferred first.
    signers: dict[int, list[int]]
    sign_for: timedelta
    tz: tzinfo


@dataclass(slots=True)
class PlannedEvent:
    """One CaseEvent."""

    action: str
    actor: int | None
    created_at: datetime
    from_status: str
    to_status: str
    note: str
    is_public: bool
    data: dict[str, Any]


@dataclass(slots=True)
class PlannedParty:
    """One Party; ``phone`` is normalised plain digits (encrypted when written)."""

    role: str
    kind: str
    name: str
    phone: str


@dataclass(slots=True)
class PlannedVisit:
    """One follow-up visit (``followup.Visit``) of the case's resolution."""

    number: int
    days: int
    due_at: datetime
    status: str = "pending"
    attempts: int = 0
    note: str = ""
    done_at: datetime | None = None
    done_by: int | None = None


@dataclass(slots=True)
class PlannedRating:
    """The resident's rating (``followup.Rating``) of the resolution."""

    created_at: datetime
    resolved: bool
    score: int | None
    comment: str


@dataclass(slots=True)
class PlannedCase:
    """One Case with its timeline and parties; ids refer to rows that already exist."""

    receipt: str
    category: CategoryInfo
    grid: GridInfo
    channel: str
    description: str
    language: str
    anonymous: bool
    latitude: float | None
    longitude: float | None
    unit: int
    assignee: int | None
    created_at: datetime
    sign_for_deadline: datetime
    resolution_deadline: datetime
    status: str = "reported"
    escalation_count: int = 0
    follow_up_deadline: datetime | None = None
    due_at: datetime | None = None
    outcome: str = ""
    resolution_summary: str = ""
    rejection_reason: str = ""
    duplicate_of: int | None = None  # index into the history's case list
    updated_at: datetime | None = None
    accepted_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    cluster: str = ""
    events: list[PlannedEvent] = field(default_factory=list)
    parties: list[PlannedParty] = field(default_factory=list)
    # Set once the resolution has happened (by then): its visits and the resident's rating.
    visits: list[PlannedVisit] = field(default_factory=list)
    rating: PlannedRating | None = None


@dataclass(slots=True)
class _Step:
    at: datetime
    action: str
    actor: int | None
    to_status: str | None
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    # What else the step does once it has happened (a visit recorded, a rating given).
    apply: Callable[[PlannedCase], None] | None = None


def due_at(case: PlannedCase) -> datetime | None:
    """The deadline that applies in the case's status, by the same rule as live cases."""
    return deadline_in_force(
        case.status, case.sign_for_deadline, case.resolution_deadline, None, case.follow_up_deadline
    )


def weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    """One key of ``(key, weight)`` pairs, drawn by weight."""
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


class Lifecycle:
    """Plans each case's timeline and applies the part of it that lies before ``now``."""

    def __init__(self, world: World, rng: random.Random, now: datetime) -> None:
        self.w = world
        self.rng = rng
        self.now = now.astimezone(UTC)
        self._escalations: dict[tuple[int, int], int | None] = {}

    def run(self, case: PlannedCase, rejected: bool, duplicate: int | None, duplicate_receipt: str | None) -> None:
        """Record the report, then everything that has happened to the case since."""
        case.events.append(
            PlannedEvent(
                "case.reported",
                None,
                case.created_at,
                "",
                "reported",
                "",
                True,
                {"channel": case.channel, "unit": case.unit},
            )
        )
        case.updated_at = case.created_at
        case.due_at = due_at(case)
        self._live(case, self._plan(case, rejected, duplicate, duplicate_receipt))

    def escalate(self, unit: int, cat: CategoryInfo) -> int | None:
        """The unit one level up for this category (cached per unit and category)."""
        key = (unit, cat.pk)
        if key not in self._escalations:
            self._escalations[key] = self.w.escalate(unit, cat)
        return self._escalations[key]

    def signer(self, unit: int) -> int | None:
        """Someone in the unit who signs for a case nobody was assigned."""
        people = self.w.signers.get(unit) or []
        return self.rng.choice(people) if people else None

    def _plan(
        self, case: PlannedCase, rejected: bool, duplicate: int | None, duplicate_receipt: str | None
    ) -> list[_Step]:
        """Everything that will happen to the case, on time, whether or not it has happened yet."""
        rng, cat, steps = self.rng, case.category, []
        zh = case.language != "en"
        t, unit, assignee, sign_dl, res_dl = (
            case.created_at,
            case.unit,
            case.assignee,
            case.sign_for_deadline,
            case.resolution_deadline,
        )
        window = timedelta(days=cat.resolution_days)

        def sign_delay() -> timedelta:
            return timedelta(minutes=min(115.0, 2 + rng.expovariate(1 / 30)))

        def escalation(at: datetime, actor: int | None, action: str, note: str) -> None:
            nonlocal unit, assignee, sign_dl, res_dl, t
            target = self.escalate(unit, cat)
            assert target is not None
            data = {"from_unit": unit, "to_unit": target}
            sign_dl, res_dl = at + self.w.sign_for, at + window
            fields = {
                "unit": target,
                "assignee": None,
                "escalation_count": 1,
                "sign_for_deadline": sign_dl,
                "resolution_deadline": res_dl,
            }
            steps.append(_Step(at, action, actor, "escalated", note, data, fields))
            unit, assignee, t = target, None, at

        if rejected:
            actor = assignee or self.signer(unit)
            at = t + timedelta(minutes=rng.uniform(8, 100))
            reason = "duplicate" if duplicate is not None else "not_a_dispute"
            note = "" if duplicate is not None else rng.choice(texts.NOT_A_DISPUTE_NOTES)
            fields = {"rejection_reason": reason, "duplicate_of": duplicate, "closed_at": at}
            steps.append(
                _Step(
                    at,
                    "case.rejected",
                    actor,
                    "rejected",
                    note,
                    {"reason": reason, "duplicate_of": duplicate_receipt},
                    fields,
                )
            )
            return steps
        roll, edge, fate = rng.random(), 0.0, ""
        for name, rate in ESCALATION_RATES:
            edge += rate
            if roll < edge and fate == "":
                fate = name
        if fate and self.escalate(unit, cat) is None:
            fate = ""
        auto_note = "The {} deadline passed; escalated automatically."
        if fate == "sign_for":
            escalation(
                sign_dl + timedelta(seconds=rng.uniform(5, 55)),
                None,
                "case.escalated_overdue",
                auto_note.format("sign-for"),
            )
        outcome = weighted(rng, OUTCOMES)
        for attempt in range(2 if fate in ("manual", "resolution") else 1):
            actor = assignee or self.signer(unit)
            t += sign_delay()
            steps.append(_Step(t, "case.accepted", actor, "accepted", fields={"assignee": actor, "accepted_at": t}))
            assignee = actor
            mediate = rng.random() < MEDIATION_RATE[outcome] or (fate == "resolution" and attempt == 0)
            if mediate:
                t += (res_dl - t) * rng.uniform(0.02, 0.3)
                steps.append(_Step(t, "case.mediation_started", assignee, "in_mediation"))
            if attempt == 0 and fate == "manual":
                at = t + min(timedelta(days=2), (res_dl - t) * 0.6) * rng.uniform(0.1, 1)
                escalation(at, assignee, "case.escalated", rng.choice(texts.ESCALATION_REASONS))
            elif attempt == 0 and fate == "resolution":
                escalation(
                    res_dl + timedelta(seconds=rng.uniform(5, 55)),
                    None,
                    "case.escalated_overdue",
                    auto_note.format("resolution"),
                )
        if rng.random() < NOTE_RATE:
            t += (res_dl - t) * rng.uniform(0.05, 0.3)
            steps.append(_Step(t, "case.note_added", assignee, None, rng.choice(texts.INTERNAL_NOTES)))
        limit = min(res_dl, t + MAX_RESOLVE_AFTER_ESCALATION) if fate else res_dl
        t += (limit - t) * rng.triangular(0.05, 0.95, 0.3)
        zh_texts, en_texts = texts.RESOLUTION_SUMMARIES[outcome]
        summary = rng.choice(zh_texts if zh else en_texts)
        visits = [PlannedVisit(n, d, t + timedelta(days=d)) for n, d in enumerate(cat.follow_up_days, start=1)]
        fields = {
            "outcome": outcome,
            "resolution_summary": summary,
            "resolved_at": t,
            "follow_up_deadline": visits[0].due_at,
        }
        resolved_step = _Step(t, "case.resolved", assignee, "resolved", summary, {"outcome": outcome}, fields)
        resolved_step.apply = lambda planned: setattr(planned, "visits", visits)
        steps.append(resolved_step)
        # The draws of the shared generator stay as they were (the rest of the city depends on
        # them); what the visits and the rating add is drawn from the case's own generator.
        late = timedelta(days=rng.uniform(0.5, 10) if rng.random() < 0.2 else rng.uniform(0.5, 6.5))
        note = rng.choice(texts.FOLLOW_UP_NOTES if zh else texts.FOLLOW_UP_NOTES_EN)
        t = self._follow_up(case, steps, visits, assignee, t, late, note)
        if rng.random() < CLOSE_RATE:
            t += timedelta(minutes=rng.uniform(10, 2880))
            steps.append(_Step(t, "case.closed", assignee, "closed", fields={"closed_at": t}))
        return steps

    def _follow_up(
        self,
        case: PlannedCase,
        steps: list[_Step],
        visits: list[PlannedVisit],
        assignee: int | None,
        resolved_at: datetime,
        late: timedelta,
        note: str,
    ) -> datetime:
        """The resident's rating (some of them) and the visits, each recorded around its due
        time (some late: due or overdue in the "To follow up" tab; some with nobody reached
        at first). Returns when the last visit was recorded."""
        own = random.Random(case.receipt)
        zh = case.language != "en"
        if own.random() < RATING_RATE:
            at = resolved_at + timedelta(hours=own.uniform(3, 96))
            score = weighted(own, SCORES)
            rating = PlannedRating(at, True, int(score) if score else None, "")
            step = _Step(at, "case.rated", None, None, "", {"resolved": True, "score": rating.score})
            step.apply = lambda planned: setattr(planned, "rating", rating)
            steps.append(step)
        t = resolved_at
        for visit in visits:
            last = visit is visits[-1]
            at = visit.due_at + (late if last else timedelta(days=own.uniform(-1, 1) + own.expovariate(1 / 1.5)))
            at = max(at, t + timedelta(hours=1))
            if own.random() < UNREACHABLE_RATE:
                retry = at + timedelta(days=2)
                line = UNREACHABLE_NOTE[0] if zh else UNREACHABLE_NOTE[1]

                def missed(planned: PlannedCase, visit: PlannedVisit = visit, retry: datetime = retry) -> None:
                    visit.attempts += 1
                    visit.due_at = retry

                steps.append(
                    _Step(
                        at,
                        "followup.unreachable",
                        assignee,
                        None,
                        line,
                        {"visit": visit.number, "outcome": "unreachable", "attempt": 1},
                        {"follow_up_deadline": retry},
                        missed,
                    )
                )
                at = retry + timedelta(hours=own.uniform(1, 30))
            text = note if last else own.choice(texts.FOLLOW_UP_NOTES if zh else texts.FOLLOW_UP_NOTES_EN)
            following = None if last else visits[visit.number]

            def held(planned: PlannedCase, visit: PlannedVisit = visit, at: datetime = at, text: str = text) -> None:
                visit.status, visit.done_at, visit.done_by, visit.note = "held", at, assignee, text

            steps.append(
                _Step(
                    at,
                    "case.followed_up" if last else "followup.held",
                    assignee,
                    "followed_up" if last else None,
                    text,
                    {"visit": visit.number, "outcome": "held"},
                    {"follow_up_deadline": None if following is None else following.due_at},
                    held,
                )
            )
            t = at
        return t

    def _live(self, case: PlannedCase, steps: list[_Step]) -> None:
        """Apply the steps that have happened by now; a recent case may stall past its deadline."""
        stall = case.created_at > self.now - timedelta(days=STALL_DAYS) and self.rng.random() < STALL_RATE
        for step in steps:
            if step.at > self.now:
                return
            deadline = case.due_at
            if stall and deadline is not None and self.now - OVERDUE_WINDOW <= deadline < self.now:
                return
            for name, value in step.fields.items():
                setattr(case, name, value)
            if step.apply is not None:
                step.apply(case)
            from_status = case.status
            if step.to_status is not None:
                case.status = step.to_status
            case.due_at = due_at(case)
            case.updated_at = step.at
            public = step.to_status is not None
            case.events.append(
                PlannedEvent(
                    step.action, step.actor, step.at, from_status, step.to_status or "", step.note, public, step.data
                )
            )


def is_open(case: PlannedCase) -> bool:
    """Whether the case is in one of the open statuses."""
    return case.status in OPEN_STATUSES
