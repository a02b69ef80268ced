"""Public pages: the report form (the QR target) and the tracking page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from concord.cases.models import PartyRole
from concord.cases.queries import public_case, public_timeline
from concord.geo.models import Region
from concord.geo.queries import region_at_point, region_by_code
from concord.intake.forms import ReportForm
from concord.intake.receipts import format_receipt, normalise_receipt
from concord.intake.services import PartyInput, Report, submit_report


@sensitive_post_parameters("name", "phone", "other_party", "description")
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


def locate(request: HttpRequest) -> HttpResponse:
    """Find the report form for a place: by a point (``?lat=&lon=``) or from a list of
    the top-level areas to pick from, one level at a time."""
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        roots = Region.objects.filter(parent__isnull=True).order_by("code")
        areas = [child for root in roots for child in root.children.order_by("code")]
        return render(request, "intake/locate.html", {"areas": areas})
    region = region_at_point(lat, lon)
    if region is None:
        return render(request, "intake/locate.html", {"areas": [], "outside": True}, status=404)
    return redirect("intake:report", region_code=region.code)


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
