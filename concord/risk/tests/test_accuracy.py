"""Accuracy regression on the project's own labelled sets (timing is in bench/risk_eval.py)."""

from __future__ import annotations

import csv

from concord.risk.evaluation import (
    DEVELOPMENT_SET,
    HOLDOUT_SET,
    TARGET_PRECISION_HIGH_CRITICAL,
    TARGET_RECALL_HIGH_CRITICAL,
    evaluate,
    format_report,
    read_csv,
)
from concord.risk.factors import FACTORS


def test_targets_on_the_development_set() -> None:
    report = evaluate(read_csv(DEVELOPMENT_SET))
    detail = format_report(report, show_errors=True)
    assert report.recall_high_critical is not None and report.recall_high_critical >= TARGET_RECALL_HIGH_CRITICAL, (
        detail
    )
    assert (
        report.precision_high_critical is not None and report.precision_high_critical >= TARGET_PRECISION_HIGH_CRITICAL
    ), detail
    assert report.misses_explicit_kill == [], detail
    assert report.misses_explicit_suicide == [], detail


def test_the_development_set_is_as_described() -> None:
    with DEVELOPMENT_SET.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 300
    languages = [row["lang"] for row in rows]
    assert abs(languages.count("zh") - languages.count("en")) <= 0.1 * len(rows)
    labelled = {code for row in rows for code in row["factors"].split(";") if code}
    assert {factor.code for factor in FACTORS if factor.in_text} <= labelled
    tags = {tag for row in rows for tag in row["tags"].split(";") if tag}
    assert {"negation", "reported", "idiom", "lookalike", "traditional", "fullwidth", "long"} <= tags
    with HOLDOUT_SET.open(encoding="utf-8") as handle:
        holdout = {row["text"] for row in csv.DictReader(handle)}
    assert len(holdout) == 100 and not holdout & {row["text"] for row in rows}


def test_the_held_out_set_does_not_regress() -> None:
    """The held-out figures measured when the rules were frozen (recall of high+critical 0.897,
    precision 0.946, no explicit miss): below the issue's recall target, reported as such. This
    only guards against a regression; the rules are never tuned on this set (see data/README.md)."""
    report = evaluate(read_csv(HOLDOUT_SET))
    detail = format_report(report, show_errors=True)
    assert report.recall_high_critical is not None and report.recall_high_critical >= 0.89, detail
    assert report.precision_high_critical is not None and report.precision_high_critical >= 0.94, detail
    assert report.misses_explicit_kill == [] and report.misses_explicit_suicide == [], detail
