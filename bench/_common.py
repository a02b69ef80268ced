"""Helpers shared by the benchmarks: paths, logging, throw-away databases, subprocesses, statistics.

Nothing here imports Django: the benchmark scripts decide themselves when (and with which
DATABASE_URL) Django is set up, in-process or in a subprocess.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def ensure_project_on_path() -> None:
    """Make ``import concord`` and ``import bench.x`` work however the script was started."""
    root = str(ROOT)
    if root not in sys.path:
        sys.path.insert(0, root)


_STARTED = time.monotonic()


def log(message: str) -> None:
    """Human-readable progress on stderr, stamped with seconds since start (stdout is kept for the JSON)."""
    print(f"[{time.monotonic() - _STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


def exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so that ``finally`` blocks stop servers and drop databases."""

    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def emit_result(result: dict[str, Any]) -> None:
    """The benchmark's single machine-readable result: one JSON object, last line of stdout."""
    sys.stdout.flush()
    print(json.dumps(result, sort_keys=False), flush=True)


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def rounded(value: float, digits: int = 2) -> float | None:
    """JSON-friendly rounding (NaN becomes null)."""
    if value is None or math.isnan(value):
        return None
    return round(value, digits)


def machine() -> dict[str, Any]:
    """The CPU the numbers were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu_model": model}


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(values[:8]) - idle) / hz, sum(values[:8]) / hz


def base_env(database_url: str, settings_module: str = "concord.settings") -> dict[str, str]:
    """Environment for a Django subprocess against ``database_url``.

    A fixed throw-away secret key keeps the benchmark from creating var/secret.key, and
    every process of one run (migrate, world, gunicorn) agrees on it (the field-encryption
    key is derived from it).
    """
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
            "CONCORD_SECRET_KEY": env.get("CONCORD_SECRET_KEY") or "bench-" + secrets.token_urlsafe(40),
            "CONCORD_DEBUG": "0",
            "CONCORD_LOG_LEVEL": env.get("CONCORD_LOG_LEVEL", "WARNING"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def setup_django_here(database_url: str) -> None:
    """Set Django up in this process against ``database_url`` (for in-process measurements)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "concord.settings"
    os.environ.setdefault("CONCORD_LOG_LEVEL", "WARNING")
    os.environ.setdefault("CONCORD_ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()


def _python(args: Sequence[str], env: dict[str, str], what: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the project's Python with ``args`` from the project root; raises with its output if it fails."""
    proc = subprocess.run([PYTHON, *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def run_manage(args: Sequence[str], env: dict[str, str], *, quiet: bool = True) -> str:
    """``manage.py ARGS`` in a subprocess; raises with its output if it fails."""
    proc = _python([str(ROOT / "manage.py"), *args], env, f"manage.py {' '.join(args)}")
    if not quiet and proc.stderr.strip():
        log(proc.stderr.strip())
    return proc.stdout


def run_django_snippet(code: str, env: dict[str, str], stdin: str = "") -> Any:
    """Run ``code`` after ``django.setup()`` in a fresh interpreter; it must print one JSON line last."""
    prelude = "import django, json, sys\ndjango.setup()\n"
    proc = _python(["-c", prelude + code], env, "Django snippet", stdin)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"Django snippet printed nothing:\n{proc.stderr}")
    return json.loads(lines[-1])


@dataclass
class BenchDatabase:
    """A database created for one benchmark run."""

    url: str
    vendor: str  # "sqlite" or "postgresql"
    tmpdir: Path
    pg_name: str = ""
    pg_admin_url: str = ""


def pg_conninfo(url: str, dbname: str) -> str:
    """libpq connection string for ``dbname`` on the server of a postgres:// URL."""
    parts = urlsplit(url)
    fields = {
        "dbname": dbname,
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "host": parts.hostname or "",
        "port": str(parts.port or ""),
    }
    return " ".join(f"{key}='{value}'" for key, value in fields.items() if value)


def _pg_execute(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(pg_conninfo(admin_url, "postgres"), autocommit=True) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


@contextmanager
def bench_database(prefix: str, source_url: str | None = None) -> Iterator[BenchDatabase]:
    """A fresh, empty database for one run, removed afterwards whatever happens.

    ``source_url`` (normally ``$DATABASE_URL``) only chooses the engine: a postgres:// URL
    names the server to create ``<prefix>_<pid>`` on (through the ``postgres`` maintenance
    database); anything else gives a SQLite file in a temporary directory.
    """
    tmpdir = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
    db: BenchDatabase | None = None
    try:
        if source_url and urlsplit(source_url).scheme in {"postgres", "postgresql"}:
            name = f"{prefix}_{os.getpid()}"
            _pg_execute(source_url, f'DROP DATABASE IF EXISTS "{name}"')
            _pg_execute(source_url, f'CREATE DATABASE "{name}"')
            parts = urlsplit(source_url)
            url = urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))
            db = BenchDatabase(url=url, vendor="postgresql", tmpdir=tmpdir, pg_name=name, pg_admin_url=source_url)
            log(f"created PostgreSQL database {name} on {parts.hostname}:{parts.port or 5432}")
        else:
            path = tmpdir / "bench.sqlite3"
            db = BenchDatabase(url=f"sqlite:///{path}", vendor="sqlite", tmpdir=tmpdir)
            log(f"SQLite database {path}")
        yield db
    finally:
        if db is not None and db.pg_name:
            try:
                _pg_execute(db.pg_admin_url, f'DROP DATABASE IF EXISTS "{db.pg_name}" WITH (FORCE)')
                log(f"dropped PostgreSQL database {db.pg_name}")
            except Exception as error:
                log(f"could not drop PostgreSQL database {db.pg_name}: {error}")
        shutil.rmtree(tmpdir, ignore_errors=True)


def run_on_demo_city(
    args: Any, measure: Callable[[Any, str], tuple[dict[str, Any], int]], prefix: str, default_url: str
) -> int:
    """The main of a benchmark that reads the demo city: ``measure(args, database_url)`` on
    DATABASE_URL (default ``default_url``) or, with ``args.build``, on a throw-away SQLite
    database built with ``demo_city --seed args.seed --cases args.cases``. Emits the result;
    returns the exit status ``measure`` gave."""
    exit_cleanly_on_sigterm()
    info = machine()
    log(f"machine: {info['nproc']} CPUs, {info['cpu_model']}")
    if not args.build:
        result, status = measure(args, os.environ.get("DATABASE_URL", default_url))
    else:
        with bench_database(prefix) as db:
            env = base_env(db.url)
            os.environ["CONCORD_SECRET_KEY"] = env["CONCORD_SECRET_KEY"]  # the key the parties are encrypted with
            log("migrating")
            run_manage(["migrate", "--noinput"], env)
            log(f"demo_city --seed {args.seed} --cases {args.cases} (about a minute for 62,000 cases)")
            started = time.monotonic()
            run_manage(["demo_city", "--seed", str(args.seed), "--cases", str(args.cases)], env)
            log(f"built in {time.monotonic() - started:.0f} s")
            result, status = measure(args, db.url)
            result["built"] = f"demo_city --seed {args.seed} --cases {args.cases} into a temporary SQLite file"
            from django.db import connections  # measure() set Django up

            connections.close_all()
    result.update(info)
    emit_result(result)
    return status
