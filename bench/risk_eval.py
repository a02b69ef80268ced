"""Accuracy and speed of the case risk engine on the project's labelled sets.

    .venv/bin/python bench/risk_eval.py                 # every set, 20 timing rounds
    .venv/bin/python bench/risk_eval.py --rounds 50

Evaluates the six labelled sets of ``concord/risk/tests/data`` (``risk_eval.csv``,
``risk_eval_holdout.csv``, ``risk_dev2.csv`` to ``risk_dev5.csv``: all development data now, the
rules were tuned on each, see the data README) and times ``assess()`` on every text of all of
them, ``--rounds`` times over (after one warm-up round), one call at a time, in wall-clock time
and in the CPU time of the thread. Pure Python, no database: Django is not even set up.

On a shared machine the wall-clock tail measures the other processes as much as the engine
(a process preempted mid-call adds a scheduler slice to that call), so the 5 ms target is
checked on the CPU-time p99, with the wall-clock p50/p99 and the load average beside it.

Progress and the reports go to stderr; the last stdout line is one JSON object, e.g.
{"recall_high_critical": 1.0, ..., "risk_dev2_recall_high_critical": 1.0, ..., "p99_ms_per_case": 0.4}
(the figures of ``risk_eval.csv`` unprefixed, as before, and every other set's prefixed by its name).
It also reports, never tunes on and does not gate on, the blind set ``risk_eval_holdout2.csv``
(written by someone who never saw the rules): ``blind_*`` in the JSON.
Exit status 0 when every set meets the issue's targets (recall of high+critical >= 0.95,
precision >= 0.75, no missed explicit threat to kill or suicide statement) and the p99 CPU time
per case is under 5 ms; 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import emit_result, log, machine, percentile, rounded

TARGET_P99_MS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds over all texts (default 20)")
    args = parser.parse_args()

    started = time.perf_counter()
    from concord.risk.engine.evaluation import BLIND_SET, DEVELOPMENT_SETS, evaluate, format_report, read_csv
    from concord.risk.engine.scoring import assess

    import_ms = (time.perf_counter() - started) * 1000  # includes compiling every pattern once

    info = machine()
    log(f"machine: {info['nproc']} CPUs, {info['cpu_model']}")
    sets = {path.stem: read_csv(path) for path in DEVELOPMENT_SETS}
    reports = {name: evaluate(rows) for name, rows in sets.items()}
    for name, report in reports.items():
        sys.stderr.write(format_report(report, title=f"--- {name}.csv", show_errors=True) + "\n\n")

    blind = evaluate(read_csv(BLIND_SET))
    sys.stderr.write(format_report(blind, title=f"--- {BLIND_SET.name} (blind: never tuned on)") + "\n\n")

    texts = [row.text for rows in sets.values() for row in rows]
    for text in texts:  # warm-up
        assess(text)
    timings_ms: list[float] = []
    cpu_ms: list[float] = []
    log(f"timing assess() on {len(texts)} texts x {args.rounds} rounds")
    load_before = os.getloadavg()[0]
    for _ in range(args.rounds):
        for text in texts:
            begin, begin_cpu = time.perf_counter_ns(), time.thread_time_ns()
            assess(text)
            cpu_ms.append((time.thread_time_ns() - begin_cpu) / 1e6)
            timings_ms.append((time.perf_counter_ns() - begin) / 1e6)
    load_after = os.getloadavg()[0]
    longest = max(texts, key=len)
    longest_ms = []
    for _ in range(args.rounds):
        begin = time.perf_counter_ns()
        assess(longest)
        longest_ms.append((time.perf_counter_ns() - begin) / 1e6)

    p99_cpu = percentile(cpu_ms, 99)
    result: dict[str, object] = {}
    for name, report in reports.items():
        prefix = "" if name == "risk_eval" else f"{name}_"
        result.update(
            {
                f"{prefix}recall_high_critical": report.recall_high_critical,
                f"{prefix}precision_high_critical": report.precision_high_critical,
                f"{prefix}misses_explicit_kill": len(report.misses_explicit_kill),
                f"{prefix}misses_explicit_suicide": len(report.misses_explicit_suicide),
                f"{prefix}accuracy": report.accuracy,
                f"{prefix}rows": report.rows,
            }
        )
    result.update(
        {
            "blind_rows": blind.rows,
            "blind_recall_high_critical": blind.recall_high_critical,
            "blind_precision_high_critical": blind.precision_high_critical,
            "blind_accuracy": blind.accuracy,
            "p50_ms_per_case": rounded(percentile(timings_ms, 50), 3),
            "p99_ms_per_case": rounded(percentile(timings_ms, 99), 3),
            "p50_cpu_ms_per_case": rounded(percentile(cpu_ms, 50), 3),
            "p99_cpu_ms_per_case": rounded(p99_cpu, 3),
            "max_ms_per_case": rounded(max(timings_ms), 3),
            "mean_ms_per_case": rounded(statistics.fmean(timings_ms), 3),
            "longest_text_chars": len(longest),
            "longest_text_p50_ms": rounded(percentile(longest_ms, 50), 3),
            "import_and_compile_ms": rounded(import_ms, 1),
            "timed_calls": len(timings_ms),
            "load_average_1min_before_after": [round(load_before, 2), round(load_after, 2)],
            "nproc": info["nproc"],
            "cpu_model": info["cpu_model"],
        }
    )
    emit_result(result)
    meets = all(report.meets_targets for report in reports.values())
    return 0 if meets and p99_cpu < TARGET_P99_MS else 1


if __name__ == "__main__":
    sys.exit(main())
