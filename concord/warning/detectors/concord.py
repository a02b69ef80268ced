"""Concord's own outbreak detector: a robust harmonic GLM baseline fitted on all the history, and a
test on the total of the last few steps, vectorised across series and evaluated steps.

For every series and every evaluated step t:

1. Baseline. A log-linear model is fitted to the history before the current window (the steps
   before t - window + 1 - exclude_recent; all of them, or the last ``history``): intercept,
   linear trend and ``harmonics`` Fourier pairs with a period of one year (52 steps for weekly
   data, the convention of weekly surveillance data; 365.25 for daily data, which also get
   day-of-week terms and, if given, a holiday term). Past outbreaks are down-weighted as in
   Farrington's method: after a first Poisson fit, steps whose Anscombe residual exceeds
   ``reweight_threshold`` get weight (threshold / residual)^2 and the model is refitted. As in
   Farrington's method the trend is dropped (refit without it) where its Wald p-value exceeds
   ``trend_p``: past outbreaks late in the history would otherwise tilt it upwards.
2. Dispersion phi (variance = phi * mean, at least 1): the Pearson statistic of the refit with
   the same weights (a down-weighted step counts about threshold^2, not its full square).
3. Predictive distribution: negative binomial with the fitted mean mu and variance
   mu * phi + mu^2 * var(log mu), so that the uncertainty of the fit widens the threshold (as in
   Farrington's threshold); for a total of several steps, the summed means and the variance of
   the sum, the covariance of the fitted means included.
4. Tests, with mid-p values (P(Y > y) + P(Y = y) / 2, which for counts alarm at close to the
   nominal rate instead of below it). The window test alarms when the total of the last
   ``window`` steps is improbable and the current count exceeds its own mean (so that the steps
   just after an outbreak are not flagged for the outbreak's sake); it catches outbreaks spread
   over a few steps that no single step reveals. An optional one-step test takes ``week_share``
   of alpha (0 by default).
5. Calibration: the test's level is ``calibration`` * alpha, with ``ALPHA_CALIBRATION`` (0.93)
   chosen so that it alarms at alpha on in-control series: on the 42 baselines of Noufaily et al.
   without any outbreak (seed 7, not the benchmark's seed 2013; the design was explored on
   seed 2), alpha = 0.5 % gives 0.493 % (``bench/early_warning_sim.py --calibrate``). The
   detector knows nothing else of the simulation: not its means, trends or dispersions.

``upperbound`` is the largest count at step t that would not have raised an alarm given the
earlier steps (alarm == observed > upperbound; it can be drawn with the counts); ``pvalue`` is the
smallest tail value divided by its share of the level, times alpha (alarm == pvalue <= alpha).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.special as sc
import scipy.stats as st
from numpy.typing import ArrayLike, NDArray

from concord.warning.detectors.result import Detection

Floats = NDArray[np.float64]

WEEK_SHARE = 0.0
# Factor on alpha that makes the tests alarm at alpha = 0.5 % on outbreak-free series (0.493 % on
# the 42 baselines of Noufaily et al. without outbreaks, calibration seed 7, 50 replicates).
ALPHA_CALIBRATION = 0.93
# The factor that does so on series whose history holds past outbreaks but with no current one
# (Noufaily et al.'s definition of the false-positive rate; same seed). Not the default: on
# outbreak-free series it alarms at 0.73 %. See bench/README.md.
ALPHA_CALIBRATION_PAST_OUTBREAKS = 1.35
# The factor at which it alarms as often as the improved Farrington method does on the
# benchmark's design (0.556 % on calibration seed 7, with past and current outbreaks): the
# operating point for comparing the two "at the same false-positive rate".
ALPHA_CALIBRATION_MATCHED = 1.47
_IRLS_ITERATIONS = 30
_IRLS_TOLERANCE = 1e-8
_MAX_BATCH = 1_500_000  # (series x evaluated steps) x steps held at once, to bound memory
_LOG_MU = (-30.0, 30.0)


@dataclass(frozen=True)
class _Fit:
    beta: Floats  # (batch, p)
    covariance: Floats  # (batch, p, p): phi * (X'WX)^-1
    phi: Floats  # (batch,)


def _steps_per_year(days: NDArray[np.int64]) -> tuple[float, int]:
    """(steps per year, days per step); the dates must be evenly spaced by 1 or 7 days."""
    gaps = np.diff(days)
    if gaps.size and not (gaps == gaps[0]).all():
        raise ValueError("the dates must be evenly spaced")
    step = int(gaps[0]) if gaps.size else 7
    if step == 7:
        return 52.0, 7
    if step == 1:
        return 365.25, 1
    raise ValueError("the dates must be daily or weekly")


def design_matrix(
    dates: ArrayLike,
    *,
    harmonics: int = 2,
    trend: bool = True,
    steps_per_year: float | None = None,
    holidays: ArrayLike | None = None,
) -> Floats:
    """Columns of the baseline model: intercept, trend (in years, 0 at the last step), cos/sin
    pairs, day of week (daily data) and a holiday indicator (when ``holidays`` are given)."""
    days = np.asarray(dates).astype("datetime64[D]").astype(np.int64)
    per_year, step_days = _steps_per_year(days)
    per_year = steps_per_year or per_year
    steps = np.arange(days.size, dtype=np.float64)
    columns = [np.ones_like(steps)]
    if trend:
        columns.append((steps - steps[-1]) / per_year)
    for j in range(1, harmonics + 1):
        angle = 2 * np.pi * j * steps / per_year
        columns += [np.cos(angle), np.sin(angle)]
    if step_days == 1:
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
        columns += [(weekday == d).astype(np.float64) for d in range(1, 7)]
    if holidays is not None:
        holiday_days = np.asarray(holidays).astype("datetime64[D]").astype(np.int64)
        columns.append(np.isin(days, holiday_days).astype(np.float64))
    return np.stack(columns, axis=1)


def _mean(beta: Floats, x: Floats) -> Floats:
    return np.asarray(np.exp(np.clip(beta @ x.T, *_LOG_MU)))


def _ridged(information: Floats) -> Floats:
    """X'WX plus a ridge a billionth of its own scale, per series: keeps it invertible for a
    series without counts, or with all its weight on a few steps (a series that began lately)."""
    p = information.shape[-1]
    scale = np.trace(information, axis1=1, axis2=2) / p + 1.0
    return np.asarray(information + (1e-9 * scale)[:, None, None] * np.eye(p), dtype=np.float64)


def _irls(y: Floats, weight: Floats, x: Floats, beta: Floats) -> tuple[Floats, Floats]:
    """Weighted Poisson log-link IRLS of a batch of rows of ``y`` sharing the design ``x``.
    Returns the coefficients and the inverse of X'WX."""
    p = x.shape[1]
    outer = (x[:, :, None] * x[:, None, :]).reshape(x.shape[0], p * p)
    beta = np.array(beta, dtype=np.float64)
    # Only the rows still moving are iterated: a converged row stops where it is, so that its
    # result does not depend on the rest of the batch (and most rows converge in a few steps).
    active = np.arange(y.shape[0])
    for _ in range(_IRLS_ITERATIONS):
        if active.size == 0:
            break
        eta = np.clip(beta[active] @ x.T, *_LOG_MU)
        mu = np.exp(eta)
        w = weight[active] * mu
        information = _ridged((w @ outer).reshape(-1, p, p))
        step = np.linalg.solve(information, ((w * (eta + (y[active] - mu) / mu)) @ x)[:, :, None])[:, :, 0]
        moved = np.abs(step - beta[active]).max(axis=1)
        beta[active] = step
        active = active[moved >= _IRLS_TOLERANCE]
    information = _ridged(((weight * _mean(beta, x)) @ outer).reshape(-1, p, p))
    inverse = np.asarray(np.linalg.inv(information), dtype=np.float64)
    return beta, inverse


def _survival(k: Floats, mean: Floats, size: Floats) -> Floats:
    """P(Y > k), Y negative binomial (mean, size), Poisson where size is infinite; computed as an
    upper tail (not 1 - CDF) so that small p-values keep their precision."""
    poisson = ~np.isfinite(size)
    n = np.where(poisson, 1.0, size)
    kk = np.maximum(k, 0.0)
    # P(Y > k) = P(k + 1, mean) for the Poisson, I_{mean/(n+mean)}(k + 1, n) for the negative binomial.
    value = np.where(poisson, sc.gammainc(kk + 1.0, mean), sc.betainc(kk + 1.0, n, mean / (n + mean)))
    return np.asarray(np.where(k < 0, 1.0, value))


def _pearson_phi(y: Floats, mu: Floats, weight: Floats, p: int) -> Floats:
    """Weighted Pearson dispersion, at least 1."""
    used = weight.sum(axis=1)
    return np.asarray(np.maximum(1.0, (weight * (y - mu) ** 2 / mu).sum(axis=1) / np.maximum(used - p, 1.0)))


def _fit(y: Floats, mask: Floats, x: Floats, threshold: float) -> _Fit:
    """Poisson fit; Farrington's reweighting of steps with large Anscombe residuals; refit; dispersion."""
    p = x.shape[1]
    beta = np.zeros((y.shape[0], p))
    beta[:, 0] = np.log((y * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1.0) + 0.5)
    beta, _ = _irls(y, mask, x, beta)
    mu = _mean(beta, x)
    phi = _pearson_phi(y, mu, mask, p)
    anscombe = 1.5 * (np.cbrt(y) ** 2 - np.cbrt(mu) ** 2) / (mu ** (1.0 / 6.0) * np.sqrt(phi)[:, None])
    with np.errstate(divide="ignore"):
        robust = np.where(anscombe > threshold, (threshold / anscombe) ** 2, 1.0)
    weight = mask * robust
    beta, inverse = _irls(y, weight, x, beta)
    phi = _pearson_phi(y, _mean(beta, x), weight, p)
    return _Fit(beta=beta, covariance=phi[:, None, None] * inverse, phi=phi)


def _drop_weak_trend(fit: _Fit, y: Floats, mask: Floats, x: Floats, threshold: float, p_value: float) -> _Fit:
    """Refit without the trend (column 1) where its two-sided Wald p-value is above ``p_value``: a
    trend that the data do not clearly show is mostly past outbreaks tilting the fit."""
    z = np.abs(fit.beta[:, 1]) / np.sqrt(np.maximum(fit.covariance[:, 1, 1], 1e-300))
    weak = sc.erfc(z / np.sqrt(2.0)) > p_value
    if not weak.any():
        return fit
    keep = np.delete(np.arange(x.shape[1]), 1)
    flat = _fit(y[weak], mask[weak], x[:, keep], threshold)
    beta, covariance, phi = fit.beta.copy(), fit.covariance.copy(), fit.phi.copy()
    beta[weak] = 0.0
    beta[np.ix_(weak, keep)] = flat.beta
    covariance[weak] = 0.0
    covariance[np.ix_(weak, keep, keep)] = flat.covariance
    phi[weak] = flat.phi
    return _Fit(beta=beta, covariance=covariance, phi=phi)


def _size(mean: Floats, variance: Floats) -> Floats:
    """Negative binomial size for a mean and a variance; infinite (Poisson) without overdispersion."""
    excess = variance - mean
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(excess > 1e-9 * mean, mean**2 / excess, np.inf))


def _tail(y: Floats, mean: Floats, size: Floats, midp: bool) -> Floats:
    """P(Y >= y), or the mid-p value P(Y > y) + P(Y = y) / 2."""
    at = _survival(y - 1.0, mean, size)
    if not midp:
        return at
    return np.asarray(0.5 * (at + _survival(y, mean, size)))


def _first_alarming(level: float, mean: Floats, size: Floats, offset: Floats, midp: bool) -> Floats:
    """The smallest count c >= 0 whose tail value at c + offset is <= level."""
    poisson = ~np.isfinite(size)
    n = np.where(poisson, 1.0, size)
    with np.errstate(invalid="ignore", divide="ignore"):
        beyond = np.where(poisson, st.poisson.isf(level, mean), st.nbinom.isf(level, n, n / (n + mean)))
    total = beyond + 1.0  # smallest total with P(Y >= total) <= level
    if midp:  # the mid-p value is below P(Y >= y) and above P(Y > y): the answer is total - 1 or total
        total = np.where(_tail(total - 1.0, mean, size, True) <= level, total - 1.0, total)
    return np.asarray(np.maximum(total - offset, 0.0))


OPTIONS = frozenset(
    {
        "alpha",
        "window",
        "harmonics",
        "trend",
        "trend_p",
        "exclude_recent",
        "history",
        "reweight_threshold",
        "week_share",
        "calibration",
        "midp",
        "steps_per_year",
        "holidays",
        "min_history",
    }
)


def earliest(dates: object, steps: int, options: Mapping[str, Any]) -> int:
    """The first column ``concord_detector`` can evaluate with ``options`` (for the registry)."""
    window, excluded = int(options.get("window", 2)), int(options.get("exclude_recent", 0))
    return int(options.get("min_history", 104)) + window - 1 + excluded


@dataclass(frozen=True)
class _Options:
    alpha: float
    window: int
    exclude_recent: int
    history: int | None
    reweight_threshold: float
    trend: bool
    trend_p: float
    week_share: float
    calibration: float
    midp: bool


def concord_detector(
    counts: ArrayLike,
    dates: ArrayLike,
    first: int,
    *,
    alpha: float = 0.005,
    window: int = 2,
    harmonics: int = 2,
    trend: bool = True,
    trend_p: float = 0.05,
    exclude_recent: int = 0,
    history: int | None = None,
    reweight_threshold: float = 2.58,
    week_share: float = WEEK_SHARE,
    calibration: float = ALPHA_CALIBRATION,
    midp: bool = True,
    steps_per_year: float | None = None,
    holidays: ArrayLike | None = None,
    min_history: int = 104,
) -> Detection:
    """Evaluate every series (rows of ``counts``) at the steps (columns) from ``first`` on.

    ``dates`` are the dates of the columns, evenly spaced by a day or a week. NaN counts are
    missing: left out of the fit, counted as 0 in a window total, never alarmed. Raises
    ValueError for bad options or when fewer than ``min_history`` steps can be fitted before the
    first evaluated window.
    """
    data = np.atleast_2d(np.asarray(counts, dtype=np.float64))
    series, steps = data.shape
    day = np.asarray(dates).astype("datetime64[D]")
    if day.shape != (steps,):
        raise ValueError("there must be one date per column of counts")
    if not 0 < alpha * calibration < 1 or not 0 <= week_share <= 1:
        raise ValueError("alpha * calibration must lie strictly between 0 and 1, week_share between 0 and 1")
    if window < 1 or exclude_recent < 0 or (window == 1 and week_share == 0):
        raise ValueError("window must be at least 1 (with week_share > 0 when it is 1), exclude_recent not negative")
    if np.any(data[np.isfinite(data)] < 0):
        raise ValueError("counts must not be negative")
    if not 0 <= first < steps:
        raise ValueError("first must be a column of counts")
    fitted = first - window + 1 - exclude_recent
    if fitted < min_history:
        raise ValueError(
            f"{min_history} steps of history are needed before the first evaluated window, not {max(fitted, 0)}"
        )
    x = design_matrix(day, harmonics=harmonics, trend=trend, steps_per_year=steps_per_year, holidays=holidays)
    options = _Options(
        alpha, window, exclude_recent, history, reweight_threshold, trend, trend_p, week_share, calibration, midp
    )
    evaluated = steps - first
    out = {name: np.full((series, evaluated), np.nan) for name in ("upper", "expected", "pvalue")}
    # Bounded memory: at most _MAX_BATCH (series x evaluated steps) x steps at once; each series
    # is fitted on its own, so how they are grouped changes no result.
    per_chunk = max(1, _MAX_BATCH // steps)
    rows = max(1, min(series, per_chunk))
    chunk = max(1, per_chunk // rows)
    for low in range(0, series, rows):
        part = slice(low, min(low + rows, series))
        view = {name: values[part] for name, values in out.items()}
        for start in range(first, steps, chunk):
            _evaluate(data[part], x, np.arange(start, min(start + chunk, steps)), first, options, view)
    observed = data[:, first:]
    alarm = np.isfinite(observed) & (observed > out["upper"])
    return Detection(
        observed=observed, upperbound=out["upper"], alarm=alarm, expected=out["expected"], pvalue=out["pvalue"]
    )


def _evaluate(
    data: Floats, x: Floats, block: NDArray[np.int64], first: int, o: _Options, out: dict[str, Floats]
) -> None:
    """Fit and test the steps of ``block`` for every series; writes into ``out``."""
    series, steps = data.shape
    known = np.isfinite(data)
    filled = np.where(known, data, 0.0)
    # Batch element b = (step i of the block, series s), step-major.
    end = block - o.window + 1 - o.exclude_recent
    begin = np.zeros_like(end) if o.history is None else np.maximum(end - o.history, 0)
    column = np.arange(steps)
    rows = (column[None, :] >= begin[:, None]) & (column[None, :] < end[:, None])
    mask = (rows[:, None, :] & known[None, :, :]).reshape(-1, steps).astype(np.float64)
    y = np.broadcast_to(filled[None, :, :], (block.size, series, steps)).reshape(-1, steps)
    fit = _fit(y, mask, x, o.reweight_threshold)
    if o.trend_p < 1.0 and o.trend:
        fit = _drop_weak_trend(fit, y, mask, x, o.reweight_threshold, o.trend_p)
    # The window's steps t - window + 1 .. t (those before column 0 count as 0).
    win = block[:, None] + np.arange(-o.window + 1, 1)[None, :]
    inside = np.repeat(win >= 0, series, axis=0)
    xw = np.repeat(x[np.maximum(win, 0)], series, axis=0)  # (batch, window, p)
    mu = np.exp(np.clip(np.einsum("bwp,bp->bw", xw, fit.beta), *_LOG_MU)) * inside
    cov_eta = np.einsum("bwp,bpq,bvq->bwv", xw, fit.covariance, xw)
    y_win = filled[:, np.maximum(win, 0)].transpose(1, 0, 2).reshape(-1, o.window) * inside
    mu_t, y_t = mu[:, -1], y_win[:, -1]
    level = o.alpha * o.calibration
    threshold = np.full_like(mu_t, np.inf)
    scaled = np.full_like(mu_t, np.inf)  # min over tests of tail value / the test's level
    if o.week_share > 0:
        week_level = level * o.week_share
        size = _size(mu_t, mu_t * fit.phi + mu_t**2 * cov_eta[:, -1, -1])
        threshold = _first_alarming(week_level, mu_t, size, np.zeros_like(mu_t), o.midp)
        scaled = _tail(y_t, mu_t, size, o.midp) / week_level
    if o.window > 1 and o.week_share < 1:
        window_level = level * (1.0 - o.week_share)
        total = mu.sum(axis=1)
        size = _size(total, total * fit.phi + np.einsum("bw,bwv,bv->b", mu, cov_eta, mu))
        earlier = y_win[:, :-1].sum(axis=1)
        # The window test also needs the current count above its own mean.
        at = np.maximum(_first_alarming(window_level, total, size, earlier, o.midp), np.floor(mu_t) + 1.0)
        threshold = np.minimum(threshold, at)
        tail = np.where(y_t > mu_t, _tail(earlier + y_t, total, size, o.midp), np.inf)
        scaled = np.minimum(scaled, tail / window_level)
    columns = block - first
    shape = (block.size, series)
    out["upper"][:, columns] = (threshold - 1.0).reshape(shape).T
    out["expected"][:, columns] = mu_t.reshape(shape).T
    out["pvalue"][:, columns] = np.minimum(1.0, scaled * o.alpha).reshape(shape).T
