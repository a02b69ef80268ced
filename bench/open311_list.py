"""Server time of ``GET /open311/v2/requests.json`` (1000 results) on the demo city (~62,000 cases).

    .venv/bin/python bench/open311_list.py                 # var/concord.sqlite3 (the `make demo` database)
    DATABASE_URL=... .venv/bin/python bench/open311_list.py  # any database holding the demo city
    .venv/bin/python bench/open311_list.py --build          # fresh temporary SQLite + migrate + demo_city

In-process with django.test.Client (middleware, the queries and the JSON or XML writing; no
HTTP). It requests the default list (the last 90 days, up to 1000 results) in JSON and XML,
a filtered list (one service, open only) and the public updates, 3 warm-up then 30 measured
rounds, and counts the SQL queries of the list at page_size 1, 10, 100 and 1000: the count
must not depend on the result size.

Target: median < 150 ms for the 1000-result JSON list. The demo city's cases span about a
year, so the window is anchored at the newest case (``end_date``) to hold 1000 listed cases.
Progress goes to stderr; the last stdout line is one JSON object. Exit status: 0 target met,
1 missed, 2 no demo city in the database.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
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
from bench.pages import DEFAULT_DATABASE_URL, NO_DEMO, setup_django

TARGET_P50_MS = 150.0
RESULTS = 1000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="measured rounds (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up rounds (default 3)")
    parser.add_argument("--build", action="store_true", help="build a fresh temporary SQLite demo database first")
    parser.add_argument("--seed", type=int, default=7, help="demo_city seed for --build (default 7)")
    parser.add_argument("--cases", type=int, default=62000, help="demo_city cases for --build (default 62000)")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.warmup < 1:
        parser.error("--rounds and --warmup must be >= 1")
    return args


def measure(args: argparse.Namespace, database_url: str) -> tuple[dict[str, Any], int]:
    setup_django(database_url)
    from django.db import DatabaseError, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from concord.cases.models import Case
    from concord.demo.build import demo_city

    try:
        city = demo_city()
        cases = Case.objects.count()
    except DatabaseError as error:
        log(f"{NO_DEMO.format(where=database_url)}\n({type(error).__name__}: {error})")
        return {"benchmark": "open311_list", "error": "no demo city"}, 2
    if city is None:
        log(NO_DEMO.format(where=database_url))
        return {"benchmark": "open311_list", "error": "no demo city"}, 2
    newest = Case.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    assert newest is not None
    end = (newest + timedelta(seconds=1)).isoformat()
    log(f"{connection.vendor} database with the demo city {city.code}: {cases} cases; window ends {end}")

    client = Client(SERVER_NAME="localhost")
    base = {"end_date": end}
    urls = {
        "list_json_1000": ("/open311/v2/requests.json", base),
        "list_xml_1000": ("/open311/v2/requests.xml", base),
        "list_one_service_open": ("/open311/v2/requests.json", {**base, "service_code": "labour", "status": "open"}),
        "updates_json_1000": ("/open311/v2/servicerequestupdates.json", base),
    }
    times: dict[str, list[float]] = {name: [] for name in urls}
    sizes: dict[str, int] = {}
    for round_number in range(args.warmup + args.rounds):
        for name, (url, params) in urls.items():
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
            if round_number >= args.warmup:
                times[name].append(elapsed)
            sizes[name] = len(response.content)

    counts: dict[str, int] = {}
    results: dict[str, int] = {}
    for page_size in (1, 10, 100, RESULTS):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/open311/v2/requests.json", {**base, "page_size": page_size})
        counts[str(page_size)] = len(queries)
        results[str(page_size)] = len(response.json())
    log(f"queries by page_size: {counts}; results: {results}")
    for name, values in times.items():
        log(
            f"{name:24s} median {percentile(values, 50):7.1f} ms  p95 {percentile(values, 95):7.1f} ms  "
            f"({sizes[name] / 1024:.0f} KiB)"
        )
    median = percentile(times["list_json_1000"], 50)
    flat = len(set(counts.values())) == 1
    full = results[str(RESULTS)] == RESULTS
    result: dict[str, Any] = {
        "benchmark": "open311_list",
        "database": connection.vendor,
        "cases": cases,
        "rounds": args.rounds,
        **{f"{name}_p50_ms": rounded(percentile(values, 50)) for name, values in times.items()},
        **{f"{name}_p95_ms": rounded(percentile(values, 95)) for name, values in times.items()},
        "list_json_1000_bytes": sizes["list_json_1000"],
        "results_by_page_size": results,
        "queries_by_page_size": counts,
        "query_count_independent_of_results": flat,
        "target_p50_ms": TARGET_P50_MS,
        "meets_target": median < TARGET_P50_MS and flat and full,
    }
    return result, 0 if result["meets_target"] else 1


def main(argv: list[str] | None = None) -> int:
    return run_on_demo_city(parse_args(argv), measure, "concord_open311", DEFAULT_DATABASE_URL)


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
