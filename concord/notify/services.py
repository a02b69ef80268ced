"""Queue notifications in the outbox, inside the caller's transaction.

The workflow kernel hands every event here with its notices (``connect_outbox`` at start-up),
so that a committed change always has its notifications and a rolled-back one never does:

- a notice to units and people becomes one row per person (every active member of a unit)
  and per channel that person chose for its kind (concord.notify.kinds), e-mail and SMS held
  back during their quiet hours unless the kind is urgent; a unit with no one in it is logged;
- it goes to the webhook endpoints that subscribe to its kind (and unit);
- a case event the resident should hear of becomes a message by the contact they gave.

``notify_worker`` delivers them afterwards (``concord.notify.delivery``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from concord.accounts.models import Membership, Unit
from concord.cases.models import Case, CaseEvent
from concord.crypto import decrypt_value, encrypt_value
from concord.notify import residents
from concord.notify.kinds import Kind, kind_of
from concord.notify.models import Audience, Channel, Notification, Preference, State, WebhookEndpoint
from concord.refcache import label_of, reference_cache
from concord.workflow.kernel import Notice


def live(channel: str) -> str:
    """The channel a message goes by on this server: itself if it is set up here
    (CONCORD_NOTIFY_CHANNELS), else the log."""
    if channel == Channel.INAPP or channel in settings.CONCORD_NOTIFY_CHANNELS:
        return channel
    return Channel.CONSOLE


def quiet_end(start: time, end: time, now: datetime) -> datetime | None:
    """When a daily quiet window from ``start`` to ``end`` (local time; it may span midnight)
    ends, if ``now`` is inside it; None otherwise."""
    local = timezone.localtime(now)
    clock = local.time()
    inside = start <= clock < end if start < end else (clock >= start or clock < end)
    if start == end or not inside:
        return None
    ends = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return ends if ends > local else ends + timedelta(days=1)


def quiet_until(preference: Preference | None, now: datetime) -> datetime | None:
    """When the person's quiet hours end, if ``now`` is inside them."""
    if preference is None or preference.quiet_from is None or preference.quiet_until is None:
        return None
    return quiet_end(preference.quiet_from, preference.quiet_until, now)


def resident_due(event: str, now: datetime) -> datetime:
    """When a resident's message goes: at once for the receipt of the report they have just
    made, otherwise not inside the site's night hours (CONCORD_RESIDENT_QUIET_HOURS)."""
    window = settings.CONCORD_RESIDENT_QUIET_HOURS
    if event == "case.reported" or window is None:
        return now
    return quiet_end(window[0], window[1], now) or now


def chosen_channels(preference: Preference | None, kind: Kind) -> list[str]:
    chosen = preference.channels.get(kind.code) if preference is not None else None
    return list(kind.default if chosen is None else chosen)


def _address(user: User, preference: Preference | None, channel: str) -> str:
    if channel == Channel.EMAIL:
        return user.email
    if channel == Channel.SMS and preference is not None:
        return decrypt_value(preference.phone_encrypted)
    return ""


def unit_members(unit_ids: set[int]) -> dict[int, list[User]]:
    """The active members of each unit, read when the notice is queued (someone who left a
    unit is never told of its cases afterwards)."""
    members: dict[int, list[User]] = {}
    if unit_ids:
        memberships = Membership.objects.filter(unit_id__in=unit_ids, user__is_active=True).select_related("user")
        for membership in memberships.order_by("user_id"):
            listed = members.setdefault(membership.unit_id, [])
            if all(user.pk != membership.user_id for user in listed):
                listed.append(membership.user)
    return members


def preference_of(user_id: int) -> Preference | None:
    """A person's notification preference (read once per process while unchanged: a change
    reaches the other server processes within CONCORD_REFERENCE_CACHE_SECONDS)."""
    return reference_cache.get(
        ("notify_preference", user_id),
        lambda: Preference.objects.filter(user_id=user_id).first(),
        depends=(label_of(Preference),),
    )


def _people(notices: Sequence[Notice]) -> tuple[dict[int, list[User]], dict[int, Preference]]:
    """Every notice's units' active members (by unit id, one query), and the preferences of
    everyone the notices reach (from the reference cache)."""
    members = unit_members({unit.pk for notice in notices for unit in notice.units})
    user_ids = {user.pk for users in members.values() for user in users}
    user_ids |= {user.pk for notice in notices for user in notice.users}
    preferences = {user_id: preference_of(user_id) for user_id in user_ids}
    return members, {user_id: p for user_id, p in preferences.items() if p is not None}


def webhook_endpoints() -> list[WebhookEndpoint]:
    """The active webhook endpoints (a few rows, read once per process while unchanged)."""
    return reference_cache.get(
        "webhook_endpoints",
        lambda: list(WebhookEndpoint.objects.filter(is_active=True).order_by("pk")),
        depends=(label_of(WebhookEndpoint),),
    )


def _link(case: Case | None, notice: Notice) -> str:
    return notice.link or (f"/staff/cases/{case.pk}" if case is not None else "")


def staff_rows(
    event: str, prefix: str, case: Case | None, notices: Sequence[Notice], now: datetime
) -> Iterable[Notification]:
    """The rows of ``notices`` (of the event named ``event``, keyed under ``prefix``): per
    person and channel, per unit left with no one, per webhook."""
    members, preferences = _people(notices)
    endpoints = webhook_endpoints()
    for notice in notices:
        name = notice.kind or event
        kind = kind_of(name)
        common = {
            "kind": name[:40],
            "case": case,
            "subject": notice.subject[:200],
            "body": notice.body,
            "link": _link(case, notice),
            "created_at": now,
        }
        # Each person once, with the unit the notice reached them through (None: by name).
        people: dict[int, tuple[User, Unit | None]] = {user.pk: (user, None) for user in notice.users}
        for unit in notice.units:
            if not isinstance(unit, Unit):
                raise TypeError(f"{name}: a notice goes to units (accounts.Unit) and users only")
            for user in members.get(unit.pk, []):
                people.setdefault(user.pk, (user, unit))
            if not members.get(unit.pk):
                yield Notification(
                    key=f"{prefix}:{name}:n{unit.pk}",
                    recipient_unit=unit,
                    channel=Channel.CONSOLE,
                    due_at=now,
                    **common,
                )
        for user, via in people.values():
            preference = preferences.get(user.pk)
            later = None if kind.urgent else quiet_until(preference, now)
            for channel in chosen_channels(preference, kind):
                address = _address(user, preference, channel)
                if channel != Channel.INAPP and not address:
                    continue  # no e-mail address or mobile number on record
                inapp = channel == Channel.INAPP
                yield Notification(
                    key=f"{prefix}:{name}:u{user.pk}:{channel}",
                    recipient_user=user,
                    recipient_unit=via,
                    channel=live(channel),
                    address_encrypted=encrypt_value(address),
                    state=State.SENT if inapp else State.PENDING,
                    sent_at=now if inapp else None,
                    due_at=now if inapp or later is None else later,
                    **common,
                )
        # The units the notice concerns: those it went to, those people were reached through,
        # and the case's own.
        unit_ids = {unit.pk for unit in notice.units} | {via.pk for _user, via in people.values() if via}
        if case is not None:
            unit_ids.add(case.unit_id)
        for endpoint in endpoints:
            if endpoint.kinds and kind.code not in endpoint.kinds:
                continue
            if endpoint.unit_id is not None and endpoint.unit_id not in unit_ids:
                continue
            yield Notification(
                key=f"{prefix}:{name}:w{endpoint.pk}",
                audience=Audience.SYSTEM,
                endpoint=endpoint,
                channel=live(Channel.WEBHOOK),
                due_at=now,
                **common,
            )


def resident_rows(prefix: str, case: Case, event: CaseEvent, now: datetime) -> list[Notification]:
    """The resident's message about ``event``, by each contact they gave (none if anonymous,
    if they asked to stop, or if the event is nothing they hear of)."""
    message = residents.message_for(case, event)
    # A case just reported cannot have been stopped yet (the stop link comes with its receipt).
    if message is None or (event.action != "case.reported" and residents.stopped(case)):
        return []
    subject, text = message
    due = resident_due(event.action, now)
    return [
        Notification(
            key=f"{prefix}:r:{channel}",
            kind=event.action[:40],
            audience=Audience.RESIDENT,
            channel=live(channel),
            case=case,
            address_encrypted=address,  # the party's own ciphertext
            language=case.language,
            subject=subject[:200],
            body=text,
            created_at=now,
            due_at=due,
        )
        for channel, address in residents.reporter_contacts(case)
    ]


def queue_event(subject: models.Model, event: models.Model, notices: Sequence[Notice], final: bool = True) -> None:
    """The outbox rows of one event (the kernel calls this in the step's transaction; the
    resident's message once, with the ``final`` call)."""
    now = timezone.now()
    prefix = f"{event._meta.label_lower}:{event.pk}"
    case = subject if isinstance(subject, Case) else None
    rows = list(staff_rows(getattr(event, "action", ""), prefix, case, notices, now)) if notices else []
    if final and case is not None and isinstance(event, CaseEvent):
        rows += resident_rows(prefix, case, event, now)
    if rows:
        # One row per (event, kind, recipient, channel): a second word of the same kind to the
        # same person in one event (step.notify, then the change's notices) is the same message.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
