"""QR codes for print (posters, agreements), made with segno (pure Python), and the absolute
URL a printed code should hold."""

from __future__ import annotations

import segno
from django.conf import settings
from django.http import HttpRequest

# At least Q (25 % of the code may be lost): paper gets dirty and scratched; segno raises it
# further when that fits in the same symbol size.
QR_ERROR = "q"
# Modules of white around the code, as ISO/IEC 18004 requires for reliable scanning.
QUIET_ZONE = 4


def public_url(request: HttpRequest, path: str) -> str:
    """The absolute URL of ``path`` for print. Paper outlives the host it was printed from:
    CONCORD_PUBLIC_URL, when set, says where residents reach Concord; otherwise the address
    of this request."""
    if settings.CONCORD_PUBLIC_URL:
        return settings.CONCORD_PUBLIC_URL + path
    return request.build_absolute_uri(path)


def site_url(path: str) -> str:
    """The absolute URL of ``path`` where no request is at hand (a message a worker sends):
    CONCORD_PUBLIC_URL, or the local address ``make demo`` serves on."""
    return (settings.CONCORD_PUBLIC_URL or "http://127.0.0.1:8000") + path


def qr_code(url: str) -> segno.QRCode:
    """The QR code (never a Micro QR, which few phone cameras read) for ``url``."""
    return segno.make(url, error=QR_ERROR, micro=False)


def qr_svg_inline(url: str) -> str:
    """The QR code as an ``<svg>`` element for an HTML page, scaled by CSS (one unit per module)."""
    return str(
        qr_code(url).svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, svgclass="qr", lineclass=None, title=url)
    )
