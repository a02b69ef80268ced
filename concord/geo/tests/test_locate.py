"""Locating a report: by code, by a point inside a boundary, or from a list."""

from __future__ import annotations

import pytest

from concord.geo.models import Region, geometry_bbox, geometry_contains
from concord.geo.queries import region_at_point, region_by_code
from concord.testing import World, square

SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
        [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
    ],
}


def test_point_in_polygon_honours_holes() -> None:
    assert geometry_contains(SQUARE_WITH_HOLE, lat=1, lon=1)
    assert not geometry_contains(SQUARE_WITH_HOLE, lat=5, lon=5)
    assert not geometry_contains(SQUARE_WITH_HOLE, lat=11, lon=5)


def test_multipolygon_and_bbox() -> None:
    multi = {"type": "MultiPolygon", "coordinates": [square(0, 0, 1)["coordinates"], square(5, 5, 1)["coordinates"]]}
    assert geometry_contains(multi, lat=5.5, lon=5.5)
    assert not geometry_contains(multi, lat=3, lon=3)
    assert geometry_bbox(multi) == (0, 0, 6, 6)


@pytest.mark.django_db
def test_region_by_code_loads_the_whole_chain_in_one_query(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        grid = region_by_code(world.grid_a1a1.code)
        assert grid is not None
        assert [r.code for r in grid.ancestors()] == [
            "51010100100101",
            "510101001001",
            "510101001",
            "510101",
            "5101",
            "51",
        ]


@pytest.mark.django_db
def test_point_finds_the_smallest_region(world: World) -> None:
    assert region_at_point(30.01, 104.01) == world.grid_a1a1
    assert region_at_point(30.01, 104.06) == world.grid_a1a2
    assert region_at_point(30.08, 104.08) == world.community_a1a  # in the community, in no grid
    assert region_at_point(10.0, 10.0) is None


@pytest.mark.django_db
def test_bbox_follows_the_boundary(world: World) -> None:
    region = Region.objects.get(pk=world.grid_a1a1.pk)
    assert (region.min_lon, region.min_lat, region.max_lon, region.max_lat) == pytest.approx(
        (104.0, 30.0, 104.05, 30.05)
    )
    assert region.centroid_lat == pytest.approx(30.025)


@pytest.mark.django_db
def test_public_locate_by_point_and_by_list(world: World, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/r/", {"lat": "30.01", "lon": "104.06"})
    assert response.status_code == 302 and response["Location"] == f"/r/{world.grid_a1a2.code}"
    assert client.get("/r/", {"lat": "1", "lon": "1"}).status_code == 404
    listing = client.get("/r/").content.decode()
    assert f"/r/{world.city.code}" in listing


@pytest.mark.django_db
def test_area_list_does_not_query_per_area(world: World, client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from concord.geo.models import Level

    for i in range(5):  # more top-level areas: still the same number of queries
        Region.objects.create(code=f"52{i}", level=Level.PROVINCE, name_zh=f"省{i}")
    client.get("/r/")
    with django_assert_max_num_queries(0):
        assert client.get("/r/").status_code == 200
