"""The demo city: structure, routing consistency, history invariants, determinism, logins."""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils.dateparse import parse_datetime

from concord.accounts.models import Membership, Unit
from concord.cases import counting
from concord.cases.deadlines import due_at_for
from concord.cases.models import OPEN_STATUSES, Case, CaseEvent, Category, Party
from concord.demo import citygen, history
from concord.demo.build import delete_demo_city
from concord.geo.models import Level, Region
from concord.geo.queries import ANCESTOR_PATH, region_at_point
from concord.routing.models import RoutingRule
from concord.routing.services import escalation_target, pick_assignee, route
from concord.warning.models import Alert, AlertKind

# The tests share one city (a module fixture): with several test workers they run on one.
pytestmark = pytest.mark.xdist_group("demo_city")

NOW = "2026-03-16T10:30:00+08:00"
NOW_DT = parse_datetime(NOW)
CASES = 3000


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def city(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """One demo city for the module (committed; removed again at the end)."""
    with django_db_blocker.unblock():
        run("demo_city", "--cases", str(CASES), "--now", NOW)
        try:
            yield
        finally:
            delete_demo_city()


def fingerprint() -> str:
    rows = Case.objects.order_by("receipt").values_list(
        "receipt", "status", "category__code", "grid__code", "created_at", "escalation_count"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def grid_chains() -> dict[int, list[Region]]:
    return {g.pk: g.ancestors() for g in Region.objects.filter(level=Level.GRID).select_related(ANCESTOR_PATH)}


@pytest.mark.django_db
def test_region_tree_and_boundaries(city: None) -> None:
    counts = dict(Region.objects.filter(code__startswith="51").values_list("level").annotate(n=Count("id")))
    assert counts[Level.PROVINCE] == 1 and counts[Level.CITY] == 1
    assert counts[Level.DISTRICT] >= 4 and counts[Level.STREET] >= 12
    assert counts[Level.COMMUNITY] >= 60 and counts[Level.GRID] >= 300
    grids = list(Region.objects.filter(level=Level.GRID).select_related("parent"))
    assert all(g.boundary and g.centroid_lat and g.min_lat is not None for g in grids)
    assert grids[0].code == "51010100100101" and grids[0].name_zh == "第1网格"
    for grid in grids:
        ring = grid.boundary["coordinates"][0]
        assert ring[0] == ring[-1]
        found = region_at_point(grid.centroid_lat, grid.centroid_lon)
        assert found is not None and found.pk == grid.pk
        # Nested: the grid's box lies inside its community's.
        assert grid.parent.min_lat <= grid.min_lat and grid.max_lon <= grid.parent.max_lon


@pytest.mark.django_db
def test_units_rules_and_staff(city: None, settings: Any) -> None:
    # The demo hashes its shared password with the default hasher, outside the test settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    kinds = Counter(Unit.objects.filter(region__code__startswith="5101").values_list("kind", flat=True))
    assert kinds["community_office"] == 75 and kinds["police_station"] == 15 and kinds["labour_inspection"] == 5
    labour = Unit.objects.filter(kind="labour_inspection").first()
    assert labour is not None and list(labour.categories.values_list("code", flat=True)) == ["labour"]
    assert RoutingRule.objects.count() >= 75 + 15 + 5 * 3 + 1
    users = get_user_model().objects.filter(email__endswith=citygen.DEMO_EMAIL_DOMAIN)
    assert users.count() >= 40
    assert len(set(users.values_list("password", flat=True))) == 1
    admin = users.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(citygen.DEMO_PASSWORD)
    assert not users.filter(is_staff=True).exclude(username="admin").exists()
    worker = Membership.objects.filter(user__username="gw-510101001001-1")
    assert worker.count() == 3 and all(m.region is not None and m.region.level == Level.GRID for m in worker)


@pytest.mark.django_db
def test_routing_for_a_grid(city: None) -> None:
    grid = Region.objects.select_related(ANCESTOR_PATH).get(code="51010300200301")
    chain = grid.ancestors()
    assert route(chain, Category.objects.get(code="neighbour_noise")).kind == "community_office"
    assert route(chain, Category.objects.get(code="neighbour_noise")).region.code == "510103002003"
    labour = route(chain, Category.objects.get(code="labour"))
    assert (labour.kind, labour.region.code) == ("labour_inspection", "510103")
    assert route(chain, Category.objects.get(code="medical")).kind == "hospital_mediation"
    office = route(chain, Category.objects.get(code="family"))
    up = escalation_target(office, Category.objects.get(code="family"))
    assert up is not None and (up.kind, up.region.code) == ("mediation_committee", "510103002")


@pytest.mark.django_db
def test_cases_agree_with_routing(city: None) -> None:
    chains = grid_chains()
    cases = list(Case.objects.select_related("category"))
    assert len(cases) == CASES
    routed: dict[tuple[int, int], Unit] = {}
    for case in cases:
        chain = chains[case.region_id]
        by_level = {r.level: r.pk for r in chain}
        assert [case.province_id, case.city_id, case.district_id, case.street_id, case.community_id, case.grid_id] == [
            by_level[level] for level in Level.values
        ]
        key = (case.region_id, case.category_id)
        if key not in routed:
            routed[key] = route(chain, case.category)
        unit = routed[key]
        if case.escalation_count:
            target = escalation_target(unit, case.category)
            assert target is not None and case.unit_id == target.pk
        else:
            assert case.unit_id == unit.pk
            if case.status == "reported":
                expected = pick_assignee(unit, chain)
                assert case.assignee_id == (expected.pk if expected else None)
    assert 0.02 < sum(c.escalation_count for c in cases) / len(cases) < 0.07


@pytest.mark.django_db
def test_history_follows_the_lifecycle(city: None) -> None:
    assert NOW_DT is not None
    cases = list(Case.objects.select_related("category"))
    open_cases = [c for c in cases if c.status in OPEN_STATUSES]
    # Open cases all have a deadline, but a referral accepted (or at a court) waits for its outcome.
    assert open_cases and all(c.due_at is not None for c in open_cases if c.status != "referred")
    assert all(c.due_at == due_at_for(c) for c in cases)
    assert any(c.due_at < NOW_DT for c in open_cases), "the Overdue tab should not be empty"
    # Older than the last follow-up visit and then some: handled to the end.
    settled = timedelta(days=max(settings.CONCORD_FOLLOW_UP_DAYS) + 30)
    old = {c.status for c in cases if c.created_at < NOW_DT - settled}
    assert old <= {"closed", "followed_up", "rejected"}
    assert all(c.created_at <= NOW_DT and c.updated_at <= NOW_DT for c in cases)
    # (A case reopened when its agreement broke has a new sign-for deadline.)
    first_window = [c for c in cases if not c.escalation_count and c.status != "reopened"]
    assert all(c.sign_for_deadline - c.created_at == timedelta(hours=2) for c in first_window)
    duplicates = [c for c in cases if c.rejection_reason == "duplicate"]
    assert all(c.duplicate_of_id is not None and c.status == "rejected" for c in duplicates)
    events = Counter(CaseEvent.objects.values_list("action", flat=True))
    assert events["case.reported"] == CASES
    # (Each follow-up visit is an event: 7 and 30 days, so one more than before for most cases.)
    assert 3.5 < sum(events.values()) / CASES < 8
    first = CaseEvent.objects.filter(case=cases[0]).order_by("created_at", "id").first()
    assert first is not None and first.action == "case.reported" and first.to_status == "reported"
    assert first.is_public and first.actor_id is None
    anonymous = sum(c.reporter_anonymous for c in cases)
    reporters = Party.objects.filter(role="reporter")
    assert reporters.count() == CASES - anonymous and not reporters.filter(phone_hash="").exists()
    assert Counter(c.outcome for c in cases if c.outcome).most_common(1)[0][0] == "agreement"


@pytest.mark.django_db
def test_injected_clusters(city: None) -> None:
    assert NOW_DT is not None
    wage = Case.objects.filter(
        category__code="labour", parties__kind="organisation", parties__name=history.WAGE_EMPLOYER
    )
    assert wage.count() >= 20
    assert set(wage.values_list("street__code", flat=True)) == {history.WAGE_STREET}
    times = sorted(wage.values_list("created_at", flat=True))
    assert times[-1] - times[0] <= timedelta(days=21)
    assert NOW_DT - timedelta(days=12) <= times[-1] <= NOW_DT - timedelta(days=9)
    company = Case.objects.filter(parties__name=history.PROPERTY_COMPANY, category__code="property_management")
    assert company.count() == history.PROPERTY_CASES
    assert len(set(company.values_list("district__code", flat=True))) == 2


@pytest.mark.django_db
def test_injected_clusters_raise_alerts(city: None) -> None:
    """Building the city runs the warning jobs over its recent history: each injected cluster
    is found, by the signal meant for it, with the cases behind it."""
    assert NOW_DT is not None
    collective = {alert.subject: alert for alert in Alert.objects.filter(kind=AlertKind.COLLECTIVE)}
    wage = collective[history.WAGE_EMPLOYER]
    assert wage.observed >= 20 and wage.region.code.startswith(history.WAGE_STREET)
    company = collective[history.PROPERTY_COMPANY]
    assert company.observed == history.PROPERTY_CASES and company.region.code == citygen.CITY_CODE
    (repeat,) = Alert.objects.filter(kind=AlertKind.REPEAT)
    assert repeat.observed == 4 and repeat.region.code == history.REPEAT_GRID
    spikes = Alert.objects.filter(kind=AlertKind.COUNT_SPIKE, category__code="neighbour_noise")
    noise = [a for a in spikes if a.region.code == history.NOISE_COMMUNITY]
    assert noise, [(a.region.code, a.window_start) for a in spikes]
    spike_start, spike_end = (NOW_DT - timedelta(days=67)).date(), (NOW_DT - timedelta(days=53)).date()
    assert any(a.window_start <= spike_end and a.window_end >= spike_start for a in noise)
    assert counting.differences() == (0, [])


@pytest.mark.django_db
def test_rerun_without_force_changes_nothing(city: None) -> None:
    before = (Case.objects.count(), CaseEvent.objects.count(), Region.objects.count(), fingerprint())
    output = run("demo_city", "--cases", "100")
    assert "already exists" in output
    assert before == (Case.objects.count(), CaseEvent.objects.count(), Region.objects.count(), fingerprint())


@pytest.mark.django_db
def test_demo_accounts_json(city: None) -> None:
    accounts = json.loads(run("demo_accounts", "--json"))
    assert len(accounts) == get_user_model().objects.filter(email__endswith=citygen.DEMO_EMAIL_DOMAIN).count()
    assert {"username", "password", "role", "region_code", "unit"} <= set(accounts[0])
    assert all(a["password"] == citygen.DEMO_PASSWORD for a in accounts)
    districts = {a["region_code"][:6] for a in accounts if a["role"] == "grid_worker"}
    assert districts == set(Region.objects.filter(level=Level.DISTRICT).values_list("code", flat=True))
    worker = next(a for a in accounts if a["username"] == "gw-510101001001-2")
    assert worker["region_code"] == "51010100100104"
    assert "gw-510101001001-1" in run("demo_accounts")


@pytest.mark.django_db
def test_deterministic_for_a_seed(city: None) -> None:
    # The history alone decides the cases: built without the early-warning backfill (which
    # the module's city has, and the alert tests check), three times over.
    quick = ("--warning-days", "0")
    output = run("demo_city", "--force", "--cases", "1500", "--seed", "11", "--now", NOW, *quick)
    assert "alerts raised over the last 0 days: none" in output and not Alert.objects.exists()
    first = fingerprint()
    run("demo_city", "--force", "--cases", "1500", "--seed", "11", "--now", NOW, *quick)
    assert Case.objects.count() == 1500 and fingerprint() == first
    run("demo_city", "--force", "--cases", "1500", "--seed", "12", "--now", NOW, *quick)
    assert fingerprint() != first
    with pytest.raises(CommandError, match="--warning-days must be >= 0"):
        run("demo_city", "--force", "--warning-days", "-1")


@pytest.mark.django_db
def test_demo_accounts_needs_a_city(city: None) -> None:
    delete_demo_city()
    assert not Region.objects.filter(code__startswith="5101").exists()
    assert not get_user_model().objects.filter(email__endswith=citygen.DEMO_EMAIL_DOMAIN).exists()
    with pytest.raises(CommandError, match="no demo city"):
        run("demo_accounts", "--json")


@pytest.mark.django_db
def test_refuses_to_take_over_a_real_account(city: None) -> None:
    delete_demo_city()
    get_user_model().objects.create_user("admin", "admin@example.org", "a-real-password")
    with pytest.raises(CommandError, match="non-demo users: admin"):
        run("demo_city", "--cases", "10")
    assert not Region.objects.filter(code=citygen.CITY_CODE).exists()


@pytest.mark.django_db
def test_resolution_paths_in_both_languages(city: None) -> None:
    from concord.resolution.fulfilment import sweep_terms
    from concord.resolution.models import Agreement, MediationSession, Referral, ResolutionChannel, Task

    assert ResolutionChannel.objects.filter(code="labour_arbitration", units__kind="labour_arbitration").exists()
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {"pending", "accepted", "declined", "completed"} <= statuses
    assert Referral.objects.filter(channel__external=True, reference__startswith="锦劳人仲").exists()
    assert {"held", "planned"} <= set(MediationSession.objects.values_list("status", flat=True))
    assert {"signed", "broken"} <= set(Agreement.objects.values_list("status", flat=True))
    assert Agreement.objects.filter(confirmed_at__isnull=False).exists()
    # The resident's lines are in the language of their report.
    sent = CaseEvent.objects.filter(action="referral.sent").select_related("case")
    assert sent and all(("您" in e.note or "Your case" in e.note) for e in sent)
    assert all(("Your case" in e.note) == (e.case.language == "en") for e in sent)
    assert Task.objects.filter(case__shares__relation="assisting").exists()
    # Terms that fell due after their agreement was signed become tasks when the sweep runs.
    assert sweep_terms(NOW_DT) > 0


@pytest.mark.django_db
def test_follow_up_is_not_empty(city: None) -> None:
    """Resolved cases have their visits (some due, some overdue, some held) and some ratings."""
    from concord.followup.models import Rating, Resolution, Visit, VisitStatus

    assert NOW_DT is not None
    resolved = Case.objects.filter(status="resolved")
    assert resolved.exists()
    assert Resolution.objects.filter(reopened_at__isnull=True).count() >= resolved.count()
    assert all(c.follow_up_deadline is not None and c.due_at == c.follow_up_deadline for c in resolved)
    pending = Visit.objects.filter(status=VisitStatus.PENDING)
    assert pending.filter(due_at__lt=NOW_DT).exists() and pending.filter(due_at__gte=NOW_DT).exists()
    assert Visit.objects.filter(status=VisitStatus.HELD).exists()
    assert Rating.objects.filter(score__gte=4).exists() and Rating.objects.filter(resolved=False).exists()
    assert Resolution.objects.filter(reopened_by="case.rated").exists()
    assert Resolution.objects.filter(reopened_by="followup.broken").exists()
