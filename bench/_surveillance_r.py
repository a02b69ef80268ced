"""R's surveillance package as a reference for the benchmark (checking only; never needed at run time).

``start_r(...)`` writes the series to a CSV, starts ``Rscript bench/surveillance_check.R`` in the
background and returns a handle; ``RRun.result()`` waits and reads the upper bounds and alarms back
as (series, evaluated weeks) arrays. Several runs can go at once (one R process each).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

SCRIPT = Path(__file__).resolve().parent / "surveillance_check.R"


def rscript_available() -> bool:
    """True when ``Rscript`` is on the PATH and has the surveillance package."""
    if shutil.which("Rscript") is None:
        return False
    probe = subprocess.run(
        ["Rscript", "-e", "suppressMessages(library(surveillance)); cat(as.character(packageVersion('surveillance')))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.returncode == 0


def surveillance_version() -> str:
    """The version of the installed R package, e.g. '1.20.3'."""
    probe = subprocess.run(
        ["Rscript", "-e", "suppressMessages(library(surveillance)); cat(as.character(packageVersion('surveillance')))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return probe.stdout.strip()


@dataclass
class RRun:
    """One Rscript process working on a batch of series."""

    process: subprocess.Popen[bytes]
    workdir: Path
    series: int
    first: int
    steps: int

    def result(self) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64]]:
        """(upperbound, alarm, expected), each (series, evaluated weeks); raises if R failed."""
        self.process.wait()
        try:
            if self.process.returncode != 0:
                stderr = (self.workdir / "stderr.txt").read_text(encoding="utf-8", errors="replace")
                raise RuntimeError(f"Rscript failed ({self.process.returncode}):\n{stderr[-3000:]}")
            evaluated = self.steps - self.first
            upper = np.full((self.series, evaluated), np.nan)
            alarm = np.zeros((self.series, evaluated), dtype=bool)
            expected = np.full((self.series, evaluated), np.nan)
            with (self.workdir / "out.csv").open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    series, step = int(row["series"]) - 1, int(row["row"]) - 1 - self.first
                    upper[series, step] = float("nan") if row["upperbound"] == "NA" else float(row["upperbound"])
                    alarm[series, step] = row["alarm"] == "1"
                    expected[series, step] = float("nan") if row["expected"] == "NA" else float(row["expected"])
            return upper, alarm, expected
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)


def start_r(
    method: str, counts: NDArray[np.int64], dates: NDArray[np.datetime64], first: int, control: dict[str, str]
) -> RRun:
    """Start R's ``method`` ('farringtonFlexible' or 'farrington') on ``counts`` (series x weeks),
    evaluating the 0-based columns from ``first`` on, with ``control`` options as R text."""
    workdir = Path(tempfile.mkdtemp(prefix="ew-sim-r-"))
    with (workdir / "in.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", *[f"s{i + 1}" for i in range(counts.shape[0])]])
        for column, day in enumerate(dates):
            writer.writerow([str(day), *counts[:, column].tolist()])
    args = [f"{key}={value}" for key, value in control.items()]
    # R's messages go to a file, not a pipe: a full pipe would stall R while we wait for another run.
    with (workdir / "stderr.txt").open("wb") as stderr:
        process = subprocess.Popen(
            ["Rscript", str(SCRIPT), method, str(first + 1), str(workdir / "in.csv"), str(workdir / "out.csv"), *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    return RRun(process=process, workdir=workdir, series=counts.shape[0], first=first, steps=counts.shape[1])
