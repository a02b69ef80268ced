"""Upper thresholds of the Farrington detectors, vectorised over series.

``delta``: the upper limit of a prediction interval for the count after a power
transformation (2/3 by default, Farrington et al. 1996). ``nbPlugin`` / ``muan``: the
(1 - alpha) quantile of a negative binomial with the fitted mean (or, for ``muan``, the
upper (1 - alpha) confidence limit of the mean) and variance phi * mean, or of a Poisson
when phi is 1 (Noufaily et al. 2013). Quantiles are the smallest count whose distribution
function reaches (1 - alpha)(1 - 8 eps), as R's qnbinom/qpois search for them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.special as sc
from numpy.typing import NDArray

Floats = NDArray[np.float64]

POWERS = {"none": 1.0, "1/2": 0.5, "2/3": 2.0 / 3.0}
# R (>= 4.2) searches for F(k) >= p * (1 - 8 eps): the fuzz keeps quantiles left-continuous.
_FUZZ = 1 - 8 * float(np.finfo(np.float64).eps)


def normal_quantile(p: float) -> float:
    """The standard normal quantile (R's qnorm)."""
    return float(sc.ndtri(p))


def _floats(values: object) -> Floats:
    return np.asarray(values, dtype=np.float64)


def _tau_se(mu0: Floats, se_fit: Floats, phi: Floats, power: str) -> tuple[float, Floats]:
    """Exponent and standard error of mu0**exponent (R's algo.farrington.threshold)."""
    if power not in POWERS:
        raise ValueError(f"power_trans must be one of {sorted(POWERS)}")
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = phi + se_fit * se_fit / mu0
        if power == "none":
            return 1.0, np.sqrt(mu0 * tau)
        if power == "1/2":
            return 0.5, np.sqrt(0.25 * tau)
        return 2.0 / 3.0, np.sqrt(4.0 / 9.0 * mu0 ** (1.0 / 3.0) * tau)


def delta_upper(mu0: Floats, se_fit: Floats, phi: Floats, z: float, power: str) -> tuple[Floats, Floats, Floats]:
    """(upper threshold, exponent-scale mean, its sd) for a prediction interval with quantile ``z``."""
    exponent, sd = _tau_se(mu0, se_fit, phi, power)
    with np.errstate(invalid="ignore"):
        centre = mu0**exponent
        upper = (centre + z * sd) ** (1.0 / exponent)
    return upper, centre, sd


def normal_upper_tail(y: Floats, centre: Floats, sd: Floats, exponent: float) -> Floats:
    """P(Y^exponent >= y^exponent) under the normal approximation (R's pnorm(..., lower.tail=FALSE))."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return _floats(sc.ndtr(-(y**exponent - centre) / sd))


def _nbinom_cdf(k: Floats, size: Floats, prob: Floats) -> Floats:
    return _floats(sc.betainc(size, k + 1.0, prob))


def _poisson_cdf(k: Floats, lam: Floats) -> Floats:
    return _floats(sc.gammaincc(k + 1.0, lam))


_MAX_STEPS = 100_000


def _search_quantile(p: float, start: Floats, cdf: Callable[[Floats, NDArray[np.bool_]], Floats]) -> Floats:
    """Smallest k >= 0 with cdf(k) >= p * (1 - 8 eps), searching from ``start`` in unit steps
    (R's qnbinom/qpois do the same from their Cornish-Fisher guess)."""
    target = p * _FUZZ
    k = np.maximum(np.round(start), 0.0)
    reached = cdf(k, np.ones(k.shape, dtype=np.bool_)) >= target
    left = reached & (k > 0)
    right = ~reached
    for _ in range(_MAX_STEPS):
        if not (np.any(left) or np.any(right)):
            return k
        if np.any(left):
            left = left & (cdf(k - 1.0, left) >= target)
            k = np.where(left, k - 1.0, k)
            left &= k > 0
        if np.any(right):
            k = np.where(right, k + 1.0, k)
            right = right & ~(cdf(k, right) >= target)
    return np.where(left | right, np.nan, k)


def _cornish_fisher(mean: Floats, sd: Floats, skew: Floats, z: float) -> Floats:
    """R's starting guess for the discrete quantile searches."""
    with np.errstate(invalid="ignore", divide="ignore"):
        guess = mean + sd * (z + skew * (z * z - 1) / 6)
    return np.where(np.isfinite(guess), guess, 0.0)


def nbinom_quantile(p: float, mean: Floats, phi: Floats) -> Floats:
    """(R) qnbinom(p, size = mean / (phi - 1), prob = 1 / phi), phi > 1 and mean > 0."""
    size = mean / (phi - 1.0)
    prob = 1.0 / phi
    sd = np.sqrt(mean * phi)
    start = _cornish_fisher(mean, sd, (2 * phi - 1) / sd, normal_quantile(p))

    def cdf(k: Floats, where: NDArray[np.bool_]) -> Floats:
        out = np.ones_like(k)
        out[where] = _nbinom_cdf(k[where], size[where], prob[where])
        return out

    return _search_quantile(p, start, cdf)


def poisson_quantile(p: float, mean: Floats) -> Floats:
    """(R) qpois(p, mean), mean > 0."""
    sd = np.sqrt(mean)
    start = _cornish_fisher(mean, sd, 1.0 / sd, normal_quantile(p))

    def cdf(k: Floats, where: NDArray[np.bool_]) -> Floats:
        out = np.ones_like(k)
        out[where] = _poisson_cdf(k[where], mean[where])
        return out

    return _search_quantile(p, start, cdf)


def count_upper_tail(y: Floats, mean: Floats, phi: Floats) -> Floats:
    """P(Y >= y) for the negative binomial (phi > 1) or Poisson (phi == 1) with this mean."""
    out = np.ones_like(mean)
    positive = y >= 1
    nb = positive & (phi > 1)
    pois = positive & (phi == 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        size = mean[nb] / (phi[nb] - 1.0)
        out[nb] = _floats(sc.betaincc(size, y[nb], 1.0 / phi[nb]))
        out[pois] = _floats(sc.gammainc(y[pois], mean[pois]))
    out[~np.isfinite(y) | ~np.isfinite(mean) | ~np.isfinite(phi)] = np.nan
    return out


def noufaily_upper(alpha: float, mean: Floats, phi: Floats) -> Floats:
    """The (1 - alpha) quantile of the count: negative binomial where phi > 1, Poisson where phi == 1."""
    upper = np.full(mean.shape, np.nan)
    usable = np.isfinite(mean) & np.isfinite(phi)
    upper[usable & (mean == 0)] = 0.0  # a point mass at zero
    nb = usable & (mean > 0) & (phi > 1)
    pois = usable & (mean > 0) & (phi == 1)
    if np.any(nb):
        upper[nb] = nbinom_quantile(1 - alpha, mean[nb], phi[nb])
    if np.any(pois):
        upper[pois] = poisson_quantile(1 - alpha, mean[pois])
    return upper
