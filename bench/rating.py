"""The resident's rating page on the demo city: GET of the signed link and its POST (the
``rate`` step), server time p50/p95; also the tracking page of a resolved case (its form).

    .venv/bin/python bench/rating.py                   # var/concord.sqlite3 (the `make demo` database)
    DATABASE_URL=... .venv/bin/python bench/rating.py  # any database holding the demo city
    .venv/bin/python bench/rating.py --build           # fresh temporary SQLite + demo_city (~1 min)

In-process with django.test.Client (server time: middleware, session, queries, templates; no
HTTP). Resolved demo cases not rated yet are taken; each link is requested ``--rounds`` / 10
times (GET, with the tracking page; 60 links: 180 GETs by default), and each case is rated once
through its link (POST: half 4 stars, half 2 stars, which also tells the unit's leads), inside
a transaction rolled back at the end (the demo city is left as it was). A second POST of a used
link must answer 409 and write nothing.

Target: p95 < 50 ms for the GET and for the POST. The last stdout line is one JSON object.
Exit status: 0 target met, 1 missed, 2 no demo city in the database.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import log, percentile, rounded, run_on_demo_city, setup_django_here

DEFAULT_DATABASE_URL = "sqlite:///var/concord.sqlite3"
TARGET_P95_MS = 50.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="requests per link (default 30)")
    parser.add_argument("--rate-cases", type=int, default=60, help="resolved cases rated, one POST each (default 60)")
    parser.add_argument("--build", action="store_true", help="build a fresh temporary SQLite demo database first")
    parser.add_argument("--seed", type=int, default=7, help="demo_city seed for --build (default 7)")
    parser.add_argument("--cases", type=int, default=62000, help="demo_city cases for --build (default 62000)")
    return parser.parse_args(argv)


def stats(times: list[float]) -> dict[str, float | None]:
    return {
        "p50_ms": rounded(percentile(times, 50)),
        "p95_ms": rounded(percentile(times, 95)),
        "max_ms": rounded(max(times, default=float("nan"))),
        "n": len(times),
    }


def measure(args: argparse.Namespace, database_url: str) -> tuple[dict[str, Any], int]:
    setup_django_here(database_url)
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from concord.cases.models import Case, Status
    from concord.demo.build import demo_city
    from concord.followup.links import rating_path
    from concord.followup.models import Rating

    if demo_city() is None:
        log(f"no demo city in {database_url}")
        return {"error": "no demo city"}, 2
    result: dict[str, Any] = {"database": connection.vendor, "cases_in_database": Case.objects.count()}
    client = Client()
    with transaction.atomic():
        cases = list(
            Case.objects.filter(status=Status.RESOLVED)
            .exclude(pk__in=Rating.objects.values("case_id"))
            .order_by("-resolved_at")[: args.rate_cases]
        )
        links = [(case, rating_path(case)) for case in cases]
        links = [(case, path) for case, path in links if path]
        if not links:
            log("no resolved demo case without a rating")
            return {"error": "no resolved case to rate"}, 2
        log(f"{connection.vendor}: {len(links)} resolved cases to rate, {args.rounds} GETs each")
        get_times, track_times, post_times = [], [], []
        first_path = links[0][1]
        client.get(first_path)  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(first_path).status_code == 200
        result["get_queries"] = len(queries)
        for case, path in links:
            for _ in range(max(1, args.rounds // 10)):
                started = time.perf_counter()
                response = client.get(path)
                get_times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
                started = time.perf_counter()
                response = client.get(f"/t/{case.receipt}")
                track_times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
        for index, (_case, path) in enumerate(links):
            data = {"resolved": "yes", "score": "4" if index % 2 else "2", "comment": "Bench."}
            if index == 0:
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.post(path, data)
                    post_times.append((time.perf_counter() - started) * 1000)
                result["post_queries"] = len(queries)
            else:
                started = time.perf_counter()
                response = client.post(path, data)
                post_times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 302, (path, response.status_code)
        again = client.post(first_path, {"resolved": "yes", "score": "5"})
        result["reused_link_status"] = again.status_code
        result["ratings_written"] = Rating.objects.filter(case__in=[c for c, _p in links]).count()
        transaction.set_rollback(True)
    result["get"] = stats(get_times)
    result["post"] = stats(post_times)
    result["tracking_page"] = stats(track_times)
    met = (
        (result["get"]["p95_ms"] or 1e9) < TARGET_P95_MS
        and (result["post"]["p95_ms"] or 1e9) < TARGET_P95_MS
        and result["reused_link_status"] == 409
        and result["ratings_written"] == len(links)
    )
    log(
        f"GET p50 {result['get']['p50_ms']} / p95 {result['get']['p95_ms']} ms; "
        f"POST p50 {result['post']['p50_ms']} / p95 {result['post']['p95_ms']} ms; "
        f"tracking page p50 {result['tracking_page']['p50_ms']} / p95 {result['tracking_page']['p95_ms']} ms"
    )
    result["target_p95_ms"] = TARGET_P95_MS
    result["meets_target"] = met
    return result, 0 if met else 1


def main() -> int:
    return run_on_demo_city(parse_args(), measure, "concord_bench_rating", DEFAULT_DATABASE_URL)


if __name__ == "__main__":
    raise SystemExit(main())
