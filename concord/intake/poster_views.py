"""Staff pages for QR posters: the list of areas, a poster, its images, a community's sheet.
Thin: the images are made in posters.py; who may print what is checked here, against the
user's jurisdiction (a poster of an area outside it is a 404, like an unknown area)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from concord.accounts.access import scope_for
from concord.geo.models import Level, Region
from concord.intake.posters import (
    POSTER_LEVELS,
    area_name,
    grids_of,
    poster_for,
    poster_region,
    poster_regions,
    public_report_url,
    qr_png,
    qr_svg_document,
)
from concord.paging import page_number


def _printable(request: HttpRequest, code: str, *, levels: frozenset[Level] = POSTER_LEVELS) -> Region:
    """The area whose poster is asked for, if it has one and lies in the user's jurisdiction."""
    region = poster_region(code, levels=levels)
    if region is None or not scope_for(request.user).covers_any(region.ancestors()):
        raise Http404
    return region


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The communities and grids in the user's jurisdiction, with links to their posters."""
    search = request.GET.get("q", "").strip()[:100]
    page = page_number(request)
    size = settings.CONCORD_PAGE_SIZE
    # One query per page: fetch one row more than shown to know whether a next page exists.
    rows = list(
        poster_regions([pk for _level, pk in scope_for(request.user).areas], search)[
            (page - 1) * size : page * size + 1
        ]
    )
    return render(
        request,
        "staff/regions.html",
        {
            "regions": [(region, area_name(region.ancestors())) for region in rows[:size]],
            "search": search,
            "page": page,
            "has_next": len(rows) > size,
            "community_level": Level.COMMUNITY,
            "grid_level": Level.GRID,
        },
    )


@login_required
@require_safe
def poster(request: HttpRequest, code: str) -> HttpResponse:
    """The printable A4 poster of one community or grid."""
    region = _printable(request, code)
    return render(request, "staff/poster.html", {"posters": [poster_for(request, region.ancestors())]})


@login_required
@require_safe
def community_sheet(request: HttpRequest, code: str) -> HttpResponse:
    """One A4 poster per grid of a community, to print in one go."""
    community = _printable(request, code, levels=frozenset({Level.COMMUNITY}))
    chain = community.ancestors()
    posters = [poster_for(request, [grid, *chain]) for grid in grids_of(community)]
    return render(request, "staff/posters.html", {"community": area_name(chain), "posters": posters})


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
@require_safe
def poster_svg(request: HttpRequest, code: str) -> HttpResponse:
    """The QR code with the area's name underneath, as an SVG file."""
    region = _printable(request, code)
    url = public_report_url(request, region.code)
    document = qr_svg_document(url, area_name(region.ancestors()).caption)
    return _download(document.encode(), "image/svg+xml; charset=utf-8", f"concord-qr-{region.code}.svg")


@login_required
@require_safe
def poster_png(request: HttpRequest, code: str) -> HttpResponse:
    """The QR code alone, high resolution with its quiet zone, as a PNG file."""
    region = _printable(request, code)
    return _download(qr_png(public_report_url(request, region.code)), "image/png", f"concord-qr-{region.code}.png")
