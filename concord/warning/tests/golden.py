"""Reading the reference outputs of R's surveillance package in ../shared/golden/surveillance/."""

from __future__ import annotations

import csv
import math
from pathlib import Path

from django.conf import settings

GOLDEN = Path(settings.BASE_DIR).parent / "shared" / "golden" / "surveillance"


def _number(text: str) -> float:
    return math.nan if text in ("NA", "") else float(text)


def read_series(name: str) -> tuple[list[str], list[float]]:
    """(dates, observed) of an input file."""
    with (GOLDEN / name).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["date"] for row in rows], [_number(row["observed"]) for row in rows]


def read_golden(name: str) -> list[dict[str, float | str]]:
    """Rows of a reference output, numbers as floats (NA as NaN), the date kept as text."""
    with (GOLDEN / name).open(encoding="utf-8") as handle:
        return [
            {key: (value if key == "date" else _number(value)) for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def read_table(name: str) -> list[float]:
    """The ``observed`` column of a whitespace-separated table such as salmonella.agona.txt."""
    lines = (GOLDEN / name).read_text(encoding="utf-8").split("\n")
    header = lines[0].split()
    column = header.index("observed")
    return [float(line.split()[column]) for line in lines[1:] if line.strip()]
