"""Notification channels. Each channel is a Transport; the worker picks it by name."""

from __future__ import annotations

import logging

from concord.notify.models import Notification

log = logging.getLogger("concord.notify")


class Transport:
    """Delivers one notification; raises on failure so the worker can retry it."""

    name = ""

    def send(self, notification: Notification) -> None:
        raise NotImplementedError


class ConsoleTransport(Transport):
    """Writes the notification to the log: the default on one machine and in tests."""

    name = "console"

    def send(self, notification: Notification) -> None:
        to = notification.recipient_user_id or f"unit:{notification.recipient_unit_id}"
        log.info("notify %s to=%s case=%s %s", notification.kind, to, notification.case_id, notification.subject)


TRANSPORTS: dict[str, Transport] = {t.name: t for t in (ConsoleTransport(),)}
