"""Staff pages for early warning: the alert list and the alert page. Thin: reads go through
queries.py; the review steps' forms and running them come from the alert workflow."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from concord.accounts.access import LEAD_ROLES, scope_for, signed_in_user
from concord.accounts.models import Role
from concord.accounts.services import log_action
from concord.paging import page_number
from concord.warning import queries
from concord.warning.charts import chart_data
from concord.warning.explain import explain
from concord.warning.forms import AlertFilterForm
from concord.warning.models import Alert
from concord.warning.workflow import ALERTS
from concord.workflow.forms import ActionForm
from concord.workflow.pages import offered_forms, post_step

# Cases listed on an alert's page (the count says how many there are in all).
CASES_SHOWN = 100
# Who sees how often each detector was right.
PRECISION_ROLES = LEAD_ROLES | {Role.ANALYST}


@login_required
@require_safe
def alert_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = AlertFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = page_number(request)
    size = settings.CONCORD_PAGE_SIZE
    # One query per page: fetch one row more than shown to know whether a next page exists.
    rows = list(queries.alert_list(user, filters)[(page - 1) * size : page * size + 1])
    scope = scope_for(user)
    show_precision = any(roles & PRECISION_ROLES for roles in scope.roles_by_unit.values())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/alerts.html",
        {
            "form": form,
            "alerts": [(alert, explain(alert)) for alert in rows[:size]],
            "page": page,
            "has_next": len(rows) > size,
            "query": query.urlencode(),
            "precision": queries.precision_by_detector(user) if show_precision else None,
        },
    )


def _alert_context(request: HttpRequest, alert: Alert, *, forms: dict[str, ActionForm] | None = None) -> dict[str, Any]:
    user = signed_in_user(request)
    cases = queries.alert_cases(alert, user)
    return {
        "alert": alert,
        "explanation": explain(alert),
        "chart": {
            **chart_data(alert),
            "names": {"observed": _("Observed"), "expected": _("Expected"), "threshold": _("Threshold")},
        },
        "cases": list(cases[:CASES_SHOWN]),
        "cases_visible": cases.count(),
        "cases_total": alert.alert_cases.count(),
        "events": list(queries.alert_timeline(alert)),
        "actions": offered_forms(ALERTS, alert, user, forms or {}).get("", []),
        "weeks": alert.details.get("weeks", []),
        "also_alarmed": queries.series_names(alert.details.get("also_alarmed", [])),
    }


@login_required
@require_safe
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    user = signed_in_user(request)
    alert = queries.get_alert_for_user(user, alert_id)
    # The page lists cases (and, for repeat disputes, links people's cases): every read is audited.
    log_action(user, "alert.viewed", "alert", alert.pk)
    return render(request, "staff/alert.html", _alert_context(request, alert))


@login_required
@require_POST
def alert_action(request: HttpRequest, alert_id: int, step: str) -> HttpResponse:
    alert = queries.get_alert_for_user(signed_in_user(request), alert_id, write=True)

    def again(forms: dict[str, ActionForm], extra: dict[str, Any], status: int) -> HttpResponse:
        context = {**_alert_context(request, alert, forms=forms), **extra}
        return render(request, "staff/alert.html", context, status=status)

    return post_step(request, ALERTS, alert, step, render=again, done_url=reverse("alerts:detail", args=[alert.pk]))
