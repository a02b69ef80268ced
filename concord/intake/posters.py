"""QR posters of an area: where its code points, the images and the areas that have one.

A poster hangs on a wall for years, so its QR code carries the absolute URL of the area's
public report form (``/r/<code>``). The images are made here with segno (pure Python); the
views check the jurisdiction, pick the region and hand these out.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from xml.sax.saxutils import escape

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from concord.geo.models import Level, Region
from concord.geo.queries import ANCESTOR_PATH, children_of, region_by_code
from concord.i18n import pick
from concord.qr import QUIET_ZONE, public_url, qr_code, qr_svg_inline

# Levels whose areas get a poster: where residents live and a worker answers.
POSTER_LEVELS = frozenset({Level.COMMUNITY, Level.GRID})
# The PNG is at least this wide: about 10 cm at 300 dpi, enough for a sticker or a poster.
PNG_MIN_WIDTH_PX = 1200
# One SVG user unit is one module; the downloadable SVG states this many pixels per module.
SVG_PIXELS_PER_MODULE = 10


def public_report_url(request: HttpRequest, code: str) -> str:
    """The absolute URL of the report form of area ``code``: what its QR code holds."""
    return public_url(request, reverse("intake:report", args=[code]))


def qr_png(url: str) -> bytes:
    """The QR code as a black-on-white PNG at least ``PNG_MIN_WIDTH_PX`` wide, quiet zone included."""
    code = qr_code(url)
    modules = code.symbol_size(scale=1, border=QUIET_ZONE)[0]
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=-(-PNG_MIN_WIDTH_PX // modules), border=QUIET_ZONE, dark="#000", light="#fff")
    return buffer.getvalue()


def _width_em(text: str) -> float:
    """Rough printed width of ``text`` in em: CJK characters are square, Latin ones narrower."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)


def qr_svg_document(url: str, caption: Sequence[str]) -> str:
    """A standalone SVG file: the QR code on white with its quiet zone, the ``caption`` lines
    (the area's name) centred underneath, the URL in its description."""
    code = qr_code(url)
    width = code.symbol_size(scale=1, border=QUIET_ZONE)[0]
    symbol = code.svg_inline(scale=1, border=QUIET_ZONE, svgclass=None, lineclass=None)
    lines = [line for line in caption if line]
    # Each line fits the width of the code, and is never larger than 2.4 modules.
    size = min([2.4, *((width - 2) / _width_em(line) for line in lines)])
    texts = []
    baseline = float(width)
    for line in lines:
        baseline += size * 1.25
        position = f'x="{width / 2:g}" y="{baseline:.2f}" font-size="{size:.2f}" text-anchor="middle"'
        texts.append(f"<text {position}>{escape(line)}</text>")
    height = baseline + (size if lines else 0)
    view = f"0 0 {width} {height:.2f}"
    font = "system-ui, &quot;PingFang SC&quot;, &quot;Microsoft YaHei&quot;, &quot;Noto Sans CJK SC&quot;, sans-serif"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * SVG_PIXELS_PER_MODULE}" '
        f'height="{height * SVG_PIXELS_PER_MODULE:.0f}" viewBox="{view}" font-family="{font}">'
        f"<title>{escape(' / '.join(lines) or url)}</title><desc>{escape(url)}</desc>"
        f'<rect width="{width}" height="{height:.2f}" fill="#fff"/>{symbol}{"".join(texts)}</svg>\n'
    )


@dataclass(frozen=True)
class AreaName:
    """An area's name in both languages, whatever the language of the page."""

    name_zh: str  # the area itself: "锦华社区 第1网格"
    name_en: str
    context_zh: str  # where it lies: "锦江区 春熙路街道"
    context_en: str

    @property
    def name(self) -> str:
        """The name in the language of the page (for titles and lists, not for the poster)."""
        return pick(self.name_zh, self.name_en)

    @property
    def context(self) -> str:
        return pick(self.context_zh, self.context_en)

    @property
    def caption(self) -> list[str]:
        """The lines under a QR code: the Chinese name, then the English one if it differs."""
        return [self.name_zh, self.name_en if self.name_en != self.name_zh else ""]


def _names(top_down: Sequence[Region], levels: set[int]) -> tuple[str, str]:
    picked = [region for region in top_down if region.level in levels]
    return (
        " ".join(region.name_zh or region.name_en for region in picked),
        " · ".join(region.name_en or region.name_zh for region in picked),
    )


def area_name(chain: Sequence[Region]) -> AreaName:
    """The name of ``chain[0]`` with its community, and the district and street around it;
    ``chain`` is the region and its ancestors, nearest first (as ``Region.ancestors()``)."""
    top_down = list(reversed(chain))
    name_zh, name_en = _names(top_down, {Level.COMMUNITY, Level.GRID})
    context_zh, context_en = _names(top_down, {Level.DISTRICT, Level.STREET})
    return AreaName(name_zh=name_zh, name_en=name_en, context_zh=context_zh, context_en=context_en)


@dataclass(frozen=True)
class Poster:
    """What one poster shows: the area, where its code points, the code itself."""

    code: str
    url: str
    area: AreaName
    svg: str  # the QR code as an inline <svg> element


def poster_for(request: HttpRequest, chain: Sequence[Region]) -> Poster:
    """The poster of ``chain[0]``; ``chain`` is the region and its ancestors, nearest first."""
    url = public_report_url(request, chain[0].code)
    return Poster(code=chain[0].code, url=url, area=area_name(chain), svg=qr_svg_inline(url))


def poster_region(code: str, *, levels: frozenset[Level] = POSTER_LEVELS) -> Region | None:
    """The region with this code, with its ancestors loaded, if it has a poster at one of
    ``levels``; None otherwise (the view answers 404 for that as for an area outside the
    jurisdiction, so that the two look the same)."""
    region = region_by_code(code)
    if region is None or region.level not in levels:
        return None
    return region


def grids_of(community: Region) -> list[Region]:
    """The grids of a community, by code (one cached query, whatever their number)."""
    return [child for child in children_of(community) if child.level == Level.GRID]


# Regions sit at most this many parents below the top of the tree (province -> grid).
_MAX_DEPTH = len(Level) - 1


def poster_regions(area_ids: Iterable[int], search: str = "") -> QuerySet[Region]:
    """The communities and grids in these areas (the user's jurisdiction), by code (a community
    just before its grids), with ancestors loaded; ``search`` matches a code prefix or part of a name."""
    inside: list[Q] = []
    for region_id in area_ids:
        inside.append(Q(pk=region_id))
        inside.extend(Q(**{"__".join(["parent"] * hops): region_id}) for hops in range(1, _MAX_DEPTH + 1))
    regions = Region.objects.filter(level__in=POSTER_LEVELS).filter(reduce(or_, inside, Q(pk__in=[])))
    search = search.strip()
    if search:
        regions = regions.filter(
            Q(code__startswith=search) | Q(name_zh__icontains=search) | Q(name_en__icontains=search)
        )
    return regions.select_related(ANCESTOR_PATH).order_by("code")
