"""E-mail over SMTP with Django's SMTP backend: one connection per batch, one EmailMessage per
notification, the idempotency key in the Message-ID so that a repeat is recognisable."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend
from django.core.validators import validate_email

from concord.notify.channels import DeliveryError, Done, Failed, Message, Transport, fail_all

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_ID_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def message_id(key: str) -> str:
    """``<key@domain>`` with every byte that may not stand in a Message-ID written ``=XX``
    (``:`` becomes ``=3A``): the same key always gives the same ID, two keys never one."""
    left = "".join(chr(byte) if byte in _ID_SAFE else f"={byte:02X}" for byte in key.encode())
    return f"<{left}@{settings.CONCORD_MAIL_DOMAIN}>"


class _Dropped(Exception):
    """The connection broke while a message was in flight: it may be sent again."""


def _reply(code: int, text: bytes | str) -> str:
    """An SMTP reply for an error text: ``550 5.1.1 No such user``, cut short."""
    decoded = text.decode(errors="replace") if isinstance(text, bytes) else text
    return f"{code} {decoded[:100]}"


def _classify(exc: smtplib.SMTPException) -> DeliveryError:
    """What an SMTP refusal means: 5xx for the recipient or the message is final, the rest not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        replies = "; ".join(_reply(code, text) for code, text in exc.recipients.values())
        return DeliveryError(f"recipient refused: {replies}", permanent=bool(codes) and min(codes) >= 500)
    if isinstance(exc, smtplib.SMTPSenderRefused):
        # Our own From address: fixing the configuration and retrying helps.
        return DeliveryError(f"sender refused: {_reply(exc.smtp_code, exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPResponseException):
        return DeliveryError(f"refused: {_reply(exc.smtp_code, exc.smtp_error)}", permanent=exc.smtp_code >= 500)
    return DeliveryError(f"SMTP error: {exc}"[:200])


class EmailTransport(Transport):
    name = "email"

    def configured(self) -> bool:
        return bool(settings.EMAIL_HOST)

    def build(self, message: Message) -> EmailMessage:
        """The e-mail of one notification (raises ValueError or ValidationError if it cannot be one)."""
        validate_email(message.to)
        headers = {"Message-ID": message_id(message.key), "X-Concord-Kind": message.kind}
        if message.language:
            headers["Content-Language"] = message.language
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers=headers,
        )
        email.message()  # a header with a line break or an unusable address fails here, before sending
        return email

    def send_many(self, messages: Sequence[Message], done: Done, failed: Failed) -> None:
        connection = get_connection(SMTP_BACKEND, fail_silently=False)
        assert isinstance(connection, EmailBackend)
        try:
            connection.open()
        except (OSError, smtplib.SMTPException) as exc:
            _close(connection)
            fail_all(messages, failed, DeliveryError(f"cannot connect to the SMTP server: {_describe(exc)}"))
            return
        reconnected = False
        try:
            for index, message in enumerate(messages):
                try:
                    email = self.build(message)
                except (ValueError, ValidationError) as exc:
                    failed(message, DeliveryError(f"not a valid e-mail: {_describe(exc)}", permanent=True))
                    continue
                try:
                    refusal = _send_one(connection, email)
                except _Dropped as exc:
                    if reconnected:  # once per batch: a server that keeps dropping us is down for now
                        fail_all(messages[index:], failed, DeliveryError(f"SMTP connection lost again: {exc}"))
                        return
                    reconnected = True
                    try:
                        _close(connection)
                        connection.open()
                        refusal = _send_one(connection, email)  # the same Message-ID: a repeat is recognisable
                    except (_Dropped, OSError, smtplib.SMTPException) as again:
                        fail_all(messages[index:], failed, DeliveryError(f"SMTP connection lost: {_describe(again)}"))
                        return
                if refusal is None:
                    done(message)
                else:
                    failed(message, refusal)
        finally:
            _close(connection)


def _send_one(connection: EmailBackend, email: EmailMessage) -> DeliveryError | None:
    """Send on the open connection: None when accepted, the refusal when the server said no;
    raises _Dropped when the connection broke with the message in flight."""
    try:
        connection.send_messages([email])
    except smtplib.SMTPServerDisconnected as exc:
        raise _Dropped(_describe(exc)) from exc
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code == 421:  # the server is closing the connection: no answer about this message
            raise _Dropped(_describe(exc)) from exc
        return _classify(exc)
    except smtplib.SMTPException as exc:
        return _classify(exc)
    except ValueError as exc:  # an address Django cannot encode (build() checks it first)
        return DeliveryError(f"not a valid e-mail: {_describe(exc)}", permanent=True)
    except OSError as exc:  # a timeout or a reset that smtplib did not wrap
        raise _Dropped(_describe(exc)) from exc
    return None


def _close(connection: EmailBackend) -> None:
    try:
        connection.close()
    except (OSError, smtplib.SMTPException):
        connection.connection = None  # the socket is gone either way


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:200]
