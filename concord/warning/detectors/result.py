"""What a detector returns for the evaluated time steps of every series."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray


def _not_given() -> NDArray[np.float64]:
    return np.empty(0)


@dataclass(frozen=True)
class Detection:
    """Arrays of shape (series, evaluated steps). ``upperbound`` is NaN where the method makes
    no threshold (then ``alarm`` is False); ``expected`` is NaN for methods without one.

    ``pvalue`` is the upper-tail probability of the observed count under the method's model
    (all NaN for methods that compute none). ``extra`` holds method-specific arrays of the
    same shape (e.g. ``phi`` and ``trend`` for the Farrington detectors).
    """

    observed: NDArray[np.float64]
    upperbound: NDArray[np.float64]
    alarm: NDArray[np.bool_]
    expected: NDArray[np.float64]
    pvalue: NDArray[np.float64] = field(default_factory=_not_given)
    extra: Mapping[str, NDArray[np.float64]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.pvalue.size == 0 and self.observed.size != 0:
            object.__setattr__(self, "pvalue", np.full(self.observed.shape, np.nan))
        for name, values in (("pvalue", self.pvalue), *self.extra.items()):
            if values.shape != self.observed.shape:
                raise ValueError(f"{name} has shape {values.shape}, expected {self.observed.shape}")
