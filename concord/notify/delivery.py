"""Delivering the outbox: each notification is claimed by one worker and sent once."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from concord.notify.channels import TRANSPORTS
from concord.notify.models import Notification

MAX_ATTEMPTS = 5


def deliver_pending(limit: int = 200) -> int:
    """Send up to ``limit`` unsent notifications; returns how many were sent."""
    sent = 0
    pending = Notification.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by("created_at")
    for candidate in pending[:limit]:
        # Claim: the conditional UPDATE succeeds for exactly one worker.
        claimed = Notification.objects.filter(
            pk=candidate.pk, sent_at__isnull=True, attempts=candidate.attempts
        ).update(attempts=F("attempts") + 1, sent_at=timezone.now())
        if not claimed:
            continue
        try:
            TRANSPORTS[candidate.channel].send(candidate)
        except Exception as exc:  # the channel failed: release the claim for a retry
            Notification.objects.filter(pk=candidate.pk).update(sent_at=None, last_error=str(exc)[:300])
            continue
        sent += 1
    return sent
