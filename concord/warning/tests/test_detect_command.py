"""``manage.py detect``: any registered detector on a CSV of weekly counts, one or many series."""

from __future__ import annotations

import csv
import io
import math
import random
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from concord.warning.detectors.farrington import farrington_flexible
from concord.warning.detectors.registry import DETECTORS, get_detector
from concord.warning.tests.golden import GOLDEN, read_golden
from concord.warning.tests.test_farrington_extra import COUNTS, DATA, DATES, NAMES

NEWPORT = GOLDEN / "salmNewport_germany.csv"
NOUFAILY_FLAGS = [
    "--b=4",
    "--w=3",
    "--alpha=0.01",
    "--no-periods=10",
    "--weights-threshold=2.58",
    "--past-weeks-not-included=26",
    "--p-threshold-trend=1",
    "--threshold-method=nbPlugin",
]
ORIGINAL_REST = ["--past-weeks-not-included=3", "--p-threshold-trend=0.05", "--threshold-method=delta", "--limit54=5,4"]
LATE = "--from=2013-06-03"  # the last 31 weeks: enough to see every option act, and quick


def detect(path: Path, *args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("detect", str(path), *args, stdout=out)
    text = out.getvalue()
    assert text.startswith("series,date,observed,upperbound,alarm,expected\n")
    return list(csv.DictReader(io.StringIO(text)))


def _number(text: str) -> float:
    return math.nan if text == "NA" else float(text)


def assert_same_as_golden(rows: list[dict[str, str]], golden_name: str) -> None:
    golden = read_golden(golden_name)
    assert [row["date"] for row in rows] == [row["date"] for row in golden]
    for row, want in zip(rows, golden, strict=True):
        assert row["alarm"] == str(int(want["alarm"])), row
        assert _number(row["observed"]) == want["observed"]
        for column in ("upperbound", "expected"):
            if column in want:
                got, ref = _number(row[column]), float(want[column])
                assert (math.isnan(got) and math.isnan(ref)) or got == pytest.approx(ref, rel=1e-9), (column, row)


@pytest.mark.parametrize(
    ("method", "flags", "golden"),
    [
        ("farrington_flexible", NOUFAILY_FLAGS, "golden_ff_noufaily_b4w3_a0.01.csv"),
        (
            "farrington_flexible",
            [*NOUFAILY_FLAGS[:-1], "--threshold-method=muan"],
            "golden_ff_noufaily_muan_b4w3_a0.01.csv",
        ),
        (
            "farrington_flexible",
            ["--b=4", "--w=3", "--alpha=0.01", "--no-periods=1", "--weights-threshold=1", *ORIGINAL_REST],
            "golden_ff_original_b4w3_a0.01.csv",
        ),
        ("farrington", ["--b=4", "--w=3", "--alpha=0.01"], "golden_algo_farrington_b4w3_a0.01.csv"),
        ("ears_c3", ["--alpha=0.001", "--baseline=7"], "golden_earsC_C3_a0.001.csv"),
    ],
)
def test_matches_the_golden_outputs(method: str, flags: list[str], golden: str) -> None:
    rows = detect(NEWPORT, f"--method={method}", "--from=2011-01-03", *flags)
    assert_same_as_golden(rows, golden)


def test_many_series_in_any_row_order_are_evaluated_together(tmp_path: Path) -> None:
    with (DATA / "extra_input.csv").open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    header, body = lines[0], lines[1:]
    random.Random(3).shuffle(body)
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    rows = detect(shuffled, "--method=farrington_flexible", "--from=2013-04-15", *NOUFAILY_FLAGS)
    first = [str(day) for day in DATES].index("2013-04-15")
    direct = farrington_flexible(
        COUNTS,
        DATES,
        first,
        **dict(b=4, w=3, alpha=0.01, no_periods=10, weights_threshold=2.58)
        | dict(past_weeks_not_included=26, p_threshold_trend=1.0, threshold_method="nbPlugin"),
    )
    weeks = len(DATES) - first
    order = list(dict.fromkeys(line.split(",")[0].strip('"') for line in body))
    assert [row["series"] for row in rows[::weeks]] == order  # in order of first appearance in the file
    assert sorted(order) == sorted(NAMES) and len(rows) == len(NAMES) * weeks
    for index, row in enumerate(rows):
        step = index % weeks
        series = NAMES.index(row["series"])
        assert row["date"] == str(DATES[first + step])
        want = direct.upperbound[series, step]
        assert (math.isnan(want) and row["upperbound"] == "NA") or float(row["upperbound"]) == want
        assert row["alarm"] == str(int(direct.alarm[series, step]))
    assert any(row["alarm"] == "1" for row in rows)


def test_the_default_start_is_the_earliest_week_the_method_can_evaluate(tmp_path: Path) -> None:
    short = tmp_path / "short.csv"
    short.write_text("".join(NEWPORT.open(encoding="utf-8").readlines()[:61]), encoding="utf-8")  # 60 weeks
    rows = detect(short, "--method=farrington_flexible", "--b=1", "--w=2")
    dates = [row["date"] for row in csv.DictReader(short.open(encoding="utf-8"))]
    start = dates.index(rows[0]["date"])
    assert start == 52 + 2  # one year and w weeks back must exist
    with pytest.raises(CommandError, match="too early"):
        detect(short, "--method=farrington_flexible", "--b=1", "--w=2", f"--from={dates[start - 1]}")
    assert detect(short, "--method=farrington", "--b=1", "--w=2")[0]["date"] == dates[start]
    ears = detect(short, "--method=ears_c2", "--baseline=5")
    assert ears[0]["date"] == dates[7]


def _run(*flags: str) -> list[tuple[str, str]]:
    rows = detect(NEWPORT, LATE, *flags)
    return [(row["upperbound"], row["alarm"]) for row in rows]


@pytest.mark.parametrize(
    "changed",
    [
        "--b=3",
        "--w=1",
        "--alpha=0.2",
        "--no-periods=4",
        "--weights-threshold=1",
        "--past-weeks-not-included=10",
        "--p-threshold-trend=0.01",
        "--threshold-method=muan",
        "--limit54=1,4",
    ],
)
def test_every_flexible_flag_changes_the_result(changed: str) -> None:
    base = ["--method=farrington_flexible", *NOUFAILY_FLAGS]
    name = changed.split("=")[0]
    altered = [flag for flag in base if not flag.startswith(name + "=")] + [changed]
    assert _run(*altered) != _run(*base)


def test_baseline_and_from_change_the_result() -> None:
    assert _run("--method=ears_c1", "--baseline=4") != _run("--method=ears_c1", "--baseline=7")
    dates = [row["date"] for row in csv.DictReader(NEWPORT.open(encoding="utf-8"))]
    assert len(detect(NEWPORT, "--method=ears_c1", "--from=2013-12-02")) == len(dates) - dates.index("2013-12-02")


def test_every_registered_method_runs_and_each_flag_belongs_to_one() -> None:
    for name in DETECTORS:
        assert detect(NEWPORT, f"--method={name}", LATE)
    from concord.warning.management.commands.detect import FLAGS

    for flag, (option, _) in FLAGS.items():
        assert any(option in detector.options for detector in DETECTORS.values()), flag


@pytest.mark.parametrize(
    ("content", "flags", "message"),
    [
        ("day,observed\n2020-01-06,1\n", [], "missing column"),
        ("date,observed\n2020-13-06,1\n", [], "line 2: date '2020-13-06'"),
        ("date,observed\n2020-01-06,1.5\n", [], "line 2: observed '1.5'"),
        ("date,observed\n2020-01-06,-1\n", [], "not a count"),
        ("date,observed\n2020-01-06,many\n", [], "not a count"),
        ("date,observed\n", [], "no rows"),
        ("series,date,observed\na,2020-01-06,1\na,2020-01-06,2\n", [], "twice"),
        ("series,date,observed\na,2020-01-06,1\nb,2020-01-13,2\n", [], "same dates"),
        (
            "date,observed\n2020-01-06,1\n2020-01-20,1\n",
            ["--method=farrington", "--b=1", "--w=0", "--from=2020-01-20"],
            "consecutive weeks",
        ),
    ],
)
def test_bad_files_are_refused_clearly(tmp_path: Path, content: str, flags: list[str], message: str) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        detect(path, *(flags or ["--method=ears_c1"]))


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--method=ears_c1", "--no-periods=10"], "ears_c1 does not take --no-periods"),
        (["--method=farrington", "--threshold-method=muan"], "farrington does not take --threshold-method"),
        (["--method=farrington_flexible", "--baseline=7"], "does not take --baseline"),
        (["--method=concord", "--b=5"], "concord does not take --b"),
        (["--method=farrington", "--b=four"], "--b: 'four' is not valid"),
        (["--method=farrington", "--limit54=5"], "--limit54 must be CASES,WEEKS"),
        (["--method=farrington", "--from=2011-01-04"], "not one of the file's dates"),
        (["--method=farrington", "--from=yesterday"], "not a date"),
        (["--method=farrington_flexible", "--threshold-method=exact"], "threshold_method must be one of"),
        (["--method=farrington", "--b=40"], "too short"),
    ],
)
def test_bad_options_are_refused_clearly(flags: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        detect(NEWPORT, *flags)


def test_a_missing_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        detect(tmp_path / "nowhere.csv", "--method=ears_c1")


def test_the_concord_slot_is_filled() -> None:
    assert get_detector("concord").name == "concord"
    with pytest.raises(KeyError, match="unknown detector"):
        get_detector("cusum")
    assert np.isnan(COUNTS).any()  # the shared input has gaps, which the command reads as NA


def test_the_registry_runs_any_detector_with_one_signature() -> None:
    from concord.warning.detectors.registry import run_detector

    first = len(DATES) - 3
    for name in DETECTORS:
        result = run_detector(name, COUNTS[1:], DATES, first, alpha=0.01)
        assert result.upperbound.shape == (len(NAMES) - 1, 3)
    with pytest.raises(ValueError, match="ears_c2 does not take option"):
        run_detector("ears_c2", COUNTS, DATES, first, b=3)
    assert "no_periods" in get_detector("farrington_flexible").options
    assert "no_periods" not in get_detector("farrington").options
