"""The resident's link to rate a resolution: ``/t/<receipt>/rate/<token>``, the token signed
with its own salt and naming the case and the resolution it rates, so that a link cannot be made
for another case or reused for a later resolution. The receipt remains the credential: the
tracking page (which anyone holding the receipt may open) offers the same link. The "resolved"
SMS or e-mail carries ``rating_url(case)``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

from concord.cases.models import Case
from concord.followup.models import Rating, Resolution
from concord.followup.queries import current_resolution
from concord.followup.rating import RATEABLE
from concord.qr import public_url, site_url

SALT = "concord.followup.rating"


class LinkState(Enum):
    OPEN = "open"  # the resolution in force, not rated yet
    RATED = "rated"  # rated already
    OUTDATED = "outdated"  # an earlier resolution (the case was reopened since)
    NOT_RESOLVED = "not_resolved"  # the case is not resolved now
    INVALID = "invalid"  # forged, tampered, or another case's


def rating_token(case: Case, resolution: Resolution) -> str:
    return signing.dumps([case.pk, resolution.pk], salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, int] | None:
    """(case id, resolution id) of a token Concord signed, or None."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        return None
    return value[0], value[1]


def rating_path(case: Case, resolution: Resolution | None = None) -> str | None:
    """The path of the link for the resolution in force (or ``resolution``), or None."""
    resolution = resolution or current_resolution(case)
    if resolution is None:
        return None
    return reverse("intake:rate", args=[case.receipt, rating_token(case, resolution)])


def rating_url(case: Case, request: HttpRequest | None = None) -> str:
    """The absolute URL of the rating link of the case's resolution in force, for the
    "resolved" message (``concord.qr.public_url``; without a request, CONCORD_PUBLIC_URL).
    Raises ValueError for a case with no resolution in force."""
    path = rating_path(case)
    if path is None:
        raise ValueError(f"case {case.pk} has no resolution in force to rate")
    return public_url(request, path) if request is not None else site_url(path)


@dataclass(frozen=True)
class LinkCheck:
    state: LinkState
    resolution_id: int | None = None


def check_link(case: Case | None, token: str) -> LinkCheck:
    """What a rating link leads to now (read without a lock; the step looks again under it)."""
    parsed = read_token(token)
    if case is None or parsed is None or parsed[0] != case.pk:
        return LinkCheck(LinkState.INVALID)
    resolution_id = parsed[1]
    if not Resolution.objects.filter(pk=resolution_id, case_id=case.pk).exists():
        return LinkCheck(LinkState.INVALID)
    if Rating.objects.filter(resolution_id=resolution_id).exists():
        return LinkCheck(LinkState.RATED, resolution_id)
    current = current_resolution(case)
    if current is not None and current.pk != resolution_id:
        return LinkCheck(LinkState.OUTDATED, resolution_id)
    if current is None or case.status not in RATEABLE:
        return LinkCheck(LinkState.NOT_RESOLVED, resolution_id)
    return LinkCheck(LinkState.OPEN, resolution_id)


def rating_for_tracking(case: Case) -> dict[str, object] | None:
    """What the tracking page shows of the rating: ``{"action": link}`` while the resolution
    in force may be rated, ``{"rating": Rating}`` once it is, None otherwise (no queries for a
    case never resolved)."""
    if case.resolved_at is None or case.status not in RATEABLE:
        return None
    resolution = current_resolution(case)
    if resolution is None:
        return None
    rating = Rating.objects.filter(resolution_id=resolution.pk).first()
    if rating is not None:
        return {"rating": rating}
    return {"action": rating_path(case, resolution)}
