"""Outbreak detectors over count series, pure NumPy, vectorised across series.

Every detector takes a 2-D array of counts (one row per series, one column per time step)
and the first column to evaluate, and returns a ``Detection`` for the columns from there on.
"""

# Provisional: the registry of every detector lands with the Farrington methods.
from typing import Any

from numpy.typing import ArrayLike

from concord.warning.detectors.ears import ears_c
from concord.warning.detectors.result import Detection


def run_detector(method: str, counts: ArrayLike, dates: Any, first: int, **options: Any) -> Detection:
    """Run the named detector on every series from column ``first``."""
    if method.startswith("ears_"):
        kept = {k: v for k, v in options.items() if k in ("alpha", "baseline")}
        return ears_c(counts, first, method=method.removeprefix("ears_").upper(), **kept)
    raise ValueError(f"unknown detector {method!r}")
