"""Routing: nearest category rule first, then nearest general rule, then unit kinds."""

from __future__ import annotations

import pytest

from concord.accounts.models import Unit, UnitKind
from concord.geo.queries import region_by_code
from concord.routing.errors import NoHandlingUnit
from concord.routing.models import RoutingRule
from concord.routing.services import escalation_target, pick_assignee, route
from concord.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def chain(region):  # type: ignore[no-untyped-def]
    return region_by_code(region.code).ancestors()


def test_nearest_general_rule(world: World) -> None:
    assert route(chain(world.grid_a1a1), world.noise) == world.community_office


def test_category_rule_higher_up_beats_a_nearer_general_rule(world: World) -> None:
    labour_office = Unit.objects.create(kind=UnitKind.LABOUR_INSPECTION, region=world.district_a, name_zh="劳动监察")
    RoutingRule.objects.create(region=world.district_a, category=world.labour, unit=labour_office)
    assert route(chain(world.grid_a1a1), world.labour) == labour_office
    assert route(chain(world.grid_a1a1), world.noise) == world.community_office


def test_inactive_units_are_skipped(world: World) -> None:
    Unit.objects.filter(pk=world.community_office.pk).update(is_active=False)
    assert route(chain(world.grid_a1a1), world.noise) == world.street_committee


def test_without_rules_the_default_unit_kind_is_used(world: World) -> None:
    RoutingRule.objects.all().delete()
    labour_office = Unit.objects.create(kind=UnitKind.LABOUR_INSPECTION, region=world.district_a, name_zh="劳动监察")
    assert route(chain(world.grid_a1a1), world.labour) == labour_office
    assert route(chain(world.grid_a1a1), world.noise) == world.community_office


def test_no_unit_anywhere_is_an_error(world: World) -> None:
    RoutingRule.objects.all().delete()
    Unit.objects.all().update(is_active=False)
    with pytest.raises(NoHandlingUnit):
        route(chain(world.grid_a1a1), world.noise)


def test_escalation_target_walks_one_level_up(world: World) -> None:
    assert escalation_target(world.community_office, world.noise) == world.street_committee
    assert escalation_target(world.street_committee, world.noise) == world.district_committee
    assert escalation_target(world.city_centre, world.noise) is None


def test_grid_worker_of_the_grid_is_picked(world: World) -> None:
    assert pick_assignee(world.community_office, chain(world.grid_a1a1)) == world.grid_worker
    assert pick_assignee(world.community_office, chain(world.grid_a1a2)) is None


def test_admin_can_edit_routing_rules(world: World, client) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", password=PASSWORD)
    assert client.login(username="root", password=PASSWORD)
    assert client.get("/admin/routing/routingrule/").status_code == 200
    rule = RoutingRule.objects.get(region=world.community_a1a)
    page = client.get(f"/admin/routing/routingrule/{rule.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/routing/routingrule/{rule.pk}/change/",
        {"region": world.community_a1a.pk, "category": world.noise.pk, "unit": world.street_committee.pk},
    )
    assert response.status_code == 302
    assert route(chain(world.grid_a1a1), world.noise) == world.street_committee
