"""Which unit, and which person in it, handles a dispute."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User

from concord.accounts.models import Membership, Role, Unit
from concord.cases.models import Category
from concord.geo.models import Region
from concord.geo.queries import region_by_code
from concord.refcache import reference_cache
from concord.routing.errors import NoHandlingUnit
from concord.routing.models import RoutingRule

# What a routing decision is read from: the rules, the units, who is in them (and active),
# the place and the category.
HANDLER_DEPENDS = (
    "routing.RoutingRule",
    "accounts.Unit",
    "accounts.Membership",
    "auth.User",
    "geo.Region",
    "cases.Category",
)
# Who in the unit a new case goes to first, by role.
_ASSIGNABLE_ROLES = (Role.GRID_WORKER, Role.MEDIATOR)


def rules_for(chain: list[Region]) -> list[RoutingRule]:
    """The rules of every region in ``chain`` whose unit is active (one query)."""
    ids = [region.pk for region in chain]
    return list(RoutingRule.objects.filter(region_id__in=ids, unit__is_active=True).select_related("unit__region"))


def route(chain: list[Region], category: Category, rules: list[RoutingRule] | None = None) -> Unit:
    """The unit for a dispute of this category located in ``chain[0]``.

    ``chain`` is the region and its ancestors, nearest first. The nearest rule naming the
    category wins, then the nearest rule for every category; with no rule at all, the
    nearest active unit of the category's default kind, then the nearest active unit.
    ``rules`` are ``rules_for(chain)`` when the caller has them already (routing many
    categories in one place).
    """
    ids = [region.pk for region in chain]
    depth = {region_id: i for i, region_id in enumerate(ids)}
    rules = [rule for rule in (rules_for(chain) if rules is None else rules) if rule.category_id in (None, category.pk)]
    specific = sorted((r for r in rules if r.category_id == category.pk), key=lambda r: depth[r.region_id])
    general = sorted((r for r in rules if r.category_id is None), key=lambda r: depth[r.region_id])
    for rule in specific + general:
        return rule.unit
    units = sorted(
        Unit.objects.filter(region_id__in=ids, is_active=True).select_related("region"),
        key=lambda u: (u.kind != category.default_unit_kind, depth[u.region_id], u.pk),
    )
    if units:
        return units[0]
    raise NoHandlingUnit(str(category))


def handler_for(chain: list[Region], category: Category) -> tuple[Unit, User | None]:
    """The unit and person a new report goes to (``route`` + ``pick_assignee``), cached per
    process for each (region, category): the intake path asks this for every report."""
    return reference_cache.get(
        ("handler", chain[0].pk, category.pk),
        lambda: (unit := route(chain, category), pick_assignee(unit, chain)),
        depends=HANDLER_DEPENDS,
    )


def escalation_target(unit: Unit, category: Category) -> Unit | None:
    """The unit one region level above ``unit`` that handles this category, or None at the top."""
    parent = unit.region.parent
    if parent is None:
        return None
    loaded = region_by_code(parent.code)
    if loaded is None:
        return None
    try:
        return route(loaded.ancestors(), category)
    except NoHandlingUnit:
        return None


def pick_assignee(unit: Unit, chain: list[Region]) -> User | None:
    """The person responsible for this place in this unit: the grid worker (or mediator)
    whose area is nearest to the case's location. Members covering the whole unit are not
    picked: with no one responsible for the place, the case waits in the unit's inbox
    ("My unit") for whoever signs for it first."""
    ids = [region.pk for region in chain]
    depth = {region_id: i for i, region_id in enumerate(ids)}
    candidates = Membership.objects.filter(
        unit=unit, role__in=_ASSIGNABLE_ROLES, user__is_active=True, region_id__in=ids
    ).select_related("user")
    ranked = sorted(
        candidates,
        key=lambda m: (depth[cast(int, m.region_id)], _ASSIGNABLE_ROLES.index(Role(m.role)), m.pk),
    )
    return ranked[0].user if ranked else None
