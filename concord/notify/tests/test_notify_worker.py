"""The outbox worker delivers each notification once and retries failures."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from concord.notify.channels import TRANSPORTS, Transport
from concord.notify.delivery import MAX_ATTEMPTS, deliver_pending
from concord.notify.models import Notification
from concord.testing import World

pytestmark = pytest.mark.django_db


class Broken(Transport):
    name = "broken"

    def send(self, notification: Notification) -> None:
        raise RuntimeError("gateway down")


def test_reported_case_is_delivered_once(world: World, report_case, caplog) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    caplog.set_level("INFO", logger="concord.notify")
    assert deliver_pending() == 1
    assert Notification.objects.get(case=case).sent_at is not None
    assert case.receipt in caplog.text
    assert "13800138000" not in caplog.text
    assert deliver_pending() == 0


def test_a_failing_channel_is_retried_then_given_up(world: World, report_case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(TRANSPORTS, "broken", Broken())
    case = report_case()
    Notification.objects.filter(case=case).update(channel="broken")
    for _ in range(MAX_ATTEMPTS + 2):
        assert deliver_pending() == 0
    notification = Notification.objects.get(case=case)
    assert notification.sent_at is None
    assert notification.attempts == MAX_ATTEMPTS
    assert notification.last_error == "gateway down"


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


def test_a_worker_that_died_mid_send_does_not_lose_the_notification(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    case = report_case()
    # A worker leased it and died: while the lease runs, nobody else sends it ...
    Notification.objects.filter(case=case).update(attempts=1, leased_until=timezone.now() + timedelta(minutes=1))
    assert deliver_pending() == 0
    # ... and once the lease has expired, another worker does.
    Notification.objects.filter(case=case).update(leased_until=timezone.now() - timedelta(seconds=1))
    assert deliver_pending() == 1
    notification = Notification.objects.get(case=case)
    assert notification.sent_at is not None and notification.leased_until is None and notification.attempts == 2
