"""Every change to an alert, each a step of the alert workflow (``warning.workflow.ALERTS``).

Raising is an upsert on the alert's key (a re-run or a second worker finds the alert already
there): the system's ``raise`` step creates it, its ``update`` step brings the evidence of an
alert under review up to date. The review steps are taken by named people; each checks the
lifecycle and the actor's standing, writes the change and exactly one AlertEvent, and queues
its notifications, in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.geo.models import place
from concord.warning.explain import explain
from concord.warning.findings import Finding
from concord.warning.forms import ActionTakenForm, CloseForm
from concord.warning.models import Alert, AlertCase, AlertOutcome, AlertStatus
from concord.warning.workflow import ALERTS, REVIEWERS
from concord.workflow.errors import IllegalStep, InvalidInput
from concord.workflow.forms import OptionalNoteForm, RequiredNoteForm
from concord.workflow.kernel import NEW, SYSTEM, Change, Notice, Step
from concord.workflow.text import clean_text

# Evidence fields a later finding on the same episode may update.
EVIDENCE = ("window_end", "observed", "expected", "threshold", "p_value", "subject", "details")
UNDER_REVIEW = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.ACTIONED)
IN_REVIEW = (AlertStatus.ACKNOWLEDGED, AlertStatus.ACTIONED)


def _new_alert(finding: Finding, now: datetime) -> Alert:
    alert = Alert(
        kind=finding.kind,
        thread=finding.thread,
        key=finding.key,
        region=finding.region,
        unit=finding.unit,
        category=finding.category,
        window_start=finding.window_start,
        detector=finding.detector,
        created_at=now,
        updated_at=now,
    )
    place(alert, finding.region.ancestors())
    for name in EVIDENCE:
        setattr(alert, name, getattr(finding, name))
    return alert


def _link_cases(alert: Alert, case_ids: list[int]) -> int:
    """Link the cases behind the alert that are not linked yet; returns how many."""
    linked = set(AlertCase.objects.filter(alert=alert).values_list("case_id", flat=True))
    rows = [AlertCase(alert=alert, case_id=case_id) for case_id in sorted(set(case_ids) - linked)]
    AlertCase.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _evidence(alert: Alert) -> dict[str, Any]:
    return {
        "window": [alert.window_start.isoformat(), alert.window_end.isoformat()],
        "observed": alert.observed,
        "expected": alert.expected,
        "threshold": alert.threshold,
        "p_value": alert.p_value,
    }


@ALERTS.action(
    "raise",
    label=gettext_lazy("raise"),
    help=gettext_lazy("A detector or a signal found something: the alert is raised and its unit told."),
    states=(NEW,),
    who=SYSTEM,
    event="alert.raised",
    to=AlertStatus.OPEN,
    order=0,
)
def _raise(step: Step[Alert], *, finding: Finding) -> Change:
    """Write the new alert (built from ``finding``) with the cases behind it."""
    alert = step.subject

    def cases_and_word() -> None:
        _link_cases(alert, finding.case_ids)
        notice = Notice(
            subject=explain(alert)[:200],
            link=reverse("alerts:detail", args=[alert.pk]),
            units=[alert.unit],
            users=finding.notify_users,
        )
        step.notify([notice])

    step.after(cases_and_word)
    return Change(data=_evidence(alert))


@ALERTS.action(
    "update",
    label=gettext_lazy("bring the evidence up to date"),
    help=gettext_lazy("A later finding on the same episode updates the alert under review, once per change."),
    states=UNDER_REVIEW,
    who=SYSTEM,
    event="alert.updated",
    order=5,
)
def _update(step: Step[Alert], *, finding: Finding) -> Change | None:
    """New evidence and cases from a later finding; nothing when neither changed. An older
    finding (a re-run of the past) never rolls the evidence back."""
    alert = step.subject
    changed = [name for name in EVIDENCE if getattr(alert, name) != getattr(finding, name)]
    if finding.window_end < alert.window_end:
        changed = []
    for name in changed:
        setattr(alert, name, getattr(finding, name))
    added = _link_cases(alert, finding.case_ids)
    if not changed and not added:
        return None
    return Change(fields=changed, data={**_evidence(alert), "cases_added": added})


def raise_alert(finding: Finding, *, now: datetime | None = None) -> tuple[Alert, bool]:
    """Raise the alert for ``finding``, or bring the alert of its episode up to date.

    Returns (alert, created). A closed alert is left as it was: its review is done, and a
    later finding on its thread starts a new episode (a new key). Updating an alert that
    is under review records one ``alert.updated`` event, and only if the evidence changed.
    """
    now = now or timezone.now()
    existing = Alert.objects.filter(key=finding.key).first()
    if existing is None:
        try:
            raised = _raise(_new_alert(finding, now), actor=None, now=now, finding=finding)
        except IntegrityError:  # another worker raised it a moment ago
            existing = Alert.objects.get(key=finding.key)
        else:
            assert raised is not None
            return raised.alert, True
    if existing.status == AlertStatus.CLOSED:
        return existing, False
    try:
        updated = _update(existing, actor=None, now=now, finding=finding)  # locks it and looks again
    except IllegalStep:  # closed by its reviewer a moment ago: its review is done
        return existing, False
    return (updated.alert if updated is not None else existing), False


@ALERTS.action(
    "acknowledge",
    label=gettext_lazy("acknowledge"),
    help=gettext_lazy("Take the alert into review (研判): you have seen it and are looking into it."),
    states=(AlertStatus.OPEN,),
    who=REVIEWERS,
    form=OptionalNoteForm,
    event="alert.acknowledged",
    to=AlertStatus.ACKNOWLEDGED,
    order=10,
)
def acknowledge_alert(step: Step[Alert], *, note: str = "") -> Change:
    """Take the alert into review (研判): the actor has seen it and is looking into it."""
    alert = step.subject
    alert.acknowledged_by, alert.acknowledged_at = step.actor, step.now
    return Change(
        note=clean_text(note, required=False, what=_("a note")), fields=["acknowledged_by", "acknowledged_at"]
    )


@ALERTS.action(
    "record_action",
    label=gettext_lazy("record what was done"),
    help=gettext_lazy("Record what was done about the alert: a visit, a joint mediation, a referral."),
    states=IN_REVIEW,
    who=REVIEWERS,
    form=ActionTakenForm,
    event="alert.actioned",
    to=AlertStatus.ACTIONED,
    order=20,
)
def record_alert_action(step: Step[Alert], *, action_taken: str) -> Change:
    """Record what was done about the alert (a visit, a joint mediation, a referral...)."""
    alert = step.subject
    text = clean_text(action_taken, required=True, what=_("what was done"))
    alert.action_taken = f"{alert.action_taken}\n{text}".strip()
    alert.actioned_by, alert.actioned_at = step.actor, step.now
    return Change(note=text, fields=["action_taken", "actioned_by", "actioned_at"])


@ALERTS.action(
    "close",
    label=gettext_lazy("close"),
    help=gettext_lazy(
        "Close the review: a real problem (confirmed) or a false alarm, with a reason; "
        "the share confirmed is each detector's precision."
    ),
    states=IN_REVIEW,
    who=REVIEWERS,
    form=CloseForm,
    event="alert.closed",
    to=AlertStatus.CLOSED,
    order=30,
)
def close_alert(step: Step[Alert], *, outcome: str, note: str = "") -> Change:
    """Close the review: the alert was a real problem (confirmed) or a false alarm. The
    share confirmed, per detector, is the precision supervisors see."""
    if outcome not in AlertOutcome.values:
        raise InvalidInput(_("Please say whether the alert was confirmed or a false alarm."))
    alert = step.subject
    alert.outcome = outcome
    alert.closed_by, alert.closed_at = step.actor, step.now
    return Change(
        note=clean_text(note, required=outcome == AlertOutcome.FALSE_ALARM, what=_("why it was a false alarm")),
        fields=["outcome", "closed_by", "closed_at"],
        data={"outcome": outcome},
    )


@ALERTS.action(
    "add_note",
    label=gettext_lazy("add a note"),
    help=gettext_lazy("Add a note to the alert's timeline, at any time."),
    states=tuple(AlertStatus),
    who=REVIEWERS,
    form=RequiredNoteForm,
    event="alert.note_added",
    order=40,
)
def add_alert_note(step: Step[Alert], *, note: str) -> Change:
    """Add a note to the alert's timeline."""
    return Change(note=clean_text(note, required=True, what=_("the note")))
