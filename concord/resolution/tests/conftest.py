"""The named world with the units that serve resolution channels in district A: legal aid, the
police station of street A1, counselling, the labour arbitration committee and the court (the
last two outside Concord), and a legal aid centre in district B (which does not cover A). A
lawyer, an officer and a counsellor each cover grid A1a2 only."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from concord.accounts.models import Membership, Role, Unit, UnitKind
from concord.resolution.catalogue import seed_channels
from concord.resolution.models import ResolutionChannel
from concord.testing import PASSWORD, World


@dataclass
class Paths:
    world: World
    legal_aid: Unit
    legal_aid_b: Unit
    police: Unit
    counselling: Unit
    arbitration: Unit
    court: Unit
    lawyer: User
    officer: User
    counsellor: User


def _unit(kind: str, region, name: str) -> Unit:  # type: ignore[no-untyped-def]
    return Unit.objects.create(kind=kind, region=region, name_zh=name, name_en=name)


def _person(username: str, unit: Unit, area, role: str = Role.MEDIATOR) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.title())
    Membership.objects.create(user=user, unit=unit, role=role, region=area)
    return user


@pytest.fixture
def paths(world: World) -> Paths:
    legal_aid = _unit(UnitKind.LEGAL_AID, world.district_a, "District A legal aid")
    police = _unit(UnitKind.POLICE_STATION, world.street_a1, "Street A1 police station")
    counselling = _unit(UnitKind.COUNSELLING, world.district_a, "District A counselling")
    found = Paths(
        world=world,
        legal_aid=legal_aid,
        legal_aid_b=_unit(UnitKind.LEGAL_AID, world.district_b, "District B legal aid"),
        police=police,
        counselling=counselling,
        arbitration=_unit(UnitKind.LABOUR_ARBITRATION, world.district_a, "District A labour arbitration"),
        court=_unit(UnitKind.COURT, world.district_a, "District A court"),
        # Each covers grid A1a2 only: what they see of grid A1a1 (where cases are reported) is
        # what is shared with their unit.
        lawyer=_person("lawyer", legal_aid, world.grid_a1a2),
        officer=_person("officer", police, world.grid_a1a2),
        counsellor=_person("counsellor", counselling, world.grid_a1a2),
    )
    seed_channels(ResolutionChannel, Unit)
    return found


def act(client, case, action, **data):  # type: ignore[no-untyped-def]
    """Post one step's form on the case page, as a browser does."""
    payload: dict[str, object] = {}
    for key, value in data.items():
        payload[f"{action}-{key}"] = value
    return client.post(f"/staff/cases/{case.pk}/{action}", payload, HTTP_ACCEPT_LANGUAGE="en")
