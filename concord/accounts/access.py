"""What a staff member may see and do, computed once per request from their memberships."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from concord.accounts.models import Membership, Role
from concord.geo.models import LEVEL_FIELD, Level, Placed, Region
from concord.workflow.kernel import Standing, Who

# Roles that handle cases of their own unit; the others only read.
HANDLER_ROLES = frozenset({Role.GRID_WORKER, Role.MEDIATOR, Role.UNIT_LEAD, Role.SUPERVISOR})
# Roles that lead: reopen cases, review alerts up the tree, are told of urgent cases.
LEAD_ROLES = frozenset({Role.UNIT_LEAD, Role.SUPERVISOR})

# Who takes most steps: the case handlers of the unit that has the subject.
HANDLERS = Who(in_unit=HANDLER_ROLES)
# Leads and supervisors of that unit.
LEADS = Who(in_unit=LEAD_ROLES)


@dataclass(frozen=True)
class Grant:
    """One membership as the scope reads it: a role in a unit, over an area."""

    unit_id: int
    role: str
    area: tuple[int, int]  # (level, region id)


@dataclass(frozen=True)
class Scope:
    """A user's jurisdiction: their memberships, and from them the region subtrees they may
    read and their roles per unit."""

    grants: tuple[Grant, ...] = ()

    @cached_property
    def areas(self) -> tuple[tuple[int, int], ...]:
        """(level, region id) of every area the user covers."""
        return tuple(sorted({grant.area for grant in self.grants}))

    @cached_property
    def roles_by_unit(self) -> dict[int, frozenset[str]]:
        roles: dict[int, set[str]] = {}
        for grant in self.grants:
            roles.setdefault(grant.unit_id, set()).add(grant.role)
        return {unit: frozenset(found) for unit, found in roles.items()}

    @property
    def unit_ids(self) -> list[int]:
        return sorted(self.roles_by_unit)

    def case_filter(self) -> Q:
        """Cases located in one of the user's areas, or handled by one of their units."""
        condition = Q(pk__in=[])
        for level, region_id in self.areas:
            condition |= Q(**{f"{LEVEL_FIELD[Level(level)]}_id": region_id})
        if self.roles_by_unit:
            condition |= Q(unit_id__in=self.unit_ids)
        return condition

    def roles_in(self, unit_id: int) -> frozenset[str]:
        return self.roles_by_unit.get(unit_id, frozenset())

    def handles(self, unit_id: int) -> bool:
        return bool(self.roles_in(unit_id) & HANDLER_ROLES)

    def roles_over(self, placed: Placed) -> frozenset[str]:
        """The roles the user holds through a membership whose area holds ``placed`` (a case or
        an alert, read through its ancestor columns): a supervisor of one district who is a
        grid worker in another is only a grid worker over that other district's cases."""
        where = {(level, getattr(placed, f"{field}_id")) for level, field in LEVEL_FIELD.items()}
        return frozenset(grant.role for grant in self.grants if grant.area in where)

    def standing(self, unit_id: int, placed: Placed, related: Iterable[tuple[int, str]] = ()) -> Standing:
        """The roles over one subject handled by ``unit_id`` and located at ``placed``, and
        through the units ``related`` to it as (unit id, relation): what the workflow kernel
        checks a step's ``Who`` against."""
        through = frozenset((relation, role) for unit, relation in related for role in self.roles_in(unit))
        return Standing(in_unit=self.roles_in(unit_id), in_area=self.roles_over(placed), through=through)

    def covers_any(self, regions: Iterable[Region]) -> bool:
        """Whether one of these regions (typically a region and its ancestors) is one of the user's areas."""
        return any((region.level, region.pk) in self.areas for region in regions)


def _grant(membership: Membership) -> Grant:
    area = membership.region or membership.unit.region
    return Grant(unit_id=membership.unit_id, role=membership.role, area=(area.level, area.pk))


def scope_for(user: User | AnonymousUser) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    cached: Scope | None = getattr(user, "_concord_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope()
    else:
        memberships = Membership.objects.filter(user=user, unit__is_active=True).select_related(
            "unit__region", "region"
        )
        scope = Scope(grants=tuple(_grant(membership) for membership in memberships))
    user._concord_scope = scope  # type: ignore[union-attr]
    return scope


class _Request(Protocol):
    """A Django or a DRF request: both carry the signed-in user."""

    @property
    def user(self) -> Any: ...


def signed_in_user(request: _Request) -> User:
    """The user of a request that a login check has already let through."""
    user = request.user
    assert isinstance(user, User)
    return user
