"""Quasi-Poisson GLMs with a log link, fitted to many count series at once (stacked IRLS).

The designs are those of the Farrington family: an intercept, optionally a linear time
trend, and optionally one dummy per seasonal level after the first. All series share the
design rows and differ in their counts and prior weights, so the normal equations of every
series come from a few per-level sums of the working weights (``np.add.reduceat`` over rows
sorted by level) and one batched ``np.linalg.solve``.

The iteration copies R's ``glm.fit``: start at ``mu = y + 0.1``, stop when the relative change
of the deviance is below ``epsilon`` (at most ``maxit`` steps), and keep the working weights of
the last step (computed from the means before it), from which R's QR decomposition, its
dispersion estimate and its hat values come. Each series stops at its own convergence step,
and every reduction runs along one series' row only, so a series gets bit-identical results
whichever other series it is fitted with.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

# R's quasipoisson()$linkinv floors the means at the machine epsilon.
MU_FLOOR = float(np.finfo(np.float64).eps)
LOG_MU_FLOOR = float(np.log(MU_FLOOR))

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Design:
    """Rows shared by every series: their time (any origin) and seasonal level (0 = reference).

    Rows must be sorted by level. The columns are the intercept, the trend when ``trend`` is
    set, and a dummy for every level after the first.
    """

    time: Floats
    level: NDArray[np.intp]
    levels: int
    trend: bool

    def __post_init__(self) -> None:
        if self.time.shape != self.level.shape or self.time.ndim != 1:
            raise ValueError("time and level must be 1-D arrays of the same length")
        if np.any(np.diff(self.level) < 0):
            raise ValueError("design rows must be sorted by level")
        present = np.unique(self.level)
        if present.size != self.levels or present[0] != 0 or present[-1] != self.levels - 1:
            raise ValueError("every level 0..levels-1 needs at least one row")

    @property
    def width(self) -> int:
        """Number of coefficients."""
        return 1 + int(self.trend) + self.levels - 1

    @cached_property
    def starts(self) -> NDArray[np.intp]:
        """First row of each level (segments for ``np.add.reduceat``)."""
        return np.searchsorted(self.level, np.arange(self.levels)).astype(np.intp)

    @cached_property
    def rows_per_level(self) -> NDArray[np.intp]:
        """Number of rows of each level."""
        return np.bincount(self.level, minlength=self.levels).astype(np.intp)

    def without_trend(self) -> Design:
        """The same rows, intercept and levels only."""
        return Design(self.time, self.level, self.levels, trend=False)


@dataclass(frozen=True)
class Fit:
    """One fitted model per series. ``cov`` is the unscaled covariance (X'WX)^-1 with the
    working weights of the last step; ``mu_before`` the means those weights came from."""

    coef: Floats  # (S, p)
    mu: Floats  # (S, n)
    mu_before: Floats  # (S, n)
    cov: Floats  # (S, p, p)
    converged: NDArray[np.bool_]  # (S,)
    failed: NDArray[np.bool_]  # (S,) no usable fit at all (NaN coefficients)
    df_residual: Floats  # (S,) observations with positive weight minus coefficients


def _level_sums(design: Design, values: Floats) -> Floats:
    """Sum of each series' values over the rows of each level: (S, n) -> (S, levels)."""
    return np.add.reduceat(values, design.starts, axis=1)


def _normal_equations(design: Design, w: Floats, wz: Floats) -> tuple[Floats, Floats]:
    """X'WX (S, p, p) and X'Wz (S, p) from per-level sums, using the design's structure."""
    t = design.time
    s0 = _level_sums(design, w)
    r0 = _level_sums(design, wz)
    series = w.shape[0]
    p = design.width
    a = np.zeros((series, p, p))
    rhs = np.zeros((series, p))
    a[:, 0, 0] = s0.sum(axis=1)
    rhs[:, 0] = r0.sum(axis=1)
    first_dummy = 1
    if design.trend:
        wt = w * t
        s1 = _level_sums(design, wt)
        s2 = _level_sums(design, wt * t)
        r1 = _level_sums(design, wz * t)
        a[:, 0, 1] = a[:, 1, 0] = s1.sum(axis=1)
        a[:, 1, 1] = s2.sum(axis=1)
        rhs[:, 1] = r1.sum(axis=1)
        first_dummy = 2
    if design.levels > 1:
        dummies = np.arange(first_dummy, p)
        a[:, 0, dummies] = a[:, dummies, 0] = a[:, dummies, dummies] = s0[:, 1:]
        rhs[:, dummies] = r0[:, 1:]
        if design.trend:
            a[:, 1, dummies] = a[:, dummies, 1] = s1[:, 1:]
    return a, rhs


def _split(design: Design, coef: Floats) -> tuple[Floats, Floats, Floats]:
    """(intercept (S,), slope (S,), level effects (S, levels) with 0 for the reference level)."""
    series = coef.shape[0]
    slope = coef[:, 1] if design.trend else np.zeros(series)
    effects = np.zeros((series, design.levels))
    effects[:, 1:] = coef[:, 1 + int(design.trend) :]
    return coef[:, 0], slope, effects


def linear_predictor(design: Design, coef: Floats) -> Floats:
    """X @ coef for every series: (S, n), without any offset."""
    intercept, slope, effects = _split(design, coef)
    # Rows are sorted by level: repeating each level's (effect + intercept) is the gather, only faster.
    eta = np.repeat(effects + intercept[:, None], design.rows_per_level, axis=1)
    if design.trend:
        eta += slope[:, None] * design.time
    return eta


def quadratic_form(design: Design, cov: Floats, time: Floats, level: NDArray[np.intp]) -> Floats:
    """x' cov x per series for rows at ``time`` (broadcastable to (S, m)) in levels ``level`` (m,)."""
    lv = np.arange(1, design.levels)
    first_dummy = 1 + int(design.trend)
    const = np.repeat(cov[:, 0, 0][:, None], design.levels, axis=1)
    dummy = np.arange(first_dummy, design.width)
    const[:, 1:] += 2 * cov[:, 0, dummy] + cov[:, dummy, dummy]
    result = const[:, level]
    if design.trend:
        linear = np.repeat(2 * cov[:, 0, 1][:, None], design.levels, axis=1)
        linear[:, lv] += 2 * cov[:, 1, dummy]
        result = result + linear[:, level] * time + cov[:, 1, 1][:, None] * time * time
    return np.asarray(result, dtype=np.float64)


def _fittable(design: Design, prior: Floats) -> NDArray[np.bool_]:
    """Series whose weighted rows identify every coefficient and leave residual degrees of freedom."""
    used = (prior > 0).astype(np.float64)
    per_level = _level_sums(design, used)
    ok = (per_level > 0).all(axis=1) & (used.sum(axis=1) > design.width) & np.isfinite(prior).all(axis=1)
    if design.trend:
        # With one dummy per level, the trend needs two weighted rows (two dates) in some level.
        ok &= (per_level >= 2).any(axis=1)
    return np.asarray(ok, dtype=np.bool_)


def _solve(a: Floats, rhs: Floats) -> Floats:
    """Batched solve of a @ x = rhs; a system that is not finite or singular gives NaN."""
    bad: NDArray[np.bool_] = np.asarray(~(np.isfinite(a).all(axis=(1, 2)) & np.isfinite(rhs).all(axis=1)))
    if bad.any():
        a = np.where(bad[:, None, None], np.eye(a.shape[1]), a)
        rhs = np.where(bad[:, None], 0.0, rhs)
    try:
        x = np.linalg.solve(a, rhs[:, :, None])[:, :, 0]
    except np.linalg.LinAlgError:
        singular: NDArray[np.bool_] = np.asarray(np.linalg.det(a) == 0)
        x = np.linalg.solve(np.where(singular[:, None, None], np.eye(a.shape[1]), a), rhs[:, :, None])[:, :, 0]
        bad |= singular
    x[bad] = np.nan
    return np.asarray(x, dtype=np.float64)


@dataclass
class _Working:
    """The series still iterating, compacted now and then so that finished ones cost nothing."""

    index: NDArray[np.intp]
    y: Floats
    prior: Floats
    prior_y: Floats
    offset: Floats | None
    deviance_constant: Floats
    mu: Floats
    eta: Floats
    deviance: Floats
    unit_prior: bool  # every prior weight is 1: skip multiplying by them

    def keep(self, rows: NDArray[np.bool_]) -> _Working:
        return _Working(
            self.index[rows],
            self.y[rows],
            self.prior[rows],
            self.prior_y[rows],
            None if self.offset is None else self.offset[rows],
            self.deviance_constant[rows],
            self.mu[rows],
            self.eta[rows],
            self.deviance[rows],
            self.unit_prior,
        )

    def deviance_at(self, mu: Floats, eta: Floats) -> Floats:
        """Poisson deviance 2 * sum(prior * (y log(y/mu) - (y - mu))), the y-only part precomputed."""
        scratch = np.maximum(eta, LOG_MU_FLOOR)  # log(mu)
        scratch *= self.prior_y
        y_log_mu = scratch.sum(axis=1)
        fitted = mu.sum(axis=1) if self.unit_prior else np.multiply(self.prior, mu, out=scratch).sum(axis=1)
        return np.asarray(self.deviance_constant + 2.0 * (fitted - y_log_mu), dtype=np.float64)


def fit_quasipoisson(
    design: Design,
    y: Floats,
    prior: Floats,
    offset: Floats | None = None,
    *,
    maxit: int = 25,
    epsilon: float = 1e-8,
) -> Fit:
    """Fit ``y ~ design`` (quasi-Poisson, log link) for every series by IRLS, as R's glm.fit.

    ``y`` and ``prior`` are (S, n); rows with prior weight 0 take no part (missing counts must
    come with weight 0 and any finite ``y``). ``offset`` is added to the linear predictor.
    Series whose weighted rows cannot identify the model get ``failed`` and NaN coefficients.
    """
    # Row sums of C-ordered arrays do not depend on the other rows: bit-identical results per series.
    y, prior = np.ascontiguousarray(y), np.ascontiguousarray(prior)
    offset = None if offset is None else np.ascontiguousarray(offset)
    series = y.shape[0]
    p = design.width
    ok = _fittable(design, prior)
    prior = np.where(ok[:, None], prior, 1.0)  # placeholder weights keep the batched solve regular
    ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0)
    mu = y + 0.1
    eta = np.log(mu)
    work = _Working(
        index=np.arange(series),
        y=y,
        prior=prior,
        prior_y=prior * y,
        offset=offset,
        deviance_constant=2.0 * (prior * (ylogy - y)).sum(axis=1),
        mu=mu,
        eta=eta,
        deviance=np.zeros(series),
        unit_prior=bool(np.all(prior == 1.0)),
    )
    work.deviance = work.deviance_at(mu, eta)
    coef = np.full((series, p), np.nan)
    normal = np.zeros((series, p, p))
    mu_out = np.empty_like(y)
    mu_before = np.empty_like(y)
    converged = np.zeros(series, dtype=np.bool_)
    failed = ~ok
    pending = np.ones(series, dtype=np.bool_)
    for step in range(maxit):
        w = work.mu if work.unit_prior else work.prior * work.mu
        # w * z with z = eta + (y - mu) / mu, i.e. w * (eta - 1) + prior * y
        wz = np.subtract(work.eta, 1.0) if work.offset is None else (work.eta - work.offset) - 1.0
        wz *= w
        wz += work.prior_y
        a, rhs = _normal_equations(design, w, wz)
        beta = _solve(a, rhs)
        eta_new = linear_predictor(design, beta)
        if work.offset is not None:
            eta_new += work.offset
        with np.errstate(over="ignore", invalid="ignore"):
            mu_new = np.exp(eta_new)
            np.maximum(mu_new, MU_FLOOR, out=mu_new)
            dev = work.deviance_at(mu_new, eta_new)
            # R halves the step here; a series that gets this far from its data counts as failed.
            broken = ~np.isfinite(dev) | ~np.isfinite(beta).all(axis=1)
            done = ~broken & (np.abs(dev - work.deviance) / (np.abs(dev) + 0.1) < epsilon)
        finished = pending & (done | broken)
        save = finished if step < maxit - 1 else pending
        if save.any():
            rows = work.index[save]
            coef[rows], normal[rows], mu_before[rows], mu_out[rows] = beta[save], a[save], work.mu[save], mu_new[save]
            converged[work.index[finished & done]] = True
            failed[work.index[finished & broken]] = True
        pending &= ~finished
        work.mu, work.eta, work.deviance = mu_new, eta_new, dev
        if not pending.any():
            break
        if pending.sum() < 0.75 * pending.size:
            work = work.keep(pending)
            pending = np.ones(work.index.size, dtype=np.bool_)
    cov = np.asarray(np.linalg.inv(np.where(failed[:, None, None], np.eye(p), normal)), dtype=np.float64)
    coef[failed] = np.nan
    cov[failed] = np.nan
    converged &= ~failed
    df = (prior > 0).sum(axis=1).astype(np.float64) - p
    return Fit(coef=coef, mu=mu_out, mu_before=mu_before, cov=cov, converged=converged, failed=failed, df_residual=df)


def working_dispersion(fit: Fit, y: Floats, prior: Floats) -> Floats:
    """R's summary.glm dispersion: working weights times squared working residuals, over df."""
    with np.errstate(divide="ignore", invalid="ignore"):
        resid = (y - fit.mu) / fit.mu
        return np.asarray((prior * fit.mu_before * resid * resid).sum(axis=1) / fit.df_residual, dtype=np.float64)


def weighted_dispersion(fit: Fit, y: Floats, weights: Floats) -> Floats:
    """summary.glm's dispersion once ``model$weights`` holds the prior weights (as farringtonFlexible leaves it)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        resid = (y - fit.mu) / fit.mu
        return np.asarray((weights * resid * resid).sum(axis=1) / fit.df_residual, dtype=np.float64)


def hat_values(design: Design, fit: Fit, prior: Floats) -> Floats:
    """Diagonal of the hat matrix of the last IRLS step, set to 1 within 10 eps of it (as R does)."""
    q = quadratic_form(design, fit.cov, design.time, design.level)
    hat = prior * fit.mu_before * q
    return np.where(hat > 1 - 10 * np.finfo(np.float64).eps, 1.0, hat)
