"""Accuracy regression on the project's labelled sets (timing is in bench/risk_eval.py).

All six sets are development data: the rules were tuned on every one of them (see
``data/README.md``), so these tests guard the fit; they do not measure generalisation.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from concord.risk.engine.evaluation import (
    DEV2_SET,
    DEV3_SET,
    DEV4_SET,
    DEV5_SET,
    DEVELOPMENT_SET,
    DEVELOPMENT_SETS,
    HOLDOUT_SET,
    TARGET_PRECISION_HIGH_CRITICAL,
    TARGET_RECALL_HIGH_CRITICAL,
    evaluate,
    format_report,
    read_csv,
)
from concord.risk.engine.factors import FACTORS, LEVEL_CODES


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("path", DEVELOPMENT_SETS, ids=lambda path: path.name)
def test_targets_on_every_development_set(path: Path) -> None:
    report = evaluate(read_csv(path))
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
    rows = _rows(DEVELOPMENT_SET)
    assert len(rows) >= 300
    languages = [row["lang"] for row in rows]
    assert abs(languages.count("zh") - languages.count("en")) <= 0.1 * len(rows)
    labelled = {code for row in rows for code in row["factors"].split(";") if code}
    assert {factor.code for factor in FACTORS if factor.in_text} <= labelled
    tags = {tag for row in rows for tag in row["tags"].split(";") if tag}
    assert {"negation", "reported", "idiom", "lookalike", "traditional", "fullwidth", "long"} <= tags


def test_risk_dev2_is_as_described() -> None:
    """At least 250 rows, half zh half en, roughly the others' mix of levels and ~30% hard negatives."""
    rows = _rows(DEV2_SET)
    assert len(rows) >= 250
    languages = Counter(row["lang"] for row in rows)
    assert abs(languages["zh"] - languages["en"]) <= 0.1 * len(rows)
    levels = Counter(row["label"] for row in rows)
    shares = {level: levels[level] / len(rows) for level in LEVEL_CODES}
    assert 0.38 <= shares["standard"] <= 0.52 and 0.12 <= shares["medium"] <= 0.22
    assert 0.20 <= shares["high"] <= 0.32 and 0.09 <= shares["critical"] <= 0.17
    hard = {"negation", "reported", "hypothetical", "idiom", "lookalike", "strangers"}
    assert sum(1 for row in rows if hard & set(row["tags"].split(";"))) >= 0.25 * len(rows)


def test_every_label_follows_the_weights_and_rules_from_its_factors() -> None:
    """The labels of the sets written on this branch are the guideline applied to the factors column."""
    from concord.risk.engine.scoring import score_and_level

    for path in (DEV2_SET, DEV3_SET, DEV4_SET, DEV5_SET):
        for row in _rows(path):
            factors = [code for code in row["factors"].split(";") if code]
            assert score_and_level(factors)[1] == row["label"], (path.name, row["text"])


def test_no_text_is_in_two_sets() -> None:
    seen: dict[str, str] = {}
    for path in DEVELOPMENT_SETS:
        for row in _rows(path):
            assert row["text"] not in seen, (row["text"], seen.get(row["text"]), path.name)
            seen[row["text"]] = path.name
    assert len(_rows(HOLDOUT_SET)) == 100
