"""Finding regions: by code, by a point, or as a list to pick from."""

from __future__ import annotations

from django.db.models import QuerySet

from concord.geo.models import Level, Region, geometry_contains
from concord.refcache import reference_cache

# Enough select_related hops to load a grid's whole chain of ancestors in one query.
ANCESTOR_PATH = "parent__parent__parent__parent__parent"


def region_by_code(code: str) -> Region | None:
    """The region with this code, with its ancestors loaded, or None (cached per process:
    treat the result as read-only)."""
    return reference_cache.get(("region", code), lambda: _load_region(code))


def _load_region(code: str) -> Region | None:
    found = list(Region.objects.select_related(ANCESTOR_PATH).filter(code=code)[:1])
    return found[0] if found else None


def region_at_point(lat: float, lon: float) -> Region | None:
    """The smallest region whose boundary contains the point (a grid if one does)."""
    for level in (Level.GRID, Level.COMMUNITY, Level.STREET, Level.DISTRICT):
        candidates = Region.objects.select_related(ANCESTOR_PATH).filter(
            level=level, min_lat__lte=lat, max_lat__gte=lat, min_lon__lte=lon, max_lon__gte=lon
        )
        for region in candidates:
            if region.boundary and geometry_contains(region.boundary, lat, lon):
                return region
    return None


def children_of(region: Region) -> list[Region]:
    """The regions directly below this one, for a resident to pick from (cached per process)."""
    return reference_cache.get(("children", region.pk), lambda: list(_children(region)))


def top_areas() -> list[Region]:
    """The areas a resident picks from first: those directly below the top of the tree
    (a deployment's province or city), cached per process."""
    roots = reference_cache.get("roots", lambda: list(Region.objects.filter(parent__isnull=True).order_by("code")))
    return [child for root in roots for child in children_of(root)]


def _children(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).order_by("code")
