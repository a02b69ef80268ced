"""Evaluate the risk engine on a labelled CSV (``text,label``)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.risk.engine.evaluation import EvaluationDataError, evaluate, format_report, read_csv


class Command(BaseCommand):
    help = (
        "Evaluate the risk engine on a CSV with the columns text,label (label = standard/medium/high/critical; "
        "an optional tags column with explicit_kill / explicit_suicide counts the misses on those). Prints "
        "per-level precision and recall, the confusion matrix, then one JSON line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file (UTF-8, with or without BOM).")
        parser.add_argument(
            "--errors", action="store_true", help="Also list every text whose level differs from its label."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = read_csv(options["file"])
        except FileNotFoundError:
            raise CommandError(f"no such file: {options['file']}") from None
        except EvaluationDataError as error:
            raise CommandError(str(error)) from None
        report = evaluate(rows)
        self.stdout.write(format_report(report, title=options["file"], show_errors=options["errors"]))
        self.stdout.write(json.dumps(report.summary(), ensure_ascii=False, sort_keys=False))
