"""Evaluate the engine on labelled texts: per-level precision and recall, the confusion matrix,
high+critical recall and precision, and misses on explicit threats to kill and suicide statements.

Used by ``manage.py risk_eval``, ``bench/risk_eval.py`` and the accuracy regression test.
The input is any CSV with the columns ``text,label`` (label = standard/medium/high/critical);
optional ``tags`` (``explicit_kill``, ``explicit_suicide``, separated by ``;``) enable the
miss counts. See ``tests/data/README.md`` for the project's own set.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from concord.risk.engine.factors import LEVEL_CODES, level_rank
from concord.risk.engine.scoring import Assessment, assess

DATA_DIR = Path(__file__).resolve().parents[1] / "tests" / "data"
DEVELOPMENT_SET = DATA_DIR / "risk_eval.csv"
# Written as a held-out set; a development set since the rule work of December 2026 (data/README.md).
HOLDOUT_SET = DATA_DIR / "risk_eval_holdout.csv"
DEV2_SET = DATA_DIR / "risk_dev2.csv"
DEV3_SET = DATA_DIR / "risk_dev3.csv"
DEV4_SET = DATA_DIR / "risk_dev4.csv"
DEV5_SET = DATA_DIR / "risk_dev5.csv"
# Every labelled set in the repository; the rules are tuned on all of them, so their figures say
# how well the rules fit, not how they generalise (a blind set kept elsewhere measures that).
DEVELOPMENT_SETS: tuple[Path, ...] = (
    DEVELOPMENT_SET,
    HOLDOUT_SET,
    DEV2_SET,
    DEV3_SET,
    DEV4_SET,
    DEV5_SET,
)

# Written by someone who never saw the rules, and never used to tune them: the measure of how
# the rules do on phrasings their authors did not think of (reported, not a target).
BLIND_SET = DEVELOPMENT_SET.parent / "risk_eval_holdout2.csv"

# Targets of the issue, on the project's own set.
TARGET_RECALL_HIGH_CRITICAL = 0.95
TARGET_PRECISION_HIGH_CRITICAL = 0.75

_SERIOUS = frozenset({"high", "critical"})
# tag -> the factor the text must flag (and the level must be at least high)
_EXPLICIT = {"explicit_kill": "threat_to_kill", "explicit_suicide": "self_harm"}


class EvaluationDataError(ValueError):
    """The CSV cannot be evaluated: a missing column, an unknown label, an empty file."""


@dataclass(frozen=True)
class LabelledText:
    line: int
    text: str
    label: str
    tags: frozenset[str] = frozenset()


def parse_csv(content: str, *, source: str = "CSV") -> list[LabelledText]:
    """Rows of a ``text,label`` CSV (BOM and CRLF accepted; blank lines skipped)."""
    content = content.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(content, newline=""))
    columns = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in ("text", "label") if name not in columns]
    if missing:
        found = ", ".join(columns) or "none"
        raise EvaluationDataError(f"{source}: missing column(s) {', '.join(missing)} (found: {found})")
    reader.fieldnames = columns
    rows: list[LabelledText] = []
    for row in reader:
        text = (row.get("text") or "").strip()
        label = (row.get("label") or "").strip().lower()
        if not text and not label:
            continue
        line = reader.line_num
        if label not in LEVEL_CODES:
            allowed = "/".join(LEVEL_CODES)
            raise EvaluationDataError(f"{source}, line {line}: unknown label {label!r} (expected {allowed})")
        if not text:
            raise EvaluationDataError(f"{source}, line {line}: empty text")
        tags = frozenset(tag.strip() for tag in (row.get("tags") or "").split(";") if tag.strip())
        rows.append(LabelledText(line, text, label, tags))
    if not rows:
        raise EvaluationDataError(f"{source}: no labelled rows")
    return rows


def read_csv(path: Path | str) -> list[LabelledText]:
    try:
        content = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EvaluationDataError(f"{path}: not UTF-8 ({error})") from None
    return parse_csv(content, source=str(path))


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass
class Report:
    rows: int = 0
    # confusion[label][predicted]
    confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: {label: dict.fromkeys(LEVEL_CODES, 0) for label in LEVEL_CODES}
    )
    misses_explicit_kill: list[LabelledText] = field(default_factory=list)
    misses_explicit_suicide: list[LabelledText] = field(default_factory=list)
    explicit_kill_rows: int = 0
    explicit_suicide_rows: int = 0
    errors: list[tuple[LabelledText, Assessment]] = field(default_factory=list)

    def precision(self, level: str) -> float | None:
        predicted = sum(self.confusion[label][level] for label in LEVEL_CODES)
        return _ratio(self.confusion[level][level], predicted)

    def recall(self, level: str) -> float | None:
        return _ratio(self.confusion[level][level], sum(self.confusion[level].values()))

    def _serious(self) -> tuple[int, int, int]:
        hit = sum(self.confusion[label][pred] for label in _SERIOUS for pred in _SERIOUS)
        labelled = sum(self.confusion[label][pred] for label in _SERIOUS for pred in LEVEL_CODES)
        predicted = sum(self.confusion[label][pred] for label in LEVEL_CODES for pred in _SERIOUS)
        return hit, labelled, predicted

    @property
    def recall_high_critical(self) -> float | None:
        hit, labelled, _ = self._serious()
        return _ratio(hit, labelled)

    @property
    def precision_high_critical(self) -> float | None:
        hit, _, predicted = self._serious()
        return _ratio(hit, predicted)

    @property
    def accuracy(self) -> float | None:
        return _ratio(sum(self.confusion[level][level] for level in LEVEL_CODES), self.rows)

    @property
    def meets_targets(self) -> bool:
        recall, precision = self.recall_high_critical, self.precision_high_critical
        return (
            (recall is None or recall >= TARGET_RECALL_HIGH_CRITICAL)
            and (precision is None or precision >= TARGET_PRECISION_HIGH_CRITICAL)
            and not self.misses_explicit_kill
            and not self.misses_explicit_suicide
        )

    def summary(self) -> dict[str, Any]:
        """The figures as one JSON-ready object (the last line of ``risk_eval``)."""
        return {
            "rows": self.rows,
            "accuracy": self.accuracy,
            "recall_high_critical": self.recall_high_critical,
            "precision_high_critical": self.precision_high_critical,
            "misses_explicit_kill": len(self.misses_explicit_kill),
            "misses_explicit_suicide": len(self.misses_explicit_suicide),
            "explicit_kill_rows": self.explicit_kill_rows,
            "explicit_suicide_rows": self.explicit_suicide_rows,
            "precision": {level: self.precision(level) for level in LEVEL_CODES},
            "recall": {level: self.recall(level) for level in LEVEL_CODES},
            "confusion": {label: dict(self.confusion[label]) for label in LEVEL_CODES},
            "meets_targets": self.meets_targets,
        }


def evaluate(rows: Iterable[LabelledText]) -> Report:
    report = Report()
    for row in rows:
        assessment = assess(row.text)
        report.rows += 1
        report.confusion[row.label][assessment.level] += 1
        if assessment.level != row.label:
            report.errors.append((row, assessment))
        flagged = {finding.code for finding in assessment.counted}
        serious = level_rank(assessment.level) >= level_rank("high")
        for tag, factor in _EXPLICIT.items():
            if tag not in row.tags:
                continue
            missed = factor not in flagged or not serious
            if tag == "explicit_kill":
                report.explicit_kill_rows += 1
                if missed:
                    report.misses_explicit_kill.append(row)
            else:
                report.explicit_suicide_rows += 1
                if missed:
                    report.misses_explicit_suicide.append(row)
    return report


def _percent(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.3f}"


def format_report(report: Report, *, title: str = "", show_errors: bool = False) -> str:
    """Per-level precision and recall, the confusion matrix and the headline figures, as text."""
    width = max(len(level) for level in LEVEL_CODES) + 2
    lines: list[str] = []
    if title:
        lines.append(title)
    lines.append(f"{report.rows} texts, accuracy {_percent(report.accuracy)}")
    lines.append("")
    lines.append(f"{'level':<{width}} precision  recall  labelled  predicted")
    for level in LEVEL_CODES:
        labelled = sum(report.confusion[level].values())
        predicted = sum(report.confusion[label][level] for label in LEVEL_CODES)
        lines.append(
            f"{level:<{width}} {_percent(report.precision(level)):>9}  {_percent(report.recall(level)):>6}"
            f"  {labelled:>8}  {predicted:>9}"
        )
    lines.append("")
    lines.append("confusion matrix (rows: label, columns: predicted)")
    lines.append(f"{'':<{width}}" + "".join(f"{level:>{width}}" for level in LEVEL_CODES))
    for label in LEVEL_CODES:
        lines.append(f"{label:<{width}}" + "".join(f"{report.confusion[label][p]:>{width}}" for p in LEVEL_CODES))
    lines.append("")
    lines.append(
        f"high+critical: recall {_percent(report.recall_high_critical)} (target >= {TARGET_RECALL_HIGH_CRITICAL}), "
        f"precision {_percent(report.precision_high_critical)} (target >= {TARGET_PRECISION_HIGH_CRITICAL})"
    )
    lines.append(
        f"explicit threats to kill missed: {len(report.misses_explicit_kill)} of {report.explicit_kill_rows}; "
        f"explicit suicide statements missed: {len(report.misses_explicit_suicide)} of {report.explicit_suicide_rows}"
    )
    if show_errors and report.errors:
        lines.append("")
        lines.append("disagreements (line: label -> predicted, factors):")
        for row, assessment in report.errors:
            factors = ", ".join(f"{f.code}={'|'.join(f.words)}" for f in assessment.counted) or "-"
            lines.append(f"  {row.line}: {row.label} -> {assessment.level} [{factors}] {row.text[:80]}")
    return "\n".join(lines)


def evaluate_files(paths: Sequence[Path]) -> dict[str, Report]:
    return {path.name: evaluate(read_csv(path)) for path in paths}
