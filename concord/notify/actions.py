"""What people do with notifications: read them, choose how they hear of each kind, stop the
messages about their case. Each writes what it says and nothing else."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from concord.cases.models import Case
from concord.crypto import encrypt_value
from concord.notify.kinds import KINDS, STAFF_CHANNELS
from concord.notify.models import Audience, Notification, Preference, ResidentStop, State


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's in-app notifications read, or all of them; returns how many."""
    unread = Notification.objects.filter(recipient_user_id=user.pk, channel="inapp", read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def save_preference(
    user: User,
    channels: dict[str, list[str]],
    *,
    phone: str,
    quiet_from: time | None,
    quiet_until: time | None,
) -> Preference:
    """Store the channels chosen per kind (unknown kinds and channels are ignored), the
    person's own mobile number for SMS (encrypted) and their quiet hours."""
    chosen = {code: [channel for channel in STAFF_CHANNELS if channel in channels.get(code, [])] for code in KINDS}
    preference, _created = Preference.objects.update_or_create(
        user=user,
        defaults={
            "channels": chosen,
            "phone_encrypted": encrypt_value(phone),
            "quiet_from": quiet_from,
            "quiet_until": quiet_until,
        },
    )
    return preference


def stop_resident_messages(case: Case, now: datetime | None = None) -> bool:
    """The resident asked to hear no more of their case: record it and cancel what is still
    waiting to be sent to them. False when they had asked already."""
    now = now or timezone.now()
    with transaction.atomic():
        _stop, created = ResidentStop.objects.get_or_create(case=case, defaults={"stopped_at": now})
        waiting = (State.PENDING, State.FAILED)  # a dead letter must not be sent to them again either
        Notification.objects.filter(case=case, audience=Audience.RESIDENT, state__in=waiting).update(
            state=State.CANCELLED, leased_until=None
        )
    return created
