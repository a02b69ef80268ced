"""Pages: the staff member's notifications (the bell) and settings, the administrators' dead
letters, and the resident's "stop these messages" link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from concord.accounts.access import signed_in_user
from concord.cases.models import Case
from concord.notify.actions import mark_read, save_preference, stop_resident_messages
from concord.notify.delivery import failed_notifications, retry
from concord.notify.forms import PreferenceForm
from concord.notify.kinds import KINDS
from concord.notify.queries import inapp_of
from concord.notify.residents import case_of_stop_token
from concord.notify.services import preference_of
from concord.paging import page_number, parse_id

PAGE_SIZE = 50


def _id(raw: str) -> int | None:
    value = parse_id(raw)
    return value if value else None


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = Paginator(inapp_of(user), PAGE_SIZE).get_page(page_number(request))
    return render(request, "staff/notifications.html", {"page": page})


@login_required
@require_POST
def read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read and go where it leads, or mark them all read."""
    user = signed_in_user(request)
    notification_id = _id(request.POST.get("id", ""))
    if notification_id is not None:
        mark_read(user, notification_id)
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
    else:
        count = mark_read(user)
        messages.success(request, _("%(count)d notification(s) marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = PreferenceForm(request.POST or None, preference=preference_of(user.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save_preference(
            user, form.channels(), phone=data["phone"], quiet_from=data["quiet_from"], quiet_until=data["quiet_until"]
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    status = 400 if request.method == "POST" else 200
    columns = form.channel_columns()
    context = {"form": form, "columns": columns, "not_live": not all(live for _c, _l, live in columns), "kinds": KINDS}
    return render(request, "staff/notification_settings.html", context, status=status)


def _administrator(request: HttpRequest) -> None:
    user = signed_in_user(request)
    if not (user.is_superuser or user.has_perm("notify.change_notification")):
        raise PermissionDenied(_("Only administrators see the notifications that could not be sent."))


@login_required
@require_http_methods(["GET", "POST"])
def failed(request: HttpRequest) -> HttpResponse:
    """Dead letters: what could not be delivered, why, and a way to send it again."""
    _administrator(request)
    if request.method == "POST":
        ids = [i for i in (_id(raw) for raw in request.POST.getlist("id")) if i is not None]
        count = retry(ids, signed_in_user(request))
        messages.success(request, _("%(count)d notification(s) will be sent again.") % {"count": count})
        return redirect("notifications:failed")
    page = Paginator(failed_notifications().select_related("recipient_user", "endpoint"), PAGE_SIZE).get_page(
        page_number(request)
    )
    return render(request, "staff/notifications_failed.html", {"page": page})


@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """The link at the end of every message to a resident: confirm, then stop (a GET alone never
    stops anything: mail scanners open links)."""
    case_id = case_of_stop_token(token)
    case = Case.objects.filter(pk=case_id).only("pk", "receipt").first() if case_id else None
    if case is None:
        raise Http404
    done = request.method == "POST"
    if done:
        stop_resident_messages(case)
    return render(request, "notify/stop.html", {"case": case, "done": done})
