"""The rates per unit the dashboards read, on a handful of cases counted by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.cases.models import Case
from concord.cases.services import accept_case, reopen_case, resolve_case
from concord.followup.figures import unit_rates
from concord.followup.models import Resolution
from concord.followup.rating import rate_resolution
from concord.testing import World
from conftest import reload

pytestmark = pytest.mark.django_db


def test_rates_per_unit(world: World, report_case, office) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    worker = world.grid_worker

    def handled(*, sign_for_after: timedelta | None, resolve: bool = True, at=None) -> Case:  # type: ignore[no-untyped-def]
        case = report_case()
        if sign_for_after is not None:
            accept_case(case, actor=worker, now=at - timedelta(hours=1) if at else case.created_at + sign_for_after)
            if resolve:
                resolve_case(reload(case), actor=worker, now=at or now, outcome="advice", summary="Advice.")
        return reload(case)

    def rate(case: Case, resolved: bool, score: int | None) -> None:
        resolution = Resolution.objects.get(case=case)
        rate_resolution(case, actor=None, resolution=resolution.pk, resolved=resolved, score=score)

    one = handled(sign_for_after=timedelta(hours=1))  # on time (the deadline is 2 hours)
    two = handled(sign_for_after=timedelta(hours=3))  # late
    three = handled(sign_for_after=timedelta(minutes=30))
    handled(sign_for_after=None)  # never signed for
    five = handled(sign_for_after=timedelta(hours=1))
    rate(one, True, 5)
    rate(two, False, 2)  # "no": reopened
    rate(three, True, None)  # no stars
    reopen_case(five, actor=office.lead, reason="Complained again.")
    # Outside the period: reported 40 days ago; resolved 35 days ago.
    early = handled(sign_for_after=None)
    Case.objects.filter(pk=early.pk).update(created_at=now - timedelta(days=40))
    old = handled(sign_for_after=timedelta(hours=1), at=now - timedelta(days=35))
    Case.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=36))
    elsewhere = report_case(region=world.grid_b1)  # community B1a's, not signed for

    rows = {row.unit_id: row for row in unit_rates(now - timedelta(days=30), now + timedelta(days=1))}
    assert set(rows) == {world.community_office.pk, world.community_office_b.pk}
    office_rates = rows[world.community_office.pk]
    assert (office_rates.received, office_rates.responded, office_rates.response_rate) == (5, 3, 0.6)
    assert (office_rates.rated, office_rates.rated_resolved, office_rates.resolution_rate) == (3, 2, 2 / 3)
    assert (office_rates.scored, office_rates.satisfied, office_rates.satisfaction_rate) == (2, 1, 0.5)
    assert (office_rates.resolutions, office_rates.reopened, office_rates.reopen_rate) == (4, 2, 0.5)
    other = rows[world.community_office_b.pk]
    assert (other.received, other.responded, other.response_rate) == (1, 0, 0.0)
    assert (other.rated, other.resolution_rate, other.satisfaction_rate, other.reopen_rate) == (0, None, None, None)
    assert elsewhere.unit == world.community_office_b
    # The period decides: the month before holds the early report and the old resolution only.
    before = {row.unit_id: row for row in unit_rates(now - timedelta(days=60), now - timedelta(days=30))}
    assert (before[world.community_office.pk].received, before[world.community_office.pk].resolutions) == (2, 1)


def test_rates_are_aggregate_queries(world: World, resolved, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        resolved()
    now = timezone.now()
    with django_assert_max_num_queries(3):
        unit_rates(now - timedelta(days=1), now + timedelta(days=1))
