"""Intake throughput: reports per second through the public report form, over real HTTP,
against a bare one-row insert served by the same gunicorn workers behind the same middleware.

    .venv/bin/python bench/intake.py [--seconds 20] [--clients 8] [--rounds 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/intake.py
    .venv/bin/python bench/intake.py --baseline open311   # Open311 POST requests.json vs the web form

With ``--baseline open311`` the phases alternate the web form and ``POST
/open311/v2/requests.json`` (with an api_key made for the run) instead of the bare insert;
the figure is Open311 requests/s over web-form reports/s, target >= 0.8.

Without a postgres:// DATABASE_URL it runs on a fresh SQLite file in a temporary directory;
with one, it creates ``concord_bench_<pid>`` on that server and drops it at the end. It
migrates, loads a world (concord.testing.build_world by default), starts ONE gunicorn
(``--workers 2``) with DJANGO_SETTINGS_MODULE=bench.baseline_settings, which serves both
``POST /r/<grid>`` (the full intake path) and ``POST /bench/insert`` (one raw INSERT in
autocommit), then runs the same N client threads against each, in alternating phases
(ABBA: bare, intake, intake, bare, ...) so that machine noise hits both alike. Each client
is a thread with its own http.client connection; gunicorn's sync workers close the connection
after every response, so every request (of both kinds) opens a new loopback TCP connection.

Afterwards it checks every report: each 302 must have exactly one case with the submission
token that was sent (lost = 0, duplicated = 0), and bench_row must hold one row per 201.
When the intake path reaches less than ``--target`` of the bare rate (or with
``--profile always``) it profiles one request in-process (django.test.Client, the same
settings and database): per-request time, the SQL it runs, and where the Python time goes.

Progress goes to stderr; the last stdout line is one JSON object.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    PYTHON,
    ROOT,
    BenchDatabase,
    base_env,
    bench_database,
    emit_result,
    exit_cleanly_on_sigterm,
    log,
    machine,
    machine_cpu,
    percentile,
    pg_conninfo,
    rounded,
    run_django_snippet,
    run_manage,
)

SETTINGS = "bench.baseline_settings"
HOST = "127.0.0.1"
DEFAULT_GRID = "51010100100101"
TARGET_RATIO = 0.5
INTAKE = "intake"
BARE = "bare"
OPEN311 = "open311"
# Open311 POST throughput must be within 20% of the web form's, in the same run.
OPEN311_TARGET_RATIO = 0.8
_RECEIPT_IN_NOTICE = re.compile(r"/t/([A-Z0-9]+)")

OPEN311_KEY_SNIPPET = """
from concord.open311.services import create_client
_client, key = create_client("intake benchmark", rate_per_minute=10**9)
print(json.dumps({"key": key}))
"""

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CATEGORY_INPUT = re.compile(r'name="category" value="(\d+)"')
_CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")

# --------------------------------------------------------------------------- setup

WORLD_SNIPPET = """
from concord.testing import build_world
world = build_world()
print(json.dumps({"grid": world.grid_a1a1.code}))
"""

COUNT_CASES_SNIPPET = """
from concord.cases.models import Case
print(json.dumps({"cases": Case.objects.count()}))
"""

CREATE_TABLE_SNIPPET = """
from django.db import connection
if connection.vendor == "postgresql":
    ddl = "CREATE TABLE bench_row (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL)"
else:
    ddl = ("CREATE TABLE bench_row (id integer PRIMARY KEY AUTOINCREMENT, payload text NOT NULL, "
           "created_at datetime NOT NULL)")
with connection.cursor() as cursor:
    cursor.execute(ddl)
print(json.dumps({"vendor": connection.vendor}))
"""

ACCOUNT_SNIPPET = """
from django.db import connection
from concord.cases.models import Case
tokens = json.load(sys.stdin)
found = {}
for start in range(0, len(tokens), 500):
    chunk = tokens[start:start + 500]
    for token, receipt in Case.objects.filter(submission_token__in=chunk).values_list("submission_token", "receipt"):
        found.setdefault(token, []).append(receipt)
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM bench_row")
    bare_rows = cursor.fetchone()[0]
print(json.dumps({"cases": Case.objects.count(), "found": found, "bare_rows": bare_rows}))
"""


def load_dataset(env: dict[str, str], dataset: str, demo_cases: int) -> str:
    """Fill the fresh database; returns the dataset's description for the JSON."""
    if dataset == "demo_city":
        log(f"loading demo_city --cases {demo_cases} (realistic routing table)")
        started = time.monotonic()
        run_manage(["demo_city", "--cases", str(demo_cases)], env)
        log(f"demo_city done in {time.monotonic() - started:.0f} s")
        return f"demo_city --cases {demo_cases}"
    run_django_snippet(WORLD_SNIPPET, env)
    return "build_world"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str], port: int, workers: int, log_path: Path) -> subprocess.Popen[bytes]:
    """One gunicorn, sync workers, no access log; both endpoints are served by its workers."""
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "concord.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]
    log(f"starting gunicorn: {' '.join(command[1:])} (DJANGO_SETTINGS_MODULE={env['DJANGO_SETTINGS_MODULE']})")
    handle = log_path.open("wb")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)


def wait_healthy(port: int, server: subprocess.Popen[bytes], log_path: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log_path.read_text(errors='replace')}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


# --------------------------------------------------------------------------- CPU accounting


def _ticks(pid: int) -> int:
    """utime + stime of one process, in clock ticks (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time used so far by the gunicorn master and its workers."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        children = []
    ticks = _ticks(master_pid) + sum(_ticks(int(pid)) for pid in children)
    return ticks / os.sysconf("SC_CLK_TCK")


def db_backend_ticks(db_name: str) -> dict[int, int]:
    """CPU ticks so far of each PostgreSQL backend serving ``db_name`` ({} for SQLite, which runs in-process)."""
    if not db_name:
        return {}
    ticks: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if cmdline.startswith(b"postgres:") and f" {db_name} ".encode() in cmdline:
            ticks[int(proc.name)] = _ticks(int(proc.name))
    return ticks


def db_cpu_between(start: dict[int, int], end: dict[int, int]) -> float:
    """CPU seconds the backends used between two snapshots (a backend that exited meanwhile,
    e.g. at CONN_MAX_AGE, is missed; one that started meanwhile counts in full)."""
    return sum(ticks - start.get(pid, 0) for pid, ticks in end.items()) / os.sysconf("SC_CLK_TCK")


class PgWaitSampler(threading.Thread):
    """Samples pg_stat_activity every 20 ms: what the benchmark database's backends are doing."""

    def __init__(self, admin_url: str, db_name: str) -> None:
        super().__init__(daemon=True)
        self.admin_url = admin_url
        self.db_name = db_name
        self.counts: Counter[str] = Counter()
        self.samples = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(pg_conninfo(self.admin_url, "postgres"), autocommit=True) as conn:
            while not self._stop_event.wait(0.02):
                rows = conn.execute(
                    "SELECT state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '-') "
                    "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [self.db_name],
                ).fetchall()
                self.samples += 1
                for state, wait_type, wait_event in rows:
                    key = "idle (waiting for the app)" if state == "idle" else f"{state}: {wait_type}/{wait_event}"
                    self.counts[key] += 1

    def stop(self) -> dict[str, float]:
        """Mean number of backends in each state, over the samples taken."""
        self._stop_event.set()
        self.join(timeout=5)
        return {key: round(count / max(self.samples, 1), 3) for key, count in self.counts.most_common()}


# --------------------------------------------------------------------------- clients


@dataclass(frozen=True)
class Job:
    """What one client process does in one phase."""

    kind: str  # INTAKE or BARE
    port: int
    grid: str
    threads: int
    first_client: int
    start_at: float  # time.time() at which every client starts sending
    seconds: float
    api_key: str = ""  # for OPEN311


@dataclass
class ClientResult:
    ok: int = 0
    errors: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    accepted: dict[str, str] = field(default_factory=dict)  # submission token -> receipt (302s)
    failed_tokens: list[str] = field(default_factory=list)  # sent without a 302
    first_error: str = ""
    ended_at: float = 0.0
    cpu_seconds: float = 0.0
    late_start: float = 0.0

    def merge(self, other: ClientResult) -> None:
        self.ok += other.ok
        self.errors += other.errors
        self.statuses.update(other.statuses)
        self.latencies_ms.extend(other.latencies_ms)
        self.accepted.update(other.accepted)
        self.failed_tokens.extend(other.failed_tokens)
        self.first_error = self.first_error or other.first_error
        self.ended_at = max(self.ended_at, other.ended_at)
        self.cpu_seconds += other.cpu_seconds
        self.late_start = max(self.late_start, other.late_start)


def _open_form(conn: http.client.HTTPConnection, grid: str) -> tuple[str, str, list[str]]:
    """GET the report form once: (csrftoken cookie, csrfmiddlewaretoken input, category pks)."""
    conn.request("GET", f"/r/{grid}")
    response = conn.getresponse()
    html = response.read().decode("utf-8", "replace")
    if response.status != 200:
        raise RuntimeError(f"GET /r/{grid} answered {response.status}: {html[:300]}")
    cookies = " ".join(value for name, value in response.getheaders() if name.lower() == "set-cookie")
    cookie = _CSRF_COOKIE.search(cookies)
    hidden = _CSRF_INPUT.search(html)
    categories = _CATEGORY_INPUT.findall(html)
    if not cookie or not hidden or not categories:
        raise RuntimeError(f"GET /r/{grid}: no csrftoken cookie, csrfmiddlewaretoken or category on the form")
    return cookie.group(1), hidden.group(1), categories


def _service_codes(conn: http.client.HTTPConnection) -> list[str]:
    """GET services.json once: the Open311 service codes (the report categories)."""
    import json

    conn.request("GET", "/open311/v2/services.json")
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET /open311/v2/services.json answered {response.status}: {body[:300]!r}")
    return [service["service_code"] for service in json.loads(body)]


def _open311_outcome(response: http.client.HTTPResponse, content: bytes) -> tuple[str, str] | None:
    """(token, receipt) from a 201 answer to POST requests.json, else None."""
    import json

    if response.status != 201:
        return None
    (item,) = json.loads(content)
    found = _RECEIPT_IN_NOTICE.search(item["service_notice"])
    return (item["token"], found.group(1)) if found else None


def _client(job: Job, number: int, out: ClientResult, lock: threading.Lock) -> None:
    """One client: a connection of its own, POSTing until the phase's deadline."""
    mine = ClientResult()
    conn = http.client.HTTPConnection(HOST, job.port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    categories: list[str] = []
    csrf_input = ""
    path = "/bench/insert"
    if job.kind == INTAKE:
        cookie, csrf_input, categories = _open_form(conn, job.grid)
        headers["Cookie"] = f"csrftoken={cookie}"
        path = f"/r/{job.grid}"
    elif job.kind == OPEN311:
        categories = _service_codes(conn)
        path = "/open311/v2/requests.json"
    conn.close()
    wait = job.start_at - time.time()
    if wait > 0:
        time.sleep(wait)
    else:
        mine.late_start = -wait
    deadline = job.start_at + job.seconds
    sent = 0
    while time.time() < deadline:
        sent += 1
        token = ""
        if job.kind == INTAKE:
            token = uuid.uuid4().hex
            body = urlencode(
                {
                    "category": categories[(number + sent) % len(categories)],
                    "description": f"Bench report {sent} from client {number}: loud music every night ({token[:8]}).",
                    "name": f"Resident {number}-{sent}",
                    "phone": f"138{number:04d}{sent % 10000:04d}",
                    "other_party": f"Neighbour upstairs {sent % 97}",
                    "consent": "on",
                    "submission_token": token,
                    "csrfmiddlewaretoken": csrf_input,
                }
            )
        elif job.kind == OPEN311:
            body = urlencode(
                {
                    "api_key": job.api_key,
                    "service_code": categories[(number + sent) % len(categories)],
                    "address_id": job.grid,
                    "description": f"Bench request {sent} from client {number}: loud music every night.",
                    "first_name": f"Resident {number}-{sent}",
                    "phone": f"138{number:04d}{sent % 10000:04d}",
                    "attribute[other_party]": f"Neighbour upstairs {sent % 97}",
                }
            )
        else:
            body = urlencode({"client": number, "n": sent, "note": "bare insert baseline"})
        started = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            conn.close()
            mine.errors += 1
            mine.statuses[type(error).__name__] += 1
            mine.first_error = mine.first_error or f"{type(error).__name__}: {error}"
            if token:
                mine.failed_tokens.append(token)
            continue
        mine.latencies_ms.append((time.perf_counter() - started) * 1000)
        mine.statuses[str(response.status)] += 1
        location = response.getheader("Location", "")
        if job.kind == INTAKE and response.status == 302 and location.startswith("/t/"):
            mine.ok += 1
            mine.accepted[token] = location[3:].split("?", 1)[0]
        elif job.kind == BARE and response.status == 201:
            mine.ok += 1
        elif job.kind == OPEN311 and (outcome := _open311_outcome(response, content)) is not None:
            mine.ok += 1
            mine.accepted[outcome[0]] = outcome[1]
        else:
            mine.errors += 1
            if token:
                mine.failed_tokens.append(token)
            mine.first_error = mine.first_error or f"HTTP {response.status}: {content[:300]!r}"
    mine.ended_at = time.time()
    conn.close()
    with lock:
        out.merge(mine)


def run_client_process(job: Job) -> ClientResult:
    """``job.threads`` clients as threads of this process; also reports this process's CPU time."""
    result = ClientResult()
    lock = threading.Lock()
    cpu_before = time.process_time()
    threads = [
        threading.Thread(target=_client, args=(job, job.first_client + i, result, lock), daemon=True)
        for i in range(job.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.cpu_seconds = time.process_time() - cpu_before
    return result


@dataclass
class Phase:
    kind: str
    seconds: float
    result: ClientResult
    server_cpu: float
    db_cpu: float
    machine_busy: float
    machine_total: float
    pg_activity: dict[str, float]

    @property
    def rate(self) -> float:
        return self.result.ok / self.seconds if self.seconds > 0 else 0.0

    @property
    def foreign_cores(self) -> float:
        """CPU used meanwhile by processes that are not part of the benchmark (noise), in cores."""
        ours = self.server_cpu + self.db_cpu + self.result.cpu_seconds
        return max(0.0, self.machine_busy - ours) / self.seconds


@dataclass(frozen=True)
class Setup:
    """What every phase runs against."""

    port: int
    grid: str
    clients: int
    procs: int
    master_pid: int
    db: BenchDatabase
    pool: Any  # ProcessPoolExecutor or None (threads in this process)
    api_key: str = ""


@dataclass(frozen=True)
class Snapshot:
    server: float
    db: dict[int, int]
    busy: float
    total: float


def _cpu_snapshot(setup: Setup) -> Snapshot:
    busy, total = machine_cpu()
    return Snapshot(server_cpu_seconds(setup.master_pid), db_backend_ticks(setup.db.pg_name), busy, total)


def run_phase(setup: Setup, kind: str, seconds: float) -> Phase:
    """All clients against one endpoint for ``seconds``; rate = successes / wall time."""
    start_at = time.time() + 1.0 + 0.05 * setup.clients
    per_proc = [
        setup.clients // setup.procs + (1 if i < setup.clients % setup.procs else 0) for i in range(setup.procs)
    ]
    jobs, first = [], 0
    for threads in per_proc:
        jobs.append(Job(kind, setup.port, setup.grid, threads, first, start_at, seconds, setup.api_key))
        first += threads
    before: list[Snapshot] = []
    waits = PgWaitSampler(setup.db.pg_admin_url, setup.db.pg_name) if setup.db.pg_name else None

    def at_start() -> None:
        time.sleep(max(0.0, start_at - time.time()))
        before.append(_cpu_snapshot(setup))
        if waits is not None:
            waits.start()

    starter = threading.Thread(target=at_start, daemon=True)
    starter.start()
    pool = setup.pool
    results = [run_client_process(jobs[0])] if pool is None else list(pool.map(run_client_process, jobs))
    starter.join()
    after = _cpu_snapshot(setup)
    activity = waits.stop() if waits is not None else {}
    merged = ClientResult()
    for result in results:
        merged.merge(result)
    if merged.late_start > 0.05:
        log(f"  warning: clients started {merged.late_start * 1000:.0f} ms late")
    elapsed = max(merged.ended_at - start_at, seconds)
    start = before[0]
    return Phase(
        kind,
        elapsed,
        merged,
        server_cpu=after.server - start.server,
        db_cpu=db_cpu_between(start.db, after.db),
        machine_busy=after.busy - start.busy,
        machine_total=after.total - start.total,
        pg_activity=activity,
    )


def describe(phase: Phase) -> str:
    ok = phase.result.ok or 1
    latencies = phase.result.latencies_ms
    text = (
        f"{phase.kind:6s} {phase.rate:8.1f} req/s  ok={phase.result.ok} errors={phase.result.errors} "
        f"p50={percentile(latencies, 50):.1f} ms p95={percentile(latencies, 95):.1f} ms; CPU per request: "
        f"gunicorn {phase.server_cpu / ok * 1000:.2f} ms"
    )
    if phase.pg_activity:
        text += f", PostgreSQL backends {phase.db_cpu / ok * 1000:.2f} ms"
    return text + (
        f"; client {phase.result.cpu_seconds / phase.seconds:.2f} cores, "
        f"machine busy {phase.machine_busy / max(phase.machine_total, 1e-9) * 100:.0f}%, "
        f"other processes {phase.foreign_cores:.2f} cores"
    )


# --------------------------------------------------------------------------- profile

PROFILE_SNIPPET = r"""
import collections, cProfile, functools, pstats, re, time, uuid
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client
import concord.intake.forms as forms_module
import concord.intake.services as services_module
import concord.intake.views as views_module

grid, n = json.load(sys.stdin)
timers = collections.defaultdict(float)
calls = collections.Counter()

def timed(owner, name, label):
    if not hasattr(owner, name):  # the code moved on: time what exists
        print(f"profile: {owner.__name__}.{name} not found, not timed", file=sys.stderr)
        return
    original = getattr(owner, name)
    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timers[label] += time.perf_counter() - started
            calls[label] += 1
    setattr(owner, name, wrapper)

# Inclusive wall time of each step of POST /r/<grid> (the names the view and services look up).
timed(CsrfViewMiddleware, "process_view", "CsrfViewMiddleware.process_view")
timed(views_module, "report", "concord.intake.views.report (whole view)")
timed(views_module, "region_by_code", "concord.geo.queries.region_by_code (cached per process)")
timed(forms_module.ReportForm, "__init__", "ReportForm.__init__ (cached children and categories)")
timed(forms_module.ReportForm, "is_valid", "ReportForm.is_valid")
timed(views_module, "submit_report", "concord.intake.services.submit_report")
timed(services_module, "record_report", "  record_report: the step's transaction incl. COMMIT (SQLite: write lock)")
timed(services_module, "handler_for", "  concord.routing.services.handler_for (cached route + assignee)")
timed(services_module, "_party", "  _party x2 (Fernet encrypt + HMAC, before the transaction)")
timed(views_module, "redirect", "redirect()")

sql = {"count": 0, "seconds": 0.0, "log": None}
def sql_timer(execute, statement, params, many, context):
    started = time.perf_counter()
    try:
        return execute(statement, params, many, context)
    finally:
        elapsed = time.perf_counter() - started
        sql["count"] += 1
        sql["seconds"] += elapsed
        if sql["log"] is not None:
            sql["log"].append({"ms": round(elapsed * 1000, 3), "sql": statement[:240]})

client = Client(enforce_csrf_checks=True, SERVER_NAME="127.0.0.1")
html = client.get(f"/r/{grid}").content.decode()
csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
categories = re.findall(r'name="category" value="(\d+)"', html)

def report(i):
    data = {"category": categories[i % len(categories)], "description": f"Profiled report {i}: loud music at night.",
            "name": f"Resident {i}", "phone": f"1390000{i % 10000:04d}", "other_party": "Neighbour upstairs",
            "consent": "on", "submission_token": uuid.uuid4().hex, "csrfmiddlewaretoken": csrf}
    response = client.post(f"/r/{grid}", data)
    assert response.status_code == 302, (response.status_code, response.content[:500])

def bare(i):
    response = client.post("/bench/insert", {"client": "profile", "n": i})
    assert response.status_code == 201, response.status_code

def per_request_ms(fn, count, offset):
    started = time.perf_counter()
    for i in range(count):
        fn(offset + i)
    return (time.perf_counter() - started) / count * 1000

for i in range(20):
    report(i)
    bare(i)
out = {"vendor": connection.vendor, "profiled_requests": n}
out["intake_ms"] = per_request_ms(report, n, 1000)
out["bare_ms"] = per_request_ms(bare, n, 1000)
timers.clear(); calls.clear()
with connection.execute_wrapper(sql_timer):
    for kind, fn in (("intake", report), ("bare", bare)):
        sql.update(count=0, seconds=0.0, log=[])
        fn(5000)
        out[f"{kind}_queries"] = sql["log"]
        sql.update(count=0, seconds=0.0, log=None)
        out[f"{kind}_ms_timed"] = per_request_ms(fn, n, 6000)
        out[f"{kind}_sql_ms"] = sql["seconds"] * 1000 / n
        out[f"{kind}_queries_per_request"] = sql["count"] / n
        if kind == "intake":
            out["steps"] = [{"step": label, "ms_per_request": round(timers[label] * 1000 / n, 3),
                             "calls_per_request": round(calls[label] / n, 2)} for label in timers]

profiler = cProfile.Profile()
profiler.enable()
for i in range(n):
    report(9000 + i)
profiler.disable()
stats = pstats.Stats(profiler).stats
own = sorted(stats.items(), key=lambda kv: -kv[1][2])[:12]
out["top_self_time"] = [{"function": f"{k[0].split('site-packages/')[-1].split('/work/main/')[-1]}:{k[1]}:{k[2]}",
                         "self_ms_per_request": round(v[2] / n * 1000, 3), "calls_per_request": round(v[1] / n, 2)}
                        for k, v in own]
print(json.dumps(out))
"""


def profile_in_process(env: dict[str, str], grid: str, requests: int) -> dict[str, Any]:
    """Where one intake request's time goes, measured in-process without HTTP or concurrency."""
    import json

    log(f"profiling in-process with django.test.Client ({requests} requests of each kind)")
    profile: dict[str, Any] = run_django_snippet(PROFILE_SNIPPET, env, stdin=json.dumps([grid, requests]))
    log(
        f"  in-process: intake {profile['intake_ms']:.2f} ms/request, bare insert {profile['bare_ms']:.2f} ms/request "
        f"(ratio {profile['bare_ms'] / profile['intake_ms']:.2f})"
    )
    log(
        f"  with SQL timing: intake {profile['intake_queries_per_request']:.0f} queries, "
        f"{profile['intake_sql_ms']:.2f} ms in execute() of {profile['intake_ms_timed']:.2f} ms; "
        f"bare {profile['bare_queries_per_request']:.0f} queries, {profile['bare_sql_ms']:.2f} ms "
        f"of {profile['bare_ms_timed']:.2f} ms"
    )
    log("  SQL of one intake request:")
    for query in profile["intake_queries"]:
        log(f"    {query['ms']:7.3f} ms  {query['sql'][:150]}")
    log("  steps of one intake request (inclusive wall time, mean):")
    for step in profile["steps"]:
        log(f"    {step['ms_per_request']:7.3f} ms  x{step['calls_per_request']:<4} {step['step']}")
    log("  top self time per intake request (cProfile):")
    for item in profile["top_self_time"]:
        log(f"    {item['self_ms_per_request']:7.3f} ms  x{item['calls_per_request']:<6} {item['function']}")
    return profile


# --------------------------------------------------------------------------- accounting


def account(env: dict[str, str], accepted: dict[str, str], failed: list[str], cases_before: int) -> dict[str, Any]:
    """Compare what the clients were told with what the database holds."""
    import json

    tokens = list(accepted) + failed
    db = run_django_snippet(ACCOUNT_SNIPPET, env, stdin=json.dumps(tokens))
    found: dict[str, list[str]] = db["found"]
    lost = sum(1 for token, receipt in accepted.items() if receipt not in found.get(token, []))
    rows_for_tokens = sum(len(receipts) for receipts in found.values())
    new_cases = db["cases"] - cases_before
    duplicated = (
        sum(len(receipts) - 1 for receipts in found.values() if len(receipts) > 1)
        + max(0, new_cases - rows_for_tokens)  # cases created that no token of ours accounts for
        + (len(accepted) - len(set(accepted.values())))  # one receipt handed out for two reports
    )
    return {
        "cases_in_db": db["cases"],
        "new_cases": new_cases,
        "lost": lost,
        "duplicated": duplicated,
        "committed_without_302": sum(1 for token in failed if token in found),
        "bare_rows": db["bare_rows"],
    }


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each measured phase (default 20)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--rounds", type=int, default=2, help="phases per endpoint, in ABBA order (default 2)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured traffic per endpoint first")
    parser.add_argument(
        "--client-procs",
        type=int,
        default=1,
        help="client processes to spread the client threads over (default 1: threads in this process)",
    )
    parser.add_argument("--dataset", choices=("build_world", "demo_city"), default="build_world")
    parser.add_argument("--demo-cases", type=int, default=2000, help="cases for --dataset demo_city")
    parser.add_argument("--grid", default=DEFAULT_GRID, help=f"grid code to report in (default {DEFAULT_GRID})")
    parser.add_argument(
        "--baseline",
        choices=(BARE, OPEN311),
        default=BARE,
        help="what the web form is compared with: a bare insert (intake/bare >= 0.5) or Open311 POST "
        "requests.json (open311/intake >= 0.8)",
    )
    parser.add_argument("--target", type=float, default=None, help="required ratio (default 0.5 or 0.8)")
    parser.add_argument(
        "--profile",
        choices=("auto", "always", "never"),
        default="auto",
        help="profile in-process afterwards: when the target is missed (auto), always or never",
    )
    parser.add_argument("--profile-requests", type=int, default=200)
    args = parser.parse_args(argv)
    if args.clients < 1 or args.workers < 1 or args.rounds < 1 or args.seconds <= 0:
        parser.error("--clients, --workers, --rounds and --seconds must be positive")
    args.client_procs = max(1, min(args.client_procs, args.clients))
    if args.target is None:
        args.target = TARGET_RATIO if args.baseline == BARE else OPEN311_TARGET_RATIO
    return args


@dataclass
class Summary:
    """One endpoint over all its measured phases."""

    result: ClientResult
    rate: float
    server_cpu_ms: float
    db_cpu_ms: float
    rates: list[float]
    pg_activity: dict[str, float]


def summarise(phases: list[Phase], kind: str) -> Summary:
    merged = ClientResult()
    seconds = cpu = db_cpu = 0.0
    rates = []
    activity: Counter[str] = Counter()
    mine = [phase for phase in phases if phase.kind == kind]
    for phase in mine:
        merged.merge(phase.result)
        seconds += phase.seconds
        cpu += phase.server_cpu
        db_cpu += phase.db_cpu
        rates.append(phase.rate)
        for key, value in phase.pg_activity.items():
            activity[key] += value / len(mine)
    ok = merged.ok or float("nan")
    return Summary(
        result=merged,
        rate=merged.ok / seconds if seconds else 0.0,
        server_cpu_ms=cpu / ok * 1000,
        db_cpu_ms=db_cpu / ok * 1000,
        rates=rates,
        pg_activity={key: round(value, 3) for key, value in activity.most_common()},
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    exit_cleanly_on_sigterm()
    info = machine()
    log(f"machine: {info['nproc']} CPUs, {info['cpu_model']}")
    result: dict[str, Any] = {}
    with bench_database("concord_bench", os.environ.get("DATABASE_URL")) as db:
        result = run(args, db)
    result.update(info)
    emit_result(result)
    return 0 if result.get("meets_target") else 1


def run(args: argparse.Namespace, db: BenchDatabase) -> dict[str, Any]:
    env = base_env(db.url, SETTINGS)
    log("migrating")
    started = time.monotonic()
    run_manage(["migrate", "--noinput"], env)
    log(f"migrated in {time.monotonic() - started:.1f} s; loading the world")
    dataset = load_dataset(env, args.dataset, args.demo_cases)
    run_django_snippet(CREATE_TABLE_SNIPPET, env)
    cases_before = run_django_snippet(COUNT_CASES_SNIPPET, env)["cases"]
    baseline = args.baseline
    api_key = run_django_snippet(OPEN311_KEY_SNIPPET, env)["key"] if baseline == OPEN311 else ""

    port = free_port()
    log_path = db.tmpdir / "gunicorn.log"
    server = start_server(env, port, args.workers, log_path)
    pool = None
    phases: list[Phase] = []
    accepted: dict[str, str] = {}
    failed: list[str] = []
    bare_ok = 0
    try:
        wait_healthy(port, server, log_path)
        log(f"gunicorn pid {server.pid} up on {HOST}:{port}")
        if args.client_procs > 1:
            pool = ProcessPoolExecutor(max_workers=args.client_procs, mp_context=get_context("fork"))
        setup = Setup(port, args.grid, args.clients, args.client_procs, server.pid, db, pool, api_key)
        order = []
        for round_number in range(args.rounds):
            pair = [baseline, INTAKE] if round_number % 2 == 0 else [INTAKE, baseline]
            order.extend(pair)
        log(
            f"{args.clients} clients ({args.client_procs} process(es)), {args.workers} workers; "
            f"warm-up {args.warmup:.0f} s each, then phases {', '.join(order)} of {args.seconds:.0f} s"
        )
        for kind in (baseline, INTAKE):
            warm = run_phase(setup, kind, args.warmup)
            log(f"warm-up {describe(warm)}")
            accepted.update(warm.result.accepted)
            failed.extend(warm.result.failed_tokens)
            bare_ok += warm.result.ok if kind == BARE else 0
        for kind in order:
            phase = run_phase(setup, kind, args.seconds)
            if phase.pg_activity:
                log(
                    "  PostgreSQL backends, mean count per state: "
                    + ", ".join(f"{key} {value}" for key, value in list(phase.pg_activity.items())[:6])
                )
            log(describe(phase))
            if phase.result.first_error:
                log(f"  first error: {phase.result.first_error}")
            phases.append(phase)
            accepted.update(phase.result.accepted)
            failed.extend(phase.result.failed_tokens)
            bare_ok += phase.result.ok if kind == BARE else 0
    finally:
        if pool is not None:
            pool.shutdown()
        stop_server(server)
        log("gunicorn stopped")
        server_log = log_path.read_text(errors="replace").strip() if log_path.exists() else ""
        if server_log:
            log(f"gunicorn log (last lines):\n{server_log[-2000:]}")

    if baseline == OPEN311:
        return open311_result(args, db, dataset, phases, account(env, accepted, failed, cases_before))
    intake_summary, bare_summary = summarise(phases, INTAKE), summarise(phases, BARE)
    intake, bare = intake_summary.result, bare_summary.result
    checks = account(env, accepted, failed, cases_before)
    ratio = intake_summary.rate / bare_summary.rate if bare_summary.rate else 0.0
    client_cores = max((p.result.cpu_seconds / p.seconds for p in phases), default=0.0)
    busy = sum(p.machine_busy for p in phases) / max(sum(p.machine_total for p in phases), 1e-9)
    errors = intake.errors + bare.errors
    lost_bare = bare_ok - checks["bare_rows"]
    meets = ratio >= args.target and checks["lost"] == 0 and checks["duplicated"] == 0 and errors == 0
    log(
        f"intake {intake_summary.rate:.1f}/s vs bare insert {bare_summary.rate:.1f}/s: ratio {ratio:.3f} "
        f"(target >= {args.target}); lost {checks['lost']}, duplicated {checks['duplicated']}, errors {errors}"
    )
    bare_cpu = bare_summary.server_cpu_ms + (bare_summary.db_cpu_ms if db.pg_name else 0.0)
    intake_cpu = intake_summary.server_cpu_ms + (intake_summary.db_cpu_ms if db.pg_name else 0.0)
    cpu_ratio = bare_cpu / intake_cpu if intake_cpu else float("nan")
    log(
        f"server CPU per request (gunicorn{' + PostgreSQL' if db.pg_name else ''}): intake {intake_cpu:.2f} ms, "
        f"bare {bare_cpu:.2f} ms: CPU cost ratio {cpu_ratio:.3f}"
    )
    if client_cores > 0.8:
        log(f"warning: the client used {client_cores:.2f} cores; consider --client-procs 2")
    result: dict[str, Any] = {
        "benchmark": "intake",
        "database": db.vendor,
        "dataset": dataset,
        "clients": args.clients,
        "client_processes": args.client_procs,
        "workers": args.workers,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "intake_reports_per_s": rounded(intake_summary.rate, 1),
        "bare_insert_per_s": rounded(bare_summary.rate, 1),
        "ratio": rounded(ratio, 3),
        "intake_reports_per_s_by_phase": [rounded(r, 1) for r in intake_summary.rates],
        "bare_insert_per_s_by_phase": [rounded(r, 1) for r in bare_summary.rates],
        "intake_p50_ms": rounded(percentile(intake.latencies_ms, 50)),
        "intake_p95_ms": rounded(percentile(intake.latencies_ms, 95)),
        "bare_p50_ms": rounded(percentile(bare.latencies_ms, 50)),
        "bare_p95_ms": rounded(percentile(bare.latencies_ms, 95)),
        "intake_server_cpu_ms_per_req": rounded(intake_summary.server_cpu_ms),
        "bare_server_cpu_ms_per_req": rounded(bare_summary.server_cpu_ms),
        "intake_db_backend_cpu_ms_per_req": rounded(intake_summary.db_cpu_ms) if db.pg_name else None,
        "bare_db_backend_cpu_ms_per_req": rounded(bare_summary.db_cpu_ms) if db.pg_name else None,
        "intake_pg_backends_by_state": intake_summary.pg_activity or None,
        "bare_pg_backends_by_state": bare_summary.pg_activity or None,
        # Server-side CPU per request (gunicorn + PostgreSQL backends), bare / intake: what the
        # ratio tends to when the machine is CPU-bound, and much less sensitive to other load.
        "cpu_cost_ratio": rounded(cpu_ratio, 3),
        "client_cpu_cores_max": rounded(client_cores),
        "machine_cpu_busy_pct": rounded(busy * 100, 1),
        "other_processes_cpu_cores_by_phase": [rounded(p.foreign_cores) for p in phases],
        "reports_sent": len(accepted) + len(failed),
        "reports_accepted_302": len(accepted),
        "cases_in_db": checks["cases_in_db"],
        "lost": checks["lost"],
        "duplicated": checks["duplicated"],
        "committed_without_302": checks["committed_without_302"],
        "bare_inserts_201": bare_ok,
        "bare_rows_in_db": checks["bare_rows"],
        "bare_lost": lost_bare,
        "errors": errors,
        "error_statuses": {
            status: count for status, count in (intake.statuses + bare.statuses).items() if status not in {"302", "201"}
        },
        "target_ratio": args.target,
        "meets_target": meets,
    }
    if args.profile == "always" or (args.profile == "auto" and ratio < args.target):
        result["profile"] = profile_in_process(env, args.grid, args.profile_requests)
    return result


def open311_result(
    args: argparse.Namespace, db: BenchDatabase, dataset: str, phases: list[Phase], checks: dict[str, Any]
) -> dict[str, Any]:
    """The figure for --baseline open311: Open311 POST requests/s over web-form reports/s."""
    web, open311 = summarise(phases, INTAKE), summarise(phases, OPEN311)
    ratio = open311.rate / web.rate if web.rate else 0.0
    errors = web.result.errors + open311.result.errors
    meets = ratio >= args.target and checks["lost"] == 0 and checks["duplicated"] == 0 and errors == 0
    log(
        f"Open311 POST {open311.rate:.1f}/s vs web form {web.rate:.1f}/s: ratio {ratio:.3f} (target >= "
        f"{args.target}); lost {checks['lost']}, duplicated {checks['duplicated']}, errors {errors}"
    )
    return {
        "benchmark": "intake_open311",
        "database": db.vendor,
        "dataset": dataset,
        "clients": args.clients,
        "workers": args.workers,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "web_form_reports_per_s": rounded(web.rate, 1),
        "open311_requests_per_s": rounded(open311.rate, 1),
        "ratio_open311_to_web_form": rounded(ratio, 3),
        "web_form_reports_per_s_by_phase": [rounded(r, 1) for r in web.rates],
        "open311_requests_per_s_by_phase": [rounded(r, 1) for r in open311.rates],
        "web_form_p50_ms": rounded(percentile(web.result.latencies_ms, 50)),
        "open311_p50_ms": rounded(percentile(open311.result.latencies_ms, 50)),
        "web_form_server_cpu_ms_per_req": rounded(web.server_cpu_ms),
        "open311_server_cpu_ms_per_req": rounded(open311.server_cpu_ms),
        "cases_in_db": checks["cases_in_db"],
        "lost": checks["lost"],
        "duplicated": checks["duplicated"],
        "errors": errors,
        "error_statuses": {
            status: count
            for status, count in (web.result.statuses + open311.result.statuses).items()
            if status not in {"302", "201"}
        },
        "target_ratio": args.target,
        "meets_target": meets,
    }


if __name__ == "__main__":
    sys.exit(main())
