"""The loop of every background worker: one round at a time, surviving a database restart.

Each round starts by closing connections that are stale (past ``CONN_MAX_AGE``, or broken by an
earlier error), so that a restarted PostgreSQL is reconnected to rather than fatal. A round that
loses its connection is logged, the connection is closed and the loop backs off (1, 2, 4 … 60 s,
back to the interval after a good round). SIGTERM and SIGINT stop the loop once the round in hand
is finished; a second signal stops it at once.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Protocol

from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger("concord.looping")

# Seconds to wait after the first failed round; doubled after each further failure, up to the cap.
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 60.0


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def backoff(failures: int) -> float:
    """The pause after ``failures`` failed rounds in a row (1, 2, 4 … capped at MAX_BACKOFF)."""
    return min(MAX_BACKOFF, FIRST_BACKOFF * 2.0 ** (failures - 1))


def run_forever(
    round: Callable[[], str],
    *,
    name: str,
    interval: float,
    once: bool = False,
    stdout: Writer,
    stop: threading.Event | None = None,
    sleep: Callable[[float], object] | None = None,
) -> int:
    """Run ``round`` (which returns its one line of output) every ``interval`` seconds until
    ``stop`` is set or the process is asked to stop; returns the number of rounds that succeeded.

    With ``once`` the round runs one time and a database error propagates (a cron job should
    see it fail). ``sleep`` is how the loop waits between rounds (default ``time.sleep``, which
    a stop signal cuts short); ``stop`` is checked between rounds."""
    stop = stop or threading.Event()
    pause = _Pause(stop, sleep)
    succeeded = failures = 0
    with _stop_on_signals(pause, name=name):
        while not stop.is_set():
            _close_connections(only_stale=True)
            try:
                line = round()
            except DatabaseError as error:
                if once or not _connection_lost(error):
                    raise
                failures += 1
                delay = backoff(failures)
                logger.warning("%s: database unavailable (%s); retrying in %g s", name, _describe(error), delay)
                _close_connections(only_stale=False)
                pause(delay)
                continue
            failures = 0
            succeeded += 1
            stdout.write(line)
            if once:
                break
            pause(interval)
    return succeeded


class _Interrupted(Exception):
    """Raised by the signal handler to end a pause between rounds early."""


class _Pause:
    """The wait between rounds; a stop signal arriving during it ends it (and never a round)."""

    def __init__(self, stop: threading.Event, sleep: Callable[[float], object] | None) -> None:
        self.stop = stop
        self.sleep = sleep
        self.waiting = False

    def __call__(self, seconds: float) -> None:
        # Nested so that a signal landing in the ``finally`` is still caught here.
        try:
            try:
                self.waiting = True
                if not self.stop.is_set():
                    (self.sleep or time.sleep)(seconds)
            finally:
                self.waiting = False
        except _Interrupted:
            pass

    def signalled(self) -> None:
        self.stop.set()
        if self.waiting:
            self.waiting = False
            raise _Interrupted


def _close_connections(*, only_stale: bool) -> None:
    """Close the connections past their age or broken (``only_stale``), or all of them, as
    ``django.db.close_old_connections`` does between requests. A connection inside a transaction
    is left alone: only a test runs a round inside one, and closing it would end the test's."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        if only_stale:
            connection.close_if_unusable_or_obsolete()
        else:
            connection.close()


def _connection_lost(error: DatabaseError) -> bool:
    """Whether ``error`` came from the connection rather than from the query: an operational or
    interface error (server gone, connection closed, database locked), or any database error
    after which the connection no longer answers (SQLite reports a closed connection as a
    programming error). A genuine bug in a query still stops the worker."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    for connection in connections.all(initialized_only=True):
        if connection.connection is None:
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return True
    return False


def _describe(error: BaseException) -> str:
    first_line = str(error).strip().splitlines()[:1]
    return f"{type(error).__name__}: {first_line[0]}" if first_line else type(error).__name__


@contextmanager
def _stop_on_signals(pause: _Pause, *, name: str) -> Iterator[None]:
    """Stop the loop on SIGTERM or SIGINT while it runs: after the round in hand, or at once
    during a pause; a second signal interrupts whatever runs. Signals reach the main thread
    only; elsewhere the caller stops the loop through its ``stop`` event."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        if pause.stop.is_set():
            raise KeyboardInterrupt
        logger.info("%s: %s received, stopping after this round", name, signal.Signals(signum).name)
        pause.signalled()

    previous = {signum: signal.signal(signum, handle) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
