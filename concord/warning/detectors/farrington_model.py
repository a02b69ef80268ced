"""The model step shared by both Farrington detectors: for one evaluated week, fit the
quasi-Poisson GLM of every series (with the trend where it is kept), reweight, and predict.

This follows R's ``surveillance`` (``algo.farrington.fitGLM.flexible`` / ``.fast`` and
``algo.farrington.glm``): fit with a trend; without it when that fit does not converge;
compute the dispersion phi (at least 1); refit with Anscombe-residual weights; keep the trend
only when b >= 3, it is significant and the prediction does not exceed the largest baseline
count, else refit without it. Each choice is a mask over series, never a loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.special as sc
from numpy.typing import NDArray

from concord.warning.detectors.glm import (
    MU_FLOOR,
    Design,
    Fit,
    Floats,
    fit_quasipoisson,
    hat_values,
    quadratic_form,
    weighted_dispersion,
    working_dispersion,
)

Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class WeekDesign:
    """What every series shares for one evaluated week."""

    columns: NDArray[np.intp]  # count columns of the design rows, in design order
    design: Design  # with the trend column
    time_now: float  # the evaluated week on the design's time scale
    level_now: int
    # Date-based farringtonFlexible predicts at a time counted from the first baseline week
    # that has a count, not from the first baseline week: per row, its time since the first.
    shift_if_first: Floats | None = None


@dataclass(frozen=True)
class ModelSettings:
    """How the two methods differ in fitting (see R's fitGLM.flexible and fitGLM.fast)."""

    trend: bool
    reweight: bool
    weights_threshold: float
    p_threshold_trend: float
    b: int
    flexible: bool  # farringtonFlexible (True) or algo.farrington (False)


@dataclass(frozen=True)
class Prediction:
    """Per series, for the evaluated week."""

    eta: Floats  # linear predictor (with offset)
    se_link: Floats  # its standard error
    phi: Floats  # dispersion, at least 1
    trend: Bools  # the trend was kept
    slope: Floats  # the trend coefficient where kept, else NaN
    null: Bools  # no model (R's NULL: no convergence with nor without the trend)


@dataclass(frozen=True)
class _Fitted:
    fit: Fit
    phi: Floats
    dispersion: Floats  # what summary.glm would use for the trend test / se
    first_converged: Bools


def anscombe_weights(design: Design, fit: Fit, y: Floats, prior: Floats, phi: Floats, threshold: float) -> Floats:
    """Weights from Anscombe residuals: gamma / s^2 above ``threshold``, gamma elsewhere, with
    gamma such that the weights of the used rows average 1; rows with prior weight 0 get 0."""
    used = prior > 0
    hat = hat_values(design, fit, prior)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu = fit.mu
        s = 1.5 * (y ** (2.0 / 3.0) * mu ** (-1.0 / 6.0) - np.sqrt(mu)) / np.sqrt(phi[:, None] * (1 - hat))
        big = s > threshold
        raw = np.where(big, s ** (-2.0), 1.0)
        raw = np.where(used, raw, 0.0)
        gamma = used.sum(axis=1) / raw.sum(axis=1)
        weights = gamma[:, None] * raw
    return np.asarray(weights, dtype=np.float64)


def _fit(design: Design, y: Floats, prior: Floats, offset: Floats | None, settings: ModelSettings) -> _Fitted:
    """One fitGLM call: the first fit, phi, and the reweighted refit."""
    first = fit_quasipoisson(design, y, prior, offset)
    raw_phi = working_dispersion(first, y, prior)
    phi = np.maximum(raw_phi, 1.0)  # NaN stays NaN, as with R's max()
    if not settings.reweight:
        return _Fitted(first, phi, raw_phi, first.converged)
    weights = anscombe_weights(design, first, y, prior, phi, settings.weights_threshold)
    final = fit_quasipoisson(design, y, weights, offset)
    raw_phi = working_dispersion(final, y, weights)
    phi = np.maximum(raw_phi, 1.0)
    # farringtonFlexible stores the reweighting weights in model$weights before summary.glm
    # and predict.glm see the model, so they estimate the dispersion with them.
    dispersion = weighted_dispersion(final, y, weights) if settings.flexible else raw_phi
    return _Fitted(final, phi, dispersion, first.converged & ~final.failed)


def _at_now(
    week: WeekDesign, design: Design, fitted: _Fitted, time_now: Floats, offset_now: Floats
) -> tuple[Floats, Floats]:
    """Linear predictor and x0' (X'WX)^-1 x0 at the evaluated week."""
    level = np.array([week.level_now], dtype=np.intp)
    coef = fitted.fit.coef
    eta = coef[:, 0] + offset_now
    if design.levels > 1 and week.level_now > 0:
        eta = eta + coef[:, 1 + int(design.trend) + week.level_now - 1]
    if design.trend:
        eta = eta + coef[:, 1] * time_now
    quad = quadratic_form(design, fitted.fit.cov, time_now[:, None], level)[:, 0]
    return eta, quad


def _significant(fitted: _Fitted, threshold: float) -> Bools:
    """Two-sided t-test of the trend coefficient, as summary.glm does it (NaN: not significant)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(fitted.dispersion * fitted.fit.cov[:, 1, 1])
        t = fitted.fit.coef[:, 1] / se
        pvalue = 2 * np.asarray(sc.stdtr(fitted.fit.df_residual, -np.abs(t)), dtype=np.float64)
    return np.asarray(pvalue < threshold, dtype=np.bool_)


def predict_week(
    week: WeekDesign, counts: Floats, settings: ModelSettings, population: Floats | None = None, now: int = -1
) -> Prediction:
    """Fit every series (rows of ``counts``) for one evaluated week and predict that week."""
    series = counts.shape[0]
    # C order: a row's sums then run in the same order whatever the other rows (F order would not).
    raw = np.ascontiguousarray(counts[:, week.columns])
    observed = np.isfinite(raw)
    y = np.where(observed, raw, 0.0)
    prior = observed.astype(np.float64)
    offset = None if population is None else np.log(np.ascontiguousarray(population[:, week.columns]))
    offset_now = np.zeros(series) if population is None else np.log(population[:, now])
    time_now = np.full(series, week.time_now)
    if week.shift_if_first is not None:
        first_seen = np.min(np.where(observed, week.shift_if_first, np.inf), axis=1)
        time_now = time_now - np.where(np.isfinite(first_seen), first_seen, 0.0)
    largest = np.max(np.where(observed, raw, -np.inf), axis=1)

    eta = np.full(series, np.nan)
    quad = np.full(series, np.nan)
    phi = np.full(series, np.nan)
    dispersion = np.full(series, np.nan)
    slope = np.full(series, np.nan)
    kept = np.zeros(series, dtype=np.bool_)
    if settings.trend:
        with_trend = _fit(week.design, y, prior, offset, settings)
        eta_t, quad_t = _at_now(week, week.design, with_trend, time_now, offset_now)
        with np.errstate(over="ignore"):
            mu_now = np.maximum(np.exp(eta_t), MU_FLOOR)
        kept = (
            with_trend.first_converged & (settings.b >= 3) & _significant(with_trend, settings.p_threshold_trend)
        ) & (mu_now <= largest)
        eta[kept], quad[kept], phi[kept] = eta_t[kept], quad_t[kept], with_trend.phi[kept]
        dispersion[kept] = with_trend.dispersion[kept]
        slope[kept] = with_trend.fit.coef[kept, 1]
    redo = np.flatnonzero(~kept)
    null = np.zeros(series, dtype=np.bool_)
    if redo.size:
        flat = week.design.without_trend()
        sub_offset = None if offset is None else offset[redo]
        plain = _fit(flat, y[redo], prior[redo], sub_offset, settings)
        eta_p, quad_p = _at_now(week, flat, plain, time_now[redo], offset_now[redo])
        eta[redo], quad[redo], phi[redo], dispersion[redo] = eta_p, quad_p, plain.phi, plain.dispersion
        # farringtonFlexible gives up on a series whose model converges neither with nor without trend.
        null[redo] = ~plain.first_converged if settings.flexible else plain.fit.failed
    scale = dispersion if settings.flexible else phi
    with np.errstate(invalid="ignore"):
        se_link = np.sqrt(quad * scale)
    gone = null | ~np.isfinite(eta)
    for values in (eta, se_link, phi, slope):
        values[gone] = np.nan
    return Prediction(eta=eta, se_link=se_link, phi=phi, trend=kept & ~gone, slope=slope, null=null | gone)
