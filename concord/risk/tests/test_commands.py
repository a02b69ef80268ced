"""manage.py risk_eval and risk_score."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def write(tmp_path: Path, content: str, name: str = "set.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    return path


def run_eval(*args: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    out = StringIO()
    call_command("risk_eval", *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    return out.getvalue(), json.loads(lines[-1])


def test_risk_eval_prints_the_table_then_one_json_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufefftext,label,tags\r\n"
        "我要杀了他,high,explicit_kill\r\n"
        "楼上漏水,standard,\r\n"
        "\r\n"
        "He hit me,high,\r\n"
        "不想活了,high,explicit_suicide\r\n",
    )
    output, summary = run_eval(str(path), "--errors")
    assert "confusion matrix" in output and "precision" in output
    assert "disagreements" in output and "He hit me" in output  # medium, labelled high
    assert summary["rows"] == 4
    assert summary["confusion"]["high"] == {"standard": 0, "medium": 1, "high": 2, "critical": 0}
    assert summary["recall_high_critical"] == 0.6667
    assert summary["misses_explicit_kill"] == 0 and summary["explicit_kill_rows"] == 1
    assert summary["precision"]["standard"] == 1.0


def test_risk_eval_counts_explicit_misses(tmp_path: Path) -> None:
    path = write(tmp_path, "text,label,tags\nHe said nothing,high,explicit_kill\n")
    _, summary = run_eval(str(path))
    assert summary["misses_explicit_kill"] == 1 and summary["meets_targets"] is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("text,level\nabc,high\n", "missing column(s) label"),
        ("words,label\nabc,high\n", "missing column(s) text"),
        ("text,label\nabc,urgent\n", "line 2: unknown label 'urgent'"),
        ("text,label\n,high\n", "line 2: empty text"),
        ("text,label\n", "no labelled rows"),
        ("", "missing column(s) text, label"),
    ],
)
def test_risk_eval_refuses_a_bad_csv(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("risk_eval", str(write(tmp_path, content)), stdout=StringIO())


def test_risk_eval_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("risk_eval", str(tmp_path / "none.csv"), stdout=StringIO())


def test_risk_eval_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("text,label\n我要杀了他,high\n".encode("gbk"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("risk_eval", str(path), stdout=StringIO())


def test_risk_score_one_json_object_per_line() -> None:
    out = StringIO()
    stdin = StringIO("\ufeff我要杀了他\r\n\r\n   \nI'm scared of him\r\nleaking pipe\n")
    call_command("risk_score", "--language", "en", stdin=stdin, stdout=out)
    lines = out.getvalue().splitlines()
    results = [json.loads(line) for line in lines]
    assert [r["line"] for r in results] == [1, 4, 5]
    assert results[0]["level"] == "high"
    assert results[0]["factors"][0]["code"] == "threat_to_kill"
    assert results[0]["factors"][0]["words"] == ["要杀了他"]
    assert results[0]["factors"][0]["name"] == "Threat to kill or seriously harm"
    assert results[1]["factors"][0]["words"] == ["scared"]
    assert results[2] == {**results[2], "level": "standard", "score": 0, "factors": []}


def test_risk_score_names_in_chinese() -> None:
    out = StringIO()
    call_command("risk_score", "--language", "zh-hans", stdin=StringIO("他有刀\n"), stdout=out)
    (result,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert result["factors"][0]["name"] == "提到或持有凶器"
