"""Site-wide pages: the home page, the health check and the help page on every step."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from concord.accounts.models import Role
from concord.cases.models import Relation
from concord.workflow.kernel import workflows


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
@require_safe
def steps_help(request: HttpRequest) -> HttpResponse:
    """Every step of every workflow: what it does, where it is legal and who may take it,
    straight from the declarations the kernel enforces."""
    tables = []
    for workflow in workflows():
        rows = []
        for action, states in workflow.table():
            rows.append(
                {
                    "action": action,
                    "states": states,
                    "in_unit": [label for role, label in Role.choices if role in action.who.in_unit],
                    "in_area": [label for role, label in Role.choices if role in action.who.in_area],
                    "through": [
                        (
                            label,
                            [role_label for role, role_label in Role.choices if (relation, role) in action.who.through],
                        )
                        for relation, label in Relation.choices
                        if any(pair[0] == relation for pair in action.who.through)
                    ],
                }
            )
        tables.append((workflow, rows))
    return render(request, "staff/steps_help.html", {"tables": tables})
