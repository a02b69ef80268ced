"""Which past weeks the Farrington detectors compare the current week with.

With dates, "b years back" is the same calendar day b years earlier (29 February becoming
1 March, as R's ``seq(date, by = "-1 year")`` does), moved to the nearest day of the current
week's weekday. Without dates a year is 52 steps, as R's ``disProg`` objects count them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

WEEKS_PER_YEAR = 52
_EPOCH = dt.date(1970, 1, 1)

DayNumbers = NDArray[np.int64]


def day_numbers(dates: Sequence[dt.date] | NDArray[np.datetime64] | None, steps: int) -> DayNumbers | None:
    """Days since 1970-01-01 of each column, checked to be consecutive weeks; None without dates."""
    if dates is None:
        return None
    days = np.asarray(dates, dtype="datetime64[D]").astype(np.int64)
    if days.ndim != 1 or days.size != steps:
        raise ValueError(f"need one date per column: {steps} columns, {days.size} dates")
    if steps > 1 and np.any(np.diff(days) != 7):
        raise ValueError("dates must be consecutive weeks (7 days apart, oldest first)")
    return days


def _date(day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day))


def years_back(day: int, years: int) -> int:
    """The same calendar day ``years`` years earlier; 29 February becomes 1 March."""
    date = _date(day)
    try:
        earlier = date.replace(year=date.year - years)
    except ValueError:
        earlier = dt.date(date.year - years, 3, 1)
    return (earlier - _EPOCH).days


def nearest_same_weekday(day: int, like: int) -> int:
    """The day nearest to ``day`` that falls on the weekday of ``like``."""
    forward = (like - day) % 7
    return day + forward if forward < 7 - forward else day - (7 - forward)


def reference_weeks(days: DayNumbers | None, now: int, b: int) -> list[int]:
    """Columns of the current week and of the week 1..b years before it, newest first."""
    if days is None:
        weeks = [now - WEEKS_PER_YEAR * back for back in range(b + 1)]
    else:
        today = int(days[now])
        found = [nearest_same_weekday(years_back(today, back), today) for back in range(b + 1)]
        weeks = [(day - int(days[0])) // 7 for day in found]
    if weeks[-1] < 0:
        raise ValueError(f"the series are too short for b={b} years before column {now}")
    return weeks


def seasonal_levels(now: int, weeks: list[int], w: int, periods: int) -> NDArray[np.float64]:
    """R's ``blocks``: for columns 0..now, the seasonal level (1..periods) or NaN outside the model.

    The current week and the weeks within ``w`` of each reference week get level ``periods``;
    with more than one period, the weeks between two windows are cut into ``periods - 1``
    consecutive blocks (the first ones one week longer when they do not divide evenly).
    """
    level = np.full(now + 1, np.nan)
    if weeks[-1] - w < 0:
        raise ValueError(f"the series are too short: the oldest reference window starts before column 0 (w={w})")
    level[max(now - w, 0) : now + 1] = periods
    for later, week in itertools.pairwise(weeks):
        level[week - w : week + w + 1] = periods
        if periods == 1:
            continue
        gap = later - 2 * w - 1 - week
        if gap < periods - 1:
            raise ValueError(f"no_periods={periods} is too many for the {gap} weeks between two reference windows")
        size, rest = divmod(gap, periods - 1)
        start = week + w + 1
        for block in range(1, periods):
            length = size + (1 if block <= rest else 0)
            level[start : start + length] = block
            start += length
    return level


def classic_reference_columns(days: DayNumbers | None, now: int, b: int, w: int) -> NDArray[np.intp]:
    """Columns of the classic method's baseline: ``w`` weeks either side of the week 1..b years back.

    Like R's algo.farrington, weeks of a window that fall before the data are left out; the
    week b years back itself must exist.
    """
    if days is None:
        centres = [now - WEEKS_PER_YEAR * back for back in range(1, b + 1)]
        columns = [centre + shift for centre in centres for shift in range(-w, w + 1)]
    else:
        today = int(days[now])
        columns = []
        for back in range(1, b + 1):
            centre = years_back(today, back)
            for shift in range(-w, w + 1):
                day = nearest_same_weekday(centre + 7 * shift, today)
                columns.append((day - int(days[0])) // 7)
        centres = [columns[back * (2 * w + 1) + w] for back in range(b)]
    if min(centres) < 0:
        raise ValueError(f"the series are too short for b={b} years before column {now}")
    kept = np.array([column for column in columns if column >= 0], dtype=np.intp)
    return np.sort(kept)
