"""Recompute the daily counts behind early warning from the cases (or only check them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.cases import counting


class Command(BaseCommand):
    help = "Rebuild the daily counts per region and category from the cases; --check only compares."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Compare the table with a recount; exit 1 if they differ."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            count, shown = counting.differences()
            for line in shown:
                self.stdout.write(line)
            if count:
                raise CommandError(f"{count} row(s) of the daily counts differ from the cases")
            self.stdout.write("rebuild_rollups: the daily counts match the cases")
            return
        rows = counting.rebuild()
        self.stdout.write(f"rebuild_rollups: {rows} row(s) written")
