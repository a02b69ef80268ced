"""Staff pages for early warning: the alert list and the alert page. Thin: reads go through
queries.py, writes through actions.perform -> services.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from concord.accounts.access import LEAD_ROLES, scope_for, signed_in_user
from concord.accounts.models import Role
from concord.accounts.services import log_action
from concord.cases.errors import CaseError
from concord.paging import page_number
from concord.warning import policy, queries
from concord.warning.actions import perform
from concord.warning.charts import chart_data
from concord.warning.explain import explain
from concord.warning.forms import STEP_FORMS, AlertFilterForm
from concord.warning.models import Alert

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


def _alert_context(request: HttpRequest, alert: Alert, *, forms: dict[str, Any] | None = None) -> dict[str, Any]:
    user = signed_in_user(request)
    allowed = policy.allowed_actions(alert, scope_for(user))
    forms = forms or {}
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
        "actions": [
            (step, policy.ACTION_LABELS[step], forms.get(step) or STEP_FORMS[step](prefix=step)) for step in allowed
        ],
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
    user = signed_in_user(request)
    alert = queries.get_alert_for_user(user, alert_id, write=True)
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, prefix=step)
    if not form.is_valid():
        context = _alert_context(request, alert, forms={step: form})
        context["open_action"] = step
        return render(request, "staff/alert.html", context, status=400)
    try:
        perform(step, alert, user, form.cleaned_data)
    except CaseError as error:
        alert.refresh_from_db()
        context = _alert_context(request, alert, forms={step: form})
        context["error"] = error.message
        context["open_action"] = step
        return render(request, "staff/alert.html", context, status=error.status_code)
    messages.success(request, _("Done: %(action)s.") % {"action": policy.ACTION_LABELS[step]})
    return redirect("alerts:detail", alert_id=alert.pk)
