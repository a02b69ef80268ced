"""Every change to an alert. Raising is an upsert on the alert's key (a re-run or a second
worker finds the alert already there); each review step checks the lifecycle and the
actor's role, writes the change and exactly one AlertEvent in one transaction, and queues
its notifications in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.access import scope_for
from concord.cases.errors import InvalidInput
from concord.cases.services import clean_text
from concord.geo.models import place
from concord.notify.services import queue_notification
from concord.warning import policy
from concord.warning.errors import IllegalAlertStep
from concord.warning.explain import explain
from concord.warning.models import Alert, AlertCase, AlertEvent, AlertOutcome, AlertStatus
from concord.warning.signals import Signal

# Evidence fields a later finding on the same episode may update.
EVIDENCE = ("window_end", "observed", "expected", "threshold", "p_value", "subject", "details")


def _new_alert(signal: Signal, now: datetime) -> Alert:
    alert = Alert(
        kind=signal.kind,
        thread=signal.thread,
        key=signal.key,
        region=signal.region,
        unit=signal.unit,
        category=signal.category,
        window_start=signal.window_start,
        detector=signal.detector,
        created_at=now,
        updated_at=now,
    )
    place(alert, signal.region.ancestors())
    for name in EVIDENCE:
        setattr(alert, name, getattr(signal, name))
    return alert


def _link_cases(alert: Alert, case_ids: list[int]) -> int:
    """Link the cases behind the alert that are not linked yet; returns how many."""
    linked = set(AlertCase.objects.filter(alert=alert).values_list("case_id", flat=True))
    rows = [AlertCase(alert=alert, case_id=case_id) for case_id in sorted(set(case_ids) - linked)]
    AlertCase.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def raise_alert(signal: Signal, *, now: datetime | None = None) -> tuple[Alert, bool]:
    """Raise the alert for ``signal``, or bring the alert of its episode up to date.

    Returns (alert, created). A closed alert is left as it was: its review is done, and a
    later finding on its thread starts a new episode (a new key). Updating an alert that
    is under review records one ``alert.updated`` event, and only if the evidence changed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        existing = Alert.objects.select_for_update().filter(key=signal.key).first()
        if existing is None:
            try:
                with transaction.atomic():
                    alert = _new_alert(signal, now)
                    alert.save(force_insert=True)
            except IntegrityError:  # another worker raised it a moment ago
                existing = Alert.objects.select_for_update().get(key=signal.key)
            else:
                _link_cases(alert, signal.case_ids)
                AlertEvent.objects.create(
                    alert=alert, action="alert.raised", created_at=now, to_status=alert.status, data=_evidence(alert)
                )
                queue_notification(
                    "alert.raised",
                    subject=explain(alert)[:200],
                    body=reverse("alerts:detail", args=[alert.pk]),
                    units=[alert.unit],
                    users=signal.notify_users,
                )
                return alert, True
        if existing.status == AlertStatus.CLOSED:
            return existing, False
        return _update(existing, signal, now), False


def _evidence(alert: Alert) -> dict[str, Any]:
    return {
        "window": [alert.window_start.isoformat(), alert.window_end.isoformat()],
        "observed": alert.observed,
        "expected": alert.expected,
        "threshold": alert.threshold,
        "p_value": alert.p_value,
    }


def _update(alert: Alert, signal: Signal, now: datetime) -> Alert:
    changed = [name for name in EVIDENCE if getattr(alert, name) != getattr(signal, name)]
    if signal.window_end < alert.window_end:
        changed = []  # an older finding (a re-run of the past) does not roll the evidence back
    for name in changed:
        setattr(alert, name, getattr(signal, name))
    added = _link_cases(alert, signal.case_ids)
    if not changed and not added:
        return alert
    alert.updated_at = now
    alert.save(update_fields=[*changed, "updated_at"])
    AlertEvent.objects.create(
        alert=alert, action="alert.updated", created_at=now, data={**_evidence(alert), "cases_added": added}
    )
    return alert


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update(of=("self",)).select_related("region", "unit").get(pk=alert.pk)


def _check(alert: Alert, actor: User, action: str) -> None:
    allowed = policy.allowed_actions(alert, scope_for(actor))
    if action not in allowed:
        raise IllegalAlertStep(action, str(AlertStatus(alert.status).label), allowed)


def _step(
    alert: Alert,
    *,
    action: str,
    actor: User,
    to_status: str | None = None,
    note: str = "",
    fields: tuple[str, ...] = (),
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AlertEvent:
    now = now or timezone.now()
    from_status = alert.status
    if to_status is not None:
        alert.status = to_status
    alert.updated_at = now
    alert.save(update_fields=sorted({*fields, "status", "updated_at"}))
    return AlertEvent.objects.create(
        alert=alert,
        action=action,
        actor=actor,
        created_at=now,
        from_status=from_status,
        to_status=alert.status if to_status is not None else "",
        note=note,
        data=data or {},
    )


@transaction.atomic
def acknowledge_alert(alert: Alert, *, actor: User, note: str = "") -> Alert:
    """Take the alert into review (研判): the actor has seen it and is looking into it."""
    alert = _locked(alert)
    _check(alert, actor, "acknowledge")
    now = timezone.now()
    alert.acknowledged_by, alert.acknowledged_at = actor, now
    text = clean_text(note, required=False, what=_("a note"))
    _step(
        alert,
        action="alert.acknowledged",
        actor=actor,
        to_status=AlertStatus.ACKNOWLEDGED,
        note=text,
        fields=("acknowledged_by", "acknowledged_at"),
        now=now,
    )
    return alert


@transaction.atomic
def record_alert_action(alert: Alert, *, actor: User, action_taken: str) -> Alert:
    """Record what was done about the alert (a visit, a joint mediation, a referral...)."""
    alert = _locked(alert)
    _check(alert, actor, "record_action")
    now = timezone.now()
    text = clean_text(action_taken, required=True, what=_("what was done"))
    alert.action_taken = f"{alert.action_taken}\n{text}".strip()
    alert.actioned_by, alert.actioned_at = actor, now
    _step(
        alert,
        action="alert.actioned",
        actor=actor,
        to_status=AlertStatus.ACTIONED,
        note=text,
        fields=("action_taken", "actioned_by", "actioned_at"),
        now=now,
    )
    return alert


@transaction.atomic
def close_alert(alert: Alert, *, actor: User, outcome: str, note: str = "") -> Alert:
    """Close the review: the alert was a real problem (confirmed) or a false alarm. The
    share confirmed, per detector, is the precision supervisors see."""
    alert = _locked(alert)
    _check(alert, actor, "close")
    if outcome not in AlertOutcome.values:
        raise InvalidInput(_("Please say whether the alert was confirmed or a false alarm."))
    now = timezone.now()
    alert.outcome = outcome
    alert.closed_by, alert.closed_at = actor, now
    _step(
        alert,
        action="alert.closed",
        actor=actor,
        to_status=AlertStatus.CLOSED,
        note=clean_text(note, required=outcome == AlertOutcome.FALSE_ALARM, what=_("why it was a false alarm")),
        fields=("outcome", "closed_by", "closed_at"),
        data={"outcome": outcome},
        now=now,
    )
    return alert


@transaction.atomic
def add_alert_note(alert: Alert, *, actor: User, note: str) -> AlertEvent:
    """Add a note to the alert's timeline."""
    alert = _locked(alert)
    _check(alert, actor, "add_note")
    return _step(
        alert, action="alert.note_added", actor=actor, note=clean_text(note, required=True, what=_("the note"))
    )
