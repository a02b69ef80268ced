"""The figures dashboards will read: referrals per channel and unit, time to accept, mediation
success and agreement fulfilment per unit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.cases.services import accept_case
from concord.resolution.figures import referral_figures, unit_rates
from concord.resolution.referrals import accept_referral, decline_referral, refer_case
from concord.resolution.tests.conftest import Paths
from concord.resolution.tests.test_fulfilment import _agreed
from conftest import reload

pytestmark = pytest.mark.django_db


def test_referral_and_mediation_figures(paths: Paths, report_case) -> None:  # type: ignore[no-untyped-def]
    world = paths.world
    start = timezone.now() - timedelta(days=1)
    for answer in ("accept", "decline", "accept"):
        case = report_case()
        accept_case(case, actor=world.grid_worker)
        sent = timezone.now()
        refer_case(
            reload(case),
            actor=world.grid_worker,
            now=sent,
            channel="people_mediation",
            unit=world.street_committee.pk,
            reason="r",
            consent="given",
        )
        if answer == "accept":
            accept_referral(reload(case), actor=world.street_lead, now=sent + timedelta(hours=3))
        else:
            decline_referral(reload(case), actor=world.street_lead, now=sent + timedelta(hours=1), reason="no")
    (row,) = referral_figures(start, timezone.now() + timedelta(days=1))
    assert (row.channel, row.to_unit_id, row.sent, row.accepted, row.declined) == (
        "people_mediation",
        world.street_committee.pk,
        3,
        2,
        1,
    )
    assert row.mean_hours_to_accept == 3.0
    _agreed(paths, report_case)
    (rates,) = unit_rates(start, timezone.now() + timedelta(days=1))
    assert (rates.unit_id, rates.ended, rates.agreed, rates.mediation_success) == (world.community_office.pk, 1, 1, 1.0)
    assert rates.fulfilment is None  # nothing kept or broken yet
