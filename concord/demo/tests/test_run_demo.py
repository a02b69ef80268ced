"""``manage.py run_demo`` serves the site and runs the three workers; a child that dies is
restarted; Ctrl-C stops every one of them."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CHILDREN = ("web", "sla", "notify", "warning")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its parent to reap it has stopped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in {"Z", "X"}


class Output:
    """The lines of a process's output, read as they come."""

    def __init__(self, stream: object) -> None:
        self.lines: list[str] = []
        self.index = 0  # of the line the last wait_for matched
        self._new: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self._new.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, *, within: float, after: int = 0) -> re.Match[str]:
        """The first line from index ``after`` on matching ``pattern``, waiting up to ``within`` s."""
        deadline = time.monotonic() + within
        while True:
            for index in range(after, len(self.lines)):
                found = re.search(pattern, self.lines[index])
                if found:
                    self.index = index
                    return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no line matching {pattern!r} within {within} s:\n" + "\n".join(self.lines))
            with contextlib.suppress(queue.Empty):
                self.lines.append(self._new.get(timeout=remaining))


def healthz(port: int, *, within: float) -> int:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                return int(response.status)
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"/healthz did not answer within {within} s")


@pytest.fixture
def demo_database(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    return env


def test_run_demo_serves_runs_the_workers_restarts_one_that_dies_and_stops_them_all(
    demo_database: dict[str, str],
) -> None:
    port = free_port()
    demo = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "run_demo", "--port", str(port), "--web-workers", "1"],
        cwd=ROOT,
        env=demo_database,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    pids: dict[str, int] = {}
    try:
        output = Output(demo.stdout)
        for name in CHILDREN:
            pids[name] = int(output.wait_for(rf"^run_demo +\| started {name} \(pid (\d+)\)", within=10).group(1))
        assert healthz(port, within=30) == 200
        # Each worker's lines come through, prefixed with its name.
        output.wait_for(r"^sla +\| sla_worker: escalated \d+ overdue case", within=20)
        output.wait_for(r"^notify +\| notify_worker: sent \d+ notification", within=20)
        output.wait_for(r"^warning +\| warning_worker: counts: ", within=30)
        assert all(alive(pid) for pid in pids.values()), pids

        # A worker that dies is reported and started again.
        os.kill(pids["notify"], signal.SIGKILL)
        output.wait_for(r"^run_demo +\| notify exited with status -9; restarting it in 5 s", within=5)
        restarted = output.wait_for(r"^run_demo +\| started notify \(pid (\d+)\)", within=10, after=output.index + 1)
        pids["notify"] = int(restarted.group(1))
        assert alive(pids["notify"])
        assert all(alive(pid) for pid in pids.values())

        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=15) == 0
        deadline = time.monotonic() + 3
        while any(alive(pid) for pid in pids.values()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [name for name, pid in pids.items() if alive(pid)]
        output.wait_for(r"^run_demo +\| all stopped", within=2)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
        for pid in pids.values():
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
