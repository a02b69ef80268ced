"""Finding regions: by code, by a point, or as a list to pick from."""

from __future__ import annotations

from django.db.models import QuerySet

from concord.geo.models import Level, Region, geometry_contains
from concord.refcache import reference_cache

# What the cached reads here depend on.
REGIONS = ("geo.Region",)
# Enough select_related hops to load a grid's whole chain of ancestors in one query.
ANCESTOR_PATH = "parent__parent__parent__parent__parent"


def region_by_code(code: str) -> Region | None:
    """The region with this code, with its ancestors loaded, or None (cached per process:
    treat the result as read-only)."""
    return reference_cache.get(("region", code), lambda: _load_region(code), depends=REGIONS)


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
    return reference_cache.get(("children", region.pk), lambda: list(_children(region)), depends=REGIONS)


def roots() -> list[Region]:
    """The top of the tree (a deployment's province or city): Open311's jurisdictions."""
    return reference_cache.get(
        "roots", lambda: list(Region.objects.filter(parent__isnull=True).order_by("code")), depends=REGIONS
    )


def top_areas() -> list[Region]:
    """The areas a resident picks from first: those directly below the top of the tree
    (a deployment's province or city), cached per process."""
    return [child for root in roots() for child in children_of(root)]


def region_by_name_in(text: str) -> Region | None:
    """The region an address names, e.g. "锦城市 东城区 春熙街道 一号网格": of the regions
    whose name occurs in the text, the one with most of its ancestors named too, then the
    longest name, then the deepest. None if no name occurs."""
    folded = text.casefold()
    names: list[tuple[int, int | None, str, tuple[str, ...]]] = reference_cache.get(
        "region_names", _region_names, depends=REGIONS
    )
    parent_of = {pk: parent for pk, parent, _code, _names in names}
    codes = {pk: code for pk, _parent, code, _names in names}
    # Each named region with the length of its longest name in the text: "Grid 12" beats "Grid 1".
    matched = {
        pk: max(len(name) for name in region_names if name in folded)
        for pk, _parent, _code, region_names in names
        if any(name in folded for name in region_names)
    }
    if not matched:
        return None

    def score(pk: int) -> tuple[int, int, int]:
        depth, named, node = 0, 0, parent_of.get(pk)
        while node is not None:
            named += node in matched
            depth += 1
            node = parent_of.get(node)
        return named, matched[pk], depth

    return region_by_code(codes[max(sorted(matched), key=score)])


def _region_names() -> list[tuple[int, int | None, str, tuple[str, ...]]]:
    rows = Region.objects.values_list("pk", "parent_id", "code", "name_zh", "name_en")
    return [
        (pk, parent, code, tuple(name.casefold() for name in (zh, en) if len(name) >= 2))
        for pk, parent, code, zh, en in rows
    ]


def _children(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).order_by("code")
