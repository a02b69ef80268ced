"""Helpers for follow-up tests: a case of the grid worker's resolved at a chosen time, and
the community office with leads (a unit lead and a supervisor) and a mediator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from concord.accounts.models import Membership, Role
from concord.cases.models import Case
from concord.cases.services import accept_case, resolve_case
from concord.testing import PASSWORD, World
from conftest import reload


@dataclass
class Office:
    world: World
    lead: User
    supervisor: User
    mediator: User


def _member(username: str, world: World, role: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.title())
    Membership.objects.create(user=user, unit=world.community_office, role=role)
    return user


@pytest.fixture
def office(world: World) -> Office:
    return Office(
        world=world,
        lead=_member("office_lead", world, Role.UNIT_LEAD),
        supervisor=_member("office_supervisor", world, Role.SUPERVISOR),
        mediator=_member("office_mediator", world, Role.MEDIATOR),
    )


@pytest.fixture
def resolved(world: World, report_case):  # type: ignore[no-untyped-def]
    """``resolved(days_ago=0, category=None)``: a case reported, signed for and resolved then."""

    def make(days_ago: float = 0, category=None, now: datetime | None = None) -> Case:  # type: ignore[no-untyped-def]
        at = (now or timezone.now()) - timedelta(days=days_ago)
        case = report_case(category=category)
        accept_case(case, actor=world.grid_worker, now=at - timedelta(hours=1))
        resolve_case(reload(case), actor=world.grid_worker, now=at, outcome="agreement", summary="Quiet hours agreed.")
        return reload(case)

    return make


def act(client, case, action, **data):  # type: ignore[no-untyped-def]
    """Post one step's form on the case page, as a browser does."""
    payload = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(f"/staff/cases/{case.pk}/{action}", payload, HTTP_ACCEPT_LANGUAGE="en")
