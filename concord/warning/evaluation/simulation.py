"""The simulated weekly series of Noufaily et al. (2013), vectorised over replicates.

Design, and where each detail comes from:

- Noufaily, Enki, Farrington, Garthwaite, Andrews, Charlett, "An improved algorithm for outbreak
  detection in multiple surveillance systems", Statistics in Medicine 2013; 32:1206-1222,
  section 3 (doi:10.1002/sim.5595): 624 weeks per series; baseline counts negative binomial with
  mean mu(t) = exp(theta + beta t + sum_{j=1..m} [gamma1 cos(2 pi j t / 52) + gamma2 sin(2 pi j t / 52)])
  and variance phi mu (Poisson when phi = 1), t = 1..624; four past outbreaks starting in weeks
  313-575 with k drawn with replacement from {2, 3, 5, 10}; one current outbreak starting in
  weeks 576-624 with k in 1..10; an outbreak's size is Poisson with mean k times the standard
  deviation of the baseline count in its first week, sqrt(phi mu(start)); each case falls
  floor(Z) weeks after the start, Z lognormal(0, 0.5); detectors are evaluated on weeks 576-624.
- The scenario table (7 clusters of theta, phi, beta, gamma1, gamma2, each without and with trend
  and with m = 0, 1, 2 harmonics: 42 scenarios) is the paper's Table I as transcribed by public
  replications (Telkamp et al., github.com/telkamp7/AEDDO, src/simulation; their 28-scenario
  table is ours without m = 2). The numbering (cluster-major, then trend off/on, then m = 0, 1, 2)
  agrees with a PHE/APHA replication that calls theta = 1.5, phi = 1, gamma = (0.2, -0.4), no
  trend, m = 1 "scenario 14" (T. Saratoon, 2015). The same gamma1, gamma2 serve every harmonic,
  as in the formula above and in R's surveillance::sts_creation.
- Negative binomial with variance phi mu: size mu / (phi - 1), success probability 1 / phi (the
  parameterisation of the article, not R's size = phi).

Choices we had to make (not fixed by the paper):

- The four past starts are distinct weeks (drawn without replacement), like the replications.
- Cases that would fall after week 624 are dropped (the series ends there).
- The current outbreak's k is stratified instead of drawn independently: each block of ten
  replicates holds k = 1..10 once, in random order. The expected value of every measure is the
  same as with uniform random k, and POD by k has equal counts per k (less Monte Carlo noise).
- Weeks are dated (Mondays from ``FIRST_MONDAY``) because Concord's detectors take dates; the
  simulated seasonality has the paper's 52-week period regardless of the calendar.
- Each scenario draws from its own stream, ``SeedSequence([seed, scenario.number])``, so a scenario
  gives the same series whether it is run alone or with the others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

WEEKS = 624
PAST_STARTS = (313, 575)  # first and last possible start week of a past outbreak, 1-based
CURRENT_WEEKS = (576, 624)  # evaluated weeks; the current outbreak starts in one of them, 1-based
PAST_K = (2, 3, 5, 10)
CURRENT_K = tuple(range(1, 11))
PAST_OUTBREAKS = 4
FIRST_MONDAY = dt.date(2000, 1, 3)
DELAY_SDLOG = 0.5
SEASON_WEEKS = 52

# Cluster parameters (theta, phi, beta, gamma1, gamma2) of Noufaily et al. (2013), Table I.
CLUSTERS: tuple[tuple[float, float, float, float, float], ...] = (
    (0.10, 1.5, 0.0025, 0.60, 0.60),
    (-2.00, 2.0, 0.0050, 0.10, 0.30),
    (1.50, 1.0, 0.0030, 0.20, -0.40),
    (0.50, 5.0, 0.0020, 0.50, 0.50),
    (2.50, 3.0, 0.0010, 1.00, 0.10),
    (3.75, 1.1, 0.0010, 0.10, -0.10),
    (5.00, 1.2, 0.0001, 0.05, 0.01),
)


@dataclass(frozen=True)
class Scenario:
    """One row of the scenario table: the baseline model of its series."""

    number: int
    theta: float
    phi: float
    beta: float  # 0 when the scenario has no trend
    gamma1: float
    gamma2: float
    harmonics: int  # m

    def mean(self, week: NDArray[np.float64]) -> NDArray[np.float64]:
        """mu(t) of the baseline at 1-based ``week``."""
        log_mu = self.theta + self.beta * week
        for j in range(1, self.harmonics + 1):
            angle = 2 * np.pi * j * week / SEASON_WEEKS
            log_mu = log_mu + self.gamma1 * np.cos(angle) + self.gamma2 * np.sin(angle)
        return np.asarray(np.exp(log_mu), dtype=np.float64)

    def sd(self, week: NDArray[np.float64]) -> NDArray[np.float64]:
        """Standard deviation of the baseline count, sqrt(phi mu(t))."""
        return np.asarray(np.sqrt(self.phi * self.mean(week)), dtype=np.float64)


def _scenarios() -> tuple[Scenario, ...]:
    rows = []
    for cluster, (theta, phi, beta, gamma1, gamma2) in enumerate(CLUSTERS):
        for trend in (False, True):
            for m in (0, 1, 2):
                number = 6 * cluster + 3 * trend + m + 1
                seasonal = m > 0
                rows.append(
                    Scenario(
                        number=number,
                        theta=theta,
                        phi=phi,
                        beta=beta if trend else 0.0,
                        gamma1=gamma1 if seasonal else 0.0,
                        gamma2=gamma2 if seasonal else 0.0,
                        harmonics=m,
                    )
                )
    return tuple(rows)


SCENARIOS: tuple[Scenario, ...] = _scenarios()


@dataclass(frozen=True)
class SimulatedScenario:
    """The replicates of one scenario. Arrays are (replicates, WEEKS) unless said otherwise; column
    ``i`` is week ``i + 1``."""

    scenario: Scenario
    counts: NDArray[np.int64]  # baseline plus all outbreak cases
    past_cases: NDArray[np.int64]  # cases of the four past outbreaks
    current_cases: NDArray[np.int64]  # cases of the current outbreak
    current_start: NDArray[np.int64]  # (replicates,) column of the current outbreak's start
    current_k: NDArray[np.int64]  # (replicates,)
    dates: NDArray[np.datetime64]  # (WEEKS,) Monday of each week

    @property
    def first_evaluated(self) -> int:
        """Column of the first evaluated week (576)."""
        return CURRENT_WEEKS[0] - 1


def week_dates(weeks: int = WEEKS, first: dt.date = FIRST_MONDAY) -> NDArray[np.datetime64]:
    """The Monday of each simulated week."""
    return np.datetime64(first, "D") + np.arange(weeks) * np.timedelta64(7, "D")


def baseline_counts(
    scenario: Scenario, replicates: int, rng: np.random.Generator, weeks: int = WEEKS
) -> NDArray[np.int64]:
    """Negative binomial (Poisson when phi = 1) counts with mean mu(t) and variance phi mu(t)."""
    mu = np.broadcast_to(scenario.mean(np.arange(1, weeks + 1, dtype=np.float64)), (replicates, weeks))
    if scenario.phi == 1.0:
        return rng.poisson(mu).astype(np.int64)
    # Size mu/(phi-1) and probability 1/phi give mean mu and variance phi*mu.
    return rng.negative_binomial(mu / (scenario.phi - 1.0), 1.0 / scenario.phi).astype(np.int64)


def outbreak_cases(
    scenario: Scenario,
    starts: NDArray[np.int64],
    k: NDArray[np.int64],
    rng: np.random.Generator,
    weeks: int = WEEKS,
) -> NDArray[np.int64]:
    """Cases of outbreaks (replicates, outbreaks) starting at 0-based columns ``starts`` with size
    factors ``k``, added up per replicate into a (replicates, weeks) array."""
    replicates = starts.shape[0]
    sizes = rng.poisson(k * scenario.sd(starts.astype(np.float64) + 1.0))
    # One row per case: its replicate and its week (start plus the floored lognormal delay).
    replicate_of_case = np.repeat(np.repeat(np.arange(replicates), starts.shape[1]), sizes.ravel())
    start_of_case = np.repeat(starts.ravel(), sizes.ravel())
    week_of_case = start_of_case + np.floor(rng.lognormal(0.0, DELAY_SDLOG, size=start_of_case.size)).astype(np.int64)
    inside = week_of_case < weeks  # cases after the last week are dropped
    cases = np.zeros((replicates, weeks), dtype=np.int64)
    np.add.at(cases, (replicate_of_case[inside], week_of_case[inside]), 1)
    return cases


def stratified_k(replicates: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """k of the current outbreaks: every block of ten replicates holds 1..10 once, in random order."""
    blocks = -(-replicates // len(CURRENT_K))
    values = np.concatenate([rng.permutation(CURRENT_K) for _ in range(blocks)])
    return values[:replicates].astype(np.int64)


def simulate(scenario: Scenario, replicates: int, seed: int) -> SimulatedScenario:
    """``replicates`` series of ``scenario`` with their past and current outbreaks; deterministic in ``seed``."""
    if replicates < 1:
        raise ValueError("at least one replicate is needed")
    rng = np.random.default_rng(np.random.SeedSequence([seed, scenario.number]))
    counts = baseline_counts(scenario, replicates, rng)
    low, high = PAST_STARTS
    past_starts = np.stack(
        [rng.choice(np.arange(low - 1, high), size=PAST_OUTBREAKS, replace=False) for _ in range(replicates)]
    ).astype(np.int64)
    past_k = rng.choice(np.array(PAST_K), size=(replicates, PAST_OUTBREAKS)).astype(np.int64)
    past = outbreak_cases(scenario, past_starts, past_k, rng)
    first, last = CURRENT_WEEKS
    current_start = rng.integers(first - 1, last, size=replicates).astype(np.int64)
    current_k = stratified_k(replicates, rng)
    current = outbreak_cases(scenario, current_start[:, None], current_k[:, None], rng)
    return SimulatedScenario(
        scenario=scenario,
        counts=counts + past + current,
        past_cases=past,
        current_cases=current,
        current_start=current_start,
        current_k=current_k,
        dates=week_dates(),
    )
