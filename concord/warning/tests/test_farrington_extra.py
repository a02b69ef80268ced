"""The Farrington detectors against more R outputs (data/make_farrington_extra.R): several series
in one call, with gaps (NaN), an all-zero series, a population offset, no dates, and other options;
also p-values, scores and trend coefficients. Plus behaviour R's outputs cannot show."""

from __future__ import annotations

import csv
import functools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from concord.warning.detectors import farrington as farrington_module
from concord.warning.detectors.farrington import farrington, farrington_flexible
from concord.warning.detectors.result import Detection
from concord.warning.detectors.thresholds import nbinom_quantile, poisson_quantile

DATA = Path(__file__).parent / "data"
EVALUATED = 60  # the R script evaluates the last 60 weeks
NOUFAILY = {
    "b": 4,
    "w": 3,
    "no_periods": 10,
    "weights_threshold": 2.58,
    "past_weeks_not_included": 26,
    "p_threshold_trend": 1.0,
    "threshold_method": "nbPlugin",
    "alpha": 0.01,
}


def _number(text: str) -> float:
    return math.nan if text in ("NA", "") else float(text)


def read_input() -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(series names, dates, counts (series x weeks), population) of extra_input.csv."""
    with (DATA / "extra_input.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = list(dict.fromkeys(row["series"] for row in rows))
    dates = np.array(sorted({row["date"] for row in rows}), dtype="datetime64[D]")
    counts = np.array([[_number(row["observed"]) for row in rows if row["series"] == name] for name in names])
    population = np.array([[_number(row["population"]) for row in rows if row["series"] == name] for name in names])
    return names, dates, counts, population


NAMES, DATES, COUNTS, POPULATION = read_input()
FIRST = len(DATES) - EVALUATED


@functools.cache
def noufaily_result() -> Detection:
    """The improved method on the shared input (several tests look at it; it is not modified)."""
    return farrington_flexible(COUNTS, DATES, FIRST, **NOUFAILY)


def assert_matches_r(result: Detection, name: str, series: list[str]) -> None:
    """Alarms identical; numbers within 1e-9 relative (1e-12 absolute), thresholds of count
    methods exactly; NA exactly where R has NA."""
    with (DATA / f"extra_{name}.csv").open(encoding="utf-8") as handle:
        golden = list(csv.DictReader(handle))
    assert len(golden) == len(series) * EVALUATED
    arrays = {"upperbound": result.upperbound, "expected": result.expected, "pvalue": result.pvalue, **result.extra}
    dates = [str(day) for day in DATES[FIRST:]]
    checked = 0
    for row in golden:
        at = (series.index(row["series"]), dates.index(row["date"]))
        assert int(result.alarm[at]) == int(row["alarm"]), row
        for column, values in arrays.items():
            if column not in row:
                continue
            want, got = _number(row[column]), float(values[at])
            if math.isnan(want):
                assert math.isnan(got), (column, row, got)
            else:
                assert got == pytest.approx(want, rel=1e-9, abs=1e-12), (column, row, got)
                checked += 1
    assert checked >= len(golden)


CASES: list[tuple[str, Any, dict[str, Any]]] = [
    ("ff_noufaily", farrington_flexible, NOUFAILY),
    ("ff_defaults", farrington_flexible, {}),
    (
        "ff_noreweight_p4",
        farrington_flexible,
        {
            "no_periods": 4,
            "b": 3,
            "w": 2,
            "reweight": False,
            "power_trans": "1/2",
            "limit54": (3, 2),
            "alpha": 0.1,
            "past_weeks_not_included": 8,
        },
    ),
    (
        "ff_notrend_muan_population",
        farrington_flexible,
        {
            "no_periods": 10,
            "b": 4,
            "w": 3,
            "trend": False,
            "threshold_method": "muan",
            "population": POPULATION,
            "past_weeks_not_included": 26,
        },
    ),
    (
        "ff_b2_p3_none",
        farrington_flexible,
        {
            "no_periods": 3,
            "b": 2,
            "w": 4,
            "past_weeks_not_included": 0,
            "power_trans": "none",
            "weights_threshold": 1.5,
            "p_threshold_trend": 0.5,
            "alpha": 0.02,
        },
    ),
]


@pytest.mark.parametrize(("name", "method", "options"), CASES, ids=[case[0] for case in CASES])
def test_flexible_matches_r_on_many_series(name: str, method: Any, options: dict[str, Any]) -> None:
    result = noufaily_result() if name == "ff_noufaily" else method(COUNTS, DATES, FIRST, **options)
    assert_matches_r(result, name, NAMES)


def test_flexible_without_dates_counts_52_week_years() -> None:
    assert_matches_r(farrington_flexible(COUNTS, None, FIRST, **NOUFAILY), "ff_index", NAMES)


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("classic_b3w2", {"b": 3}),
        ("classic_noreweight", {"b": 3, "reweight": False}),
        ("classic_notrend_sqrt", {"b": 4, "trend": False, "power_trans": "1/2", "limit54": (2, 3)}),
    ],
)
def test_classic_matches_r_on_many_series(name: str, options: dict[str, Any]) -> None:
    result = farrington(COUNTS[1:], DATES, FIRST, w=2, alpha=0.05, **options)
    assert_matches_r(result, name, NAMES[1:])


def test_gaps_are_left_out_and_give_no_threshold_where_r_gives_none() -> None:
    result = noufaily_result()
    newport = NAMES.index("newport")
    missing = np.flatnonzero(np.isnan(COUNTS[newport, FIRST:]))
    assert missing.size == 2
    assert np.isnan(result.upperbound[newport, missing]).all() and not result.alarm[newport, missing].any()
    # the phi of a missing week still comes from the model, as in R
    assert np.isfinite(result.extra["phi"][newport, missing]).all()


def test_a_series_gets_the_same_result_alone_or_among_a_thousand(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    weeks = len(DATES)
    many = rng.negative_binomial(2, 2 / (2 + rng.uniform(0.2, 30, size=(1000, 1))), size=(1000, weeks)).astype(float)
    many[:5] = COUNTS
    many[700] = rng.poisson(2.0, size=weeks)
    many[700, -3:] += 40  # an outbreak
    first = weeks - 4
    for method, options in ((farrington_flexible, NOUFAILY), (farrington_flexible, {"b": 4}), (farrington, {"b": 3})):
        together = method(many, DATES, first, **options)
        assert together.alarm[700].any()
        for row in (0, 1, 3, 700, 999):
            alone = method(many[row], DATES, first, **options)
            for name in ("upperbound", "expected", "pvalue"):
                np.testing.assert_array_equal(getattr(together, name)[row], getattr(alone, name)[0])
            for name, values in together.extra.items():
                np.testing.assert_array_equal(values[row], alone.extra[name][0])
            np.testing.assert_array_equal(together.alarm[row], alone.alarm[0])
    # in chunks of 64 series, fitted in threads: the same numbers again
    monkeypatch.setattr(farrington_module, "SERIES_PER_CHUNK", 64)
    chunked = farrington_flexible(many, DATES, first, **NOUFAILY)
    whole = farrington_flexible(many[:5], DATES, first, **NOUFAILY)
    np.testing.assert_array_equal(chunked.upperbound[:5], whole.upperbound)
    np.testing.assert_array_equal(chunked.extra["phi"][:5], whole.extra["phi"])


def test_quantiles_use_r_fuzz() -> None:
    # R 4.2: qpois(ppois(3, 2) * (1 + 20 eps), 2) == 4 but with (1 + 4 eps) it is 3 (make_farrington_extra.R, g)
    from scipy.special import betainc, gammaincc

    eps = np.finfo(float).eps
    p = float(gammaincc(4.0, 2.0))
    assert poisson_quantile(p * (1 + 20 * eps), np.array([2.0]))[0] == 4
    assert poisson_quantile(p * (1 + 4 * eps), np.array([2.0]))[0] == 3
    # size 2.5, prob 0.4 is mean 3.75 and phi 2.5
    p = float(betainc(2.5, 6.0, 0.4))
    mean, phi = np.array([3.75]), np.array([2.5])
    assert nbinom_quantile(p * (1 + 20 * eps), mean, phi)[0] == 6
    assert nbinom_quantile(p * (1 + 4 * eps), mean, phi)[0] == 5
    # far from the start of the search, and for big means
    means = np.array([0.01, 1.0, 40.0, 1e4])
    assert list(poisson_quantile(0.99, means)) == [0, 4, 55, 10233]  # R: qpois(0.99, means)
    assert list(nbinom_quantile(0.99, means, np.full(4, 2.5))) == [0, 7, 66, 10371]


@pytest.mark.parametrize("method", [farrington, farrington_flexible])
def test_bad_input_is_refused_clearly(method: Any) -> None:
    with pytest.raises(ValueError, match="too short"):
        method(COUNTS, DATES, 100, b=4)
    with pytest.raises(ValueError, match="one date per column"):
        method(COUNTS, DATES[1:], FIRST)
    with pytest.raises(ValueError, match="consecutive weeks"):
        method(COUNTS, DATES + np.arange(len(DATES)), FIRST)
    with pytest.raises(ValueError, match="non-negative"):
        method(-COUNTS[1:], DATES, FIRST)
    with pytest.raises(ValueError, match="first must be"):
        method(COUNTS, DATES, len(DATES))
    with pytest.raises(ValueError, match="limit54"):
        method(COUNTS, DATES, FIRST, limit54=(5, 0))
    with pytest.raises(ValueError, match="1-D"):
        method(COUNTS[None], DATES, FIRST)


def test_flexible_refuses_impossible_seasons() -> None:
    with pytest.raises(ValueError, match="threshold_method"):
        farrington_flexible(COUNTS, DATES, FIRST, threshold_method="exact")
    with pytest.raises(ValueError, match="too many"):
        farrington_flexible(COUNTS, DATES, FIRST, no_periods=60)
    with pytest.raises(ValueError, match="past_weeks_not_included"):
        farrington_flexible(COUNTS, DATES, FIRST, past_weeks_not_included=-1)


def test_classic_leaves_gaps_out_too() -> None:
    # R's algo.farrington stops on missing counts; ours leaves them out of the baseline like farringtonFlexible.
    newport = COUNTS[NAMES.index("newport")]
    result = farrington(newport, DATES, FIRST, b=3, w=2)
    missing = np.isnan(newport[FIRST:])
    assert np.isnan(result.upperbound[0, missing]).all() and not result.alarm[0, missing].any()
    # with a gap among the last 4 weeks the 5-in-4-weeks rule cannot be decided: no threshold either
    window_complete = ~np.isnan(np.lib.stride_tricks.sliding_window_view(newport, 4)[FIRST - 3 :]).any(axis=1)
    assert (np.isfinite(result.upperbound[0]) == window_complete).all() and window_complete.sum() > 40
    assert np.isfinite(result.extra["phi"][0]).all()


def test_an_alarm_of_the_count_methods_has_a_small_pvalue() -> None:
    result = noufaily_result()
    assert result.alarm.sum() >= 2
    assert (result.pvalue[result.alarm] < NOUFAILY["alpha"]).all()
    assert np.nanmax(result.pvalue) <= 1.0 and np.nanmin(result.pvalue) >= 0.0
