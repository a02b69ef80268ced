"""What a staff member may see and do, computed once per request from their memberships."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from concord.accounts.models import Membership, Role
from concord.geo.models import LEVEL_FIELD, Level, Placed, Region

# Roles that handle cases of their own unit; the others only read.
HANDLER_ROLES = frozenset({Role.GRID_WORKER, Role.MEDIATOR, Role.UNIT_LEAD, Role.SUPERVISOR})
# Roles that lead: reopen cases, review alerts up the tree, are told of urgent cases.
LEAD_ROLES = frozenset({Role.UNIT_LEAD, Role.SUPERVISOR})


@dataclass(frozen=True)
class Scope:
    """A user's jurisdiction: the region subtrees they may read and their roles per unit."""

    areas: tuple[tuple[int, int], ...] = ()  # (level, region id)
    roles_by_unit: dict[int, frozenset[str]] = field(default_factory=dict)

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
        """Every role the user holds, when one of their areas holds ``placed`` (a case or an
        alert, read through its ancestor columns); nothing otherwise."""
        where = {(level, getattr(placed, f"{field}_id")) for level, field in LEVEL_FIELD.items()}
        if not where & set(self.areas):
            return frozenset()
        return frozenset(role for roles in self.roles_by_unit.values() for role in roles)

    def covers_any(self, regions: Iterable[Region]) -> bool:
        """Whether one of these regions (typically a region and its ancestors) is one of the user's areas."""
        return any((region.level, region.pk) in self.areas for region in regions)


def scope_for(user: User | AnonymousUser) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    cached: Scope | None = getattr(user, "_concord_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope()
    else:
        areas: set[tuple[int, int]] = set()
        roles: dict[int, set[str]] = {}
        memberships = Membership.objects.filter(user=user, unit__is_active=True).select_related(
            "unit__region", "region"
        )
        for membership in memberships:
            area = membership.region or membership.unit.region
            areas.add((area.level, area.pk))
            roles.setdefault(membership.unit_id, set()).add(membership.role)
        scope = Scope(areas=tuple(sorted(areas)), roles_by_unit={unit: frozenset(r) for unit, r in roles.items()})
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
