"""Weekly count series in CSV files (``date,observed[,series]``) and detections written back as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO

import numpy as np
from numpy.typing import NDArray

from concord.warning.detectors.result import Detection

REQUIRED = ("date", "observed")
MISSING = ("", "NA")
OUTPUT_COLUMNS = ("series", "date", "observed", "upperbound", "alarm", "expected")


class Writable(Protocol):
    """Anything with ``write(text)``: a file, or a management command's stdout."""

    def write(self, text: str, /) -> Any: ...


class SeriesFileError(ValueError):
    """The file cannot be read as count series; the message says where and why."""


@dataclass(frozen=True)
class SeriesTable:
    """Series names (in order of first appearance), the shared dates (ascending) and the counts."""

    names: list[str]
    dates: list[dt.date]
    counts: NDArray[np.float64]  # (series, dates); NaN where missing


def _date(text: str, line: int) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise SeriesFileError(f"line {line}: date {text!r} is not a date (YYYY-MM-DD)") from None


def _count(text: str, line: int) -> float:
    text = text.strip()
    if text in MISSING:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise SeriesFileError(f"line {line}: observed {text!r} is not a count") from None
    if not math.isfinite(value) or value < 0 or not value.is_integer():
        raise SeriesFileError(f"line {line}: observed {text!r} is not a count (a whole number >= 0, or NA)")
    return value


def read_series(handle: TextIO) -> SeriesTable:
    """Read ``date,observed`` and optionally ``series`` columns (other columns are ignored).

    Rows may come in any order; every series must have the same dates, each once.
    """
    reader = csv.DictReader(handle)
    columns = reader.fieldnames or []
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise SeriesFileError(f"missing column(s) {', '.join(missing)}: the file needs date,observed[,series]")
    by_series: dict[str, dict[dt.date, float]] = {}
    for line, row in enumerate(reader, start=2):
        name = (row.get("series") or "").strip() if "series" in columns else ""
        day = _date(row["date"] or "", line)
        values = by_series.setdefault(name, {})
        if day in values:
            raise SeriesFileError(f"line {line}: series {name!r} has {day} twice")
        values[day] = _count(row["observed"] or "", line)
    if not by_series:
        raise SeriesFileError("the file has no rows")
    names = list(by_series)
    dates = sorted(by_series[names[0]])
    for name in names[1:]:
        if set(by_series[name]) != set(dates):
            odd = sorted(set(by_series[name]) ^ set(dates))[0]
            raise SeriesFileError(
                f"series {name!r} and {names[0]!r} do not have the same dates (e.g. {odd}): "
                "every series needs every date"
            )
    counts = np.array([[by_series[name][day] for day in dates] for name in names], dtype=np.float64)
    return SeriesTable(names=names, dates=dates, counts=counts)


def read_series_file(path: Path) -> SeriesTable:
    """``read_series`` on a file; a file that cannot be opened is a SeriesFileError too."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return read_series(handle)
    except OSError as error:
        raise SeriesFileError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise SeriesFileError(f"{path} is not UTF-8 text") from None


def _number(value: float) -> str:
    if math.isnan(value):
        return "NA"
    return str(int(value)) if value.is_integer() else repr(value)


def detection_rows(table: SeriesTable, first: int, result: Detection) -> Iterable[list[str]]:
    """``series,date,observed,upperbound,alarm,expected`` rows, series by series (NA for missing numbers)."""
    for row, name in enumerate(table.names):
        for step, day in enumerate(table.dates[first:]):
            yield [
                name,
                day.isoformat(),
                _number(float(result.observed[row, step])),
                _number(float(result.upperbound[row, step])),
                "1" if result.alarm[row, step] else "0",
                _number(float(result.expected[row, step])),
            ]


def write_detection(out: Writable, table: SeriesTable, first: int, result: Detection) -> None:
    """Write the header and ``detection_rows`` as CSV."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    writer.writerows(detection_rows(table, first, result))
