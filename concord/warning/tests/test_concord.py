"""Concord's own detector: alarms on outbreaks, quiet at the nominal rate, a series the same alone or in a batch."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from django.core.management import call_command

from concord.warning.detectors.concord import _survival, concord_detector, design_matrix
from concord.warning.detectors.registry import get_detector
from concord.warning.evaluation.simulation import week_dates
from concord.warning.tests.golden import GOLDEN, read_series

WEEKS = 260
DATES = week_dates(WEEKS)


def seasonal_mean(level: float = 8.0) -> np.ndarray:
    t = np.arange(WEEKS)
    return np.asarray(level * np.exp(0.4 * np.sin(2 * np.pi * t / 52) + 0.001 * t))


def seasonal_counts(series: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).poisson(seasonal_mean(), size=(series, WEEKS)).astype(float)


def test_alarms_on_an_obvious_outbreak() -> None:
    counts = seasonal_counts(3, seed=1)
    counts[1, 250] += 40  # one big week
    counts[2, 250:252] += 12  # spread over two weeks: neither week alone is extreme
    result = concord_detector(counts, DATES, 240)
    assert result.alarm[1, 10]
    assert result.alarm[2, 10:12].any()
    assert result.observed.shape == result.upperbound.shape == result.expected.shape == (3, 20)
    np.testing.assert_allclose(result.expected[0], seasonal_mean()[240:], rtol=0.2)


def test_quiet_series_alarm_at_about_the_nominal_rate() -> None:
    counts = np.random.default_rng(2).poisson(6.0, size=(300, WEEKS)).astype(float)
    result = concord_detector(counts, DATES, 230, alpha=0.01)
    assert 0.004 <= result.alarm.mean() <= 0.016


def test_alarm_upperbound_and_pvalue_agree() -> None:
    counts = seasonal_counts(40, seed=3)
    counts[::5, 245] += 25
    result = concord_detector(counts, DATES, 230)
    np.testing.assert_array_equal(result.alarm, result.observed > result.upperbound)
    np.testing.assert_array_equal(result.alarm, result.pvalue <= 0.005)
    assert result.alarm[::5, 15].all()


def test_a_series_gets_the_same_result_alone_or_among_many() -> None:
    counts = seasonal_counts(120, seed=4)
    together = concord_detector(counts, DATES, 240)
    for row in (0, 57, 119):
        alone = concord_detector(counts[row], DATES, 240)
        np.testing.assert_array_equal(alone.upperbound[0], together.upperbound[row])
        np.testing.assert_allclose(alone.expected[0], together.expected[row], rtol=1e-12)
        np.testing.assert_array_equal(alone.alarm[0], together.alarm[row])


def test_zeros_missing_values_and_short_history() -> None:
    counts = np.zeros((2, WEEKS))
    counts[1, ::9] = 1.0  # rare counts
    counts[1, 100:110] = np.nan  # missing weeks are left out of the fit
    counts[0, 255] = 3.0
    result = concord_detector(counts, DATES, 250)
    assert np.isfinite(result.upperbound).all() and (result.expected >= 0).all()
    assert result.alarm[0, 5]  # after years of zeros, 3 cases are an alarm
    assert not result.alarm[1].any() or result.observed[1, result.alarm[1]].min() >= 2
    with pytest.raises(ValueError, match="steps of history"):
        concord_detector(counts[:, :80], DATES[:80], 60)
    with pytest.raises(ValueError, match="negative"):
        concord_detector(-counts[:, :200] - 1, DATES[:200], 150)
    with pytest.raises(ValueError, match="one date per column"):
        concord_detector(counts, DATES[:-1], 250)
    with pytest.raises(ValueError, match="evenly spaced"):
        concord_detector(counts, np.concatenate([DATES[:-1], DATES[-1:] + np.timedelta64(1, "D")]), 250)


def test_daily_data_get_day_of_week_terms() -> None:
    days = np.datetime64("2024-01-01") + np.arange(800)
    x = design_matrix(days, harmonics=1, holidays=np.array(["2024-01-01"], dtype="datetime64[D]"))
    assert x.shape == (800, 1 + 1 + 2 + 6 + 1)
    weekday_effect = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.4, 0.3])
    mean = 10.0 * weekday_effect[np.arange(800) % 7]  # 2024-01-01 was a Monday
    counts = np.random.default_rng(5).poisson(mean, size=(5, 800)).astype(float)
    result = concord_detector(counts, days, 780, window=7)
    sunday = 6 + 7 * ((780 - 6) // 7 + 1) - 780  # first Sunday evaluated
    assert result.expected[:, sunday].mean() == pytest.approx(3.0, rel=0.25)
    assert result.alarm.mean() < 0.05


def test_the_detect_command_runs_concord() -> None:
    out = io.StringIO()
    call_command("detect", str(GOLDEN / "salmNewport_germany.csv"), "--method=concord", "--alpha=0.01", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and rows[0]["date"] == str(read_series("salmNewport_germany.csv")[0][105])
    assert {row["alarm"] for row in rows} <= {"0", "1"}
    assert any(row["alarm"] == "1" for row in rows)
    assert get_detector("concord").options >= {"alpha", "window"}


def test_count_tails_match_r() -> None:
    # R 4 / surveillance's environment: pnbinom(k, size, mu=, lower.tail=FALSE) and ppois(k, mu, lower.tail=FALSE).
    k = np.array([9.0, 0.0, 299.0, 14.0, 399.0, 2.0, 40.0])
    mean = np.array([4.0, 0.2, 250.0, 4.5, 300.0, 0.135, 30.0])
    size = np.array([2.5, 0.3, 1500.0, np.inf, np.inf, np.inf, 1e6])
    r = [0.064927046100945157, 0.14208279955590505, 0.0024777538725557604, 7.3660523596342278e-05]
    r += [2.2066520142884453e-08, 0.00037070398882370402, 0.032311665687487175]
    np.testing.assert_allclose(_survival(k, mean, size), r, rtol=1e-9)


def test_a_series_with_a_single_count_does_not_break_the_batch() -> None:
    """A community with one dispute of a kind in two years (the demo city has them): nearly all
    the fitting weight lies on one step, and X'WX is singular without a ridge of its own scale."""
    dates = np.datetime64("2024-12-02") + 7 * np.arange(96)
    counts = np.zeros((2, 96))
    counts[0, 44] = 1
    counts[1] = np.random.default_rng(5).poisson(6, size=96)
    together = concord_detector(counts, dates, 95, alpha=0.001, min_history=52)
    alone = concord_detector(counts[1:], dates, 95, alpha=0.001, min_history=52)
    np.testing.assert_array_equal(together.upperbound[1], alone.upperbound[0])
    assert not together.alarm[0].any() and np.isfinite(together.expected).all()
