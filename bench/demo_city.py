"""How long `manage.py demo_city` (default arguments: 62,000 cases) takes on a fresh database.

    .venv/bin/python bench/demo_city.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/demo_city.py

Without a postgres:// DATABASE_URL it runs on a fresh SQLite file in a temporary directory;
with one, it creates ``concord_bench_demo_<pid>`` on that server and drops it at the end
(see bench._common.bench_database). It migrates in-process, then times ``demo_city``.

Progress goes to stderr; the last stdout line is one JSON object, e.g.
{"demo_city_s": 41.2, "cases": 62000, "events": 351000, "parties": 88000, "database": "sqlite"}.
"""

from __future__ import annotations

import io
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import bench_database, emit_result, log, machine


def main() -> int:
    with bench_database("concord_bench_demo", os.environ.get("DATABASE_URL")) as db:
        os.environ["DATABASE_URL"] = db.url
        os.environ["DJANGO_SETTINGS_MODULE"] = "concord.settings"
        # A throw-away key: the benchmark must not create var/secret.key.
        os.environ.setdefault("CONCORD_SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
        os.environ.setdefault("CONCORD_LOG_LEVEL", "WARNING")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from concord.cases.models import Case, CaseEvent, Party

        log("migrating")
        call_command("migrate", verbosity=0)
        log("running demo_city (default arguments)")
        output = io.StringIO()
        started = time.perf_counter()
        call_command("demo_city", stdout=output)
        elapsed = time.perf_counter() - started
        sys.stderr.write(output.getvalue())
        result = {
            "demo_city_s": round(elapsed, 1),
            "cases": Case.objects.count(),
            "events": CaseEvent.objects.count(),
            "parties": Party.objects.count(),
            "database": connection.vendor,
            "machine": machine(),
        }
        connection.close()
    emit_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
