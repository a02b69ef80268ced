"""Delivering the outbox, at least once and in practice once, with several workers.

A worker claims a batch: the oldest due rows no live lease holds, leased under its own token
(PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so two workers never claim the same row; SQLite: the
claim's transaction holds the write lock). It sends them channel by channel over one
connection each and records each one sent the moment the other side accepted it, so a worker
killed mid-batch leaves its unsent rows to be claimed again when its lease expires and has at
most the one message in flight sent twice — that message carries the same idempotency key, for
the receiver to drop. A failure is retried with exponential backoff; after
``CONCORD_NOTIFY_MAX_ATTEMPTS`` (or at once, when retrying cannot help) it is a dead letter,
listed for administrators, who may send it again.
"""

from __future__ import annotations

import logging
import random
import re
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from concord.accounts.models import AuditLog
from concord.crypto import decrypt_value
from concord.notify.channels import TRANSPORTS, DeliveryError, Message
from concord.notify.models import Audience, Notification, ResidentStop, State
from concord.qr import site_url

log = logging.getLogger("concord.notify")


def lease() -> timedelta:
    """Longer than any batch takes to send; a lease older than this means its worker died."""
    return timedelta(seconds=settings.CONCORD_NOTIFY_LEASE_SECONDS)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 30 s, 1 min, 2 min … at most an
    hour, each ±20 % so that retries of one outage do not all arrive together."""
    seconds = min(30 * 2 ** max(attempts - 1, 0), 3600)
    return timedelta(seconds=seconds * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not a secret


def claim(limit: int, token: str, now: datetime) -> list[Notification]:
    """Lease up to ``limit`` due notifications to the worker holding ``token``."""
    with transaction.atomic():
        free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
        due = Notification.objects.filter(free, state=State.PENDING, due_at__lte=now).order_by("due_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        Notification.objects.filter(pk__in=ids).update(
            leased_until=now + lease(), lease_token=token, attempts=F("attempts") + 1
        )
    return list(
        Notification.objects.filter(pk__in=ids, lease_token=token)
        .select_related("endpoint", "recipient_user")
        .order_by("due_at", "id")
    )


def message_of(notification: Notification) -> Message:
    """What the channel sends for one row."""
    link = site_url(notification.link) if notification.link else ""
    body = notification.body
    if notification.audience == Audience.STAFF and link:
        body = f"{body}\n{link}".strip()
    to = decrypt_value(notification.address_encrypted)
    secret, payload = "", {}
    if notification.endpoint is not None:
        to, secret = notification.endpoint.url, notification.endpoint.secret
        payload = {
            "key": notification.key,
            "kind": notification.kind,
            # The case's id (the staff API's), never its receipt: the receipt is the resident's
            # key to the case's public page.
            "case": notification.case_id,
            "subject": notification.subject,
            "link": link,
            "created_at": notification.created_at.isoformat(),
        }
    return Message(
        key=notification.key,
        to=to,
        subject=notification.subject,
        body=body,
        kind=notification.kind,
        language=notification.language,
        secret=secret,
        payload=payload,
    )


def scrubbed(error: str, address: str) -> str:
    """An error fit to keep and show: without the address it was about (a server's refusal
    often repeats it) or any other run of digits as long as a phone number."""
    if address:
        error = error.replace(address, "***")
    return _LONG_NUMBER.sub("***", error)[:300]


_LONG_NUMBER = re.compile(r"\+?\d[\d -]{5,}\d")


class _Batch:
    """Records each message of a claimed batch as it is accepted or refused, and keeps the
    batch's lease alive while it is being sent (a slow server must not let another worker
    take over rows this one is still sending)."""

    def __init__(self, token: str, rows: Iterable[Notification]) -> None:
        self.token = token
        self.rows = {row.key: row for row in rows}
        self.open = set(self.rows)
        self.sent = 0
        self.renew_at = time.monotonic() + lease().total_seconds() / 3

    def _mine(self, key: str) -> Q:
        return Q(pk=self.rows[key].pk, lease_token=self.token, state=State.PENDING)

    def keep_lease(self) -> None:
        """Extend the lease of the rows not sent yet, a third of the lease at a time (a
        channel's timeout per message is far shorter than a lease)."""
        if time.monotonic() < self.renew_at or not self.open:
            return
        ids = [self.rows[key].pk for key in self.open]
        Notification.objects.filter(pk__in=ids, lease_token=self.token, state=State.PENDING).update(
            leased_until=timezone.now() + lease()
        )
        self.renew_at = time.monotonic() + lease().total_seconds() / 3

    def done(self, message: Message) -> None:
        self.open.discard(message.key)
        updated = Notification.objects.filter(self._mine(message.key)).update(
            state=State.SENT, sent_at=timezone.now(), leased_until=None, last_error=""
        )
        self.sent += updated
        self.keep_lease()

    def cancel(self, row: Notification, why: str) -> None:
        """Not to be sent any more (its recipient was deactivated)."""
        self.open.discard(row.key)
        Notification.objects.filter(self._mine(row.key)).update(
            state=State.CANCELLED, leased_until=None, last_error=why
        )

    def failed(self, message: Message, error: DeliveryError) -> None:
        self.open.discard(message.key)
        self.keep_lease()
        row = self.rows[message.key]
        now = timezone.now()
        dead = error.permanent or row.attempts >= settings.CONCORD_NOTIFY_MAX_ATTEMPTS
        changes: dict[str, object] = {"leased_until": None, "last_error": scrubbed(str(error), message.to)}
        if dead:
            changes["state"] = State.FAILED
            log.warning(
                "notify: %s is a dead letter after %s attempt(s): %s", row.key, row.attempts, changes["last_error"]
            )
        else:
            changes["due_at"] = now + backoff(row.attempts)
        Notification.objects.filter(self._mine(message.key)).update(**changes)


def deliver_pending(limit: int = 10_000, batch_size: int | None = None) -> int:
    """Claim and send batches until nothing is due or ``limit`` were handled; returns how many
    were sent."""
    batch_size = batch_size or settings.CONCORD_NOTIFY_BATCH
    with _async_commit():
        return _deliver(limit, batch_size)


@contextmanager
def _async_commit() -> Iterator[None]:
    """On PostgreSQL, the worker's commits do not wait for the disk: a killed worker loses
    nothing committed (the server has it), and a crash of the server itself can forget the
    last fraction of a second of "sent" marks, whose messages are then sent again under the
    same key. One disk flush per message would halve the rate."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")


def _deliver(limit: int, batch_size: int) -> int:
    token = uuid.uuid4().hex
    sent = handled = 0
    while handled < limit:
        rows = claim(min(batch_size, limit - handled), token, timezone.now())
        if not rows:
            break
        handled += len(rows)
        batch = _Batch(token, rows)
        by_channel: dict[str, list[Message]] = {}
        for row in rows:
            if (row.endpoint is not None and not row.endpoint.is_active) or (
                row.recipient_user is not None and not row.recipient_user.is_active
            ):
                batch.cancel(row, "the recipient was deactivated")
                continue
            try:
                message = message_of(row)
            except ValueError as exc:  # an address no configured key opens: retrying cannot help
                batch.failed(
                    Message(key=row.key, to="", subject="", body="", kind=row.kind),
                    DeliveryError(str(exc), permanent=True),
                )
                continue
            by_channel.setdefault(row.channel, []).append(message)
        for channel, messages in by_channel.items():
            batch.keep_lease()
            transport = TRANSPORTS.get(channel)
            if transport is None:
                for message in messages:
                    batch.failed(message, DeliveryError(f"no channel named {channel!r}", permanent=True))
                continue
            try:
                transport.send_many(messages, batch.done, batch.failed)
            except Exception as exc:  # a channel's bug must not strand the batch under a lease
                log.exception("notify: the %s channel failed", channel)
                for message in messages:
                    if message.key in batch.open:
                        batch.failed(message, DeliveryError(f"{type(exc).__name__}: {exc}"))
        sent += batch.sent
    return sent


def failed_notifications() -> QuerySet[Notification]:
    """The dead letters, newest first (for the administrators' page)."""
    return Notification.objects.filter(state=State.FAILED).order_by("-created_at", "-id")


def retry(ids: Sequence[int], actor: User) -> int:
    """Send these dead letters again (from their first attempt); audited. Returns how many.
    Never a resident's who has since asked to hear no more."""
    with transaction.atomic():
        stopped = ResidentStop.objects.values("case_id")
        again = Notification.objects.filter(pk__in=list(ids), state=State.FAILED)
        again = again.exclude(audience=Audience.RESIDENT, case_id__in=stopped)
        count = again.update(state=State.PENDING, due_at=timezone.now(), attempts=0, leased_until=None)
        if count:
            AuditLog.objects.create(
                actor=actor,
                action="notification.retried",
                object_type="notification",
                object_id=str(ids[0]) if len(ids) == 1 else "",
                data={"count": count, "ids": list(ids)},
            )
    return count
