"""The simulated series of Noufaily et al. (2013) and the measures of performance, on tiny hand-made examples."""

from __future__ import annotations

import math

import numpy as np
import pytest

from concord.warning.evaluation import measures
from concord.warning.evaluation.simulation import (
    CURRENT_WEEKS,
    PAST_STARTS,
    SCENARIOS,
    WEEKS,
    simulate,
    stratified_k,
)

# Two series, five evaluated weeks. Series 0: current outbreak in weeks 1-2, a past outbreak's
# tail in week 4. Series 1: current outbreak in weeks 2 and 4 (week 3 has no case but is in the window).
CURRENT = np.array([[0, 3, 1, 0, 0], [0, 0, 2, 0, 1]])
PAST = np.array([[0, 0, 0, 0, 2], [0, 0, 0, 0, 0]])
ALARM = np.array([[True, False, True, True, True], [False, False, False, True, False]])


def test_the_scenario_table() -> None:
    assert len(SCENARIOS) == 42
    assert [s.number for s in SCENARIOS] == list(range(1, 43))
    # Scenario 14: theta 1.5, Poisson, no trend, one harmonic (the PHE replication's "scenario 14").
    s14 = SCENARIOS[13]
    assert (s14.theta, s14.phi, s14.beta, s14.gamma1, s14.gamma2, s14.harmonics) == (1.5, 1.0, 0.0, 0.2, -0.4, 1)
    s42 = SCENARIOS[41]
    assert (s42.theta, s42.phi, s42.beta, s42.harmonics) == (5.0, 1.2, 0.0001, 2)
    assert SCENARIOS[0].mean(np.array([1.0, 300.0])) == pytest.approx([math.exp(0.1)] * 2)
    week = np.array([13.0])
    expected = math.exp(0.1 + 0.0025 * 13 + 0.6 * (math.cos(0.5 * math.pi) + math.sin(0.5 * math.pi)))
    expected *= math.exp(0.6 * (math.cos(math.pi) + math.sin(math.pi)))
    assert SCENARIOS[5].mean(week)[0] == pytest.approx(expected)


def test_simulation_is_reproducible_and_follows_the_design() -> None:
    scenario = SCENARIOS[19]  # theta 0.5, phi 5, seasonal
    a, b = simulate(scenario, 30, seed=11), simulate(scenario, 30, seed=11)
    np.testing.assert_array_equal(a.counts, b.counts)
    assert a.counts.shape == (30, WEEKS) and a.dates.shape == (WEEKS,)
    assert not np.array_equal(a.counts, simulate(scenario, 30, seed=12).counts)
    # Past outbreaks start in weeks 313-575 and spill at most a few weeks; the current one starts in 576-624.
    past_weeks = np.nonzero(a.past_cases.any(axis=0))[0] + 1
    assert past_weeks.min() >= PAST_STARTS[0] and past_weeks.max() <= PAST_STARTS[1] + 8
    assert ((a.current_start >= CURRENT_WEEKS[0] - 1) & (a.current_start <= CURRENT_WEEKS[1] - 1)).all()
    assert not a.current_cases[:, : CURRENT_WEEKS[0] - 1].any()
    baseline = a.counts - a.past_cases - a.current_cases
    assert (baseline >= 0).all()
    # Variance phi * mu: the baseline's variance-to-mean ratio is about 5.
    mu = scenario.mean(np.arange(1, WEEKS + 1, dtype=np.float64))
    assert ((baseline - mu) ** 2 / mu).mean() == pytest.approx(5.0, rel=0.1)
    assert a.dates[1] - a.dates[0] == np.timedelta64(7, "D")


def test_k_is_stratified() -> None:
    k = stratified_k(20, np.random.default_rng(1))
    assert sorted(k.tolist()) == sorted(list(range(1, 11)) * 2)
    assert len(stratified_k(5, np.random.default_rng(1))) == 5


def test_outbreak_window_runs_from_first_to_last_case() -> None:
    window = measures.outbreak_window(CURRENT)
    assert window.tolist() == [[False, True, True, False, False], [False, False, True, True, True]]


def test_false_positive_rate_counts_quiet_weeks_only() -> None:
    # Quiet weeks: series 0 weeks 0 and 3 (week 4 has past cases); series 1 weeks 0 and 1.
    fpr = measures.false_positive_rate(ALARM, CURRENT, PAST)
    assert (fpr.numerator, fpr.denominator) == (2, 4)
    assert fpr.value == 0.5


def test_pod_sensitivity_and_timeliness() -> None:
    pod = measures.probability_of_detection(ALARM, CURRENT)
    assert (pod.numerator, pod.denominator, pod.value) == (2, 2, 1.0)
    sens = measures.sensitivity(ALARM, CURRENT)
    assert (sens.numerator, sens.denominator) == (2, 5)
    # Series 0: first alarm in the 2nd of 2 window weeks -> 1/2; series 1: 2nd of 3 -> 1/3.
    assert measures.timeliness(ALARM, CURRENT).value == pytest.approx((1 / 2 + 1 / 3) / 2)


def test_undetected_and_empty_outbreaks() -> None:
    quiet_alarm = np.zeros_like(ALARM)
    assert measures.probability_of_detection(quiet_alarm, CURRENT).value == 0.0
    assert measures.timeliness(quiet_alarm, CURRENT).value == 1.0
    # An outbreak with no case counts for no measure but the false-positive rate.
    empty = np.zeros((1, 5), dtype=np.int64)
    assert math.isnan(measures.probability_of_detection(np.ones((1, 5), dtype=bool), empty).value)
    assert measures.false_positive_rate(np.ones((1, 5), dtype=bool), empty, empty).value == 1.0
    alarms = np.vstack([ALARM, np.ones((1, 5), dtype=bool)])
    by_k = measures.detected_by_k(alarms, np.vstack([CURRENT, empty]), np.array([3, 3, 7]))
    assert by_k == {3: (2, 2), 7: (0, 0)}


def test_ratio_standard_error_and_average() -> None:
    # Per-series rates 0/2 and 2/2: the pooled 0.5 with the cluster SE of a ratio, here 0.5.
    estimate = measures.ratio(np.array([0.0, 2.0]), np.array([2.0, 2.0]))
    assert estimate.value == 0.5 and estimate.se == pytest.approx(0.5)
    nan = measures.Estimate(math.nan, math.nan, 0, 0)
    mean = measures.average([measures.Estimate(0.2, 0.03, 1, 5), measures.Estimate(0.4, 0.04, 2, 5), nan])
    assert mean.value == pytest.approx(0.3) and mean.se == pytest.approx(0.025)
