"""Only the kernel writes the events of a timeline and saves a subject's changes: no module
creates a CaseEvent or an AlertEvent, or saves a Case or an Alert, by hand (the demo city's
bulk loader of synthetic history aside)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
KERNEL = PACKAGE / "workflow" / "kernel.py"
BULK_LOADER = PACKAGE / "demo" / "build.py"
WRITES = re.compile(
    r"\b(CaseEvent|AlertEvent)(\.objects\.(create|bulk_create|get_or_create|update_or_create)\b|\()"
    r"|\b(Case|Alert)\.objects\b.*\.(create|bulk_create|get_or_create|update_or_create|update|bulk_update)\("
    r"|\b(case|alert|subject|locked|current|existing)\.save\("
)


def offenders(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if WRITES.search(code) and not code.lstrip().startswith("class "):
                found.append(f"{path.name}:{number}: {line.strip()}")
    return found


def source_files() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts) and path not in (KERNEL, BULK_LOADER)
    ]


def test_nothing_but_the_kernel_writes_events_or_saves_a_subject() -> None:
    assert offenders(source_files()) == []


def test_the_check_sees_a_write_by_hand(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "CaseEvent.objects.create(case=case)\ncase.save(update_fields=['status'])\nAlertEvent(alert=a)\n"
        "event = CaseEvent.objects.filter(case=case)  # a read is fine\n"
        "Case.objects.filter(pk=1).update(status='closed')\nlocked.save()\n",
        encoding="utf-8",
    )
    assert [line.split(":")[1] for line in offenders([probe])] == ["1", "2", "3", "5", "6"]
