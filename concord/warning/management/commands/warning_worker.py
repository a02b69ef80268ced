"""Run the early-warning jobs once a day (in a loop, or once with --once)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from concord.looping import run_forever
from concord.warning.worker import JOBS, run_days


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, got {raw!r}") from None


class Command(BaseCommand):
    help = (
        "Raise early-warning alerts: count spikes (the detector on weekly counts), collective "
        "disputes, repeat disputes and stalled cases. Each job runs once per day whatever the number of workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run once and exit.")
        parser.add_argument("--interval", type=int, default=900, help="Seconds between checks for a new day.")
        parser.add_argument("--date", type=_day, help="The last day to evaluate (default: yesterday).")
        parser.add_argument(
            "--backfill-days", type=int, default=1, help="Evaluate this many days up to --date (default 1)."
        )
        parser.add_argument("--jobs", default=",".join(JOBS), help=f"Comma list of jobs (default: {','.join(JOBS)}).")
        parser.add_argument("--force", action="store_true", help="Run jobs again for days they already ran for.")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = [job.strip() for job in options["jobs"].split(",") if job.strip()]
        unknown = sorted(set(jobs) - set(JOBS))
        if unknown or not jobs:
            raise CommandError(f"--jobs: unknown {', '.join(unknown) or '(none given)'}; choose from {', '.join(JOBS)}")
        if options["backfill_days"] < 1:
            raise CommandError("--backfill-days must be at least 1")

        def one_round() -> str:
            last = options["date"] or timezone.localdate() - timedelta(days=1)
            days = [last - timedelta(days=n) for n in range(options["backfill_days"])]
            totals = run_days(days, jobs, force=options["force"])
            lines = []
            for job in jobs:
                done = totals.get(job)
                if done is None:
                    lines.append(f"warning_worker: {job}: nothing to do (already run, or another worker has it)")
                else:
                    lines.append(
                        f"warning_worker: {job}: {done['days']} day(s), {done['findings']} finding(s), "
                        f"{done['raised']} new alert(s)"
                    )
            return "\n".join(lines)

        run_forever(
            one_round, name="warning_worker", interval=options["interval"], once=options["once"], stdout=self.stdout
        )
