"""Open311 reads: the public view of cases and their updates.

Open311 is public. A request shows its category, public status, the latest public note
and a location coarsened to its grid's centroid; never the description, names, phones,
parties or internal notes. Cases of categories not listed publicly (family, health) and
cases rejected as private are not listed at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from concord.cases.models import OPEN_STATUSES, Case, CaseEvent, Category, RejectionReason, Status
from concord.cases.queries import all_categories
from concord.geo.models import Region
from concord.geo.queries import REGIONS
from concord.i18n import pick
from concord.refcache import reference_cache

# Statuses as FixMyStreet-style clients know them, for the request updates.
UPDATE_STATUS = {
    Status.REPORTED: "open",
    Status.ACCEPTED: "investigating",
    Status.IN_MEDIATION: "in_progress",
    Status.REFERRED: "internal_referral",
    Status.ESCALATED: "internal_referral",
    Status.RESOLVED: "fixed",
    Status.FOLLOWED_UP: "fixed",
    Status.CLOSED: "closed",
    Status.REJECTED: "no_further_action",
    Status.REOPENED: "open",
}
# Open311 submission tokens carry this prefix, so that web-form tokens never answer here.
TOKEN_PREFIX = "o311-"  # noqa: S105 - a prefix, not a secret
CLOSED_STATUSES = tuple(status for status in Status if status not in OPEN_STATUSES)


def listed_category_ids() -> list[int]:
    """Categories listed publicly, and whose parent is too (a new sub-category of an unlisted
    one stays unlisted)."""
    categories = all_categories()
    return sorted(
        pk
        for pk, category in categories.items()
        if category.publicly_listed and (category.parent_id is None or categories[category.parent_id].publicly_listed)
    )


@dataclass(frozen=True)
class Place:
    """A region as Open311 shows it: a centroid and a readable address."""

    code: str
    lat: float | None
    lon: float | None
    address_zh: str
    address_en: str

    @property
    def address(self) -> str:
        return pick(self.address_zh, self.address_en)


def places() -> dict[int, Place]:
    """Every region's public place, by id (cached per process: one query for all)."""
    return reference_cache.get("open311_places", _load_places, depends=REGIONS)


def _load_places() -> dict[int, Place]:
    rows = list(
        Region.objects.values_list("pk", "parent_id", "code", "name_zh", "name_en", "centroid_lat", "centroid_lon")
    )
    parent_of: dict[int, int | None] = {row[0]: row[1] for row in rows}
    names_of: dict[int, tuple[str, str]] = {row[0]: (row[3], row[4] or row[3]) for row in rows}

    def path(pk: int, english: bool) -> str:
        """The region's name and its ancestors': "Grid 1, Community, Street, …" or "…街道社区网格"."""
        names: list[str] = []
        node: int | None = pk
        while node is not None and node in names_of:
            names.append(names_of[node][1 if english else 0])
            node = parent_of[node]
        return ", ".join(names) if english else "".join(reversed(names))

    return {
        pk: Place(code=code, lat=lat, lon=lon, address_zh=path(pk, False), address_en=path(pk, True))
        for pk, _parent, code, _zh, _en, lat, lon in rows
    }


def listed_cases() -> QuerySet[Case]:
    """Cases Open311 may show to anyone."""
    # Once rejected as private, never listed: reopening keeps the reason, and the case private.
    return Case.objects.filter(category_id__in=listed_category_ids()).exclude(rejection_reason=RejectionReason.PRIVATE)


def case_id_for_token(token: str) -> int | None:
    """The case an Open311 POST answered with this token (the token is the client's secret)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    return Case.objects.filter(submission_token=token).values_list("pk", flat=True).first()


def submitted_by(case_id: int, client_id: int) -> bool:
    """Whether this Open311 client submitted this case (it may follow it even when not listed)."""
    return CaseEvent.objects.filter(case_id=case_id, action="case.reported", data__open311_client=client_id).exists()


_ROW_FIELDS = ("pk", "status", "category_id", "created_at", "updated_at", "resolution_deadline", "grid_id", "region_id")


def request_rows(cases: QuerySet[Case]) -> list[dict[str, Any]]:
    """The public service requests for these cases, in their order: one query, whatever their number."""
    latest_note = (
        CaseEvent.objects.filter(case=OuterRef("pk"), is_public=True)
        .exclude(note="")
        .order_by("-created_at", "-id")
        .values("note")[:1]
    )
    rows = cases.annotate(public_note=Subquery(latest_note)).values_list(*_ROW_FIELDS, "public_note")
    categories = all_categories()
    known_places = places()
    return [_request(row, categories, known_places) for row in rows]


def _w3c(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _request(row: tuple[Any, ...], categories: dict[int, Category], known: dict[int, Place]) -> dict[str, Any]:
    pk, status, category_id, created, updated, resolution_deadline, grid_id, region_id, note = row
    category = categories[category_id]
    place = known.get(grid_id or region_id)
    is_open = status in OPEN_STATUSES
    return {
        "service_request_id": str(pk),
        "status": "open" if is_open else "closed",
        "status_notes": note,
        "service_name": category.name,
        "service_code": category.code,
        "description": None,
        "agency_responsible": None,
        "service_notice": None,
        "requested_datetime": _w3c(created),
        "updated_datetime": _w3c(updated),
        "expected_datetime": _w3c(resolution_deadline) if is_open else None,
        "address": place.address if place else None,
        "address_id": place.code if place else None,
        "zipcode": None,
        "lat": place.lat if place else None,
        "long": place.lon if place else None,
        "media_url": None,
    }


def update_rows(events: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """FixMyStreet's ``servicerequestupdates`` items for (id, case id, time, from, to, note) rows."""
    return [
        {
            "update_id": str(pk),
            "service_request_id": str(case_id),
            "status": UPDATE_STATUS.get(to_status or from_status, "open"),
            "updated_datetime": _w3c(created),
            "description": note,
            "media_url": None,
        }
        for pk, case_id, created, from_status, to_status, note in events
    ]


def public_updates(start: datetime, end: datetime) -> QuerySet[CaseEvent]:
    """Public events (status changes, public notes) of listed cases in [start, end), oldest first."""
    return (
        CaseEvent.objects.filter(
            is_public=True,
            created_at__gte=start,
            created_at__lt=end,
            case__category_id__in=listed_category_ids(),
        )
        .exclude(case__rejection_reason=RejectionReason.PRIVATE)
        .order_by("created_at", "id")
    )
