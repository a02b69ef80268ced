"""Delivering the outbox, at least once: a worker leases a notification before sending it;
a lease that was never completed (the worker died) expires and another worker sends it."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from concord.notify.channels import TRANSPORTS
from concord.notify.models import Notification

MAX_ATTEMPTS = 5
# Longer than any channel may take to send one notification.
LEASE = timedelta(minutes=5)


def deliver_pending(limit: int = 200) -> int:
    """Send up to ``limit`` unsent notifications; returns how many were sent."""
    sent = 0
    now = timezone.now()
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    pending = Notification.objects.filter(free, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    for candidate in pending.order_by("created_at")[:limit]:
        # Claim: the conditional UPDATE succeeds for exactly one worker.
        claimed = Notification.objects.filter(
            free, pk=candidate.pk, sent_at__isnull=True, attempts=candidate.attempts
        ).update(attempts=F("attempts") + 1, leased_until=now + LEASE)
        if not claimed:
            continue
        try:
            TRANSPORTS[candidate.channel].send(candidate)
        except Exception as exc:  # the channel failed: release the lease for a retry
            Notification.objects.filter(pk=candidate.pk).update(leased_until=None, last_error=str(exc)[:300])
            continue
        Notification.objects.filter(pk=candidate.pk).update(sent_at=timezone.now(), leased_until=None)
        sent += 1
    return sent
