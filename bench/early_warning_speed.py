"""Speed of the improved Farrington detector, and of Concord's own (the default for count
spikes), on a city's worth of weekly series.

A simulated city: 5,000 communities x 20 dispute categories = 100,000 weekly series of 7
years (sparse, overdispersed, seasonal counts; seeded). The current (last) week of every
series is evaluated in one call of ``farrington_flexible`` with the improved method of
Noufaily et al. (2013): b=5 years, w=3, no_periods=10, weights_threshold=2.58,
past_weeks_not_included=26, p_threshold_trend=1, threshold_method="nbPlugin", alpha=0.01.

Then ``concord_detector`` (alpha=0.01, all seven years of history) evaluates the same week of
the same series (``concord_*`` in the JSON).

With ``Rscript`` (and R's surveillance package) installed, R's farringtonFlexible runs on
the first 200 series with the same settings in the same run, timed around the call only,
and its thresholds and alarms are compared with ours.

    .venv/bin/python bench/early_warning_speed.py
    .venv/bin/python bench/early_warning_speed.py --communities 500 --r-series 50   # quick

Target: all series in under 60 s, for each detector (exit status 1 when missed).
"""

from __future__ import annotations

import argparse
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import concord.warning.detectors.farrington as farrington_module
from bench._common import emit_result, log, machine, machine_cpu, rounded
from concord.warning.detectors.concord import concord_detector
from concord.warning.detectors.farrington import IMPROVED, farrington_flexible

SETTINGS: dict[str, Any] = {**IMPROVED, "b": 5, "alpha": 0.01}
CATEGORIES = 20
WEEKS = 7 * 52
TARGET_S = 60.0


def simulate(communities: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Counts (communities x categories, WEEKS) and their Monday dates."""
    rng = np.random.default_rng(seed)
    dates = np.datetime64("2019-01-07") + 7 * np.arange(WEEKS)
    activity = rng.lognormal(0.0, 0.8, communities)  # busy and quiet communities
    rate = rng.lognormal(math.log(0.3), 1.0, CATEGORIES)  # weekly disputes of a typical community
    amplitude = rng.uniform(0.0, 0.5, CATEGORIES)
    phase = rng.uniform(0.0, 2 * math.pi, CATEGORIES)
    growth = rng.normal(0.0, 0.05, CATEGORIES)  # per year
    t = np.arange(WEEKS)
    shape = (1 + amplitude[:, None] * np.sin(2 * math.pi * t / 52.18 + phase[:, None])) * np.exp(
        growth[:, None] * t / 52
    )  # (categories, weeks)
    counts = np.empty((communities * CATEGORIES, WEEKS))
    step = 250
    for start in range(0, communities, step):
        block = activity[start : start + step, None, None] * rate[None, :, None] * shape[None]
        means = rng.gamma(2.0, block / 2.0)  # overdispersion: negative binomial counts
        rows = slice(start * CATEGORIES, (start + block.shape[0]) * CATEGORIES)
        counts[rows] = rng.poisson(means).reshape(-1, WEEKS)
    outbreaks = rng.choice(counts.shape[0], size=max(1, counts.shape[0] // 2000), replace=False)
    counts[outbreaks, -1] += rng.poisson(8, outbreaks.size) + 5
    return counts, dates


R_SCRIPT = """
suppressMessages(library(surveillance))
args <- commandArgs(TRUE)
x <- as.matrix(read.csv(args[1], check.names = FALSE))
dates <- as.Date(read.csv(args[2])$date)
s <- sts(observed = x, epoch = as.numeric(dates), epochAsDate = TRUE, freq = 52)
n <- nrow(x)
con <- list(range = n, noPeriods = 10, b = 5, w = 3, weightsThreshold = 2.58, pastWeeksNotIncluded = 26,
            pThresholdTrend = 1, thresholdMethod = "nbPlugin", alpha = 0.01, glmWarnings = FALSE)
elapsed <- system.time(r <- suppressWarnings(farringtonFlexible(s, con)))[["elapsed"]]
cat("ELAPSED", elapsed, "\\n")
write.csv(data.frame(upperbound = as.vector(upperbound(r)), alarm = as.integer(as.vector(r@alarm))), args[3],
          row.names = FALSE)
"""


def run_r(counts: np.ndarray, dates: np.ndarray) -> dict[str, Any] | None:
    """R's farringtonFlexible on these series (last week): seconds and its results, or None without R."""
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="ew-bench-") as tmp:
        folder = Path(tmp)
        np.savetxt(
            folder / "x.csv",
            counts.T,
            fmt="%d",
            delimiter=",",
            header=",".join(f"s{i}" for i in range(len(counts))),
            comments="",
        )
        (folder / "dates.csv").write_text("date\n" + "\n".join(str(d) for d in dates) + "\n", encoding="utf-8")
        (folder / "run.R").write_text(R_SCRIPT, encoding="utf-8")
        proc = subprocess.run(
            [
                "Rscript",
                str(folder / "run.R"),
                str(folder / "x.csv"),
                str(folder / "dates.csv"),
                str(folder / "out.csv"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            log(f"R failed, no comparison: {proc.stderr.strip()[-500:]}")
            return None
        elapsed = float(next(line.split()[1] for line in proc.stdout.splitlines() if line.startswith("ELAPSED")))
        table = np.genfromtxt(
            folder / "out.csv", delimiter=",", skip_header=1, missing_values="NA", filling_values=np.nan
        )
    return {"seconds": elapsed, "upperbound": table[:, 0], "alarm": table[:, 1]}


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communities", type=int, default=5000)
    parser.add_argument("--r-series", type=int, default=200, help="series R also evaluates (0: none)")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--threads", type=int, default=farrington_module.THREADS, help="threads over chunks of series")
    args = parser.parse_args()
    farrington_module.THREADS = args.threads
    info = machine()
    log(f"machine: {info['nproc']} CPUs, {info['cpu_model']}")
    counts, dates = simulate(args.communities, args.seed)
    series = counts.shape[0]
    zero = float(np.mean(counts[:, -5 * 52 - 4 :].sum(axis=1) == 0))
    log(f"{series} series x {WEEKS} weeks, mean count {counts.mean():.2f}, all-zero baselines {zero:.1%}")
    rss_before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    busy_before, _ = machine_cpu()
    own_before = _own_cpu_seconds()
    started = time.perf_counter()
    result = farrington_flexible(counts, dates, WEEKS - 1, **SETTINGS)
    total_s = time.perf_counter() - started
    own_cpu_s = _own_cpu_seconds() - own_before
    # CPU that other processes took meanwhile (this machine is shared): a noisy run shows here.
    others = max(0.0, machine_cpu()[0] - busy_before - own_cpu_s) / total_s
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log(f"farrington_flexible: {total_s:.1f} s, {int(result.alarm.sum())} alarms, peak RSS {peak_mb:.0f} MB")

    # The product's default detector for count spikes, on the same series.
    started = time.perf_counter()
    concord_result = concord_detector(counts, dates, WEEKS - 1, alpha=0.01)
    concord_s = time.perf_counter() - started
    concord_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log(f"concord: {concord_s:.1f} s, {int(concord_result.alarm.sum())} alarms, peak RSS {concord_peak_mb:.0f} MB")

    r_figures: dict[str, Any] = {
        "r_series": None,
        "r_s_per_series": None,
        "speedup_vs_r": None,
        "r_thresholds_identical": None,
        "r_alarms_identical": None,
    }
    if args.r_series:
        subset = counts[: args.r_series]
        ours = farrington_flexible(subset, dates, WEEKS - 1, **SETTINGS)
        log(f"R on {args.r_series} series …")
        r = run_r(subset, dates)
        if r is not None:
            r_per_series = r["seconds"] / args.r_series
            same_upper = np.isclose(ours.upperbound[:, 0], r["upperbound"], rtol=1e-9, equal_nan=True)
            r_alarm = np.nan_to_num(r["alarm"], nan=0.0).astype(bool)
            r_figures = {
                "r_series": args.r_series,
                "r_s_per_series": round(r_per_series, 5),
                "speedup_vs_r": rounded(r_per_series / (total_s / series), 1),
                "r_thresholds_identical": int(same_upper.sum()),
                "r_alarms_identical": int((r_alarm == ours.alarm[:, 0]).sum()),
            }
            log(f"R: {r['seconds']:.1f} s for {args.r_series} series; thresholds identical for {int(same_upper.sum())}")
    output = {
        "series": series,
        "weeks": WEEKS,
        "settings": "farrington_flexible " + " ".join(f"{k}={v}" for k, v in SETTINGS.items()),
        "total_s": round(total_s, 2),
        "series_per_s": round(series / total_s),
        "alarms": int(result.alarm.sum()),
        "no_model_series": int(np.isnan(result.extra["phi"]).sum()),
        "all_zero_baseline_fraction": round(zero, 3),
        "threads": args.threads,
        "own_cpu_cores": round(own_cpu_s / total_s, 2),
        "other_processes_cpu_cores": round(others, 2),
        "rss_before_mb": round(rss_before_mb),
        "peak_rss_mb": round(peak_mb),
        "concord_total_s": round(concord_s, 2),
        "concord_series_per_s": round(series / concord_s),
        "concord_alarms": int(concord_result.alarm.sum()),
        "concord_peak_rss_mb": round(concord_peak_mb),
        **r_figures,
        "target_total_s": TARGET_S,
        "target_met": total_s < TARGET_S and concord_s < TARGET_S,
        **info,
    }
    emit_result(output)
    return 0 if output["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
