"""A small named world for tests (like healthchecks' alice/bob/charlie).

Jincheng City has two districts. In district A, street A1 has community A1a with grids
A1a1 and A1a2. District B has one community with one grid. People:

- grid_worker: grid worker of community A1a's office, responsible for grid A1a1
- street_lead: unit lead of street A1's mediation committee
- district_supervisor: supervisor in district A's mediation committee
- city_supervisor: supervisor in the city mediation centre
- analyst: analyst at the city (reads everything, acts on nothing)
- outsider: grid worker in district B
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from concord.accounts.models import Membership, Role, Unit, UnitKind
from concord.cases.models import Category
from concord.geo.models import Level, Region
from concord.routing.models import RoutingRule

PASSWORD = "correct-horse-battery"  # noqa: S105 - test users only


def square(lon: float, lat: float, size: float) -> dict[str, object]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class World:
    province: Region
    city: Region
    district_a: Region
    street_a1: Region
    community_a1a: Region
    grid_a1a1: Region
    grid_a1a2: Region
    district_b: Region
    grid_b1: Region
    community_office: Unit
    street_committee: Unit
    district_committee: Unit
    city_centre: Unit
    community_office_b: Unit
    grid_worker: User
    street_lead: User
    district_supervisor: User
    city_supervisor: User
    analyst: User
    outsider: User
    noise: Category
    labour: Category


def _region(code: str, level: Level, parent: Region | None, name: str, box: tuple[float, float, float]) -> Region:
    return Region.objects.create(
        code=code, level=level, parent=parent, name_zh=name, name_en=name, boundary=square(*box)
    )


def _person(username: str, unit: Unit, role: Role, region: Region | None = None) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.replace("_", " ").title())
    Membership.objects.create(user=user, unit=unit, role=role, region=region)
    return user


def build_world() -> World:
    province = _region("51", Level.PROVINCE, None, "Province", (104.0, 30.0, 1.0))
    city = _region("5101", Level.CITY, province, "Jincheng", (104.0, 30.0, 0.8))
    district_a = _region("510101", Level.DISTRICT, city, "District A", (104.0, 30.0, 0.4))
    street_a1 = _region("510101001", Level.STREET, district_a, "Street A1", (104.0, 30.0, 0.2))
    community_a1a = _region("510101001001", Level.COMMUNITY, street_a1, "Community A1a", (104.0, 30.0, 0.1))
    grid_a1a1 = _region("51010100100101", Level.GRID, community_a1a, "Grid A1a1", (104.0, 30.0, 0.05))
    grid_a1a2 = _region("51010100100102", Level.GRID, community_a1a, "Grid A1a2", (104.05, 30.0, 0.05))
    district_b = _region("510102", Level.DISTRICT, city, "District B", (104.4, 30.0, 0.4))
    street_b1 = _region("510102001", Level.STREET, district_b, "Street B1", (104.4, 30.0, 0.2))
    community_b1a = _region("510102001001", Level.COMMUNITY, street_b1, "Community B1a", (104.4, 30.0, 0.1))
    grid_b1 = _region("51010200100101", Level.GRID, community_b1a, "Grid B1a1", (104.4, 30.0, 0.05))

    def unit(kind: UnitKind, region: Region, name: str) -> Unit:
        made = Unit.objects.create(kind=kind, region=region, name_zh=name, name_en=name)
        RoutingRule.objects.create(region=region, unit=made)
        return made

    community_office = unit(UnitKind.COMMUNITY_OFFICE, community_a1a, "Community A1a office")
    street_committee = unit(UnitKind.MEDIATION_COMMITTEE, street_a1, "Street A1 mediation committee")
    district_committee = unit(UnitKind.MEDIATION_COMMITTEE, district_a, "District A mediation committee")
    city_centre = unit(UnitKind.MEDIATION_COMMITTEE, city, "City mediation centre")
    community_office_b = unit(UnitKind.COMMUNITY_OFFICE, community_b1a, "Community B1a office")

    return World(
        province=province,
        city=city,
        district_a=district_a,
        street_a1=street_a1,
        community_a1a=community_a1a,
        grid_a1a1=grid_a1a1,
        grid_a1a2=grid_a1a2,
        district_b=district_b,
        grid_b1=grid_b1,
        community_office=community_office,
        street_committee=street_committee,
        district_committee=district_committee,
        city_centre=city_centre,
        community_office_b=community_office_b,
        grid_worker=_person("grid_worker", community_office, Role.GRID_WORKER, grid_a1a1),
        street_lead=_person("street_lead", street_committee, Role.UNIT_LEAD),
        district_supervisor=_person("district_supervisor", district_committee, Role.SUPERVISOR),
        city_supervisor=_person("city_supervisor", city_centre, Role.SUPERVISOR),
        analyst=_person("analyst", city_centre, Role.ANALYST),
        outsider=_person("outsider", community_office_b, Role.GRID_WORKER, grid_b1),
        noise=Category.objects.get(code="neighbour_noise"),
        labour=Category.objects.get(code="labour"),
    )
