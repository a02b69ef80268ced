"""Score texts: one per line on stdin, one JSON object per line on stdout."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from concord.risk.engine.scoring import assess


class Command(BaseCommand):
    stealth_options = ("stdin",)  # a file-like object instead of sys.stdin (tests)
    help = (
        "Read one case text per line on standard input and write one JSON object per line: level, score "
        "and factors (code, name, words), with the input line number. Blank lines are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--language",
            choices=["zh-hans", "en"],
            default=None,
            help="Language of the factor names (default: the site's LANGUAGE_CODE).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = options.get("stdin") or sys.stdin
        language = options["language"] or translation.get_language() or "zh-hans"
        with translation.override(language):
            for number, raw in enumerate(stdin, start=1):
                line = raw.removeprefix("\ufeff") if number == 1 else raw
                text = line.rstrip("\r\n")
                if not text.strip():
                    continue
                result = {"line": number, **assess(text).as_dict()}
                self.stdout.write(json.dumps(result, ensure_ascii=False))
