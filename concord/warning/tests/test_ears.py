"""EARS C1/C2/C3 match R's surveillance::earsC on the reference outputs, and run on many series at once."""

from __future__ import annotations

import math

import numpy as np
import pytest

from concord.warning.detectors.ears import ears_c
from concord.warning.tests.golden import read_golden, read_series


@pytest.mark.parametrize("method", ["C1", "C2", "C3"])
def test_matches_the_reference(method: str) -> None:
    dates, observed = read_series("salmNewport_germany.csv")
    golden = read_golden(f"golden_earsC_{method}_a0.001.csv")
    first = dates.index(str(golden[0]["date"]))
    assert [str(row["date"]) for row in golden] == dates[first:]
    result = ears_c(np.array([observed]), first, method=method, baseline=7, alpha=0.001)
    for step, row in enumerate(golden):
        upper = float(result.upperbound[0, step])
        reference = float(row["upperbound"])
        if math.isnan(reference):
            assert math.isnan(upper) and not result.alarm[0, step], row
            continue
        assert upper == pytest.approx(reference, rel=1e-9, abs=1e-12), row
        assert int(result.alarm[0, step]) == int(row["alarm"]), row


def test_many_series_in_one_call_equal_one_at_a_time() -> None:
    rng = np.random.default_rng(7)
    counts = rng.poisson(rng.uniform(0.5, 20, size=(300, 1)), size=(300, 60)).astype(float)
    counts[5, 50] = 90  # an outbreak in one series
    for method in ("C1", "C2", "C3"):
        together = ears_c(counts, 20, method=method)
        for row in (0, 5, 299):
            alone = ears_c(counts[row], 20, method=method)
            np.testing.assert_array_equal(together.upperbound[row], alone.upperbound[0])
            np.testing.assert_array_equal(together.alarm[row], alone.alarm[0])
        # C3 sums the C2 statistics of the two steps before, not of the step itself.
        assert together.alarm[5, 31 if method == "C3" else 30]


def test_too_short_a_series_is_refused() -> None:
    with pytest.raises(ValueError, match="steps before"):
        ears_c(np.ones((1, 10)), 8, method="C2")
    with pytest.raises(ValueError):
        ears_c(np.ones((1, 10)), 8, method="C4")
