"""Notification channels: each one is a Transport that delivers a batch of messages; the
worker picks it by name in ``TRANSPORTS``. A channel never touches the database: the worker
hands it plain messages and records what ``done`` and ``failed`` tell it.

Every message carries its idempotency key to the other side (e-mail: the Message-ID; SMS
and webhooks: an ``Idempotency-Key`` header), so a receiver can drop the repeat that a worker
crash between "accepted" and "recorded" causes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("concord.notify")


@dataclass(frozen=True)
class Message:
    """One notification to one recipient over one channel."""

    key: str  # idempotency key, unique per (event, recipient, channel); ASCII, at most 120 characters
    to: str  # an e-mail address, a phone number (digits, maybe a leading +) or a webhook URL
    subject: str
    body: str  # plain text
    kind: str  # dotted, as the event: "case.accepted"
    language: str = ""  # "zh-hans", "en" or "" (the site's default)
    secret: str = ""  # webhooks: the endpoint's signing secret
    payload: dict[str, Any] = field(default_factory=dict)  # webhooks: the JSON object to post


class DeliveryError(Exception):
    """A message was not accepted. ``permanent``: retrying cannot help (an invalid address, a
    4xx answer); otherwise the worker tries again later."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent

    def __repr__(self) -> str:
        return f"DeliveryError({self.reason!r}, permanent={self.permanent})"


Done = Callable[[Message], None]
Failed = Callable[[Message, DeliveryError], None]


class Transport:
    """A channel. Subclasses implement ``send_many``."""

    name = ""

    def configured(self) -> bool:
        """Whether the settings allow this channel at all."""
        return True

    def send_many(self, messages: Sequence[Message], done: Done, failed: Failed) -> None:
        """Send each message in order, over one connection where the protocol allows it; call
        ``done(m)`` as soon as the other side accepted ``m`` (the worker records it at once, so
        a crash re-sends at most the one in flight) and ``failed(m, error)`` for each one it did
        not. Never raises for one message's failure; when the connection cannot be opened every
        message is failed, retryable."""
        raise NotImplementedError


def fail_all(messages: Sequence[Message], failed: Failed, error: DeliveryError) -> None:
    """Report the same failure for every message (the connection could not be opened)."""
    for message in messages:
        failed(message, error)


def masked_address(to: str) -> str:
    """An address fit for a log line: a phone number or e-mail box keeps only enough to tell
    two apart (``***8000``, ``w***@example.org``); a URL keeps its host."""
    if re.fullmatch(r"\+?[0-9 ()-]{5,}", to):
        return "***" + re.sub(r"\D", "", to)[-4:]
    local, at, domain = to.rpartition("@")
    if at and "/" not in to:
        return f"{local[:1]}***@{domain}"
    host = re.match(r"^[a-z]+://([^/@]*@)?([^/:?#]*)", to, re.IGNORECASE)
    return host.group(2) if host else "***"


class ConsoleTransport(Transport):
    """Writes one log line per message: the default on one machine and in tests. Never the
    subject or the body (a resident's names their receipt, the key to their case's page) nor a
    full address."""

    name = "console"

    def send_many(self, messages: Sequence[Message], done: Done, failed: Failed) -> None:
        for message in messages:
            log.info("notify %s to=%s key=%s", message.kind, masked_address(message.to), message.key)
            done(message)


# The real channels implement the interface above, so they are imported after it.
from concord.notify.channels.email import EmailTransport  # noqa: E402
from concord.notify.channels.sms import SmsTransport  # noqa: E402
from concord.notify.channels.webhook import WebhookTransport  # noqa: E402

TRANSPORTS: dict[str, Transport] = {
    transport.name: transport
    for transport in (ConsoleTransport(), EmailTransport(), SmsTransport(), WebhookTransport())
}
