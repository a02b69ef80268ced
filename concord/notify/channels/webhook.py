"""Signed webhooks: the message's payload POSTed as compact JSON (sorted keys, UTF-8) to the
endpoint's URL, signed with its secret so the receiver can tell it came from us, unchanged,
recently. ``verify_signature`` is the receiver's side of it.

Headers: ``Idempotency-Key``, ``X-Concord-Event`` (the kind), ``X-Concord-Timestamp`` (Unix
seconds) and ``X-Concord-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings

from concord.notify.channels import DeliveryError, Done, Failed, Message, Transport
from concord.notify.channels.http import HttpSession, check_key, check_url


def webhook_body(payload: dict[str, Any]) -> bytes:
    """The bytes that are posted and signed: compact JSON with sorted keys, in UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """``sha256=<hex>``: the HMAC-SHA256 of ``f"{timestamp}.{body}"`` keyed with the secret."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(
    secret: str, timestamp: int | str, body: bytes, header: str, *, now: float, tolerance: float = 300
) -> bool:
    """Whether ``header`` (X-Concord-Signature) signs ``body`` at ``timestamp``
    (X-Concord-Timestamp, as received) with ``secret``, and the timestamp is within
    ``tolerance`` seconds of ``now``. Compares in constant time."""
    if not secret or not header:
        return False
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - sent_at) > tolerance:
        return False
    expected = signature(secret, timestamp, body).encode()
    return hmac.compare_digest(expected, header.strip().encode("utf-8", "replace"))


class WebhookTransport(Transport):
    name = "webhook"

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock

    def send_many(self, messages: Sequence[Message], done: Done, failed: Failed) -> None:
        with HttpSession(settings.CONCORD_WEBHOOK_TIMEOUT_SECONDS) as session:
            for message in messages:
                try:
                    self._post(session, message)
                except DeliveryError as error:
                    failed(message, error)
                else:
                    done(message)

    def _post(self, session: HttpSession, message: Message) -> None:
        check_url(message.to)
        check_key(message.key)
        if not message.secret:
            raise DeliveryError("the endpoint has no signing secret", permanent=True)
        try:
            body = webhook_body(message.payload)
        except (TypeError, ValueError) as exc:
            raise DeliveryError(f"the payload is not JSON: {exc}"[:200], permanent=True) from None
        timestamp = int(self.clock())
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": message.key,
            "X-Concord-Event": message.kind,
            "X-Concord-Timestamp": str(timestamp),
            "X-Concord-Signature": signature(message.secret, timestamp, body),
        }
        reply = session.post(message.to, body, headers)
        session.check(reply, "the endpoint")
