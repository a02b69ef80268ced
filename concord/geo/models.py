"""The region tree: province -> city -> district -> street -> community -> grid."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from concord.i18n import pick


class Level(models.IntegerChoices):
    PROVINCE = 1, _("province")
    CITY = 2, _("city")
    DISTRICT = 3, _("district")
    STREET = 4, _("street")
    COMMUNITY = 5, _("community")
    GRID = 6, _("grid")


# The Case column that holds a case's ancestor at each level (see cases.models.Case).
LEVEL_FIELD = {
    Level.PROVINCE: "province",
    Level.CITY: "city",
    Level.DISTRICT: "district",
    Level.STREET: "street",
    Level.COMMUNITY: "community",
    Level.GRID: "grid",
}


class Region(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    # GeoJSON Polygon or MultiPolygon geometry, [lon, lat] order as GeoJSON requires.
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centroid longitude"), null=True, blank=True)
    # Bounding box of the boundary, so that locating a point scans few polygons.
    min_lat = models.FloatField(null=True, blank=True, editable=False)
    max_lat = models.FloatField(null=True, blank=True, editable=False)
    min_lon = models.FloatField(null=True, blank=True, editable=False)
    max_lon = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["level", "min_lat", "max_lat"], name="region_level_bbox"),
            models.Index(fields=["parent", "code"], name="region_parent_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_bbox()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def refresh_bbox(self) -> None:
        """Keep the bounding box (and a missing centroid) in step with the boundary."""
        box = geometry_bbox(self.boundary) if self.boundary else None
        if box is None:
            self.min_lat = self.max_lat = self.min_lon = self.max_lon = None
            return
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = box
        if self.centroid_lat is None or self.centroid_lon is None:
            self.centroid_lat = (self.min_lat + self.max_lat) / 2
            self.centroid_lon = (self.min_lon + self.max_lon) / 2

    def ancestors(self) -> list[Region]:
        """This region and every region above it, nearest first (uses loaded parents)."""
        chain: list[Region] = []
        node: Region | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class Placed(models.Model):
    """Something located in the tree (a case, an alert): its ancestor at every level, so that
    "everything in this street" is one indexed equality, whatever the depth."""

    province = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    city = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    district = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    street = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    community = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    grid = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        abstract = True


def place(placed: Placed, chain: list[Region]) -> tuple[str, ...]:
    """Set ``placed``'s ancestor at every level from ``chain`` (a region, then each one above
    it); returns the fields set."""
    by_level = {Level(region.level): region for region in chain}
    for level, field in LEVEL_FIELD.items():
        setattr(placed, field, by_level.get(level))
    return tuple(LEVEL_FIELD.values())


def _polygons(geometry: dict[str, object]) -> list[list[list[list[float]]]]:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return [coordinates]  # type: ignore[list-item]
    if kind == "MultiPolygon":
        return list(coordinates)  # type: ignore[call-overload, no-any-return]
    raise ValueError(f"unsupported geometry type {kind!r}")


def geometry_bbox(geometry: dict[str, object]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of a GeoJSON Polygon or MultiPolygon."""
    points = [pt for polygon in _polygons(geometry) for ring in polygon for pt in ring]
    lons = [float(p[0]) for p in points]
    lats = [float(p[1]) for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _in_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def geometry_contains(geometry: dict[str, object], lat: float, lon: float) -> bool:
    """Even-odd point-in-polygon test; holes (inner rings) are honoured."""
    for polygon in _polygons(geometry):
        if polygon and _in_ring(lon, lat, polygon[0]) and not any(_in_ring(lon, lat, hole) for hole in polygon[1:]):
            return True
    return False
