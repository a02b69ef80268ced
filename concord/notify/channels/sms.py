"""SMS through a gateway. ``SmsGateway`` is what any provider's adapter implements;
``HttpSmsGateway`` is the one real adapter: a JSON POST with a bearer key, the idempotency key
as both ``reference`` and the ``Idempotency-Key`` header. Off while CONCORD_SMS_GATEWAY_URL is
empty. The gateway key never appears in a log line or an error."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from django.conf import settings

from concord.notify.channels import DeliveryError, Done, Failed, Message, Transport, fail_all
from concord.notify.channels.http import HttpSession, check_key


class SmsGateway:
    """One provider's way to send a text; ``send`` raises DeliveryError when it was not accepted."""

    def send(self, to: str, text: str, reference: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the connection of this batch (nothing to do for most adapters)."""


class HttpSmsGateway(SmsGateway):
    """POST ``{"to", "text", "reference", "sender"}`` as JSON to the gateway URL, over one
    keep-alive connection for the batch: 2xx accepted; 429, 5xx, timeouts and connection
    errors retryable; any other answer final."""

    def __init__(self, url: str, key: str, sender: str, timeout: float) -> None:
        self.url = url
        self.sender = sender
        self._authorization = {"Authorization": f"Bearer {key}"} if key else {}
        self._session = HttpSession(timeout, hidden=(key,))

    def __repr__(self) -> str:  # never the key
        return f"HttpSmsGateway(url={self._session.scrub(self.url)!r})"

    @classmethod
    def from_settings(cls) -> HttpSmsGateway:
        return cls(
            url=settings.CONCORD_SMS_GATEWAY_URL,
            key=settings.CONCORD_SMS_GATEWAY_KEY,
            sender=settings.CONCORD_SMS_SENDER,
            timeout=settings.CONCORD_SMS_TIMEOUT_SECONDS,
        )

    def send(self, to: str, text: str, reference: str) -> None:
        check_key(reference)
        body = json.dumps(
            {"to": to, "text": text, "reference": reference, "sender": self.sender}, ensure_ascii=False
        ).encode("utf-8")
        headers = {"Idempotency-Key": reference, **self._authorization}
        reply = self._session.post(self.url, body, headers)
        self._session.check(reply, "the SMS gateway")

    def close(self) -> None:
        self._session.close()


def phone_number(to: str) -> str:
    """Digits with an optional leading +, spaces and dashes dropped; DeliveryError otherwise."""
    number = re.sub(r"[\s()-]", "", to)
    if not re.fullmatch(r"\+?[0-9]{3,20}", number):
        raise DeliveryError("not a phone number", permanent=True)
    return number


class SmsTransport(Transport):
    name = "sms"

    def __init__(self, gateway: Callable[[], SmsGateway] = HttpSmsGateway.from_settings) -> None:
        self.gateway = gateway  # a new gateway (a new connection) per batch

    def configured(self) -> bool:
        return bool(settings.CONCORD_SMS_GATEWAY_URL)

    def send_many(self, messages: Sequence[Message], done: Done, failed: Failed) -> None:
        if not self.configured():
            fail_all(messages, failed, DeliveryError("no SMS gateway is configured (CONCORD_SMS_GATEWAY_URL)"))
            return
        gateway = self.gateway()
        try:
            for message in messages:
                try:
                    gateway.send(phone_number(message.to), message.body, message.key)
                except DeliveryError as error:
                    failed(message, error)
                else:
                    done(message)
        finally:
            gateway.close()
