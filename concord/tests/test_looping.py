"""The workers' loop survives a database that goes away: it backs off, reconnects and carries on;
it stops cleanly on SIGTERM; and ``--once`` still fails loudly."""

from __future__ import annotations

import io
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import OperationalError, ProgrammingError, connection

from concord.cases.models import Case
from concord.looping import MAX_BACKOFF, backoff, run_forever

ROOT = Path(__file__).resolve().parents[2]
INTERVAL = 7.0


class Rounds:
    """A round that fails with the given errors first, then succeeds; and a sleep that records
    each pause and stops the loop once ``stop_after`` rounds have succeeded."""

    def __init__(self, errors: list[Exception], stop_after: int) -> None:
        self.errors = list(errors)
        self.stop_after = stop_after
        self.calls = 0
        self.succeeded = 0
        self.pauses: list[float] = []
        self.stop = threading.Event()

    def round(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        self.succeeded += 1
        return f"round {self.calls} done"

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        if self.succeeded >= self.stop_after:
            self.stop.set()


class Lines:
    """Where a worker writes its lines (as Django's OutputWrapper, one line per write)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, line: str) -> None:
        self.lines.append(line)


def run(rounds: Rounds, out: Lines, **kwargs: object) -> int:
    return run_forever(
        rounds.round, name="test_worker", interval=INTERVAL, stdout=out, stop=rounds.stop, sleep=rounds.sleep, **kwargs
    )  # type: ignore[arg-type]


@pytest.mark.django_db
def test_a_round_that_loses_the_database_twice_is_retried_with_backoff() -> None:
    rounds = Rounds([OperationalError("server closed the connection"), OperationalError("no route")], stop_after=2)
    out = Lines()
    assert run(rounds, out) == 2
    assert rounds.calls == 4
    assert rounds.pauses == [1, 2, INTERVAL, INTERVAL]
    assert out.lines == ["round 3 done", "round 4 done"]


@pytest.mark.django_db
def test_backoff_doubles_to_its_cap_and_resets_after_a_good_round() -> None:
    assert [backoff(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert MAX_BACKOFF == 60
    rounds = Rounds([OperationalError("down")] * 8, stop_after=1)
    assert run(rounds, Lines()) == 1
    assert rounds.pauses == [1, 2, 4, 8, 16, 32, 60, 60, INTERVAL]
    # After a good round, the next failure starts again from one second.
    rounds.stop.clear()
    rounds.errors = [OperationalError("down again")]
    rounds.stop_after = 2
    rounds.pauses = []
    assert run(rounds, Lines()) == 1
    assert rounds.pauses == [1, INTERVAL]


@pytest.mark.django_db
def test_once_lets_a_database_error_through() -> None:
    rounds = Rounds([OperationalError("down")], stop_after=1)
    with pytest.raises(OperationalError):
        run(rounds, Lines(), once=True)
    assert rounds.pauses == []


@pytest.mark.django_db
def test_once_runs_one_round() -> None:
    rounds = Rounds([], stop_after=99)
    out = Lines()
    assert run(rounds, out, once=True) == 1
    assert out.lines == ["round 1 done"]
    assert rounds.pauses == []


@pytest.mark.django_db
def test_a_bad_query_on_a_working_connection_still_stops_the_worker() -> None:
    rounds = Rounds([ProgrammingError("syntax error at or near SELEC")], stop_after=1)
    with pytest.raises(ProgrammingError):
        run(rounds, Lines())


@pytest.mark.django_db
def test_sigterm_finishes_the_round_in_hand_then_stops() -> None:
    before = signal.getsignal(signal.SIGTERM)
    out = Lines()
    calls = []

    def round() -> str:
        calls.append(1)
        os.kill(os.getpid(), signal.SIGTERM)
        return "swept"

    assert run_forever(round, name="test_worker", interval=60, stdout=out) == 1
    assert calls == [1]
    assert out.lines == ["swept"]
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.django_db
def test_sigterm_during_the_pause_ends_it() -> None:
    def watchdog(signum: int, frame: object) -> None:
        raise AssertionError("the pause between rounds was not cut short by SIGTERM")

    previous = signal.signal(signal.SIGALRM, watchdog)
    signal.alarm(20)
    out = Lines()
    try:

        def round() -> str:
            threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM)).start()
            return "swept"

        # The real pause (time.sleep), an hour long: only the signal can end it.
        assert run_forever(round, name="test_worker", interval=3600, stdout=out) == 1
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert out.lines == ["swept"]


def break_connection_under_the_worker() -> None:
    """Kill the worker's live database connection the way a server restart would."""
    if connection.vendor == "sqlite":
        assert connection.connection is not None
        connection.connection.close()
        return
    import psycopg

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with psycopg.connect(**_libpq_settings(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


def _libpq_settings() -> dict[str, str]:
    db = connection.settings_dict
    found = {"dbname": db["NAME"], "user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"]}
    found["port"] = db["PORT"]
    return {key: value for key, value in found.items() if value}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_next_round_succeeds_after_the_live_connection_is_broken(caplog: pytest.LogCaptureFixture) -> None:
    lines: list[str] = []
    pauses: list[float] = []
    stop = threading.Event()

    def round() -> str:
        count = Case.objects.count()
        if len(lines) == 1 and not pauses[1:]:
            # Second round: the connection dies between two of its queries.
            break_connection_under_the_worker()
            Case.objects.count()
        return f"cases: {count}"

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(lines) >= 3:
            stop.set()

    out = Lines()
    out.lines = lines
    done = run_forever(round, name="test_worker", interval=INTERVAL, stdout=out, stop=stop, sleep=sleep)
    assert done == 3
    assert lines == ["cases: 0"] * 3
    assert pauses == [INTERVAL, 1, INTERVAL, INTERVAL]
    assert "test_worker: database unavailable" in caplog.text
    assert Case.objects.count() == 0  # and the test's own connection works again


def _reader(stream: io.TextIOBase) -> Callable[[float], str | None]:
    """Lines of a subprocess's output as they come: next_line(timeout) or None."""
    found: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [found.put(line) for line in stream], daemon=True).start()

    def next_line(timeout: float) -> str | None:
        try:
            return found.get(timeout=timeout)
        except queue.Empty:
            return None

    return next_line


def _wait_for(next_line: Callable[[float], str | None], text: str, *, within: float) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        line = next_line(max(0.05, deadline - time.monotonic()))
        if line is None:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"no {text!r} within {within} s; output: {seen}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sla_worker_process_survives_its_connections_being_terminated() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "sla_worker", "--interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert worker.stdout is not None
        next_line = _reader(worker.stdout)
        _wait_for(next_line, "sla_worker: escalated", within=8)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [db["NAME"]],
            )
            terminated = cursor.fetchall()
        assert terminated, "the worker had no connection open to terminate"
        _wait_for(next_line, "sla_worker: escalated", within=4)
        _wait_for(next_line, "sla_worker: escalated", within=3)
        assert worker.poll() is None
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=5) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
