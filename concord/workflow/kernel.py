"""The workflow kernel: every step on a case, an alert or anything after them runs here.

A step is declared once, in the module that owns it (``Workflow.action``): its code, its label,
a line of help, the states it is legal in, who may take it, the form that collects its input and
the handler that makes the change. The declared step *is* the service function: calling it

1. locks the subject's row (a new subject has none yet),
2. checks that the step is legal in the subject's state and for the roles the actor holds
   *over this subject* (``None`` is the system, which takes only the steps declared for it),
3. calls the handler, which changes the subject in memory and returns a ``Change``,
4. saves the fields that changed (``update_fields``) and writes exactly one event,
5. runs the handler's ``step.after`` work, then hands the event and its notices to the outbox,

all in one transaction, so the notices become visible exactly when the change commits (and
never for a change rolled back). A refusal is one neutral ``IllegalStep`` (HTTP 409, naming the
steps allowed now). The case page, the staff API and its schema, the 409 message, the policy
table and the help page are generated from the declarations. A higher layer adds to a lower
one's workflow by registering (a step of its own, an ``extend`` hook on another's step),
never the other way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise

from concord.workflow.errors import IllegalStep
from concord.workflow.forms import ActionForm

if TYPE_CHECKING:  # django-stubs-ext is a development dependency
    from django_stubs_ext import StrOrPromise

S = TypeVar("S", bound=models.Model)
E = TypeVar("E", bound=models.Model)

# The state of a subject not written yet: only the step that creates it is legal there.
NEW = ""


# (relation, role): a role held in a unit that stands in that relation to the subject (a unit
# a case was referred to, a unit that assists with it), beside the unit that has it.
Related = frozenset[tuple[str, str]]


def related(relations: Iterable[str], roles: Iterable[str]) -> Related:
    """Every role of ``roles`` held in a unit in one of ``relations`` to the subject."""
    return frozenset((relation, role) for relation in relations for role in roles)


@dataclass(frozen=True)
class Who:
    """Who may take a step: roles held in the unit that has the subject, roles held by a
    membership whose area holds the subject's place, and roles held in a unit related to the
    subject (``through``). None of them: only the system takes it."""

    in_unit: frozenset[str] = frozenset()
    in_area: frozenset[str] = frozenset()
    through: Related = frozenset()

    @property
    def system_only(self) -> bool:
        return not (self.in_unit or self.in_area or self.through)


SYSTEM = Who()


@dataclass(frozen=True)
class Standing:
    """The roles one user holds over one subject (what ``Who`` is checked against)."""

    in_unit: frozenset[str] = frozenset()
    in_area: frozenset[str] = frozenset()
    through: Related = frozenset()

    def may(self, who: Who) -> bool:
        return bool(self.in_unit & who.in_unit or self.in_area & who.in_area or self.through & who.through)


@dataclass(frozen=True)
class Notice:
    """Word of a change to units and people, queued in the outbox with the change."""

    subject: str
    body: str = ""
    units: Sequence[models.Model] = ()
    users: Sequence[User] = ()
    kind: str = ""  # defaults to the event's dotted name
    link: str = ""  # the staff page it is about (default: the case's page, for a case)


class _Declared(Enum):
    STATE = 0


# ``Change.to`` when the step goes to the state its declaration names.
DECLARED = _Declared.STATE


@dataclass
class Change:
    """What a handler did, for the kernel to save and record in the step's one event."""

    note: str = ""
    fields: list[str] = field(default_factory=list)  # besides the state, which the kernel sets
    data: dict[str, Any] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    to: str | _Declared | None = DECLARED  # another state than declared (None: it stays)
    event: str = ""  # another event name than declared (the same step, another outcome)
    public: bool | None = None  # shown to the resident; default: the declaration's, else a state change is


@dataclass
class Step(Generic[S]):
    """One run of a step, as its handler sees it: the locked subject, who acts and when."""

    subject: S
    actor: User | None
    now: datetime
    callbacks: list[Callable[[], None]] = field(default_factory=list)
    # Set by the kernel once the event is written: where ``notify`` sends notices from then on.
    sink: Callable[[Sequence[Notice]], None] | None = None

    def after(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` in the transaction once the change, its event and its notices are
        written, in the order registered (rows that refer to a new subject; counts whose shared
        rows should be locked as briefly as possible go last)."""
        self.callbacks.append(callback)

    def notify(self, notices: Sequence[Notice]) -> None:
        """Queue notices from ``after`` work (a new subject has its id only then)."""
        assert self.sink is not None, "notify() is for after() work; a handler returns its notices in its Change"
        if notices:
            self.sink(notices)


Handler = Callable[..., Change | None]
Extension = Callable[[Step[Any], Change], None]


@dataclass(frozen=True, eq=False)
class Action(Generic[S, E]):
    """One declared step. Calling it runs it: ``accept_case(case, actor=user, note="…")``."""

    do_not_call_in_templates = True  # templates read a step's label, they never run it

    workflow: Workflow[S, E]
    code: str
    label: Promise
    help: Promise
    states: tuple[str, ...]
    who: Who
    handler: Handler
    event: str
    to: str | None
    form: type[ActionForm] | None
    public: bool | None
    possible: Callable[[S], bool] | None
    group: str
    order: int
    initial: Callable[[S], dict[str, Any]] | None
    narrow: Callable[[S], Who] | None = None

    def __call__(self, subject: S, *, actor: User | None, now: datetime | None = None, **inputs: Any) -> E | None:
        """Run the step; the event written, or None when the handler found nothing to do."""
        return self.workflow.run(self, subject, actor=actor, now=now, inputs=inputs)

    @property
    def offered(self) -> bool:
        """Whether people take it through a form (pages and API), not only the system."""
        return self.form is not None and not self.who.system_only

    def bind(self, subject: S, data: Any = None, *, initial: dict[str, Any] | None = None) -> ActionForm:
        """The step's form for ``subject``: bound to ``data``, or prefilled for the page (with
        ``initial``, for one item of the subject: a session, a term)."""
        assert self.form is not None, f"{self.code} takes no input from people"
        if data is not None:
            form = self.form(data, prefix=self.code)
        else:
            prefill = {**(self.initial(subject) if self.initial else {}), **(initial or {})}
            form = self.form(prefix=self.code, initial=prefill or None)
        form.for_subject(subject)
        return form

    def possible_for(self, subject: S) -> bool:
        return self.possible is None or self.possible(subject)

    def who_for(self, subject: S) -> Who:
        """Who may take the step on this subject: ``who``, or the part of it ``narrow`` picks
        (while a case is with a receiving unit, its sessions are theirs, not the sender's)."""
        return self.who if self.narrow is None else self.narrow(subject)


# Where notices go: the outbox a higher layer (concord.notify) connects at start-up.
# sink(subject, event, notices, final): ``final`` is the event's last call (after its step's
# ``after`` work); earlier calls carry the notices queued by ``step.notify``.
Outbox = Callable[[models.Model, models.Model, Sequence[Notice], bool], None]
_outbox: list[Outbox] = []
_workflows: dict[str, Workflow[Any, Any]] = {}


def connect_outbox(sink: Outbox) -> None:
    """Hand every event to ``sink(subject, event, notices, final)`` with its change's notices
    (maybe none; ``final``), inside the change's transaction; notices queued by ``step.notify``
    come first (not ``final``)."""
    _outbox[:] = [sink]


def workflows() -> list[Workflow[Any, Any]]:
    """Every workflow declared, in the order they were made (for the help page)."""
    return list(_workflows.values())


class Workflow(Generic[S, E]):
    """The steps of one kind of subject (a case, an alert), their states and their events."""

    def __init__(
        self,
        name: str,
        model: type[S],
        *,
        title: Promise,
        event_model: type[E],
        subject_field: str,
        standing: Callable[[User, S], Standing],
        refusal: StrOrPromise,
        state_field: str = "status",
        lock_related: Sequence[str] = (),
        before_save: Callable[[S, set[str] | None], Iterable[str]] | None = None,
        public_events: bool = False,
        touch: str | None = "updated_at",
    ) -> None:
        """``refusal`` is the 409 message, with {action}, {status} and {allowed};
        ``before_save(subject, changed)`` may set derived fields (``changed`` is None when the
        subject is being created) and returns their names; ``touch`` is set to the step's time."""
        if name in _workflows:
            raise ImproperlyConfigured(f"a workflow named {name!r} exists already")
        self.name = name
        self.model = model
        self.title = title
        self.event_model = event_model
        self.subject_field = subject_field
        self.state_field = state_field
        self.refusal = refusal
        self._standing = standing
        self._lock_related = tuple(lock_related)
        self._before_save = before_save
        self._public_events = public_events
        self._touch = touch
        self.actions: dict[str, Action[S, E]] = {}
        self._extensions: dict[str, list[Extension]] = {}
        _workflows[name] = self

    # -- declaring ---------------------------------------------------------------------------

    def action(
        self,
        code: str,
        *,
        label: Promise,
        help: Promise,
        states: Iterable[str],
        who: Who,
        event: str,
        to: str | None = None,
        form: type[ActionForm] | None = None,
        public: bool | None = None,
        possible: Callable[[S], bool] | None = None,
        group: str = "",
        order: int = 100,
        initial: Callable[[S], dict[str, Any]] | None = None,
        narrow: Callable[[S], Who] | None = None,
    ) -> Callable[[Handler], Action[S, E]]:
        """Declare a step; decorates its handler ``handler(step, **inputs) -> Change | None``.

        ``states``: where it is legal; ``who``: who may take it; ``event``: the dotted name of
        its event; ``to``: the state it goes to (None: the state stays); ``form``: its input
        (None: only code calls it); ``possible``: a condition beyond the state; ``group``: the
        part of the page that shows it; ``order``: its place in every list of steps;
        ``initial``: the form's prefill on the page; ``narrow(subject)``: the part of ``who``
        that may take it on this subject (``who`` is what the help page and the API say)."""

        def register(handler: Handler) -> Action[S, E]:
            if code in self.actions:
                raise ImproperlyConfigured(f"{self.name}: the step {code!r} is declared twice")
            declared = Action(
                workflow=self,
                code=code,
                label=label,
                help=help,
                states=tuple(states),
                who=who,
                handler=handler,
                event=event,
                to=to,
                form=form,
                public=public,
                possible=possible,
                group=group,
                order=order,
                initial=initial,
                narrow=narrow,
            )
            self.actions[code] = declared
            ranked = sorted(self.actions.values(), key=lambda action: action.order)  # stable
            self.actions = {action.code: action for action in ranked}
            return declared

        return register

    def extend(self, code: str, extension: Extension) -> None:
        """Let a higher layer add to a step's change before it is written (same event):
        ``extension(step, change)`` may add fields, data, notices and ``step.after`` work."""
        self._extensions.setdefault(code, []).append(extension)

    # -- reading -----------------------------------------------------------------------------

    def state_of(self, subject: S) -> str:
        return NEW if subject.pk is None else str(getattr(subject, self.state_field))

    def state_label(self, state: str) -> str:
        declared = self.model._meta.get_field(self.state_field)
        assert isinstance(declared, models.Field)
        choices = dict(declared.choices or [])
        return str(choices.get(state, state))

    def legal(self, subject: S) -> list[Action[S, E]]:
        """The steps legal for the subject now, whoever asks."""
        state = self.state_of(subject)
        return [action for action in self.actions.values() if state in action.states and action.possible_for(subject)]

    def allowed(self, subject: S, user: User | AnonymousUser | None) -> list[str]:
        """The codes of the steps ``user`` may take on the subject now (``None``: the system,
        which takes the steps declared ``who=SYSTEM`` and no others)."""
        legal = self.legal(subject)
        if user is None:
            return [action.code for action in legal if action.who.system_only]
        if not isinstance(user, User) or not user.is_active:
            return []
        standing = self._standing(user, subject)
        return [action.code for action in legal if standing.may(action.who_for(subject))]

    def offered(self, subject: S, user: User | AnonymousUser) -> list[Action[S, E]]:
        """The steps ``user`` may take now through a form."""
        return [self.actions[code] for code in self.allowed(subject, user) if self.actions[code].offered]

    # -- running -----------------------------------------------------------------------------

    def run(
        self, action: Action[S, E], subject: S, *, actor: User | None, now: datetime | None, inputs: dict[str, Any]
    ) -> E | None:
        with transaction.atomic():
            current = subject if subject.pk is None else self._lock(subject)
            allowed = self.allowed(current, actor)
            if action.code not in allowed:
                raise IllegalStep(
                    self.refusal,
                    action=action.code,
                    label=action.label,
                    state=self.state_label(self.state_of(current)),
                    allowed=[(code, self.actions[code].label) for code in allowed],
                )
            step = Step(subject=current, actor=actor, now=now or timezone.now())
            change = action.handler(step, **inputs)
            if change is None:
                return None
            for extension in self._extensions.get(action.code, ()):
                extension(step, change)
            return self._record(action, step, change)

    def _lock(self, subject: S) -> S:
        """The subject re-read under a lock on its own row only (locking the rows it refers to
        would serialise every step sharing them, and deadlock with foreign-key checks)."""
        manager = self.model._default_manager
        return manager.select_for_update(of=("self",)).select_related(*self._lock_related).get(pk=subject.pk)

    def _record(self, action: Action[S, E], step: Step[S], change: Change) -> E:
        subject = step.subject
        creating = subject.pk is None
        before = self.state_of(subject)
        target = action.to if change.to is DECLARED else change.to
        fields = set(change.fields)
        if target is not None and target != before:
            setattr(subject, self.state_field, target)
            fields.add(self.state_field)
        if self._before_save is not None:
            fields.update(self._before_save(subject, None if creating else fields))
        if self._touch:
            setattr(subject, self._touch, step.now)
            fields.add(self._touch)
        if creating:
            subject.save(force_insert=True)
        else:
            subject.save(update_fields=sorted(fields))
        values: dict[str, Any] = {
            self.subject_field: subject,
            "action": change.event or action.event,
            "actor": step.actor,
            "created_at": step.now,
            "from_status": before,
            "to_status": target or "",
            "note": change.note,
            "data": change.data,
        }
        if self._public_events:
            declared = action.public if action.public is not None else target is not None
            values["is_public"] = declared if change.public is None else change.public
        event = self.event_model._default_manager.create(**values)

        def queue(notices: Sequence[Notice], final: bool = False) -> None:
            if notices and not _outbox:
                raise ImproperlyConfigured("a step has notices to send but no outbox is connected")
            if _outbox:
                _outbox[0](subject, event, notices, final)

        step.sink = queue
        for callback in step.callbacks:
            callback()
        # Last, once the rows the callbacks write exist (a new case's parties): the outbox sees
        # every event once as final, with or without notices, and may add its own (word to the
        # resident).
        queue(change.notices, final=True)
        return event

    # -- describing --------------------------------------------------------------------------

    def table(self) -> list[tuple[Action[S, E], list[str]]]:
        """Every step with the labels of the states it is legal in: the policy table."""
        return [(action, [self.state_label(state) for state in action.states]) for action in self.actions.values()]
