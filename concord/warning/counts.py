"""Count spikes: every (region, category) series at the warning levels, evaluated for the
last complete ISO week with the configured detector (Concord's own by default: it beats the
improved Farrington on the benchmark of Noufaily et al., see bench/README.md) in one
vectorised call per level. An alarm becomes a ``Finding``; an alarm the week after an alarm
still under review continues that alert rather than raising another."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Min, Q

from concord.cases.counting import COUNTED
from concord.cases.models import Case
from concord.cases.queries import all_categories
from concord.counts.models import DailyCount
from concord.dates import days_between
from concord.geo.models import LEVEL_FIELD, Level, Region
from concord.geo.queries import ANCESTOR_PATH
from concord.routing.services import route
from concord.warning.detectors.farrington import IMPROVED
from concord.warning.detectors.registry import run_detector
from concord.warning.detectors.result import Detection
from concord.warning.findings import Finding, episode_of
from concord.warning.models import Alert, AlertKind, AlertStatus
from concord.warning.series import Series, weekly

# Where counts are watched: grids are too small for a weekly count to mean much.
LEVELS = (Level.COMMUNITY, Level.STREET, Level.DISTRICT, Level.CITY)
MAX_YEARS = 5
# A week with fewer disputes than this is never an alert, whatever the model expected: with
# nothing in the same weeks of past years a fitted threshold can be 0, and one dispute is news
# to nobody.
MIN_COUNT = 3
# Cases linked to one alert as its evidence (the count says how many there were).
MAX_CASES = 1000


def detector_options(weeks: int) -> tuple[dict[str, Any], int]:
    """Options of the configured detector for ``weeks`` weeks of counts before the evaluated
    week, and how many of those weeks it reads."""
    method = settings.CONCORD_WARNING_METHOD
    options: dict[str, Any] = {"alpha": settings.CONCORD_WARNING_ALPHA}
    b = min(MAX_YEARS, years_in(weeks))
    if method == "farrington_flexible":
        # Reference values whole years back, ±w weeks, whatever the calendar.
        return options | IMPROVED | {"b": b}, 53 * b + IMPROVED["w"] + 2
    if method == "farrington":
        return options | {"b": b, "w": 3}, 53 * b + 3 + 2
    if method == "concord":
        # It fits all the history it is given (up to MAX_YEARS), one year at least.
        return options | {"min_history": 52}, min(weeks, 53 * MAX_YEARS)
    return options, 12  # EARS: a baseline of weeks


def years_in(weeks: int) -> int:
    """Whole years in ``weeks`` weeks of counts, keeping a few weeks spare for the ± windows."""
    return max(0, weeks - 4) // 52


def history_weeks(target_week: date) -> int:
    """Weeks of counts before ``target_week`` (the detectors need a year at least)."""
    first: date | None = DailyCount.objects.aggregate(first=Min("day"))["first"]
    if first is None:
        return 0
    return max(0, (target_week - first).days // 7)


def last_sunday(day: date) -> date:
    """The last day of the last ISO week completed by the end of ``day``."""
    return day - timedelta(days=(day.weekday() + 1) % 7)


def detect_counts(day: date) -> list[Finding]:
    """Signals for the last ISO week completed by ``day``, at every warning level.

    A rise shows in every series that holds it: a community's noise spike is also its
    street's, its district's and its "neighbours" parent category's. Only the narrowest
    alarming series become alerts (they are visible up the tree); a broader series alarms on
    its own only when no narrower one explains it, e.g. a rise spread over many communities.
    """
    target = last_sunday(day) - timedelta(days=6)
    available = history_weeks(target)
    if years_in(available) < 1:
        return []
    options, weeks = detector_options(available)
    start = target - timedelta(weeks=weeks)
    alarms: dict[tuple[int, int], tuple[Level, dict[str, Any]]] = {}
    for level in LEVELS:
        series = weekly(start, target, level=level)
        if not series.keys:
            continue
        last = len(series.dates) - 1
        detection = run_detector(settings.CONCORD_WARNING_METHOD, series.counts, series.dates, last, **options)
        alarmed = detection.alarm[:, -1] & (detection.observed[:, -1] >= MIN_COUNT)
        for i in np.flatnonzero(alarmed).tolist():
            alarms[series.keys[i]] = (level, _evidence(detection, i, target))
    regions = Region.objects.select_related(ANCESTOR_PATH).in_bulk({region for region, _cat in alarms})
    narrowest = _narrowest(alarms, regions)
    ongoing = _ongoing({_thread(key) for key in narrowest}, target)
    return [
        _finding(alarms[key][0], regions[key[0]], key[1], target, alarms[key][1], options, explains, ongoing)
        for key, explains in sorted(narrowest.items())
    ]


def _thread(key: tuple[int, int]) -> str:
    return f"{key[0]}:{key[1]}"


def _ongoing(threads: set[str], week: date) -> dict[str, Alert]:
    """The alerts under review that an alarm in ``week`` continues (those that reached the
    week before), by thread, in one query."""
    alerts = (
        Alert.objects.filter(kind=AlertKind.COUNT_SPIKE, thread__in=threads, window_start__lte=week)
        .filter(window_end__gte=week - timedelta(days=1))
        .exclude(status=AlertStatus.CLOSED)
        .order_by("window_end")
    )
    return {alert.thread: alert for alert in alerts}  # the latest of a thread wins


def _evidence(detection: Detection, row: int, week: date) -> dict[str, Any]:
    return {
        "week": week.isoformat(),
        "observed": float(detection.observed[row, -1]),
        "expected": _finite(detection.expected[row, -1]),
        "threshold": _finite(detection.upperbound[row, -1]),
        "p_value": _finite(detection.pvalue[row, -1]),
    }


def _narrowest(
    alarms: dict[tuple[int, int], Any], regions: dict[int, Region]
) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """The alarming series that no narrower alarming series explains, each with the broader
    ones it explains (same or wider region, same or parent category). Linear in the alarms:
    each names the few broader series it could explain (its regions above × its category and
    parent) and looks them up."""
    categories = all_categories()
    broader: dict[tuple[int, int], list[tuple[int, int]]] = {}  # alarm -> the alarms it explains
    has_narrower: set[tuple[int, int]] = set()
    for narrow in alarms:
        region_id, category_id = narrow
        above = [region.pk for region in regions[region_id].ancestors()]
        kinds = [kind for kind in (category_id, categories[category_id].parent_id) if kind is not None]
        found = {(region, kind) for region in above for kind in kinds} & alarms.keys() - {narrow}
        broader[narrow] = sorted(found)
        has_narrower |= found
    return {key: explains for key, explains in broader.items() if key not in has_narrower}


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _finding(
    level: Level,
    region: Region,
    category_id: int,
    week: date,
    evidence: dict[str, Any],
    options: dict[str, Any],
    explains: list[tuple[int, int]],
    ongoing_by_thread: dict[str, Alert],
) -> Finding:
    category = all_categories()[category_id]
    thread = _thread((region.pk, category_id))
    week_end = week + timedelta(days=6)
    ongoing = ongoing_by_thread.get(thread)
    weeks = [w for w in (ongoing.details.get("weeks", []) if ongoing else []) if w["week"] != evidence["week"]]
    weeks = sorted([*weeks, evidence], key=lambda w: str(w["week"]))
    episode = episode_of(ongoing.key) if ongoing else week
    return Finding(
        kind=AlertKind.COUNT_SPIKE,
        thread=thread,
        episode=episode,
        region=region,
        unit=route(region.ancestors(), category),
        category=category,
        window_start=episode,
        window_end=max(week_end, ongoing.window_end) if ongoing else week_end,
        detector=settings.CONCORD_WARNING_METHOD,
        observed=evidence["observed"],
        expected=evidence["expected"],
        threshold=evidence["threshold"],
        p_value=evidence["p_value"],
        case_ids=cases_behind(level, region.pk, category_id, week, week_end),
        details={
            "weeks": weeks,
            "options": options,
            "level": int(level),
            # The broader series that alarmed too because of this one: (region, category) ids.
            "also_alarmed": [list(key) for key in explains],
        },
    )


def cases_behind(level: Level, region_id: int, category_id: int, first: date, last: date) -> list[int]:
    """The counted cases of one series in the local days ``first`` to ``last``."""
    start, end = days_between(first, last)
    cases = Case.objects.filter(
        COUNTED,
        Q(category_id=category_id) | Q(category__parent_id=category_id),
        created_at__gte=start,
        created_at__lt=end,
        **{f"{LEVEL_FIELD[level]}_id": region_id},
    )
    return list(cases.order_by("created_at").values_list("pk", flat=True)[:MAX_CASES])


def series_for_chart(alert: Alert, weeks: int = 104) -> Series:
    """The alert's series over the ``weeks`` weeks up to its window, for the chart."""
    assert alert.category_id is not None
    first = alert.window_end - timedelta(weeks=weeks)
    return weekly(first, alert.window_end, region_id=alert.region_id, category_id=alert.category_id)
