"""Measures of a detector's performance on simulated series with known outbreaks.

All functions take arrays of shape (series, evaluated weeks): ``alarm`` (bool) and the outbreak
cases that the simulation added in those weeks. Definitions:

- An outbreak's window is the run of weeks from its first to its last week with a case (so an
  outbreak whose Poisson size was 0 has no window, and counts for no measure but ``quiet``).
- False-positive rate (FPR): alarms in quiet weeks / quiet weeks, where a quiet week has no
  outbreak case (past or current) and is outside the current outbreak's window.
- Probability of detection (POD): share of current outbreaks (with at least one case in the
  evaluated weeks) with at least one alarm in their window (Noufaily et al. 2013).
- Sensitivity: alarmed window weeks / window weeks, pooled over outbreaks.
- Timeliness (Kleinman & Abrams 2006, as used by Salmon et al. 2015 for surveillance's
  methods): (first alarmed window week - first window week) / window length, and 1 for an
  outbreak never alarmed; 0 is detection in the first week, lower is better.

Each measure comes with a Monte Carlo standard error that treats series as independent clusters
(ratio estimator: weeks of one series are not independent), and ``average`` combines scenarios
the way the paper reports them: the unweighted mean of the per-scenario values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray


@dataclass(frozen=True)
class Estimate:
    """A proportion or mean with its Monte Carlo standard error and its raw counts."""

    value: float
    se: float
    numerator: float
    denominator: float


def ratio(numerators: ArrayLike, denominators: ArrayLike) -> Estimate:
    """sum(numerators) / sum(denominators), with the cluster (per-series) standard error of a ratio."""
    num = np.asarray(numerators, dtype=np.float64)
    den = np.asarray(denominators, dtype=np.float64)
    total = float(den.sum())
    if total == 0:
        return Estimate(math.nan, math.nan, float(num.sum()), 0.0)
    value = float(num.sum()) / total
    n = num.size
    if n < 2:
        return Estimate(value, math.nan, float(num.sum()), total)
    # Linearised ratio estimator: residuals num_i - value * den_i, scaled by the mean denominator.
    residuals = num - value * den
    se = math.sqrt(float((residuals**2).sum()) * n / (n - 1)) / total
    return Estimate(value, se, float(num.sum()), total)


def outbreak_window(cases: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Weeks from the first to the last week with a case, per series."""
    has = np.asarray(cases) > 0
    started = np.cumsum(has, axis=1) > 0
    not_ended = np.cumsum(has[:, ::-1], axis=1)[:, ::-1] > 0
    return np.asarray(started & not_ended)


def quiet_weeks(current: NDArray[np.int64], past: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Weeks with no outbreak case, outside the current outbreak's window."""
    return np.asarray((np.asarray(current) == 0) & (np.asarray(past) == 0) & ~outbreak_window(current), dtype=np.bool_)


def false_positive_rate(alarm: NDArray[np.bool_], current: NDArray[np.int64], past: NDArray[np.int64]) -> Estimate:
    """Alarms in quiet weeks / quiet weeks."""
    quiet = quiet_weeks(current, past)
    return ratio((alarm & quiet).sum(axis=1), quiet.sum(axis=1))


def _detected(alarm: NDArray[np.bool_], window: NDArray[np.bool_]) -> NDArray[np.bool_]:
    return np.asarray((alarm & window).any(axis=1))


def probability_of_detection(alarm: NDArray[np.bool_], current: NDArray[np.int64]) -> Estimate:
    """Share of current outbreaks (with a case) alarmed at least once in their window."""
    window = outbreak_window(current)
    counted = window.any(axis=1)
    return ratio(_detected(alarm, window)[counted], np.ones(int(counted.sum())))


def sensitivity(alarm: NDArray[np.bool_], current: NDArray[np.int64]) -> Estimate:
    """Alarmed window weeks / window weeks, pooled over outbreaks."""
    window = outbreak_window(current)
    return ratio((alarm & window).sum(axis=1), window.sum(axis=1))


def timeliness(alarm: NDArray[np.bool_], current: NDArray[np.int64]) -> Estimate:
    """Mean over outbreaks of the share of the window elapsed before the first alarm (1 if none)."""
    window = outbreak_window(current)
    counted = window.any(axis=1)
    length = window.sum(axis=1)
    first_week = np.argmax(window, axis=1)
    hits = alarm & window
    detected = hits.any(axis=1)
    first_alarm = np.argmax(hits, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(detected, (first_alarm - first_week) / length, 1.0)
    return ratio(share[counted], np.ones(int(counted.sum())))


def detected_by_k(
    alarm: NDArray[np.bool_], current: NDArray[np.int64], k: NDArray[np.int64]
) -> dict[int, tuple[int, int]]:
    """(detected, outbreaks) per size factor k, counting outbreaks with a case."""
    window = outbreak_window(current)
    counted = window.any(axis=1)
    detected = _detected(alarm, window)
    return {
        int(value): (int((detected & counted & (k == value)).sum()), int((counted & (k == value)).sum()))
        for value in np.unique(k)
    }


def average(estimates: Sequence[Estimate]) -> Estimate:
    """Unweighted mean over scenarios (NaN scenarios left out), SE from independent scenarios."""
    usable = [e for e in estimates if not math.isnan(e.value)]
    if not usable:
        return Estimate(math.nan, math.nan, 0.0, 0.0)
    value = sum(e.value for e in usable) / len(usable)
    se = math.sqrt(sum((0.0 if math.isnan(e.se) else e.se) ** 2 for e in usable)) / len(usable)
    return Estimate(value, se, sum(e.numerator for e in usable), sum(e.denominator for e in usable))
