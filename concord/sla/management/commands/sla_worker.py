"""Escalate overdue cases, in a loop (or once with --once)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from concord.sla.services import sweep


class Command(BaseCommand):
    help = "Escalate every case past its sign-for or resolution deadline one region level up."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one sweep and exit.")
        parser.add_argument(
            "--interval",
            type=int,
            default=settings.CONCORD_SLA_INTERVAL_SECONDS,
            help="Seconds between sweeps (default: CONCORD_SLA_INTERVAL_SECONDS).",
        )
        parser.add_argument("--limit", type=int, default=500, help="Most cases escalated per sweep.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            count = sweep(limit=options["limit"])
            self.stdout.write(f"sla_worker: escalated {count} overdue case(s)")
            if options["once"]:
                return
            time.sleep(options["interval"])
