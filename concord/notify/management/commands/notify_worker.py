"""Deliver queued notifications, in a loop (or once with --once)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concord.notify.delivery import deliver_pending


class Command(BaseCommand):
    help = "Send the notifications waiting in the outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Deliver what is waiting now and exit.")
        parser.add_argument("--interval", type=int, default=5, help="Seconds between rounds.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            count = deliver_pending()
            self.stdout.write(f"notify_worker: sent {count} notification(s)")
            if options["once"]:
                return
            time.sleep(options["interval"])
