"""Server time of the staff inbox and the case page on the demo city (~62,000 cases).

    .venv/bin/python bench/pages.py                 # var/concord.sqlite3 (the `make demo` database)
    DATABASE_URL=... .venv/bin/python bench/pages.py  # any database holding the demo city
    .venv/bin/python bench/pages.py --build          # fresh temporary SQLite + migrate + demo_city (~1 min)

In-process with django.test.Client: the server time of a page is the time ``client.get``
takes to return, i.e. middleware, session and auth, the queries and template rendering (no
HTTP, no network). It logs in as several demo users (a grid worker, a street-level unit
lead and mediator, a district supervisor, the city supervisor), then for each requests
``/staff/?tab=<tab>`` for every tab in ``TABS`` (page 2 too where there is one) and a few case pages
(``/staff/cases/<id>`` for cases from ``visible_cases(user)``), 3 warm-up rounds then 30
measured rounds. The warm-up rounds also count the SQL queries of every page, to check that
an inbox page's query count does not grow with the number of rows on it.

Target: median < 50 ms and p95 < 150 ms for both kinds of page. For the slowest inbox page
and the slowest case page it prints the slowest query and its plan (SQLite ``EXPLAIN QUERY
PLAN``, PostgreSQL ``EXPLAIN ANALYZE``). Progress goes to stderr; the last stdout line is one
JSON object. Exit status: 0 target met, 1 missed, 2 no demo city in the database.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    ROOT,
    log,
    percentile,
    rounded,
    run_on_demo_city,
)

TABS = ("mine", "unit", "due_soon", "overdue", "follow_up", "area")
TARGET_P50_MS = 50.0
TARGET_P95_MS = 150.0
DEFAULT_DATABASE_URL = "sqlite:///var/concord.sqlite3"
NO_DEMO = (
    "No demo city in {where}.\n"
    "Build one first: `make demo` (var/concord.sqlite3), or `.venv/bin/python manage.py migrate && "
    ".venv/bin/python manage.py demo_city` with the same DATABASE_URL, or run this benchmark with --build "
    "(a temporary SQLite database, about a minute)."
)


@dataclass
class Login:
    """A demo user the benchmark browses as."""

    label: str
    username: str
    password: str
    role: str
    region_code: str


@dataclass
class Page:
    """One URL as one user, with its timings and query counts."""

    kind: str  # "inbox" or "case"
    label: str  # e.g. "area p2" or "case 123"
    url: str
    login: Login
    rows: int = -1  # cases listed (inbox pages)
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="measured rounds (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up rounds, which also count queries (default 3)")
    parser.add_argument("--case-pages", type=int, default=5, help="case pages per user (default 5)")
    parser.add_argument("--users", default="", help="comma list of demo usernames instead of the automatic choice")
    parser.add_argument("--build", action="store_true", help="build a fresh temporary SQLite demo database first")
    parser.add_argument("--seed", type=int, default=7, help="demo_city seed for --build (default 7)")
    parser.add_argument("--cases", type=int, default=62000, help="demo_city cases for --build (default 62000)")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.warmup < 1 or args.case_pages < 0:
        parser.error("--rounds and --warmup must be >= 1, --case-pages >= 0")
    return args


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "concord.settings"
    os.environ.setdefault("CONCORD_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def demo_logins(selected: str) -> list[Login]:
    """Accounts from ``manage.py demo_accounts --json``: the busiest of each kind, or the named ones."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("demo_accounts", json=True, stdout=out)
    accounts: list[dict[str, str]] = json.loads(out.getvalue())

    def login(label: str, account: dict[str, str]) -> Login:
        return Login(label, account["username"], account["password"], account["role"], account["region_code"])

    if selected:
        by_name = {a["username"]: a for a in accounts}
        missing = [name for name in selected.split(",") if name not in by_name]
        if missing:
            raise SystemExit(f"unknown demo usernames: {', '.join(missing)}")
        return [login(by_name[name]["role"], by_name[name]) for name in selected.split(",")]
    # Region code lengths: city 4, district 6, street 9, community 12, grid 14.
    wanted = [
        ("grid worker", {"grid_worker"}, 14),
        ("street unit lead", {"unit_lead"}, 9),
        ("street mediator", {"mediator"}, 9),
        ("district supervisor", {"supervisor"}, 6),
        ("city supervisor", {"supervisor"}, 4),
    ]
    chosen = []
    for label, roles, code_length in wanted:
        matches = [a for a in accounts if a["role"] in roles and len(a["region_code"]) == code_length]
        if not matches:
            log(f"no demo account for {label}; skipped")
            continue
        chosen.append(login(label, busiest(matches)))
    return chosen


def busiest(accounts: list[dict[str, str]]) -> dict[str, str]:
    """The account with the most open cases in its own tabs (mine, then unit): the fullest inbox."""
    from django.contrib.auth import get_user_model

    from concord.cases.queries import inbox

    users = {u.username: u for u in get_user_model().objects.filter(username__in=[a["username"] for a in accounts])}

    def load(account: dict[str, str]) -> tuple[int, int]:
        user = users[account["username"]]
        return inbox(user, "mine").count(), inbox(user, "unit").count()

    return max(accounts, key=load)


@contextmanager
def count_queries() -> Iterator[list[int]]:
    """Counts the queries run inside (without the cost of Django's debug cursor)."""
    from django.db import connection

    counter = [0]

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counter[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counter


def build_pages(logins: list[Login], case_pages: int) -> list[Page]:
    """Every URL to time: each tab (page 2 too when it exists) and some case pages per user."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from concord.cases.queries import inbox, visible_cases

    size = settings.CONCORD_PAGE_SIZE
    pages: list[Page] = []
    rng = random.Random(20240601)
    for login in logins:
        user = get_user_model().objects.get(username=login.username)
        for tab in TABS:
            total = inbox(user, tab)[: 2 * size + 1].count()
            for number in (1, 2):
                if number == 2 and total <= size:
                    break
                rows = max(0, min(size, total - (number - 1) * size))
                url = f"/staff/?tab={tab}" + (f"&page={number}" if number > 1 else "")
                pages.append(Page("inbox", f"{tab} p{number}", url, login, rows=rows))
        # Case pages: some from the top of the user's inbox (what they would click on), the rest
        # drawn from every case they may read (mostly closed ones with long timelines).
        open_ids = list(inbox(user, "area").values_list("id", flat=True)[:case_pages])
        visible_ids = list(visible_cases(user).values_list("id", flat=True))
        picks = open_ids[: (case_pages + 1) // 2]
        rest = [pk for pk in visible_ids if pk not in picks]
        picks += rng.sample(rest, min(len(rest), case_pages - len(picks)))
        for pk in picks:
            pages.append(Page("case", f"case {pk}", f"/staff/cases/{pk}", login))
        log(
            f"{login.label:20s} {login.username:28s} reads {len(visible_ids):6d} cases; "
            f"{sum(1 for p in pages if p.login is login and p.kind == 'inbox')} inbox pages, {len(picks)} case pages"
        )
    return pages


def run_rounds(pages: list[Page], logins: list[Login], warmup: int, rounds: int) -> None:
    """Warm-up rounds (counting queries), then measured rounds (timing only)."""
    from django.test import Client

    clients: dict[str, Client] = {}
    for login in logins:
        client = Client(SERVER_NAME="localhost")
        if not client.login(username=login.username, password=login.password):
            raise SystemExit(f"cannot log in as {login.username} with the demo password")
        clients[login.username] = client
    for round_number in range(warmup + rounds):
        measuring = round_number >= warmup
        for page in pages:
            client = clients[page.login.username]
            if measuring:
                started = time.perf_counter()
                response = client.get(page.url)
                page.times_ms.append((time.perf_counter() - started) * 1000)
            else:
                with count_queries() as counter:
                    response = client.get(page.url)
                page.queries.append(counter[0])
            page.statuses.add(response.status_code)
        if measuring and (round_number - warmup + 1) % 10 == 0:
            log(f"  round {round_number - warmup + 1}/{rounds}")
        elif not measuring:
            log(f"  warm-up round {round_number + 1}/{warmup}")


def explain_slowest(page: Page) -> dict[str, Any]:
    """The slowest query of one request of ``page`` and the database's plan for it."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    client.force_login(get_user_model().objects.get(username=page.login.username))
    timed: list[tuple[float, str, Any]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append(((time.perf_counter() - started) * 1000, sql, params))

    client.get(page.url)  # warm
    with connection.execute_wrapper(wrapper):
        started = time.perf_counter()
        client.get(page.url)
        total = (time.perf_counter() - started) * 1000
    ms, sql, params = max(timed, key=lambda item: item[0])
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    plan = [" | ".join(str(col) for col in row) if connection.vendor != "postgresql" else row[0] for row in rows]
    return {
        "page": page.url,
        "user": page.login.username,
        "request_ms": round(total, 2),
        "sql_ms_total": round(sum(item[0] for item in timed), 2),
        "queries": len(timed),
        "slowest_query_ms": round(ms, 2),
        "slowest_query": sql,
        "params": [str(p) for p in (params or [])][:40],
        "plan": plan,
        "queries_ms": [{"ms": round(t, 3), "sql": s[:160]} for t, s, _ in timed],
    }


def stats(pages: list[Page]) -> dict[str, float]:
    times = [t for page in pages for t in page.times_ms]
    return {"p50": percentile(times, 50), "p95": percentile(times, 95), "max": max(times, default=float("nan"))}


def report(pages: list[Page]) -> None:
    """Per-user, per-tab breakdown on stderr."""
    log("per page (median / p95 ms, queries, rows):")
    grouped: dict[tuple[str, str], list[Page]] = defaultdict(list)
    for page in pages:
        key = page.label.split()[0] if page.kind == "inbox" else "case"
        grouped[(page.login.label, key)].append(page)
    for (user_label, key), group in grouped.items():
        times = [t for page in group for t in page.times_ms]
        queries = sorted({q for page in group for q in page.queries})
        rows = ",".join(str(page.rows) for page in group) if group[0].kind == "inbox" else "-"
        log(
            f"  {user_label:20s} {key:9s} {percentile(times, 50):7.1f} / {percentile(times, 95):7.1f} ms  "
            f"queries {'/'.join(map(str, queries)):8s} rows {rows}"
        )
    by_tab: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        by_tab[page.label.split()[0] if page.kind == "inbox" else "case"].append(page)
    log("per tab over all users (median / p95 ms):")
    for key, group in by_tab.items():
        figures = stats(group)
        log(f"  {key:9s} {figures['p50']:7.1f} / {figures['p95']:7.1f} ms (max {figures['max']:.1f})")


def measure(args: argparse.Namespace, database_url: str) -> tuple[dict[str, Any], int]:
    setup_django(database_url)
    from django.db import DatabaseError, connection

    from concord.cases.models import OPEN_STATUSES, Case

    where = f"the database of DATABASE_URL={database_url}"
    try:
        from concord.demo.build import demo_city

        city = demo_city()
        cases = Case.objects.count()
    except (DatabaseError, ImportError) as error:
        log(f"{NO_DEMO.format(where=where)}\n({type(error).__name__}: {error})")
        return {"benchmark": "pages", "error": "no demo city", "database": database_url}, 2
    if city is None:
        log(NO_DEMO.format(where=where))
        return {"benchmark": "pages", "error": "no demo city", "database": database_url}, 2
    log(f"{connection.vendor} database with the demo city {city.code}: {cases} cases")

    logins = demo_logins(args.users)
    pages = build_pages(logins, args.case_pages)
    log(f"{len(pages)} URLs x ({args.warmup} warm-up + {args.rounds} measured) rounds")
    started = time.monotonic()
    run_rounds(pages, logins, args.warmup, args.rounds)
    log(f"measured in {time.monotonic() - started:.0f} s")
    report(pages)

    inbox_pages = [p for p in pages if p.kind == "inbox"]
    case_pages = [p for p in pages if p.kind == "case"]
    inbox, case = stats(inbox_pages), stats(case_pages)
    inbox_queries = [q for p in inbox_pages for q in p.queries]
    case_queries = [q for p in case_pages for q in p.queries]
    # Query count vs rows shown: every inbox page of one user should run the same number
    # of queries whether it lists 0 or 50 cases.
    by_rows: dict[int, set[int]] = defaultdict(set)
    spread_per_user = 0
    for login in logins:
        mine = [p for p in inbox_pages if p.login is login]
        counts = {q for p in mine for q in p.queries}
        spread_per_user = max(spread_per_user, max(counts) - min(counts) if counts else 0)
        for page in mine:
            by_rows[page.rows].update(page.queries)
    bad_status = sorted({s for p in pages for s in p.statuses if s != 200})
    meets_inbox = inbox["p50"] < TARGET_P50_MS and inbox["p95"] < TARGET_P95_MS
    meets_case = case["p50"] < TARGET_P50_MS and case["p95"] < TARGET_P95_MS
    queries_flat = spread_per_user == 0

    slowest_inbox = max(inbox_pages, key=lambda p: percentile(p.times_ms, 50))
    slowest_case = max(case_pages, key=lambda p: percentile(p.times_ms, 50)) if case_pages else None
    explained = []
    for page in (slowest_inbox, slowest_case):
        if page is None:
            continue
        detail = explain_slowest(page)
        detail["p50_ms"] = rounded(percentile(page.times_ms, 50))
        detail["p95_ms"] = rounded(percentile(page.times_ms, 95))
        detail["slow"] = percentile(page.times_ms, 50) >= TARGET_P50_MS or percentile(page.times_ms, 95) >= (
            TARGET_P95_MS
        )
        explained.append(detail)
        log(
            f"slowest {page.kind} page: {page.url} as {page.login.username} ({page.login.label}): "
            f"median {detail['p50_ms']} ms, p95 {detail['p95_ms']} ms; one request {detail['request_ms']} ms, "
            f"{detail['queries']} queries, {detail['sql_ms_total']} ms in SQL"
        )
        for query in detail["queries_ms"]:
            log(f"    {query['ms']:8.3f} ms  {query['sql']}")
        log(f"  slowest query ({detail['slowest_query_ms']} ms): {detail['slowest_query']}")
        log(f"  params: {detail['params']}")
        log("  plan:\n    " + "\n    ".join(detail["plan"]))

    result: dict[str, Any] = {
        "benchmark": "pages",
        "database": connection.vendor,
        "database_name": str(connection.settings_dict["NAME"]),
        "cases": cases,
        "open_cases": Case.objects.filter(status__in=OPEN_STATUSES).count(),
        "users": [f"{login.label}: {login.username}" for login in logins],
        "inbox_p50_ms": rounded(inbox["p50"]),
        "inbox_p95_ms": rounded(inbox["p95"]),
        "inbox_max_ms": rounded(inbox["max"]),
        "case_p50_ms": rounded(case["p50"]),
        "case_p95_ms": rounded(case["p95"]),
        "case_max_ms": rounded(case["max"]),
        "inbox_queries_min": min(inbox_queries, default=None),
        "inbox_queries_max": max(inbox_queries, default=None),
        "inbox_queries_by_rows": {str(rows): sorted(counts) for rows, counts in sorted(by_rows.items())},
        "inbox_query_count_constant_per_user": queries_flat,
        "case_queries_min": min(case_queries, default=None),
        "case_queries_max": max(case_queries, default=None),
        "inbox_urls": len(inbox_pages),
        "case_urls": len(case_pages),
        "rounds": args.rounds,
        "requests": sum(len(p.times_ms) for p in pages),
        "non_200_statuses": bad_status,
        "target_p50_ms": TARGET_P50_MS,
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": meets_inbox and meets_case and queries_flat and not bad_status,
        "slowest_pages": [{k: v for k, v in d.items() if k != "queries_ms"} for d in explained],
    }
    return result, 0 if result["meets_target"] else 1


def main(argv: list[str] | None = None) -> int:
    return run_on_demo_city(parse_args(argv), measure, "concord_pages", DEFAULT_DATABASE_URL)


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
