"""The per-process reference cache: fewer queries on intake, never stale in this process."""

from __future__ import annotations

import pytest

from concord.accounts.models import Membership, Role, Unit, UnitKind
from concord.geo.queries import region_by_code
from concord.refcache import ReferenceCache
from concord.routing.models import RoutingRule
from concord.routing.services import handler_for
from concord.testing import World


def test_values_are_kept_until_they_expire(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_REFERENCE_CACHE_SECONDS = 60
    clock = [1000.0]
    monkeypatch.setattr("concord.refcache.time.monotonic", lambda: clock[0])
    cache = ReferenceCache()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("k", compute) == 1
    clock[0] += 30
    assert cache.get("k", compute) == 1
    clock[0] += 31
    assert cache.get("k", compute) == 2


def test_zero_seconds_turns_it_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_REFERENCE_CACHE_SECONDS = 0
    cache = ReferenceCache()
    values = iter(range(10))
    assert cache.get("k", lambda: next(values)) == 0
    assert cache.get("k", lambda: next(values)) == 1


@pytest.mark.django_db
def test_region_lookup_is_cached(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    region_by_code(world.grid_a1a1.code)
    with django_assert_num_queries(0):
        assert region_by_code(world.grid_a1a1.code) == world.grid_a1a1


@pytest.mark.django_db
def test_routing_changes_in_this_process_apply_at_once(world: World) -> None:
    chain = region_by_code(world.grid_a1a2.code).ancestors()
    assert handler_for(chain, world.noise) == (world.community_office, None)
    # A new rule for the grid's community, saved through the ORM (as the admin does).
    other = Unit.objects.create(kind=UnitKind.MEDIATION_COMMITTEE, region=world.community_a1a, name_zh="调委会")
    RoutingRule.objects.create(region=world.grid_a1a2, unit=other)
    chain = region_by_code(world.grid_a1a2.code).ancestors()
    assert handler_for(chain, world.noise) == (other, None)
    # A grid worker newly assigned to the grid gets its cases.
    Membership.objects.create(user=world.outsider, unit=other, role=Role.GRID_WORKER, region=world.grid_a1a2)
    assert handler_for(chain, world.noise) == (other, world.outsider)


@pytest.mark.django_db
def test_a_change_drops_only_what_was_read_from_that_model(world: World, client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from concord.cases.queries import report_categories
    from concord.testing import PASSWORD

    region_by_code(world.grid_a1a1.code)
    categories = report_categories()
    # A login saves the user's last_login: no cached value is read from that.
    assert client.login(username=world.grid_worker.username, password=PASSWORD)
    with django_assert_num_queries(0):
        region_by_code(world.grid_a1a1.code)
        report_categories()
    # A category changes: the categories are read again, the regions are not.
    world.noise.order = 1
    world.noise.save()
    with django_assert_num_queries(0):
        region_by_code(world.grid_a1a1.code)
    with django_assert_num_queries(1):
        assert {c.code for c in report_categories()} == {c.code for c in categories}
    # A user is deactivated: routing (which picks active people) is read again.
    chain = region_by_code(world.grid_a1a1.code).ancestors()
    assert handler_for(chain, world.noise) == (world.community_office, world.grid_worker)
    world.grid_worker.is_active = False
    world.grid_worker.save()
    assert handler_for(chain, world.noise) == (world.community_office, None)
