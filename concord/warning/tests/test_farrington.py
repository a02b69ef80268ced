"""The Farrington detectors match R's surveillance 1.20.3 on the reference outputs."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from concord.warning.detectors.farrington import farrington, farrington_flexible
from concord.warning.detectors.result import Detection
from concord.warning.tests.golden import read_golden, read_series, read_table

ORIGINAL = {
    "no_periods": 1,
    "weights_threshold": 1.0,
    "past_weeks_not_included": 3,
    "p_threshold_trend": 0.05,
    "threshold_method": "delta",
}
NOUFAILY = {
    "no_periods": 10,
    "weights_threshold": 2.58,
    "past_weeks_not_included": 26,
    "p_threshold_trend": 1.0,
    "threshold_method": "nbPlugin",
}
CASES = [
    ("golden_ff_original_b4w3_a0.01.csv", farrington_flexible, ORIGINAL),
    ("golden_ff_noufaily_b4w3_a0.01.csv", farrington_flexible, NOUFAILY),
    ("golden_ff_noufaily_muan_b4w3_a0.01.csv", farrington_flexible, {**NOUFAILY, "threshold_method": "muan"}),
    ("golden_algo_farrington_b4w3_a0.01.csv", farrington, {}),
]


def assert_matches(result: Detection, golden: list[dict[str, Any]], *, integer_thresholds: bool) -> dict[str, float]:
    """Every evaluated step against R: alarms identical, numbers to 1e-9 relative (thresholds
    exactly where they are counts), NA exactly where R has NA. Returns the worst relative errors."""
    columns = {"upperbound": result.upperbound, "expected": result.expected}
    columns.update({name: result.extra[name] for name in ("phi", "trend") if name in result.extra})
    worst = dict.fromkeys(columns, 0.0)
    for step, row in enumerate(golden):
        assert int(result.alarm[0, step]) == int(row["alarm"]), row
        assert result.observed[0, step] == row["observed"], row
        for name, values in columns.items():
            if name not in row:
                continue
            got, want = float(values[0, step]), float(row[name])
            if math.isnan(want):
                assert math.isnan(got), (name, row, got)
                continue
            if (name == "upperbound" and integer_thresholds) or name == "trend":
                assert got == want, (name, row, got)
            else:
                assert got == pytest.approx(want, rel=1e-9, abs=1e-12), (name, row, got)
            worst[name] = max(worst[name], abs(got - want) / abs(want) if want else abs(got))
    return worst


@pytest.mark.parametrize(("name", "method", "options"), CASES, ids=[case[0] for case in CASES])
def test_matches_the_reference_on_salmonella_newport(name: str, method: Any, options: dict[str, Any]) -> None:
    dates, observed = read_series("salmNewport_germany.csv")
    golden = read_golden(name)
    first = dates.index(str(golden[0]["date"]))
    assert [str(row["date"]) for row in golden] == dates[first:]
    result = method(np.array(observed), np.array(dates, dtype="datetime64[D]"), first, b=4, w=3, alpha=0.01, **options)
    integer = options.get("threshold_method") in ("nbPlugin", "muan")
    assert_matches(result, golden, integer_thresholds=integer)
    assert result.alarm.any()


def test_classic_on_an_index_based_series_uses_52_week_years() -> None:
    observed = read_table("salmonella.agona.txt")
    golden = read_golden("golden_salmonella_agona_algo_farrington_b4w3_a0.01.csv")
    first = int(golden[0]["index"]) - 1
    assert first + len(golden) == len(observed)
    result = farrington(np.array(observed), None, first, b=4, w=3, alpha=0.01, reweight=True)
    assert_matches(result, golden, integer_thresholds=False)
    assert result.alarm[0].sum() == 2
