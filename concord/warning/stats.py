"""Small exact tail probabilities for the signals that test one count at a time."""

from __future__ import annotations

import math


def poisson_sf(n: int, mean: float) -> float:
    """P(X >= n) for X ~ Poisson(mean)."""
    if n <= 0:
        return 1.0
    if mean <= 0:
        return 0.0

    def pmf(k: int) -> float:
        return math.exp(-mean + k * math.log(mean) - math.lgamma(k + 1))

    if n <= mean:
        return max(0.0, 1.0 - math.fsum(pmf(k) for k in range(n)))
    # Above the mean the terms shrink: add them up from n until they no longer matter.
    total, k = 0.0, n
    while True:
        term = pmf(k)
        total += term
        if term < total * 1e-17 or k > n + 10_000:
            return total
        k += 1


def poisson_threshold(mean: float, alpha: float, *, at_least: int = 0) -> int:
    """The smallest count ``c >= at_least`` with P(X >= c) < alpha: a count from there on is
    unusual for ``mean``."""
    count = max(at_least, 0)
    while poisson_sf(count, mean) >= alpha:
        count += 1
    return count
