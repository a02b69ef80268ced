"""``manage.py demo_city``: build the synthetic demo city (锦城市 / Jincheng City)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from concord.demo import citygen
from concord.demo.build import (
    WARNING_BACKFILL_DAYS,
    BuildResult,
    DemoConflict,
    build_demo_city,
    delete_demo_city,
    demo_city,
    raise_demo_alerts,
)


class Command(BaseCommand):
    help = (
        "Build a synthetic city with regions, units, routing rules, staff and two years of case history "
        "(deterministic for a seed). Does nothing if the demo city exists, unless --force."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
        parser.add_argument("--cases", type=int, default=62000, help="number of cases (default 62000)")
        parser.add_argument("--force", action="store_true", help="delete an existing demo city first and rebuild")
        parser.add_argument(
            "--now", help="ISO date-time the history ends at (default: the current time); for reproducible output"
        )
        parser.add_argument(
            "--warning-days",
            type=int,
            default=WARNING_BACKFILL_DAYS,
            help=f"run the early-warning jobs over this many days of the history (default {WARNING_BACKFILL_DAYS}; "
            "0 raises no alerts, for a quick build)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["cases"] < 0:
            raise CommandError("--cases must be >= 0")
        if options["warning_days"] < 0:
            raise CommandError("--warning-days must be >= 0")
        now = self._now(options["now"])
        existing = demo_city()
        if existing is not None and not options["force"]:
            self.stdout.write(
                f"The demo city {existing.code} ({existing.name_zh} / {existing.name_en}) already exists; "
                "nothing changed. Use --force to rebuild it."
            )
            return
        verbose = options["verbosity"] >= 2
        try:
            with transaction.atomic():
                if existing is not None:
                    removed = delete_demo_city()
                    self.stdout.write(f"Deleted the previous demo city ({removed} cases).")
                result = build_demo_city(
                    seed=options["seed"],
                    n_cases=options["cases"],
                    now=now,
                    progress=self.stdout.write if verbose else None,
                )
        except DemoConflict as exc:
            raise CommandError(f"Cannot build the demo city: {exc}") from None
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses a few hundred rows where there are 60,000.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        warned = time.perf_counter()
        result.alerts = raise_demo_alerts(now, options["warning_days"])
        result.warning_days = options["warning_days"]
        result.timings["alerts"] = round(time.perf_counter() - warned, 2)
        if options["verbosity"] >= 1:
            self._summary(result, time.perf_counter() - started)

    @staticmethod
    def _now(raw: str | None) -> datetime:
        if not raw:
            return timezone.now()
        value = parse_datetime(raw)
        if value is None:
            raise CommandError(f"--now: not an ISO date-time: {raw!r}")
        return value if timezone.is_aware(value) else timezone.make_aware(value)

    def _summary(self, result: BuildResult, elapsed: float) -> None:
        write = self.stdout.write
        levels = ", ".join(f"{count} {label}" for label, count in result.regions_by_level.items())
        write(self.style.SUCCESS(f"Demo city {citygen.CITY_CODE} built."))
        write(f"  regions: {levels}")
        write(f"  units: {result.units}, routing rules: {result.rules}")
        write(f"  staff: {result.staff} users, {result.memberships} memberships (password {citygen.DEMO_PASSWORD!r})")
        statuses = ", ".join(f"{status} {n}" for status, n in result.statuses.most_common())
        write(f"  cases: {result.cases} ({statuses}); overdue now: {result.overdue}")
        write(f"  events: {result.events}, parties: {result.parties}")
        paths = ", ".join(f"{story} {n}" for story, n in result.resolution.items())
        write(f"  resolution paths (referrals, joint handling, mediation, agreements): {paths or 'none'}")
        stories = ", ".join(f"{story} {n}" for story, n in result.follow_up.items())
        write(f"  follow-up (besides the planned visits and ratings): {stories or 'none'}")
        write("  injected clusters:")
        for line in result.clusters:
            write(f"    - {line}")
        raised = ", ".join(f"{job} {done['raised']}" for job, done in result.alerts.items())
        write(f"  early-warning alerts raised over the last {result.warning_days} days: {raised or 'none'}")
        write(f"  elapsed: {elapsed:.1f} s")
