"""EARS C1, C2 and C3 (Hutwagner et al.), as R's ``surveillance::earsC`` computes them.

For each time step the baseline is the ``baseline`` steps before it (C1), or before it with a
lag of two steps (C2, C3). C1/C2 alarm when the count exceeds mean + z(1-alpha) * sd of the
baseline (sd with n-1, floored at ``min_sigma``). C3, as the reference does it, adds up the
C2 statistics above 1 of the two previous steps (not of the current one) and alarms when
that sum exceeds z(1-alpha); its upper bound is the current count plus sd times the room left.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

from concord.warning.detectors.result import Detection

METHODS = ("C1", "C2", "C3")
# Steps between the evaluated one and the newest baseline step.
_LAG = {"C1": 0, "C2": 2, "C3": 2}


def _baseline_stats(
    counts: NDArray[np.float64], first: int, last: int, baseline: int, lag: int, min_sigma: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Mean and sd (floored) of the baseline of every step in [first, last), per series."""
    start = first - lag - baseline
    if start < 0:
        raise ValueError(f"the series need {lag + baseline} steps before the first evaluated one")
    windows = sliding_window_view(counts[:, start : last - lag - 1], baseline, axis=1)
    mean = windows.mean(axis=2)
    with np.errstate(invalid="ignore"):
        sd = np.maximum(windows.std(axis=2, ddof=1), min_sigma)
    return mean, sd


def ears_c(
    counts: ArrayLike,
    first: int,
    *,
    method: str = "C1",
    baseline: int = 7,
    alpha: float = 0.001,
    min_sigma: float = 0.0,
) -> Detection:
    """Evaluate every series from column ``first`` to the end."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    if baseline < 3:
        raise ValueError("the baseline must be at least 3 steps")
    if min_sigma < 0:
        raise ValueError("min_sigma must not be negative")
    data = np.atleast_2d(np.asarray(counts, dtype=np.float64))
    steps = data.shape[1]
    z = NormalDist().inv_cdf(1 - alpha)
    lag = _LAG[method]
    observed = data[:, first:]
    if method in ("C1", "C2"):
        mean, sd = _baseline_stats(data, first, steps, baseline, lag, min_sigma)
        upper = mean + z * sd
        expected = mean
    else:
        # C2 at the two steps before each evaluated one, and at the step itself.
        mean, sd = _baseline_stats(data, first - 2, steps, baseline, lag, min_sigma)
        with np.errstate(divide="ignore", invalid="ignore"):
            c2 = (data[:, first - 2 :] - mean) / sd
        earlier = np.maximum(0.0, c2[:, :-2] - 1) + np.maximum(0.0, c2[:, 1:-1] - 1)
        upper = np.maximum(0.0, observed + sd[:, 2:] * (z - earlier))
        expected = mean[:, 2:]
    with np.errstate(invalid="ignore"):
        alarm = observed > upper
    return Detection(observed=observed, upperbound=upper, alarm=alarm & ~np.isnan(upper), expected=expected)
