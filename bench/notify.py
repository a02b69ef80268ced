"""Notifications through the SMTP channel: throughput with several workers, and nothing lost or
sent twice when workers are killed with SIGKILL in the middle of sending.

    python bench/notify.py [--count 5000] [--workers 2] [--kills 5]      # SQLite, then as below
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/notify.py

Each run makes a fresh database, queues ``--count`` e-mail notifications, starts the SMTP sink
(bench/smtp_sink.py) and ``--workers`` real ``manage.py notify_worker`` processes, and counts
what the sink received: once with no kills (the throughput: messages per second between the
first and the last received), once with ``--kills`` SIGKILLs of a worker while it sends (each
killed worker restarted at once). Lost: queued but never received; duplicated: received more
than once (every repeat carries the same Message-ID, which a receiver can drop). The test
concord/notify/tests/test_workers_killed.py runs the same ``soak`` on a smaller scale.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    PYTHON,
    ROOT,
    base_env,
    bench_database,
    emit_result,
    log,
    machine,
    rounded,
    run_django_snippet,
    run_manage,
)


@dataclass
class Soak:
    queued: int
    received: int  # every message the sink accepted, repeats included
    unique: int
    kills: int
    seconds: float  # from the first message received to the last

    @property
    def lost(self) -> int:
        return self.queued - self.unique

    @property
    def duplicated(self) -> int:
        return self.received - self.unique

    @property
    def per_second(self) -> float:
        return self.unique / self.seconds if self.seconds > 0 else float("nan")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_sink(port: int, out: Path) -> subprocess.Popen[str]:
    sink = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / "smtp_sink.py"), "--port", str(port), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout is not None
    line = sink.stdout.readline()
    if "listening" not in line:
        sink.kill()
        raise RuntimeError(f"the SMTP sink did not start: {line!r}")
    return sink


def soak(env: dict[str, str], queued: int, *, workers: int = 2, kills: int = 0, timeout: float = 180.0) -> Soak:
    """Deliver the ``queued`` e-mail notifications waiting in ``env``'s database with real
    worker processes into a real SMTP server, killing a worker ``kills`` times on the way."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="notify-soak-") as tmp:
        out = Path(tmp) / "received.tsv"
        out.touch()
        sink = _start_sink(port, out)
        worker_env = {
            **env,
            "CONCORD_NOTIFY_CHANNELS": "email",
            "CONCORD_SMTP_HOST": "127.0.0.1",
            "CONCORD_SMTP_PORT": str(port),
            # A killed worker's unsent rows wait this long for another worker.
            "CONCORD_NOTIFY_LEASE_SECONDS": env.get("CONCORD_NOTIFY_LEASE_SECONDS", "3"),
            "CONCORD_LOG_LEVEL": "ERROR",
        }

        def start() -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                [PYTHON, str(ROOT / "manage.py"), "notify_worker", "--interval", "1"],
                cwd=ROOT,
                env=worker_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        procs = [start() for _ in range(workers)]
        counts: Counter[str] = Counter()
        partial = ""  # the sink may be in the middle of writing a line

        def read(received: TextIO) -> int:
            nonlocal partial
            text = partial + received.read()
            *lines, partial = text.split("\n")
            counts.update(line.split("\t", 1)[0] for line in lines if line.strip())
            return len(lines)

        first = last = 0.0
        done_kills = 0
        # Kill while sending: at evenly spread points of the progress.
        kill_at = [queued * (k + 1) // (kills + 1) for k in range(kills)]
        deadline = time.monotonic() + timeout
        try:
            with out.open() as received:
                while len(counts) < queued and time.monotonic() < deadline:
                    got = read(received)
                    if got:
                        now = time.monotonic()
                        first = first or now
                        last = now
                    if done_kills < kills and len(counts) >= kill_at[done_kills]:
                        victim = done_kills % workers
                        os.kill(procs[victim].pid, signal.SIGKILL)
                        procs[victim].wait()
                        procs[victim] = start()
                        done_kills += 1
                    if not got:
                        time.sleep(0.01)
                # Repeats can still arrive from a worker that took over a killed one's lease.
                time.sleep(1.5)
                read(received)
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
            sink.terminate()
            sink.wait(timeout=10)
    return Soak(
        queued=queued,
        received=sum(counts.values()),
        unique=len(counts),
        kills=done_kills,
        seconds=last - first,
    )


QUEUE = """
from django.utils import timezone
from concord.crypto import encrypt_value
from concord.notify.models import Notification
now = timezone.now()
run, count = sys.argv[1], int(sys.argv[2])
Notification.objects.bulk_create(
    [
        Notification(
            key=f"bench:{run}:{i}", kind="bench", channel="email", subject=f"bench {i}",
            body="Concord benchmark message / 基准测试消息",
            address_encrypted=encrypt_value(f"r{i}@example.org"), created_at=now, due_at=now,
        )
        for i in range(count)
    ],
    batch_size=2000,
)
print(json.dumps({"queued": count}))
"""

STATES = """
from django.db.models import Count
from concord.notify.models import Notification
print(json.dumps(dict(Notification.objects.values_list("state").annotate(n=Count("id")))))
"""


CLEAR = """
from concord.notify.models import Notification
Notification.objects.all().delete()
print("{}")
"""


def measure(source_url: str, count: int, workers: int, kills: int) -> dict[str, object]:
    with bench_database("concord_bench_notify", source_url) as db:
        env = base_env(db.url)
        run_manage(["migrate", "--noinput"], env)
        figures: dict[str, object] = {"database": db.vendor}
        for name, killing in (("steady", 0), ("killed", kills)):
            queue = QUEUE.replace("sys.argv[1], int(sys.argv[2])", f"{name!r}, {count}")
            run_django_snippet(queue, env)
            result = soak(env, count, workers=workers, kills=killing)
            states = run_django_snippet(STATES, env)
            log(
                f"{db.vendor} {name}: {result.unique}/{count} received in {result.seconds:.2f} s "
                f"({result.per_second:.0f}/s), {result.kills} kill(s), lost {result.lost}, "
                f"duplicated {result.duplicated}; rows {states}"
            )
            figures[name] = {
                "queued": count,
                "received": result.received,
                "per_second": rounded(result.per_second, 0),
                "seconds": rounded(result.seconds, 2),
                "kills": result.kills,
                "lost": result.lost,
                "duplicated": result.duplicated,
                "rows": states,
            }
            run_django_snippet(CLEAR, env)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kills", type=int, default=5)
    args = parser.parse_args()
    source = os.environ.get("DATABASE_URL", "")
    result = {
        "benchmark": "notify",
        "machine": machine(),
        "workers": args.workers,
        "target": ">= 500 notifications/s over SMTP with 2 workers; 0 lost, 0 duplicated across the kills",
        "runs": [measure(source, args.count, args.workers, args.kills)],
    }
    emit_result(result)


if __name__ == "__main__":
    main()
