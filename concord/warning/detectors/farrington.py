"""Farrington outbreak detectors, as R's ``surveillance`` 1.20.3 computes them.

``farrington``: the classic method (Farrington et al. 1996; R's ``algo.farrington``). The
baseline is ``w`` weeks either side of the same week 1..b years back; a quasi-Poisson GLM
with a linear trend (kept only when significant at 5%, b >= 3 and not extrapolating above
the largest baseline count), reweighted by Anscombe residuals, predicts the week; the
threshold is the upper limit of a two-sided (1 - alpha) prediction interval after a 2/3
power transformation.

``farrington_flexible``: R's ``farringtonFlexible``, which also does the improved method of
Noufaily et al. (2013): the baseline may take every past week of the b years, split into
``no_periods`` seasonal levels, the last ``past_weeks_not_included`` weeks are left out, the
trend is tested at ``p_threshold_trend``, and the threshold is a one-sided delta-method
limit (``delta``) or a negative binomial quantile (``nbPlugin``, ``muan``).

Both take counts of shape (series, weeks), the week dates (or None: then a year is 52 steps)
and the first column to evaluate, evaluate every series at once week by week, and alarm only
when at least ``limit54[0]`` cases fell in the last ``limit54[1]`` weeks. Missing counts
(NaN) are left out of the baseline, as farringtonFlexible drops them.

Where R gives no number these give NaN (and no alarm). Deliberate differences from R, all
outside what R computes without a warning: where R's model converges neither with nor
without trend, R leaves ``expected`` at 0 and ``alarm`` NA, here both are NaN / False; R's
algo.farrington stops on a missing count, here it is left out as above; a baseline window
reaching before the data, or fewer weeks between windows than ``no_periods - 1``, is a
ValueError (R errors, or silently drops or overwrites weeks); a series whose observed
baseline cannot identify the model (a whole seasonal level missing), or whose IRLS
diverges (where R would halve the step), gets NaN for that week.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.typing import ArrayLike, NDArray

from concord.warning.detectors.farrington_model import ModelSettings, Prediction, WeekDesign, predict_week
from concord.warning.detectors.glm import MU_FLOOR, Design, Floats
from concord.warning.detectors.reference import (
    classic_reference_columns,
    day_numbers,
    reference_weeks,
    seasonal_levels,
)
from concord.warning.detectors.result import Detection
from concord.warning.detectors.thresholds import (
    POWERS,
    count_upper_tail,
    delta_upper,
    normal_quantile,
    normal_upper_tail,
    noufaily_upper,
)

Dates = Sequence[dt.date] | NDArray[np.datetime64] | None
THRESHOLD_METHODS = ("delta", "nbPlugin", "muan")
# Series fitted together: bounds memory (a few dozen arrays of chunk x baseline weeks).
SERIES_PER_CHUNK = 1024
# Chunks run in threads (NumPy releases the GIL in its loops); results do not depend on it.
THREADS = os.cpu_count() or 1


def _counts(counts: ArrayLike) -> Floats:
    data = np.asarray(counts, dtype=np.float64)
    if data.ndim == 1:
        data = data[None, :]
    if data.ndim != 2:
        raise ValueError("counts must be 1-D (one series) or 2-D (series x weeks)")
    if np.isinf(data).any() or (data < 0).any():
        raise ValueError("counts must be non-negative numbers (NaN for missing)")
    return data


def _check_common(steps: int, first: int, b: int, w: int, alpha: float, limit54: tuple[int, int]) -> None:
    if not 0 <= first < steps:
        raise ValueError(f"first must be a column of the counts (0..{steps - 1}), got {first}")
    if b < 1 or w < 0:
        raise ValueError("b must be at least 1 and w at least 0")
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie between 0 and 1")
    cases, period = limit54
    if cases < 0 or period < 1:
        raise ValueError("limit54 needs cases >= 0 and a period of at least 1 week")


def _population(population: ArrayLike | None, shape: tuple[int, int]) -> Floats | None:
    if population is None:
        return None
    values = np.broadcast_to(np.asarray(population, dtype=np.float64), shape)
    if not (np.isfinite(values) & (values > 0)).all():
        raise ValueError("population must be positive and finite")
    return values


def _centred(
    columns: NDArray[np.intp],
    wtime: Floats,
    level: NDArray[np.intp],
    levels: int,
    now_time: float,
    level_now: int,
    shift: Floats | None,
) -> WeekDesign:
    """A week design with rows sorted by level and time centred (R's fits do not depend on either)."""
    order = np.lexsort((wtime, level))
    centre = float(np.mean(wtime))
    design = Design(time=wtime[order] - centre, level=level[order], levels=levels, trend=True)
    return WeekDesign(
        columns=columns[order],
        design=design,
        time_now=now_time - centre,
        level_now=level_now,
        shift_if_first=None if shift is None else shift[order],
    )


def flexible_week(
    days: NDArray[np.int64] | None, now: int, b: int, w: int, no_periods: int, past_weeks_not_included: int
) -> WeekDesign:
    """The baseline of farringtonFlexible for column ``now``: R's blocks without the recent weeks."""
    weeks = reference_weeks(days, now, b)
    level = seasonal_levels(now, weeks, w, no_periods)
    level[max(now - past_weeks_not_included, 0) : now + 1] = np.nan
    columns = np.flatnonzero(~np.isnan(level)).astype(np.intp)
    if columns.size == 0:
        raise ValueError("past_weeks_not_included leaves no baseline weeks")
    if days is None:
        wtime = columns.astype(np.float64) + 1.0  # R's index-based time is the 1-based position
        now_time = now + 1.0
        shift = None
    else:
        wtime = (days[columns] - days[columns[0]]).astype(np.float64) / 7.0
        now_time = float(days[now] - days[columns[0]]) / 7.0
        shift = wtime
    present = np.unique(level[columns]).astype(np.intp)
    if no_periods == 1:
        return _centred(columns, wtime, np.zeros(columns.size, np.intp), 1, now_time, 0, shift)
    if no_periods not in present:
        raise ValueError("past_weeks_not_included leaves out every week of the current season")
    index = np.searchsorted(present, level[columns].astype(np.intp)).astype(np.intp)
    level_now = int(np.searchsorted(present, no_periods))
    return _centred(columns, wtime, index, present.size, now_time, level_now, shift)


def classic_week(days: NDArray[np.int64] | None, now: int, b: int, w: int) -> WeekDesign:
    """The baseline of algo.farrington for column ``now``; its time is the 1-based position."""
    columns = classic_reference_columns(days, now, b, w)
    return _centred(columns, columns.astype(np.float64) + 1.0, np.zeros(columns.size, np.intp), 1, now + 1.0, 0, None)


def _recent_cases(data: Floats, now: int, period: int) -> Floats:
    """Cases in the last ``period`` weeks up to ``now`` (NaN if one is missing)."""
    return np.asarray(data[:, max(now - period + 1, 0) : now + 1].sum(axis=1), dtype=np.float64)


def _chunks(series: int) -> list[slice]:
    return [slice(start, min(start + SERIES_PER_CHUNK, series)) for start in range(0, series, SERIES_PER_CHUNK)]


def _predict(
    data: Floats, week: WeekDesign, settings: ModelSettings, population: Floats | None, now: int
) -> Prediction:
    def run(rows: slice) -> Prediction:
        return predict_week(week, data[rows], settings, None if population is None else population[rows], now)

    chunks = _chunks(data.shape[0])
    if len(chunks) == 1:
        return run(chunks[0])
    with ThreadPoolExecutor(max_workers=min(THREADS, len(chunks))) as pool:
        parts = list(pool.map(run, chunks))
    return Prediction(
        *(np.concatenate([getattr(part, name) for part in parts]) for name in Prediction.__dataclass_fields__)
    )


def farrington_flexible(
    counts: ArrayLike,
    dates: Dates,
    first: int,
    *,
    b: int = 5,
    w: int = 3,
    no_periods: int = 1,
    alpha: float = 0.05,
    weights_threshold: float = 2.58,
    past_weeks_not_included: int | None = None,
    p_threshold_trend: float = 0.05,
    threshold_method: str = "delta",
    limit54: tuple[int, int] = (5, 4),
    reweight: bool = True,
    trend: bool = True,
    power_trans: str = "2/3",
    population: ArrayLike | None = None,
) -> Detection:
    """R's farringtonFlexible for every series (row of ``counts``) from column ``first`` on.

    The options mirror R's control list (``past_weeks_not_included`` defaults to ``w``;
    ``population``, of the counts' shape, adds R's ``offset(log(population))``). ``extra``
    holds ``phi``, ``trend`` (1 where the trend was kept), ``trend_coefficient`` and ``score``;
    ``pvalue`` is P(count >= observed) under the fitted model.
    """
    data = _counts(counts)
    series, steps = data.shape
    _check_common(steps, first, b, w, alpha, limit54)
    if threshold_method not in THRESHOLD_METHODS:
        raise ValueError(f"threshold_method must be one of {THRESHOLD_METHODS}")
    if power_trans not in POWERS:
        raise ValueError(f"power_trans must be one of {sorted(POWERS)}")
    if no_periods < 1:
        raise ValueError("no_periods must be at least 1")
    excluded = w if past_weeks_not_included is None else past_weeks_not_included
    if excluded < 0:
        raise ValueError("past_weeks_not_included must not be negative")
    days = day_numbers(dates, steps)
    pop = _population(population, data.shape)
    settings = ModelSettings(trend, reweight, weights_threshold, p_threshold_trend, b, flexible=True)
    z = normal_quantile(1 - alpha)
    evaluated = steps - first
    out = {
        name: np.full((series, evaluated), np.nan)
        for name in ("upper", "expected", "pvalue", "phi", "trend", "slope", "score")
    }
    alarm = np.zeros((series, evaluated), dtype=np.bool_)
    for step, now in enumerate(range(first, steps)):
        week = flexible_week(days, now, b, w, no_periods, excluded)
        pred = _predict(data, week, settings, pop, now)
        y = data[:, now]
        if threshold_method == "delta":
            with np.errstate(over="ignore"):
                mu0 = np.maximum(np.exp(pred.eta), MU_FLOOR)
            upper, centre, sd = delta_upper(mu0, pred.se_link * mu0, pred.phi, z, power_trans)
            pvalue = normal_upper_tail(y, centre, sd, POWERS[power_trans])
            fit, expected = mu0, mu0
        else:
            mean_eta = pred.eta if threshold_method == "nbPlugin" else pred.eta + z * pred.se_link
            with np.errstate(over="ignore"):
                mean = np.exp(mean_eta)
                expected = np.exp(pred.eta)
            upper = noufaily_upper(alpha, mean, pred.phi)
            pvalue = count_upper_tail(y, mean, pred.phi)
            fit = pred.eta  # R's score divides on the link scale here
        with np.errstate(invalid="ignore", divide="ignore"):
            score = (y - fit) / (upper - fit)
            recent = _recent_cases(data, now, limit54[1])
            enough = np.isfinite(recent) & (recent >= limit54[0])
            alarm[:, step] = enough & (score > 1) & (y != 0)
        out["upper"][:, step] = np.where(enough, upper, np.nan)
        out["expected"][:, step] = np.where(enough & np.isfinite(upper), expected, np.nan)
        out["pvalue"][:, step] = pvalue
        out["phi"][:, step] = pred.phi
        out["trend"][:, step] = np.where(pred.null, np.nan, pred.trend.astype(np.float64))
        out["slope"][:, step] = pred.slope
        out["score"][:, step] = score
    return Detection(
        observed=data[:, first:],
        upperbound=out["upper"],
        alarm=alarm,
        expected=out["expected"],
        pvalue=out["pvalue"],
        extra={"phi": out["phi"], "trend": out["trend"], "trend_coefficient": out["slope"], "score": out["score"]},
    )


def farrington(
    counts: ArrayLike,
    dates: Dates,
    first: int,
    *,
    b: int = 5,
    w: int = 3,
    alpha: float = 0.05,
    reweight: bool = True,
    trend: bool = True,
    limit54: tuple[int, int] = (5, 4),
    power_trans: str = "2/3",
) -> Detection:
    """R's algo.farrington (and farrington() on sts) for every series from column ``first`` on.

    ``alpha`` is two-sided, as in R. Where fewer than ``limit54[0]`` cases fell in the last
    ``limit54[1]`` weeks the upper bound is 0 and there is no alarm (R's convention for this
    method). ``extra`` holds ``phi`` and ``trend``; ``pvalue`` is the upper tail of the
    observed count under the transformed normal approximation.
    """
    data = _counts(counts)
    series, steps = data.shape
    _check_common(steps, first, b, w, alpha, limit54)
    if power_trans not in POWERS:
        raise ValueError(f"power_trans must be one of {sorted(POWERS)}")
    days = day_numbers(dates, steps)
    settings = ModelSettings(trend, reweight, 1.0, 0.05, b, flexible=False)
    z = normal_quantile(1 - alpha / 2)
    evaluated = steps - first
    upper_out, expected_out, pvalue_out, phi_out, trend_out = (np.full((series, evaluated), np.nan) for _ in range(5))
    alarm = np.zeros((series, evaluated), dtype=np.bool_)
    for step, now in enumerate(range(first, steps)):
        pred = _predict(data, classic_week(days, now, b, w), settings, None, now)
        y = data[:, now]
        with np.errstate(over="ignore"):
            mu0 = np.maximum(np.exp(pred.eta), MU_FLOOR)
        upper, centre, sd = delta_upper(mu0, pred.se_link * mu0, pred.phi, z, power_trans)
        with np.errstate(invalid="ignore", divide="ignore"):
            recent = _recent_cases(data, now, limit54[1])
            enough = recent >= limit54[0]
            alarm[:, step] = enough & ((y - mu0) / (upper - mu0) > 1)
        upper_out[:, step] = np.where(np.isfinite(recent), np.where(enough, upper, 0.0), np.nan)
        expected_out[:, step] = mu0
        pvalue_out[:, step] = normal_upper_tail(y, centre, sd, POWERS[power_trans])
        phi_out[:, step] = pred.phi
        trend_out[:, step] = np.where(pred.null, np.nan, pred.trend.astype(np.float64))
    return Detection(
        observed=data[:, first:],
        upperbound=upper_out,
        alarm=alarm,
        expected=expected_out,
        pvalue=pvalue_out,
        extra={"phi": phi_out, "trend": trend_out},
    )
