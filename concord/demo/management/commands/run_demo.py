"""``manage.py run_demo``: the web server and the three background workers together, as
``make demo`` serves them. Each child's output is prefixed with its name; Ctrl-C or SIGTERM
stops them all. A child that dies is reported and restarted after a pause; one that keeps
dying as soon as it starts (a port in use, a broken database) stops the demo."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

# Seconds before a child that died is started again.
RESTART_PAUSE = 5.0
# A child that dies within this many seconds of starting, this many times in a row, stops the demo.
QUICK_DEATH_SECONDS = 10.0
QUICK_DEATHS = 3
# Seconds the children have to stop after SIGTERM before they are killed.
STOP_GRACE = 10.0


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[str] | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    quick_deaths: int = 0
    readers: list[threading.Thread] = field(default_factory=list)


class Command(BaseCommand):
    help = (
        "Serve the demo: gunicorn and the SLA, notification and early-warning workers as child processes, "
        "their output prefixed with their name; Ctrl-C stops them all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address gunicorn binds to (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port gunicorn binds to (default 8000).")
        parser.add_argument("--web-workers", type=int, default=2, help="gunicorn worker processes (default 2).")

    def handle(self, *args: Any, **options: Any) -> None:
        manage = str(settings.BASE_DIR / "manage.py")
        python = sys.executable
        children = [
            Child(
                "web",
                [
                    python,
                    "-m",
                    "gunicorn",
                    "concord.wsgi",
                    "--bind",
                    f"{options['host']}:{options['port']}",
                    "--workers",
                    str(options["web_workers"]),
                    "--graceful-timeout",
                    "5",
                    "--access-logfile",
                    "-",
                    "--log-level",
                    "warning",
                ],
            ),
            Child("sla", [python, manage, "sla_worker", "--interval", "30"]),
            Child("notify", [python, manage, "notify_worker", "--interval", "2"]),
            Child("warning", [python, manage, "warning_worker"]),
        ]
        self._lock = threading.Lock()
        self._width = max(len(child.name) for child in children)
        stop = threading.Event()
        previous = {signum: signal.signal(signum, lambda signum, frame: stop.set()) for signum in _STOP_SIGNALS}
        try:
            for child in children:
                self._start(child)
            failed = self._watch(children, stop)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            self._stop_all(children)
        if failed:
            raise CommandError(f"{failed} keeps dying as soon as it starts; stopped the demo (see its output above)")

    def _watch(self, children: list[Child], stop: threading.Event) -> str | None:
        """Restart children that die until asked to stop; the name of one that keeps dying, if any."""
        while not stop.wait(0.5):
            now = time.monotonic()
            for child in children:
                if child.restart_at is not None:
                    if now >= child.restart_at:
                        self._start(child)
                    continue
                assert child.process is not None
                code = child.process.poll()
                if code is None:
                    continue
                child.quick_deaths = child.quick_deaths + 1 if now - child.started_at < QUICK_DEATH_SECONDS else 1
                if child.quick_deaths >= QUICK_DEATHS:
                    self._say("run_demo", f"{child.name} exited with status {code} again")
                    return child.name
                self._say("run_demo", f"{child.name} exited with status {code}; restarting it in {RESTART_PAUSE:g} s")
                child.restart_at = now + RESTART_PAUSE
        self._say("run_demo", "stopping")
        return None

    def _start(self, child: Child) -> None:
        # Its own process group: a Ctrl-C in the terminal reaches run_demo alone, which then
        # stops every child in order (a worker finishes its round, gunicorn its requests).
        child.process = subprocess.Popen(  # noqa: S603 - our own commands
            child.argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            process_group=0,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        child.started_at = time.monotonic()
        child.restart_at = None
        assert child.process.stdout is not None
        reader = threading.Thread(target=self._relay, args=(child.name, child.process.stdout), daemon=True)
        reader.start()
        child.readers = [reader]
        self._say("run_demo", f"started {child.name} (pid {child.process.pid}): {' '.join(child.argv[1:])}")

    def _relay(self, name: str, stream: IO[str]) -> None:
        for line in stream:
            self._say(name, line.rstrip("\n"))

    def _say(self, name: str, line: str) -> None:
        with self._lock:
            self.stdout.write(f"{name:<{max(self._width, 8)}} | {line}")
            self.stdout.flush()

    def _stop_all(self, children: list[Child]) -> None:
        running = [child for child in children if child.process is not None and child.process.poll() is None]
        for child in running:
            assert child.process is not None
            child.process.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self._say("run_demo", f"{child.name} did not stop in {STOP_GRACE:g} s; killing it")
                child.process.kill()
                child.process.wait()
        for child in children:
            for reader in child.readers:
                reader.join(timeout=1)
        self._say("run_demo", "all stopped")


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
