"""Public pages: the report form (the QR target) and the tracking page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from concord.accounts.access import scope_for
from concord.cases.models import Channel, PartyRole
from concord.cases.panels import RESIDENT_LINES
from concord.cases.queries import public_case, public_timeline
from concord.cases.receipts import format_receipt, normalise_receipt
from concord.followup.forms import RatingForm
from concord.followup.links import rating_for_tracking
from concord.geo.queries import region_at_point, region_by_code, top_areas
from concord.intake.forms import ReportForm
from concord.intake.services import PartyInput, Report, submit_report
from concord.intake.urgent import urgent_help
from concord.resolution.queries import public_path


def _report_from_form(form: ReportForm, *, channel: str) -> Report:
    data = form.cleaned_data
    return Report(
        region=form.chosen_region(),
        category=data["category"],
        description=data["description"],
        channel=channel,
        language=get_language() or "",
        anonymous=data["anonymous"],
        submission_token=data["submission_token"],
        parties=(
            PartyInput(role=PartyRole.REPORTER, name=data["name"], phone=data["phone"]),
            PartyInput(role=PartyRole.OTHER_PARTY, name=data["other_party"], kind=form.other_party_kind),
        ),
    )


@sensitive_post_parameters("name", "phone", "other_party", "description")
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, region_code: str) -> HttpResponse:
    region = region_by_code(region_code)
    if region is None:
        raise Http404
    form = ReportForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        case = submit_report(_report_from_form(form, channel=Channel.WEB))
        return redirect(f"/t/{case.receipt}?new=1")
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/report.html", {"form": form, "region": region}, status=status)


@sensitive_post_parameters("name", "phone", "other_party", "description")
@login_required
@require_http_methods(["GET", "POST"])
def hotline(request: HttpRequest) -> HttpResponse:
    """A staff member records a report phoned in by a resident (channel: hotline)."""
    code = request.GET.get("region", "").strip()
    region = region_by_code(code) if code else None
    context: dict[str, object] = {"region_code": code}
    if code and (region is None or not scope_for(request.user).covers_any(region.ancestors())):
        region = None
        context["region_error"] = _("No area with that code in your jurisdiction.")
    if region is None:
        return render(request, "staff/hotline.html", context, status=404 if code else 200)
    form = ReportForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        case = submit_report(_report_from_form(form, channel=Channel.HOTLINE))
        messages.success(
            request,
            _("Case recorded. Read the caller the receipt code: %(receipt)s")
            % {"receipt": format_receipt(case.receipt)},
        )
        return redirect("staff:case", case_id=case.pk)
    context.update(form=form, region=region)
    return render(request, "staff/hotline.html", context, status=400 if request.method == "POST" else 200)


def locate(request: HttpRequest) -> HttpResponse:
    """Find the report form for a place: by a point (``?lat=&lon=``) or from a list of
    the top-level areas to pick from, one level at a time."""
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return render(request, "intake/locate.html", {"areas": top_areas()})
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
            "lines": RESIDENT_LINES,
            "path": public_path(case),
            "is_new": request.GET.get("new") == "1",
            "urgent": urgent_help(case),
            # The rating of the resolution in force (concord.followup): its form, posting to the
            # signed link, or that it is rated already.
            "rating": rating_for_tracking(case),
            "rating_form": RatingForm(),
            "just_rated": request.GET.get("rated") == "1",
        },
    )


def track_lookup(request: HttpRequest) -> HttpResponse:
    """A resident types the receipt code they were given."""
    code = request.GET.get("receipt", "")
    if code:
        return redirect("intake:track", receipt=normalise_receipt(code))
    return render(request, "intake/track_lookup.html")
