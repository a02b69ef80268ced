"""Staff pages: the inbox and the case page. Thin: reads go through queries.py,
writes through actions.perform -> services.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from concord.accounts.access import scope_for, signed_in_user
from concord.accounts.services import log_action
from concord.cases import policy
from concord.cases.actions import perform
from concord.cases.errors import CaseError
from concord.cases.forms import ACTION_FORMS
from concord.cases.models import Case
from concord.cases.queries import INBOX_TABS, get_case_for_user, timeline
from concord.cases.queries import inbox as inbox_query
from concord.crypto import decrypt_value, mask_phone
from concord.intake.receipts import format_receipt
from concord.open311.attributes import describe_answers
from concord.paging import page_number
from concord.risk.models import URGENT
from concord.risk.panel import RISK_ACTIONS, risk_panel

TAB_LABELS = {
    "mine": gettext_lazy("My cases"),
    "unit": gettext_lazy("My unit"),
    "due_soon": gettext_lazy("Due soon"),
    "overdue": gettext_lazy("Overdue"),
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
    counts = {key: inbox_query(user, key).count() for key in ("mine", "due_soon", "overdue", "risk")}
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


def _case_context(
    request: HttpRequest, case: Case, *, forms: dict[str, Any] | None = None, reveal: bool = False
) -> dict[str, Any]:
    """Everything the case page shows; phones masked unless ``reveal`` (audited by the caller)."""
    user = signed_in_user(request)
    allowed = policy.allowed_actions(case, scope_for(user))
    forms = forms or {}
    parties = list(case.parties.all())
    shown = (decrypt_value(p.phone_encrypted) for p in parties)
    events = list(timeline(case))
    reported: dict[str, Any] = next((event.data for event in events if event.action == "case.reported"), {})
    return {
        "case": case,
        "receipt": format_receipt(case.receipt),
        "events": events,
        # What an Open311 app sent beyond the description: the resident's answers, a media link.
        "answers": describe_answers(reported.get("answers") or {}),
        "media_url": reported.get("media_url", ""),
        "contacts": [(p, phone if reveal else mask_phone(phone)) for p, phone in zip(parties, shown, strict=True)],
        "revealed": reveal,
        "actions": [
            (action, policy.ACTION_LABELS[action], forms.get(action) or ACTION_FORMS[action](prefix=action))
            for action in allowed
            if action not in RISK_ACTIONS
        ],
        "can_act": bool(allowed),
        "risk": risk_panel(case, allowed, forms),
    }


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
    user = signed_in_user(request)
    case = get_case_for_user(user, case_id)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, prefix=action)
    if not form.is_valid():
        context = _case_context(request, case, forms={action: form})
        context["open_action"] = action
        return render(request, "staff/case.html", context, status=400)
    try:
        perform(action, case, user, form.cleaned_data)
    except CaseError as error:
        case.refresh_from_db()
        context = _case_context(request, case, forms={action: form})
        context["error"] = error.message
        context["open_action"] = action
        return render(request, "staff/case.html", context, status=error.status_code)
    messages.success(request, _("Done: %(action)s.") % {"action": policy.ACTION_LABELS[action]})
    return redirect("staff:case", case_id=case.pk)
