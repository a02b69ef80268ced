"""The warning worker: each job once per day however many workers run, a dead worker's job
taken over, and every flag of the command."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from concord.testing import World
from concord.warning.counts import last_sunday
from concord.warning.models import Alert, WarningRun
from concord.warning.tests.support import report
from concord.warning.worker import claim, run_days

pytestmark = pytest.mark.django_db


def wave(world: World, n: int = 5, days_ago: int = 1) -> None:
    for i in range(n):
        report(
            world.grid_a1a1, world.labour, at=timezone.now() - timedelta(days=days_ago, minutes=i), against="恒达服装厂"
        )


def test_a_job_is_claimed_once_per_day_and_a_dead_workers_claim_is_taken_over(world: World) -> None:
    day = timezone.localdate()
    first = claim("collective", day)
    assert first is not None
    assert claim("collective", day) is None  # running elsewhere
    WarningRun.objects.filter(pk=first.pk).update(leased_until=timezone.now() - timedelta(seconds=1))
    assert claim("collective", day) is not None  # its worker died: the lease ran out
    WarningRun.objects.filter(pk=first.pk).update(finished_at=timezone.now(), leased_until=timezone.now())
    assert claim("collective", day) is None  # done


def test_the_command_runs_each_job_once_for_yesterday(world: World) -> None:
    wave(world)
    out = StringIO()
    call_command("warning_worker", "--once", stdout=out)
    text = out.getvalue()
    assert "collective: 1 day(s), 1 finding(s), 1 new alert(s)" in text
    assert "counts: 1 day(s), 0 finding(s)" in text
    assert Alert.objects.count() == 1
    yesterday = timezone.localdate() - timedelta(days=1)
    assert set(WarningRun.objects.values_list("job", "day")) == {
        ("counts", last_sunday(yesterday)),
        *((job, yesterday) for job in ("collective", "repeat", "stalled")),
    }
    out = StringIO()
    call_command("warning_worker", "--once", stdout=out)
    assert out.getvalue().count("nothing to do") == 4


def test_date_backfill_jobs_and_force_flags(world: World) -> None:
    wave(world, days_ago=20)
    day = (timezone.localdate() - timedelta(days=10)).isoformat()
    out = StringIO()
    call_command("warning_worker", "--once", "--date", day, "--backfill-days", "3", "--jobs", "collective", stdout=out)
    assert "collective: 3 day(s), 3 finding(s), 1 new alert(s)" in out.getvalue()
    assert set(WarningRun.objects.values_list("job", flat=True)) == {"collective"}
    assert WarningRun.objects.count() == 3
    out = StringIO()
    call_command("warning_worker", "--once", "--date", day, "--jobs", "collective", stdout=out)
    assert "nothing to do" in out.getvalue()
    out = StringIO()
    call_command("warning_worker", "--once", "--date", day, "--jobs", "collective", "--force", stdout=out)
    assert "collective: 1 day(s), 1 finding(s), 0 new alert(s)" in out.getvalue()
    # Stalled cases are judged as they are now: a past day is skipped.
    out = StringIO()
    call_command("warning_worker", "--once", "--date", day, "--jobs", "stalled", stdout=out)
    assert "stalled: nothing to do" in out.getvalue()


def test_bad_flags_are_refused(world: World) -> None:
    with pytest.raises(CommandError, match="unknown"):
        call_command("warning_worker", "--once", "--jobs", "counts,weather", stdout=StringIO())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("warning_worker", "--once", "--date", "yesterday", stdout=StringIO())
    with pytest.raises(CommandError, match="at least 1"):
        call_command("warning_worker", "--once", "--backfill-days", "0", stdout=StringIO())


def test_interval_flag_sleeps_between_rounds(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    slept: list[float] = []

    def stop(seconds: float) -> None:
        slept.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr("time.sleep", stop)
    with pytest.raises(KeyboardInterrupt):
        call_command("warning_worker", "--interval", "7", stdout=StringIO())
    assert slept == [7]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_raise_each_alert_once(world: World) -> None:
    wave(world, n=6)
    for i in range(5):
        report(world.grid_b1, world.labour, at=timezone.now() - timedelta(days=1, hours=i), against="嘉信物业")
    days = [timezone.localdate() - timedelta(days=n) for n in range(1, 4)]
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def worker() -> None:
        try:
            start.wait()
            run_days(days)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Alert.objects.count() == 2
    assert WarningRun.objects.filter(finished_at__isnull=True).count() == 0
    weeks = {last_sunday(day) for day in days}  # count spikes are judged once per week
    assert WarningRun.objects.count() == len(weeks) + 2 * 3 + 1  # stalled only for yesterday
