"""Count series read from the daily rollup: one row per (region, category), one column
per ISO week (Monday dates) or per day, zeros where nothing was reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.db import connection
from django.db.models import DateField, Sum
from django.db.models.functions import TruncWeek
from numpy.typing import NDArray

from concord.counts.models import DailyCount


@dataclass(frozen=True)
class Series:
    """``counts[i, j]``: disputes of ``keys[i]`` = (region id, category id) in period ``dates[j]``."""

    keys: list[tuple[int, int]]
    dates: NDArray[np.datetime64]
    counts: NDArray[np.float64]

    def row(self, key: tuple[int, int]) -> NDArray[np.float64]:
        row: NDArray[np.float64] = self.counts[self.keys.index(key)]
        return row


def monday(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def weekly(
    first_week: date,
    last_week: date,
    *,
    level: int | None = None,
    region_id: int | None = None,
    category_id: int | None = None,
) -> Series:
    """Weekly counts from the week of ``first_week`` to the week of ``last_week`` (both
    Mondays after rounding down), for every series of one region level with any dispute in
    that time (or for one region and category). One query; on PostgreSQL the database adds up
    the days of each week."""
    start, end = monday(first_week), monday(last_week)
    rows = DailyCount.objects.filter(day__gte=start, day__lt=end + timedelta(days=7))
    if level is not None:
        rows = rows.filter(region__level=level)
    if region_id is not None:
        rows = rows.filter(region_id=region_id)
    if category_id is not None:
        rows = rows.filter(category_id=category_id)
    if connection.vendor == "sqlite":
        # SQLite truncates dates through a Python function called once per row: reading the
        # daily rows (one per series and day already) and adding them up below costs less.
        found = list(rows.values_list("region_id", "category_id", "day", "count").order_by())
    else:
        found = list(
            rows.annotate(week=TruncWeek("day", output_field=DateField()))
            .values_list("region_id", "category_id", "week")
            .annotate(n=Sum("count"))
            .order_by()
        )
    n_weeks = (end - start).days // 7 + 1
    dates = np.datetime64(start, "D") + 7 * np.arange(n_weeks)
    return _fill(found, dates, start, 7)


def _fill(rows: list[tuple[int, int, date, int]], dates: NDArray[np.datetime64], start: date, step: int) -> Series:
    keys = sorted({(region, category) for region, category, _day, _n in rows})
    index = {key: i for i, key in enumerate(keys)}
    counts = np.zeros((len(keys), len(dates)), dtype=np.float64)
    if rows:
        r = np.fromiter((index[(region, cat)] for region, cat, _d, _n in rows), dtype=np.int64, count=len(rows))
        c = np.fromiter(((day - start).days // step for _r, _c, day, _n in rows), dtype=np.int64, count=len(rows))
        np.add.at(counts, (r, c), np.fromiter((n for *_rest, n in rows), dtype=np.float64, count=len(rows)))
    return Series(keys=keys, dates=dates, counts=counts)
