"""What a detector returns for the evaluated time steps of every series."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Detection:
    """Arrays of shape (series, evaluated steps). ``upperbound`` is NaN where the method makes
    no threshold (then ``alarm`` is False); ``expected`` is NaN for methods without one."""

    observed: NDArray[np.float64]
    upperbound: NDArray[np.float64]
    alarm: NDArray[np.bool_]
    expected: NDArray[np.float64]
