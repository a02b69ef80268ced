"""The notify_worker command (delivery itself: test_outbox.py; killed workers: test_workers_killed.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from concord.testing import World

pytestmark = pytest.mark.django_db


def test_command_once(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    report_case()
    out = StringIO()
    call_command("notify_worker", "--once", stdout=out)
    assert "sent 1 notification" in out.getvalue()


class Stop(Exception):
    pass


@pytest.mark.parametrize("command", ["notify_worker", "sla_worker"])
def test_command_loops_with_the_interval(world: World, monkeypatch, command: str) -> None:  # type: ignore[no-untyped-def]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            raise Stop

    monkeypatch.setattr("time.sleep", sleep)
    out = StringIO()
    with pytest.raises(Stop):
        call_command(command, "--interval", "7", stdout=out)
    assert slept == [7, 7]
    assert out.getvalue().count(f"{command}:") == 2
