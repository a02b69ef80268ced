"""Escalate overdue cases, in a loop (or once with --once)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from concord.looping import run_forever
from concord.sla.services import other_sweeps, sweep


class Command(BaseCommand):
    help = (
        "Escalate every case past its sign-for, resolution or referral deadline one level up, and turn "
        "agreement terms past due into tasks."
    )

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
        def one_sweep() -> str:
            count = sweep(limit=options["limit"])
            others = "".join(f"; {name}: {handled}" for name, handled in other_sweeps().items())
            return f"sla_worker: escalated {count} overdue case(s){others}"

        run_forever(
            one_sweep, name="sla_worker", interval=options["interval"], once=options["once"], stdout=self.stdout
        )
