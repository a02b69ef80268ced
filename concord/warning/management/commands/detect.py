"""Run an outbreak detector on weekly counts from a CSV file; the detection goes to stdout as CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.warning.detectors.registry import KNOWN_NAMES, DetectorNotAvailable, get_detector
from concord.warning.series_csv import SeriesFileError, read_series_file, write_detection


def _limit54(text: str) -> tuple[int, int]:
    try:
        cases, weeks = (int(part) for part in text.split(","))
    except ValueError:
        raise CommandError(f"--limit54 must be CASES,WEEKS (e.g. 5,4), got {text!r}") from None
    return cases, weeks


# Command-line flag -> (detector option, parser). Which detector takes which option is in the registry.
FLAGS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "b": ("b", int),
    "w": ("w", int),
    "alpha": ("alpha", float),
    "no_periods": ("no_periods", int),
    "weights_threshold": ("weights_threshold", float),
    "past_weeks_not_included": ("past_weeks_not_included", int),
    "p_threshold_trend": ("p_threshold_trend", float),
    "threshold_method": ("threshold_method", str),
    "limit54": ("limit54", _limit54),
    "baseline": ("baseline", int),
}


class Command(BaseCommand):
    help = (
        "Run a detector on a CSV of weekly counts (columns date,observed and optionally series; "
        "several series are evaluated together) and write series,date,observed,upperbound,alarm,expected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV with columns date,observed[,series]")
        parser.add_argument("--method", required=True, choices=KNOWN_NAMES)
        parser.add_argument("--from", dest="start", help="first date to evaluate (default: the earliest possible)")
        for flag in FLAGS:
            parser.add_argument("--" + flag.replace("_", "-"), dest=flag, default=None, metavar="VALUE")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            detector = get_detector(options["method"])
        except DetectorNotAvailable as error:
            raise CommandError(f"{error}: it comes with the simulation work (branch ew-sim)") from None
        given = {flag: options[flag] for flag in FLAGS if options[flag] is not None}
        refused = [flag for flag in given if FLAGS[flag][0] not in detector.options]
        if refused:
            takes = sorted(
                "--" + flag.replace("_", "-") for flag, (name, _) in FLAGS.items() if name in detector.options
            )
            raise CommandError(
                f"{detector.name} does not take {', '.join('--' + f.replace('_', '-') for f in refused)} "
                f"(it takes {', '.join(takes)})"
            )
        detector_options = {}
        for flag, text in given.items():
            name, parse = FLAGS[flag]
            try:
                detector_options[name] = parse(text)
            except ValueError:
                raise CommandError(f"--{flag.replace('_', '-')}: {text!r} is not valid") from None
        try:
            table = read_series_file(options["file"])
            earliest = detector.earliest(table.dates, len(table.dates), detector_options)
            first = self._first(options["start"], table.dates, earliest)
            result = detector.run(table.counts, table.dates, first, **detector_options)
        except (SeriesFileError, ValueError) as error:
            raise CommandError(str(error)) from None
        write_detection(self.stdout, table, first, result)

    def _first(self, start: str | None, dates: list[dt.date], earliest: int) -> int:
        """The column of --from (default: the earliest the method can evaluate)."""
        if start is None:
            return earliest
        try:
            day = dt.date.fromisoformat(start)
        except ValueError:
            raise CommandError(f"--from {start!r} is not a date (YYYY-MM-DD)") from None
        if day not in dates:
            raise CommandError(f"--from {day} is not one of the file's dates ({dates[0]} … {dates[-1]})")
        first = dates.index(day)
        if first < earliest:
            raise CommandError(f"--from {day} is too early for these options: the earliest is {dates[earliest]}")
        return first
