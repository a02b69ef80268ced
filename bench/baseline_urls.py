"""The project's URL map plus ``POST /bench/insert``: the cheapest useful write Django can serve.

The baseline view inserts ONE row with raw SQL in the default autocommit, behind the same
middleware stack as the public report form, so that ``intake / bare insert`` isolates what
the intake path itself costs (form, routing, case, parties, event, notification).
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from concord.urls import urlpatterns as concord_urlpatterns

TABLE = "bench_row"


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    """Insert the request body as one row; 201 with an empty body."""
    payload = request.body.decode("utf-8", "replace")[:500]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (payload, created_at) VALUES (%s, %s)", [payload, timezone.now()])
    return HttpResponse(status=201)


urlpatterns = [*concord_urlpatterns, path("bench/insert", bare_insert, name="bench_insert")]
