"""Public pages: the report form (the QR target) and the tracking page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from concord.cases.models import PartyRole
from concord.cases.queries import public_case, public_timeline
from concord.geo.queries import region_by_code
from concord.intake.forms import ReportForm
from concord.intake.receipts import format_receipt, normalise_receipt
from concord.intake.services import PartyInput, Report, submit_report


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, region_code: str) -> HttpResponse:
    region = region_by_code(region_code)
    if region is None:
        raise Http404
    form = ReportForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = submit_report(
            Report(
                region=form.chosen_region(),
                category=data["category"],
                description=data["description"],
                language=get_language() or "",
                anonymous=data["anonymous"],
                submission_token=data["submission_token"],
                parties=(
                    PartyInput(role=PartyRole.REPORTER, name=data["name"], phone=data["phone"]),
                    PartyInput(role=PartyRole.OTHER_PARTY, name=data["other_party"], kind=form.other_party_kind),
                ),
            )
        )
        return redirect(f"/t/{case.receipt}?new=1")
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/report.html", {"form": form, "region": region}, status=status)


def track(request: HttpRequest, receipt: str) -> HttpResponse:
    case = public_case(normalise_receipt(receipt))
    if case is None:
        return render(request, "intake/track_missing.html", {"receipt": receipt}, status=404)
    return render(
        request,
        "intake/track.html",
        {
            "case": case,
            "receipt": format_receipt(case.receipt),
            "events": public_timeline(case),
            "is_new": request.GET.get("new") == "1",
        },
    )


def track_lookup(request: HttpRequest) -> HttpResponse:
    """A resident types the receipt code they were given."""
    code = request.GET.get("receipt", "")
    if code:
        return redirect("intake:track", receipt=normalise_receipt(code))
    return render(request, "intake/track_lookup.html")
