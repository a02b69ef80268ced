"""Every detector by name, with one signature, so that a command or a worker can run any of them.

A detector is called as ``run(counts, dates, first, **options)`` and returns a ``Detection``:
``counts`` is (series, weeks), ``dates`` one date per column (EARS ignores them; the Farrington
detectors count 52-week years when they are None), ``first`` the first column to evaluate.
``options`` lists the keyword options it accepts; ``earliest`` gives the first column it can
evaluate with given options.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from concord.warning.detectors.concord import OPTIONS as CONCORD_OPTIONS
from concord.warning.detectors.concord import concord_detector
from concord.warning.detectors.concord import earliest as concord_earliest
from concord.warning.detectors.ears import ears_c
from concord.warning.detectors.farrington import (
    Dates,
    classic_week,
    farrington,
    farrington_flexible,
    flexible_week,
)
from concord.warning.detectors.reference import day_numbers
from concord.warning.detectors.result import Detection

Run = Callable[..., Detection]

# The detector another branch (ew-sim) adds: until it is registered, asking for it says so.
CONCORD = "concord"


class DetectorNotAvailable(LookupError):
    """The name is known to the project but no detector is registered under it (yet)."""


@dataclass(frozen=True)
class Detector:
    """A registered detector: how to run it, which options it takes, where it can start."""

    name: str
    run: Run
    options: frozenset[str]
    earliest: Callable[[Dates, int, Mapping[str, Any]], int]
    summary: str


def _ears(method: str) -> Run:
    def run(counts: ArrayLike, dates: Dates, first: int, **options: Any) -> Detection:
        return ears_c(counts, first, method=method, **options)

    run.__doc__ = f"EARS {method} (dates are not used)."
    return run


def _ears_earliest(method: str) -> Callable[[Dates, int, Mapping[str, Any]], int]:
    # C2 and C3 leave two steps between baseline and evaluated step; C3 also needs the C2 of the two before.
    before = {"C1": 0, "C2": 2, "C3": 4}[method]

    def earliest(dates: Dates, steps: int, options: Mapping[str, Any]) -> int:
        return int(options.get("baseline", 7)) + before

    return earliest


def _first_that_works(week: Callable[[int], object], steps: int) -> int:
    """The first column for which the baseline can be built (ValueError before it)."""
    for now in range(steps):
        try:
            week(now)
        except ValueError:
            continue
        return now
    raise ValueError("the series are too short for these options: no week can be evaluated")


def _flexible_earliest(dates: Dates, steps: int, options: Mapping[str, Any]) -> int:
    days = day_numbers(dates, steps)
    b, w = int(options.get("b", 5)), int(options.get("w", 3))
    periods = int(options.get("no_periods", 1))
    excluded = options.get("past_weeks_not_included")
    excluded = w if excluded is None else int(excluded)
    return _first_that_works(lambda now: flexible_week(days, now, b, w, periods, excluded), steps)


def _classic_earliest(dates: Dates, steps: int, options: Mapping[str, Any]) -> int:
    days = day_numbers(dates, steps)
    b, w = int(options.get("b", 5)), int(options.get("w", 3))

    def whole_windows(now: int) -> None:
        # Start where every window is whole (R would already run with part of the oldest one).
        if classic_week(days, now, b, w).columns.size < b * (2 * w + 1):
            raise ValueError("part of the oldest window is missing")

    return _first_that_works(whole_windows, steps)


_EARS_OPTIONS = frozenset({"alpha", "baseline", "min_sigma"})
_FARRINGTON_OPTIONS = frozenset({"b", "w", "alpha", "reweight", "trend", "limit54", "power_trans"})
_FLEXIBLE_OPTIONS = _FARRINGTON_OPTIONS | {
    "no_periods",
    "weights_threshold",
    "past_weeks_not_included",
    "p_threshold_trend",
    "threshold_method",
    "population",
}

DETECTORS: dict[str, Detector] = {
    **{
        f"ears_{method.lower()}": Detector(
            f"ears_{method.lower()}",
            _ears(method),
            _EARS_OPTIONS,
            _ears_earliest(method),
            f"EARS {method} (R surveillance::earsC)",
        )
        for method in ("C1", "C2", "C3")
    },
    "farrington": Detector(
        "farrington", farrington, _FARRINGTON_OPTIONS, _classic_earliest, "classic Farrington (R algo.farrington)"
    ),
    "farrington_flexible": Detector(
        "farrington_flexible",
        farrington_flexible,
        _FLEXIBLE_OPTIONS,
        _flexible_earliest,
        "Farrington flexible / improved Noufaily (R farringtonFlexible)",
    ),
    CONCORD: Detector(
        CONCORD, concord_detector, CONCORD_OPTIONS, concord_earliest, "Concord: robust GLM, 2-week total"
    ),
}

KNOWN_NAMES = tuple(dict.fromkeys((*DETECTORS, CONCORD)))


def get_detector(name: str) -> Detector:
    """The detector registered as ``name``; DetectorNotAvailable for a known name not yet there,
    KeyError for an unknown one."""
    if name in DETECTORS:
        return DETECTORS[name]
    if name == CONCORD:
        raise DetectorNotAvailable(f"the {CONCORD!r} detector is not available yet")
    raise KeyError(f"unknown detector {name!r}; known: {', '.join(KNOWN_NAMES)}")


def run_detector(name: str, counts: ArrayLike, dates: Dates, first: int, **options: Any) -> Detection:
    """Run the detector ``name``; ValueError for an option it does not take."""
    detector = get_detector(name)
    unknown = sorted(set(options) - detector.options)
    if unknown:
        raise ValueError(f"{name} does not take option(s) {', '.join(unknown)}")
    return detector.run(np.asarray(counts, dtype=np.float64), dates, first, **options)
