"""The outbreak-detection simulation benchmark of Noufaily et al. (2013), for Concord's detectors.

What it measures: on the 42 simulated weekly scenarios of Noufaily et al. (Statistics in Medicine
2013; 32:1206-1222; design and sources in concord/warning/evaluation/simulation.py), each with
``--replicates`` series of 624 weeks (four past outbreaks, one current outbreak), every detector
evaluates weeks 576-624 of all replicates of a scenario in one call. Per scenario and on average
over scenarios (the paper's summary) it reports the false-positive rate, the probability of
detection (also by outbreak size k), sensitivity and timeliness, with Monte Carlo standard
errors (definitions in concord/warning/evaluation/measures.py).

Methods, all at alpha = 0.005 one-sided, 5-in-4 rule off (limit54 = (0, 4)):

- ``improved``: Farrington flexible with the improvements of Noufaily et al. (R's
  farringtonFlexible with noPeriods = 10, b = 5, w = 3, weightsThreshold = 2.58,
  pastWeeksNotIncluded = 26, pThresholdTrend = 1, thresholdMethod = "nbPlugin"), the settings of
  the paper and of the surveillance package's "con.noufaily";
- ``classic``: Farrington et al. (1996), R's algo.farrington / farrington() with b = 5, w = 3;
  its alpha is two-sided (qnorm(1 - alpha/2)), so alpha = 0.01 there is one-sided 0.005;
- ``concord``: concord/warning/detectors/concord.py with its defaults (calibrated to alarm at
  0.5 % on outbreak-free series);
- ``concord_past``: the same detector calibrated instead on series with past outbreaks and no
  current one (``ALPHA_CALIBRATION_PAST_OUTBREAKS``), reported for comparison only;
- ``concord_matched``: the same detector at the operating point where it alarms as often as the
  improved Farrington method does on this design, chosen on the calibration seed (7), never on
  the evaluation seed (``ALPHA_CALIBRATION_MATCHED``): the comparison "at the same false-positive
  rate" that the target asks for;
- ``oracle``: not a detector: concord's test computed with the scenario's TRUE means and
  dispersion, the ceiling of that test on this design (reported for comparison only).

``--r-check N`` also runs R's surveillance (Rscript, for checking only) on the first N
replicates of every scenario, the very same series, and reports how often R's alarms and ours
agree, and R's own measures on that subset. ``--calibrate`` instead prints the false-positive
rate of ``concord`` at several calibration factors on series of another seed (7), without any
outbreak and with past outbreaks only: how ALPHA_CALIBRATION (and the comparison's
ALPHA_CALIBRATION_PAST_OUTBREAKS) were chosen.

Exit status 0 when concord, at the operating point matched to the improved Farrington's FPR
(``concord_matched``), reaches POD >= 0.55 at mean FPR <= 0.6 %, 1 otherwise. The last line
of stdout is one JSON object.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.stats as stats

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import emit_result, log, machine, rounded
from concord.warning.detectors.concord import (
    ALPHA_CALIBRATION,
    ALPHA_CALIBRATION_MATCHED,
    ALPHA_CALIBRATION_PAST_OUTBREAKS,
    concord_detector,
)
from concord.warning.detectors.farrington import farrington, farrington_flexible
from concord.warning.detectors.result import Detection
from concord.warning.evaluation import measures
from concord.warning.evaluation.simulation import (
    SCENARIOS,
    Scenario,
    SimulatedScenario,
    baseline_counts,
    simulate,
    week_dates,
)

ALPHA = 0.005
TARGET_POD, TARGET_FPR_PCT = 0.55, 0.6
EVALUATION_SEED = 2013
CALIBRATION_SEED = 7  # concord's calibration; its design was explored on seed 2; neither is the evaluation seed

IMPROVED = {
    "b": 5,
    "w": 3,
    "no_periods": 10,
    "alpha": ALPHA,
    "weights_threshold": 2.58,
    "past_weeks_not_included": 26,
    "p_threshold_trend": 1.0,
    "threshold_method": "nbPlugin",
    "limit54": (0, 4),
}
CLASSIC = {"b": 5, "w": 3, "alpha": 2 * ALPHA, "limit54": (0, 4)}  # R's two-sided alpha
R_CONTROL = {
    "improved": (
        "farringtonFlexible",
        {
            "b": "5",
            "w": "3",
            "noPeriods": "10",
            "alpha": str(ALPHA),
            "weightsThreshold": "2.58",
            "pastWeeksNotIncluded": "26",
            "pThresholdTrend": "1",
            "thresholdMethod": "nbPlugin",
            "limit54": "0,4",
        },
    ),
    "classic": ("farrington", {"b": "5", "w": "3", "alpha": str(2 * ALPHA), "limit54": "0,4"}),
}


def oracle(sim: SimulatedScenario) -> Detection:
    """Not a detector: concord's test (mid-p of the 2-week total, current week above its mean, level
    alpha) with the TRUE means and dispersion of the scenario, to show the ceiling of that test."""
    first, scenario = sim.first_evaluated, sim.scenario
    mean = scenario.mean(np.arange(1, sim.counts.shape[1] + 1, dtype=np.float64))
    y = sim.counts.astype(np.float64)
    total, total_mean = y[:, first:] + y[:, first - 1 : -1], mean[first:] + mean[first - 1 : -1]

    def sf(k: np.ndarray) -> np.ndarray:  # P(total > k)
        if scenario.phi == 1.0:
            return np.asarray(stats.poisson.sf(k, total_mean))
        size = total_mean / (scenario.phi - 1.0)
        return np.asarray(stats.nbinom.sf(k, size, 1.0 / scenario.phi))

    midp = sf(total) + 0.5 * (sf(total - 1) - sf(total))
    alarm = (midp <= ALPHA) & (y[:, first:] > mean[first:])
    nan = np.full(alarm.shape, np.nan)
    return Detection(
        observed=y[:, first:], upperbound=nan, alarm=alarm, expected=np.broadcast_to(mean[first:], alarm.shape)
    )


Method = Callable[[SimulatedScenario], Detection]
METHODS: dict[str, Method] = {
    "improved": lambda sim: farrington_flexible(sim.counts, sim.dates, sim.first_evaluated, **IMPROVED),  # type: ignore[arg-type]
    "classic": lambda sim: farrington(sim.counts, sim.dates, sim.first_evaluated, **CLASSIC),  # type: ignore[arg-type]
    "concord": lambda sim: concord_detector(sim.counts, sim.dates, sim.first_evaluated, alpha=ALPHA),
    "concord_past": lambda sim: concord_detector(
        sim.counts, sim.dates, sim.first_evaluated, alpha=ALPHA, calibration=ALPHA_CALIBRATION_PAST_OUTBREAKS
    ),
    "concord_matched": lambda sim: concord_detector(
        sim.counts, sim.dates, sim.first_evaluated, alpha=ALPHA, calibration=ALPHA_CALIBRATION_MATCHED
    ),
    "oracle": oracle,
}
MEASURES = ("fpr", "pod", "sensitivity", "timeliness")


@dataclass
class Tally:
    """A method's measures per scenario, and its detections by k summed over scenarios."""

    per_scenario: dict[str, list[measures.Estimate]] = field(default_factory=lambda: {m: [] for m in MEASURES})
    by_k: dict[int, list[int]] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, alarm: np.ndarray, sim: SimulatedScenario) -> None:
        first = sim.first_evaluated
        current, past = sim.current_cases[:, first:], sim.past_cases[:, first:]
        self.per_scenario["fpr"].append(measures.false_positive_rate(alarm, current, past))
        self.per_scenario["pod"].append(measures.probability_of_detection(alarm, current))
        self.per_scenario["sensitivity"].append(measures.sensitivity(alarm, current))
        self.per_scenario["timeliness"].append(measures.timeliness(alarm, current))
        for k, (hit, total) in measures.detected_by_k(alarm, current, sim.current_k).items():
            counts = self.by_k.setdefault(k, [0, 0])
            counts[0] += hit
            counts[1] += total

    def overall(self, name: str) -> measures.Estimate:
        return measures.average(self.per_scenario[name])

    def pod_by_k(self) -> dict[str, float | None]:
        return {
            str(k): rounded(hit / total if total else float("nan"), 3) for k, (hit, total) in sorted(self.by_k.items())
        }


def _row(number: int, tallies: dict[str, Tally], index: int) -> str:
    cells = []
    for tally in tallies.values():
        fpr, pod = tally.per_scenario["fpr"][index], tally.per_scenario["pod"][index]
        cells.append(f"{100 * fpr.value:6.2f} {pod.value:5.2f}")
    return f"{number:3d}  " + "   ".join(cells)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Simulate, detect and measure; optionally compare with R on the first replicates."""
    scenarios = [s for s in SCENARIOS if not args.scenarios or s.number in args.scenarios]
    names = [m for m in METHODS if m in args.methods]
    tallies = {name: Tally() for name in names}
    sims = []
    log(f"{len(scenarios)} scenarios x {args.replicates} replicates, seed {args.seed}, methods {', '.join(names)}")
    r_runs = _start_r_check(args, scenarios) if args.r_check else {}
    header = "   ".join(f"{name:>12s}" for name in names)
    log(f"scen  {header}   (FPR % and POD per method)")
    for index, scenario in enumerate(scenarios):
        sim = simulate(scenario, args.replicates, args.seed)
        sims.append(sim)
        for name in names:
            started = time.monotonic()
            detection = METHODS[name](sim)
            tallies[name].seconds += time.monotonic() - started
            tallies[name].add(detection.alarm, sim)
            if name in r_runs:
                r_runs[name].ours.append(detection)
        log(_row(scenario.number, tallies, index))
    result: dict[str, Any] = {"replicates": args.replicates, "scenarios": len(scenarios), "seed": args.seed}
    for name, tally in tallies.items():
        fpr, pod = tally.overall("fpr"), tally.overall("pod")
        sens, timely = tally.overall("sensitivity"), tally.overall("timeliness")
        log(
            f"{name:>9s}: FPR {100 * fpr.value:.3f} % (SE {100 * fpr.se:.3f}), POD {pod.value:.3f} (SE {pod.se:.3f}), "
            f"sensitivity {sens.value:.3f}, timeliness {timely.value:.3f}, {tally.seconds:.1f} s"
        )
        result.update(
            {
                f"{name}_fpr_pct": rounded(100 * fpr.value, 3),
                f"{name}_fpr_pct_se": rounded(100 * fpr.se, 3),
                f"{name}_pod": rounded(pod.value, 4),
                f"{name}_pod_se": rounded(pod.se, 4),
                f"{name}_sensitivity": rounded(sens.value, 4),
                f"{name}_timeliness": rounded(timely.value, 4),
                f"{name}_pod_by_k": tally.pod_by_k(),
                f"{name}_seconds": rounded(tally.seconds, 1),
            }
        )
    if r_runs:
        result.update(_finish_r_check(r_runs, sims, args.r_check))
    return result


@dataclass
class _RCheck:
    run: Any  # bench._surveillance_r.RRun
    ours: list[Detection] = field(default_factory=list)


def _start_r_check(args: argparse.Namespace, scenarios: list[Scenario]) -> dict[str, _RCheck]:
    from bench._surveillance_r import rscript_available, start_r

    if not rscript_available():
        log("--r-check: Rscript with the surveillance package is not available; skipped")
        return {}
    n = min(args.r_check, args.replicates)
    counts = np.concatenate([simulate(s, args.replicates, args.seed).counts[:n] for s in scenarios])
    log(f"--r-check: R surveillance on {counts.shape[0]} series ({n} per scenario), in the background")
    checks = {}
    for name in ("improved", "classic"):
        if name in args.methods:
            method, control = R_CONTROL[name]
            checks[name] = _RCheck(start_r(method, counts, week_dates(), 575, control))
    return checks


def _finish_r_check(checks: dict[str, _RCheck], sims: list[SimulatedScenario], n: int) -> dict[str, Any]:
    from bench._surveillance_r import surveillance_version

    n = min(n, sims[0].counts.shape[0])
    out: dict[str, Any] = {"r_check_series": n * len(sims), "r_surveillance_version": surveillance_version()}
    log("waiting for R")
    for name, check in checks.items():
        upper, alarm, _ = check.run.result()
        ours_alarm = np.concatenate([d.alarm[:n] for d in check.ours])
        ours_upper = np.concatenate([d.upperbound[:n] for d in check.ours])
        agree = float((alarm == ours_alarm).mean())
        both = np.isfinite(upper) & np.isfinite(ours_upper)
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.abs(ours_upper - upper)[both] / np.maximum(np.abs(upper[both]), 1e-12)
        r_fpr, r_pod, our_fpr, our_pod = [], [], [], []
        for i, sim in enumerate(sims):
            first = sim.first_evaluated
            cur, past = sim.current_cases[:n, first:], sim.past_cases[:n, first:]
            rows = slice(i * n, (i + 1) * n)
            r_fpr.append(measures.false_positive_rate(alarm[rows], cur, past))
            r_pod.append(measures.probability_of_detection(alarm[rows], cur))
            our_fpr.append(measures.false_positive_rate(ours_alarm[rows], cur, past))
            our_pod.append(measures.probability_of_detection(ours_alarm[rows], cur))
        disagree = int((alarm != ours_alarm).sum())
        r_f, r_p = measures.average(r_fpr).value, measures.average(r_pod).value
        o_f, o_p = measures.average(our_fpr).value, measures.average(our_pod).value
        log(
            f"R vs ours, {name}: alarms agree in {100 * agree:.3f} % of {alarm.size} series-weeks ({disagree} differ); "
            f"upper bounds within {np.nanmax(rel) if rel.size else float('nan'):.2e} relative; "
            f"on this subset R FPR {100 * r_f:.3f} % POD {r_p:.3f}, ours FPR {100 * o_f:.3f} % POD {o_p:.3f}"
        )
        out.update(
            {
                f"r_check_{name}_alarm_agreement_pct": rounded(100 * agree, 4),
                f"r_check_{name}_alarms_differing": disagree,
                f"r_check_{name}_upperbound_max_rel_diff": float(np.nanmax(rel)) if rel.size else None,
                f"r_check_{name}_r_fpr_pct": rounded(100 * r_f, 3),
                f"r_check_{name}_r_pod": rounded(r_p, 4),
                f"r_check_{name}_ours_fpr_pct": rounded(100 * o_f, 3),
                f"r_check_{name}_ours_pod": rounded(o_p, 4),
            }
        )
    return out


def calibrate(args: argparse.Namespace) -> dict[str, Any]:
    """concord's false-positive rate per calibration factor on the calibration seed's series, without
    any outbreak and with the past outbreaks only (no current one)."""
    factors = (0.88, 0.9, 0.92, 0.93, 0.94, 0.96, 1.0, 1.3, 1.35, 1.4, 1.45, 1.5)
    clean, past = [], []
    for scenario in SCENARIOS:
        rng = np.random.default_rng(np.random.SeedSequence([args.calibration_seed, scenario.number]))
        counts = baseline_counts(scenario, args.replicates, rng)
        clean.append(concord_detector(counts, week_dates(), 575, alpha=ALPHA, calibration=1.0).pvalue)
        sim = simulate(scenario, args.replicates, args.calibration_seed)
        detection = concord_detector(sim.counts - sim.current_cases, sim.dates, 575, alpha=ALPHA, calibration=1.0)
        past.append(detection.pvalue[sim.past_cases[:, 575:] == 0])
    # With calibration c the tests alarm where their pvalue at calibration 1 is <= c * alpha.
    rates = {
        name: {c: float(np.mean([np.mean(p <= c * ALPHA) for p in pvalues])) for c in factors}
        for name, pvalues in (("outbreak_free", clean), ("past_outbreaks", past))
    }
    for c in factors:
        log(
            f"calibration {c:.2f}: FPR {100 * rates['outbreak_free'][c]:.3f} % without outbreaks, "
            f"{100 * rates['past_outbreaks'][c]:.3f} % with past outbreaks only"
        )
    return {
        "calibration_seed": args.calibration_seed,
        "replicates": args.replicates,
        **{
            f"fpr_pct_{name}_by_calibration": {f"{c:.2f}": rounded(100 * r, 3) for c, r in by_c.items()}
            for name, by_c in rates.items()
        },
        "alpha_calibration": ALPHA_CALIBRATION,
        "alpha_calibration_past_outbreaks": ALPHA_CALIBRATION_PAST_OUTBREAKS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicates", type=int, default=100, help="series per scenario (default 100)")
    parser.add_argument("--seed", type=int, default=EVALUATION_SEED)
    parser.add_argument("--scenarios", type=int, nargs="*", help="scenario numbers (default: all 42)")
    parser.add_argument("--methods", nargs="*", default=list(METHODS), choices=list(METHODS))
    parser.add_argument("--r-check", type=int, default=0, metavar="N", help="also run R on the first N replicates")
    parser.add_argument("--calibrate", action="store_true", help="print concord's in-control FPR by calibration")
    parser.add_argument("--calibration-seed", type=int, default=CALIBRATION_SEED)
    args = parser.parse_args()
    if args.replicates < 1:
        parser.error("--replicates must be at least 1")
    started = time.monotonic()
    info = machine()
    log(f"machine: {info['nproc']} CPUs, {info['cpu_model']}")
    if args.calibrate:
        result = calibrate(args)
        status = 0
    else:
        result = run(args)
        met = (
            "concord_matched" in args.methods
            and result["concord_matched_pod"] is not None
            and result["concord_matched_pod"] >= TARGET_POD
            and result["concord_matched_fpr_pct"] <= TARGET_FPR_PCT
        )
        result["concord_target_met"] = bool(met)
        status = 0 if met else 1
    result.update(info)
    result["seconds"] = rounded(time.monotonic() - started, 1)
    emit_result(result)
    return status


if __name__ == "__main__":
    sys.exit(main())
