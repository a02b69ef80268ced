"""Writing the demo city to the database (and removing it again).

The structure comes from ``concord.demo.citygen`` and the history from
``concord.demo.history``; this module only resolves ids and bulk-inserts. Routing is
decided by the real ``concord.routing.services`` functions, called once per distinct
(grid, category) pair, so the history agrees with what live traffic would get.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Q

from concord.accounts.models import Membership, Role, Unit
from concord.cases import counting
from concord.cases.deadlines import follow_up_days, sign_for_window
from concord.cases.models import Case, CaseEvent, CaseShare, Category, Party
from concord.counts.models import DailyCount
from concord.crypto import encrypt_value, keyed_hash, normalise_phone
from concord.demo import citygen
from concord.demo.follow_up import add_follow_up_stories
from concord.demo.history import generate_history
from concord.demo.lifecycle import CategoryInfo, GridInfo, World
from concord.demo.resolution import add_resolution_stories
from concord.followup.models import Rating, Resolution, Visit
from concord.geo.models import LEVEL_FIELD, Level, Region
from concord.notify.models import Notification
from concord.refcache import reference_cache
from concord.resolution.models import Agreement, Mediation, Referral, Task
from concord.risk.assessing import rank
from concord.risk.engine.scoring import assess
from concord.risk.models import CaseRisk
from concord.routing.models import RoutingRule
from concord.routing.services import escalation_target, pick_assignee, route, rules_for
from concord.warning.models import Alert, WarningRun
from concord.warning.worker import run_days

# Days of history the warning jobs look back over once the city is built: enough for the
# oldest injected cluster (the property-management wave, 120 to 92 days before now).
WARNING_BACKFILL_DAYS = 130

M = TypeVar("M", bound=models.Model)
BATCH = 2000
# Rows of a model built at once before they are inserted (bounds memory).
CHUNK = 20_000


@dataclass
class BuildResult:
    """What was written, for the command's summary."""

    regions_by_level: dict[str, int] = field(default_factory=dict)
    units: int = 0
    rules: int = 0
    staff: int = 0
    memberships: int = 0
    cases: int = 0
    events: int = 0
    parties: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    overdue: int = 0
    clusters: list[str] = field(default_factory=list)
    alerts: dict[str, dict[str, int]] = field(default_factory=dict)
    resolution: dict[str, int] = field(default_factory=dict)
    follow_up: dict[str, int] = field(default_factory=dict)
    warning_days: int = WARNING_BACKFILL_DAYS
    timings: dict[str, float] = field(default_factory=dict)


class DemoConflict(Exception):
    """Existing non-demo data is in the way of the demo city."""


def demo_city() -> Region | None:
    """The demo city region, if it has been built."""
    return Region.objects.filter(code=citygen.CITY_CODE).first()


def _demo_users() -> models.QuerySet[Any]:
    return get_user_model().objects.filter(email__iendswith=f"@{citygen.DEMO_EMAIL_DOMAIN}")


def _batch_size(model: type[models.Model]) -> int:
    """At most BATCH rows per INSERT, and within PostgreSQL's 65535 bind parameters."""
    return max(1, min(BATCH, 60_000 // len(model._meta.concrete_fields)))


def _insert(model: type[M], rows: Iterable[M]) -> list[M]:
    return model._default_manager.bulk_create(list(rows), batch_size=_batch_size(model))


def _chunks(items: Iterable[M], size: int = CHUNK) -> Iterator[list[M]]:
    chunk: list[M] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _subtree_ids(root: Region) -> list[int]:
    ids, frontier = [root.pk], [root.pk]
    while frontier:
        frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


@transaction.atomic
def delete_demo_city() -> int:
    """Remove every trace of the demo city: cases and their timelines, parties and
    notifications, routing rules, units, memberships, demo users and the regions.
    Returns the number of cases removed."""
    city = demo_city()
    removed = 0
    if city is not None:
        region_ids = _subtree_ids(city)
        unit_ids = list(Unit.objects.filter(region_id__in=region_ids).values_list("pk", flat=True))
        cases = Case.objects.filter(Q(city_id=city.pk) | Q(region_id__in=region_ids) | Q(unit_id__in=unit_ids))
        removed = cases.count()
        # The case's own dependants first, each in one statement, so that deleting the
        # cases themselves only has to look them up (and finds nothing).
        Notification.objects.filter(case__in=cases).delete()
        Alert.objects.filter(Q(city_id=city.pk) | Q(region_id__in=region_ids) | Q(unit_id__in=unit_ids)).delete()
        DailyCount.objects.filter(region_id__in=region_ids).delete()
        # The worker's record of which days it judged described data that is gone: a later
        # run may judge them again (raising alerts is idempotent).
        WarningRun.objects.all().delete()
        CaseEvent.objects.filter(case__in=cases).delete()
        # Follow-up rows protect the units they name: they go first, like the resolution ones.
        Rating.objects.filter(case__in=cases).delete()
        Visit.objects.filter(case__in=cases).delete()
        Resolution.objects.filter(case__in=cases).delete()
        # Resolution rows protect the units they name: they go first.
        Referral.objects.filter(case__in=cases).delete()
        Task.objects.filter(case__in=cases).delete()
        Agreement.objects.filter(case__in=cases).delete()
        Mediation.objects.filter(case__in=cases).delete()
        CaseShare.objects.filter(case__in=cases).delete()
        CaseRisk.objects.filter(case__in=cases).delete()
        Party.objects.filter(case__in=cases).delete()
        Case.objects.filter(duplicate_of__in=cases).update(duplicate_of=None)
        cases.only("pk").delete()
        RoutingRule.objects.filter(Q(region_id__in=region_ids) | Q(unit_id__in=unit_ids)).delete()
        Membership.objects.filter(Q(unit_id__in=unit_ids) | Q(region_id__in=region_ids)).delete()
        Unit.objects.filter(pk__in=unit_ids).delete()
    _demo_users().delete()
    if city is not None:
        by_level = Region.objects.filter(pk__in=_subtree_ids(city)).order_by("-level")
        for level in sorted({r.level for r in by_level}, reverse=True):
            Region.objects.filter(pk__in=[r.pk for r in by_level if r.level == level]).delete()
        province = Region.objects.filter(code=citygen.PROVINCE_CODE, level=Level.PROVINCE).first()
        if province is not None and not Region.objects.filter(parent=province).exists():
            province.delete()
    return removed


def _regions(specs: list[citygen.RegionSpec]) -> dict[str, Region]:
    """Create the regions level by level (parents first); returns them by code with
    ``parent`` set in memory, so that ``ancestors()`` needs no query."""
    by_code: dict[str, Region] = {}
    existing = Region.objects.filter(code=citygen.PROVINCE_CODE).first()
    for level in sorted({s.level for s in specs}):
        rows = []
        for spec in (s for s in specs if s.level == level):
            if spec.code == citygen.PROVINCE_CODE and existing is not None:
                by_code[spec.code] = existing
                continue
            lat, lon = spec.centroid
            parent = by_code[spec.parent_code].pk if spec.parent_code else None
            region = Region(
                code=spec.code,
                level=spec.level,
                parent_id=parent,
                name_zh=spec.name_zh,
                name_en=spec.name_en,
                boundary=spec.boundary,
                centroid_lat=lat,
                centroid_lon=lon,
            )
            region.refresh_bbox()
            rows.append(region)
        _insert(Region, rows)
        codes = [r.code for r in rows]
        for region in Region.objects.filter(code__in=codes):
            by_code[region.code] = region
    for spec in specs:
        if spec.parent_code:
            by_code[spec.code].parent = by_code[spec.parent_code]
    return by_code


def _units(specs: list[citygen.UnitSpec], regions: dict[str, Region]) -> dict[str, Unit]:
    categories = {c.code: c.pk for c in Category.objects.all()}
    _insert(
        Unit,
        (
            Unit(kind=s.kind, name_zh=s.name_zh, name_en=s.name_en, region_id=regions[s.region_code].pk, phone=s.phone)
            for s in specs
        ),
    )
    region_code = {r.pk: code for code, r in regions.items()}
    units = {
        citygen.unit_key(u.kind, region_code[u.region_id]): u
        for u in Unit.objects.filter(region_id__in=[r.pk for r in regions.values()])
    }
    for unit in units.values():
        unit.region = regions[region_code[unit.region_id]]
    through = Unit.categories.through
    links = []
    for spec in specs:
        codes = categories if spec.categories is None else [c for c in spec.categories if c in categories]
        links += [through(unit_id=units[spec.key].pk, category_id=categories[c]) for c in codes]
    _insert(through, links)
    return units


def _staff(
    specs: list[citygen.StaffSpec], units: dict[str, Unit], regions: dict[str, Region], now: datetime
) -> tuple[dict[str, int], int]:
    user_model = get_user_model()
    password = make_password(citygen.DEMO_PASSWORD)  # hashed once, shared by every demo user
    _insert(
        user_model,
        (
            user_model(
                username=s.username,
                first_name=s.first_name,
                last_name=s.last_name,
                email=s.email,
                password=password,
                is_staff=s.is_superuser,
                is_superuser=s.is_superuser,
                date_joined=now,
            )
            for s in specs
        ),
    )
    ids = dict(user_model.objects.filter(username__in=[s.username for s in specs]).values_list("username", "pk"))
    memberships = [
        Membership(
            user_id=ids[s.username],
            unit_id=units[m.unit_key].pk,
            role=m.role,
            region_id=regions[m.region_code].pk if m.region_code else None,
        )
        for s in specs
        for m in s.memberships
    ]
    _insert(Membership, memberships)
    return ids, len(memberships)


def _world(regions: dict[str, Region], units: dict[str, Unit], tz: ZoneInfo) -> World:
    """The history's view of the city; routing answers come from routing.services."""
    leaves = Category.objects.filter(is_active=True, children__isnull=True).order_by("code")
    categories = {c.pk: c for c in leaves}
    chains: dict[int, list[Region]] = {}
    grids = []
    district_codes = sorted(code for code, r in regions.items() if r.level == Level.DISTRICT)
    for code, region in sorted(regions.items()):
        if region.level != Level.GRID:
            continue
        chain = region.ancestors()
        chains[region.pk] = chain
        ancestors = {LEVEL_FIELD[Level(r.level)]: r.pk for r in chain}
        box = (region.min_lon, region.min_lat, region.max_lon, region.max_lat)
        district = next(i for i, d in enumerate(district_codes) if code.startswith(d))
        grids.append(GridInfo(region.pk, code, ancestors, district, box))  # type: ignore[arg-type]
    units_by_pk = {u.pk: u for u in units.values()}
    assignees: dict[tuple[int, int], int | None] = {}

    rules: dict[int, list[RoutingRule]] = {}

    def route_case(grid: GridInfo, cat: CategoryInfo) -> tuple[int, int | None]:
        chain = chains[grid.pk]
        if grid.pk not in rules:  # the same rules route every category of a grid
            rules[grid.pk] = rules_for(chain)
        unit = route(chain, categories[cat.pk], rules[grid.pk])
        key = (unit.pk, grid.pk)
        if key not in assignees:
            user = pick_assignee(unit, chain)
            assignees[key] = user.pk if user is not None else None
        return unit.pk, assignees[key]

    def escalate(unit_pk: int, cat: CategoryInfo) -> int | None:
        target = escalation_target(units_by_pk[unit_pk], categories[cat.pk])
        return target.pk if target is not None else None

    signers: dict[int, list[int]] = {}
    handlers: dict[int, list[int]] = {}
    for m in Membership.objects.filter(unit_id__in=list(units_by_pk)).order_by("pk"):
        if m.role in (Role.GRID_WORKER, Role.MEDIATOR):
            signers.setdefault(m.unit_id, []).append(m.user_id)
        elif m.role in (Role.UNIT_LEAD, Role.SUPERVISOR):
            handlers.setdefault(m.unit_id, []).append(m.user_id)
    for unit_pk, people in handlers.items():
        signers.setdefault(unit_pk, people)
    signers = {u: list(dict.fromkeys(p)) for u, p in signers.items()}
    leaf_infos = [
        CategoryInfo(c.pk, c.code, c.resolution_days or settings.CONCORD_RESOLUTION_DAYS, tuple(follow_up_days(c)))
        for c in leaves
    ]
    return World(
        grids,
        leaf_infos,
        route_case,
        escalate,
        signers,
        sign_for_window(),
        tz,
    )


def build_demo_city(
    *, seed: int, n_cases: int, now: datetime, progress: Callable[[str], None] | None = None
) -> BuildResult:
    """Build the whole demo city in one transaction. Raises DemoConflict if non-demo users
    hold the demo usernames."""
    say = progress or (lambda _msg: None)
    result = BuildResult()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        result.timings[name] = round(time.perf_counter() - clock, 2)
        clock = time.perf_counter()
        say(f"  {name}: {result.timings[name]:.1f}s")

    # Bulk inserts send no signals: forget reference data this process may have cached.
    reference_cache.clear()
    rng = random.Random(seed)
    region_specs = citygen.build_regions()
    staff_specs = citygen.build_staff(region_specs, rng)
    taken = list(
        get_user_model()
        .objects.filter(username__in=[s.username for s in staff_specs])
        .exclude(email__iendswith=f"@{citygen.DEMO_EMAIL_DOMAIN}")
        .values_list("username", flat=True)
    )
    if taken:
        raise DemoConflict(f"these usernames belong to non-demo users: {', '.join(sorted(taken))}")
    with transaction.atomic():
        _demo_users().delete()  # leftovers of an earlier, partly removed demo
        regions = _regions(region_specs)
        units = _units(citygen.build_units(region_specs), regions)
        rules = [
            RoutingRule(
                region_id=regions[r.region_code].pk,
                unit_id=units[r.unit_key].pk,
                category_id=Category.objects.get(code=r.category_code).pk if r.category_code else None,
            )
            for r in citygen.build_rules(region_specs)
        ]
        _insert(RoutingRule, rules)
        user_ids, result.memberships = _staff(staff_specs, units, regions, now)
        lap("structure")
        world = _world(regions, units, ZoneInfo(settings.TIME_ZONE))
        history = generate_history(world, n_cases=n_cases, seed=seed, now=now)
        lap("history")
        _write_history(history.cases, result, lap, now)
        result.resolution = add_resolution_stories(now, seed)
        lap("resolution")
        result.follow_up = add_follow_up_stories(now, seed)
        lap("follow-up")
    result.regions_by_level = {
        Level(level).name.lower(): sum(1 for r in regions.values() if r.level == level) for level in Level.values
    }
    result.units, result.rules, result.staff = len(units), len(rules), len(user_ids)
    result.clusters = history.clusters
    return result


def _write_history(cases: list[Any], result: BuildResult, lap: Callable[[str], None], now: datetime) -> None:
    # Each report's words set its risk level, as at intake (texts repeat: assess each once).
    assessed = {description: assess(description) for description in {c.description for c in cases}}
    rows = [
        Case(
            receipt=c.receipt,
            category_id=c.category.pk,
            status=c.status,
            channel=c.channel,
            description=c.description,
            language=c.language,
            reporter_anonymous=c.anonymous,
            region_id=c.grid.pk,
            latitude=c.latitude,
            longitude=c.longitude,
            unit_id=c.unit,
            assignee_id=c.assignee,
            escalation_count=c.escalation_count,
            sign_for_deadline=c.sign_for_deadline,
            resolution_deadline=c.resolution_deadline,
            follow_up_deadline=c.follow_up_deadline,
            due_at=c.due_at,
            outcome=c.outcome,
            resolution_summary=c.resolution_summary,
            rejection_reason=c.rejection_reason,
            created_at=c.created_at,
            updated_at=c.updated_at,
            risk_level=rank(assessed[c.description]),
            accepted_at=c.accepted_at,
            resolved_at=c.resolved_at,
            closed_at=c.closed_at,
            **{f"{name}_id": pk for name, pk in c.grid.ancestors.items()},
        )
        for c in cases
    ]
    _insert(Case, rows)
    if any(row.pk is None for row in rows):  # a backend that cannot return ids from bulk inserts
        ids = dict(Case.objects.filter(receipt__in=[r.receipt for r in rows]).values_list("receipt", "pk"))
        for row in rows:
            row.pk = ids[row.receipt]
    duplicates = []
    for planned, row in zip(cases, rows, strict=True):
        if planned.duplicate_of is not None:
            row.duplicate_of_id = rows[planned.duplicate_of].pk
            duplicates.append(row)
    if duplicates:
        Case.objects.bulk_update(duplicates, ["duplicate_of"], batch_size=500)
    # Bulk inserts bypass intake, which keeps the early-warning counts and risk evidence.
    counting.count_cases(rows)
    _insert(
        CaseRisk,
        (
            CaseRisk(case_id=row.pk, assessment=assessed[row.description].as_dict(), assessed_at=row.created_at)
            for row in rows
            if assessed[row.description].factors
        ),
    )
    resolution_of = _write_follow_up(cases, rows)
    result.cases = len(rows)
    result.statuses = Counter(c.status for c in cases)
    result.overdue = sum(1 for c in cases if c.due_at is not None and c.due_at < now)
    lap("cases")
    events = (
        CaseEvent(
            case_id=row.pk,
            action=e.action,
            actor_id=e.actor,
            created_at=e.created_at,
            from_status=e.from_status,
            to_status=e.to_status,
            note=e.note,
            is_public=e.is_public,
            data={**e.data, "resolution": resolution_of[row.pk]} if e.action in FOLLOW_UP_EVENTS else e.data,
        )
        for planned, row in zip(cases, rows, strict=True)
        for e in planned.events
    )
    for chunk in _chunks(events):
        result.events += len(_insert(CaseEvent, chunk))
    lap("events")
    parties = (
        Party(
            case_id=row.pk,
            role=p.role,
            kind=p.kind,
            name=p.name,
            phone_encrypted=encrypt_value(normalise_phone(p.phone)),
            phone_hash=keyed_hash("phone", normalise_phone(p.phone)),
        )
        for planned, row in zip(cases, rows, strict=True)
        for p in planned.parties
    )
    for party_chunk in _chunks(parties):
        result.parties += len(_insert(Party, party_chunk))
    lap("parties")


# Events that name the resolution they belong to (as the live steps' do).
FOLLOW_UP_EVENTS = frozenset(
    {"case.resolved", "case.rated", "followup.held", "followup.unreachable", "case.followed_up"}
)


def _write_follow_up(cases: list[Any], rows: list[Case]) -> dict[int, int]:
    """Each resolved case's resolution, its visits and the resident's rating; returns the
    resolution id of each case id."""
    resolved = [(planned, row) for planned, row in zip(cases, rows, strict=True) if planned.resolved_at is not None]
    resolutions = _insert(
        Resolution,
        (
            Resolution(
                case_id=row.pk,
                unit_id=planned.unit,
                number=1,
                resolved_at=planned.resolved_at,
                outcome=planned.outcome,
                via="case.resolved",
            )
            for planned, row in resolved
        ),
    )
    if any(r.pk is None for r in resolutions):  # a backend that cannot return ids from bulk inserts
        ids = dict(Resolution.objects.filter(case_id__in=[row.pk for _p, row in resolved]).values_list("case_id", "pk"))
        for resolution in resolutions:
            resolution.pk = ids[resolution.case_id]
    by_case = {resolution.case_id: resolution.pk for resolution in resolutions}
    _insert(
        Visit,
        (
            Visit(
                case_id=row.pk,
                resolution_id=by_case[row.pk],
                number=v.number,
                days=v.days,
                due_at=v.due_at,
                status=v.status,
                attempts=v.attempts,
                note=v.note,
                done_at=v.done_at,
                done_by_id=v.done_by,
            )
            for planned, row in resolved
            for v in planned.visits
        ),
    )
    _insert(
        Rating,
        (
            Rating(
                case_id=row.pk,
                resolution_id=by_case[row.pk],
                unit_id=planned.unit,
                resolved=planned.rating.resolved,
                score=planned.rating.score,
                comment=planned.rating.comment,
                created_at=planned.rating.created_at,
            )
            for planned, row in resolved
            if planned.rating is not None
        ),
    )
    return by_case


def raise_demo_alerts(now: datetime, days_back: int = WARNING_BACKFILL_DAYS) -> dict[str, dict[str, int]]:
    """Run the early-warning jobs over the last ``days_back`` days of the history, as a worker
    running every day would have, so that the injected clusters show as alerts."""
    last = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date() - timedelta(days=1)
    days = [last - timedelta(days=n) for n in range(days_back)]
    return run_days(days, force=True)


def database_vendor() -> str:
    """ "sqlite" or "postgresql"."""
    return connection.vendor
