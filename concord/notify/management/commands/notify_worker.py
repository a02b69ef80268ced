"""Deliver queued notifications, in a loop (or once with --once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concord.looping import run_forever
from concord.notify.delivery import deliver_pending


class Command(BaseCommand):
    help = "Send the notifications waiting in the outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Deliver what is waiting now and exit.")
        parser.add_argument("--interval", type=int, default=5, help="Seconds between rounds.")

    def handle(self, *args: Any, **options: Any) -> None:
        run_forever(
            lambda: f"notify_worker: sent {deliver_pending()} notification(s)",
            name="notify_worker",
            interval=options["interval"],
            once=options["once"],
            stdout=self.stdout,
        )
