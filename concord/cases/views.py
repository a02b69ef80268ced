"""Staff pages: the inbox and the case page. Thin: reads go through queries.py; the step
forms and running them come from the case workflow's declarations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from concord.accounts.access import scope_for, signed_in_user
from concord.accounts.services import log_action
from concord.cases.models import Case
from concord.cases.panels import EVENT_TITLES, PANELS
from concord.cases.queries import INBOX_TABS, get_case_for_user, timeline
from concord.cases.queries import inbox as inbox_query
from concord.cases.receipts import format_receipt
from concord.cases.workflow import CASES
from concord.crypto import decrypt_value, mask_phone
from concord.i18n import prefers_chinese
from concord.paging import page_number
from concord.risk.engine.levels import URGENT
from concord.workflow.forms import ActionForm
from concord.workflow.pages import offered_forms, post_step

TAB_LABELS = {
    "mine": gettext_lazy("My cases"),
    "unit": gettext_lazy("My unit"),
    "shared": gettext_lazy("Referred to us"),
    "due_soon": gettext_lazy("Due soon"),
    "overdue": gettext_lazy("Overdue"),
    "follow_up": gettext_lazy("To follow up"),
    "risk": gettext_lazy("High risk"),
    "area": gettext_lazy("My area"),
}


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = scope_for(user)
    default_tab = "mine" if any(scope.handles(u) for u in scope.unit_ids) else "area"
    tab = request.GET.get("tab", default_tab)
    if tab not in INBOX_TABS:
        raise Http404
    page = page_number(request)
    size = settings.CONCORD_PAGE_SIZE
    # One query per page: fetch one row more than shown to know whether a next page exists.
    rows = list(inbox_query(user, tab)[(page - 1) * size : page * size + 1])
    # Badges on the tabs that ask for action; counts of open cases use the (unit, status, due) index.
    counted = ("mine", "shared", "due_soon", "overdue", "follow_up", "risk")
    counts = {key: inbox_query(user, key).count() for key in counted}
    return render(
        request,
        "staff/inbox.html",
        {
            "tab": tab,
            "tabs": [(key, TAB_LABELS[key], counts.get(key)) for key in INBOX_TABS],
            "cases": rows[:size],
            "page": page,
            "has_next": len(rows) > size,
            "has_units": bool(scope.unit_ids),
            "urgent": URGENT,
        },
    )


def _answers_shown(reported: dict[str, Any]) -> list[list[str]]:
    """What an Open311 app asked beyond the description, as rendered when the report came in."""
    shown: dict[str, list[list[str]]] = reported.get("answers_shown") or {}
    return shown.get("zh-hans" if prefers_chinese() else "en", [])


def _case_context(
    request: HttpRequest, case: Case, *, forms: dict[str, ActionForm] | None = None, reveal: bool = False
) -> dict[str, Any]:
    """Everything the case page shows; phones masked unless ``reveal`` (audited by the caller)."""
    user = signed_in_user(request)
    steps = offered_forms(CASES, case, user, forms or {})
    parties = list(case.parties.all())
    shown = (decrypt_value(p.phone_encrypted) for p in parties)
    events = list(timeline(case))
    reported: dict[str, Any] = next((event.data for event in events if event.action == "case.reported"), {})
    context: dict[str, Any] = {
        "case": case,
        "receipt": format_receipt(case.receipt),
        # Each event with what it is called: its new status, or its registered title.
        "events": [
            (event, event.get_to_status_display() if event.to_status else EVENT_TITLES.get(event.action, ""))
            for event in events
        ],
        # What an Open311 app sent beyond the description: the resident's answers, a media link.
        "answers": _answers_shown(reported),
        "media_url": reported.get("media_url", ""),
        "contacts": [(p, phone if reveal else mask_phone(phone)) for p, phone in zip(parties, shown, strict=True)],
        "revealed": reveal,
        "actions": steps.get("", []),
        "can_act": any(steps.values()),
        "panel_templates": [panel.template for panel in PANELS.values()],
    }
    for name, panel in PANELS.items():
        context[name] = panel.build(case, steps.get(name, []))
    return context


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = signed_in_user(request)
    case = get_case_for_user(user, case_id)
    # Personal data is shown (names, description): every read is audited.
    log_action(user, "case.viewed", "case", case.pk)
    return render(request, "staff/case.html", _case_context(request, case))


@login_required
@require_POST
def case_contacts(request: HttpRequest, case_id: int) -> HttpResponse:
    """Show the parties' phone numbers in full; every such read is audited."""
    user = signed_in_user(request)
    case = get_case_for_user(user, case_id)
    log_action(user, "party.contact_revealed", "case", case.pk)
    return render(request, "staff/case.html", _case_context(request, case, reveal=True))


@login_required
@require_POST
def case_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    case = get_case_for_user(signed_in_user(request), case_id)

    def again(forms: dict[str, ActionForm], extra: dict[str, Any], status: int) -> HttpResponse:
        context = {**_case_context(request, case, forms=forms), **extra}
        return render(request, "staff/case.html", context, status=status)

    return post_step(request, CASES, case, action, render=again, done_url=reverse("staff:case", args=[case.pk]))
