"""The resident's rating page, behind the signed link (``/t/<receipt>/rate/<token>``; the
URL is in concord.intake's map, beside the tracking page). Thin: the link is checked by
``links.check_link``, the rating written by the ``rate`` step, which looks again under the
case's lock, so a double submit writes once."""

from __future__ import annotations

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from concord.cases.queries import public_case
from concord.cases.receipts import format_receipt, normalise_receipt
from concord.followup.forms import RatingForm
from concord.followup.links import LinkState, check_link
from concord.followup.rating import rate_resolution
from concord.workflow.errors import DomainError

# Each refusal: its HTTP status and what the resident reads (in both languages on the page).
REFUSALS = {
    LinkState.INVALID: 404,
    LinkState.RATED: 409,
    LinkState.OUTDATED: 410,
    LinkState.NOT_RESOLVED: 409,
}


def _refusal_lines(state: LinkState) -> tuple[str, str]:
    if state == LinkState.INVALID:
        return _("This link is not valid."), _(
            "Please use the link in the message we sent you, or look up your case with its receipt code."
        )
    if state == LinkState.RATED:
        return _("You have already rated this resolution. Thank you."), _(
            "Your answer has been recorded. You can follow your case on its page."
        )
    if state == LinkState.OUTDATED:
        return _("This link is for an earlier resolution of your case."), _(
            "Your case has been handled again since. "
            "Please use the link in the latest message, or the page of your case."
        )
    return _("Your case is not resolved at the moment, so it cannot be rated now."), _(
        "When it is resolved we will ask you again. You can follow your case on its page."
    )


def refused(request: HttpRequest, state: LinkState, receipt: str | None) -> HttpResponse:
    """A clear page in Chinese and in English, whatever language the browser asked for."""
    shown = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            title, detail = _refusal_lines(state)
            shown.append({"language": language, "title": title, "detail": detail})
    context = {"messages_shown": shown, "receipt": receipt}
    return render(request, "followup/rate_refused.html", context, status=REFUSALS[state])


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, receipt: str, token: str) -> HttpResponse:
    case = public_case(normalise_receipt(receipt))
    check = check_link(case, token)
    if case is None or check.state != LinkState.OPEN or check.resolution_id is None:
        return refused(request, check.state, case.receipt if case is not None else None)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate_resolution(case, actor=None, resolution=check.resolution_id, **form.cleaned_data)
            return redirect(f"/t/{case.receipt}?rated=1")
        except (DomainError, IntegrityError) as error:
            # Another submit won the race, or the case moved on: say what the link leads to now.
            now = check_link(public_case(case.receipt), token).state
            if now != LinkState.OPEN:
                return refused(request, now, case.receipt)
            form.add_error(None, error.message if isinstance(error, DomainError) else _("Please try again."))
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "receipt": format_receipt(case.receipt), "form": form, "action": request.path}
    return render(request, "followup/rate.html", context, status=status)
