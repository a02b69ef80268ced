"""Repeat disputes (the same people in a third dispute within 12 months, matched by keyed
hashes) and stalled cases (nothing recorded for N days)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.accounts.models import Membership, Role
from concord.cases.models import Case, PartyKind
from concord.notify.models import Notification
from concord.testing import World
from concord.warning.models import Alert, AlertKind
from concord.warning.repeat import detect_repeats
from concord.warning.services import raise_alert
from concord.warning.stalled import detect_stalled
from concord.warning.tests.support import report

pytestmark = pytest.mark.django_db


def repeats(day=None) -> list[Alert]:  # type: ignore[no-untyped-def]
    return [raise_alert(signal)[0] for signal in detect_repeats(day or timezone.localdate())]


def test_the_third_dispute_of_the_same_households_raises_an_alert_on_it(world: World) -> None:
    lead = Membership.objects.create(user=world.street_lead, unit=world.community_office, role=Role.UNIT_LEAD).user
    now = timezone.now()
    first = report(world.grid_a1a1, world.noise, at=now - timedelta(days=300), phone="139 0000 0417")
    second = report(
        world.grid_a1a1,
        world.noise,
        at=now - timedelta(days=100),
        against_phone="13900000417",
        against="楼上",
        against_kind=PartyKind.PERSON,
    )
    assert repeats(timezone.localdate(second.created_at)) == []  # only two so far
    third = report(world.grid_a1a1, world.noise, phone="+86 139-0000-0417")
    (alert,) = repeats()
    assert alert.kind == AlertKind.REPEAT and alert.observed == 3
    assert set(alert.alert_cases.values_list("case_id", flat=True)) == {first.pk, second.pk, third.pk}
    assert alert.unit == world.community_office and alert.region == world.grid_a1a1
    assert alert.subject == third.receipt and alert.details["latest_case"] == third.pk
    # The unit is told, and its lead in person; no phone number is anywhere in the alert.
    told = Notification.objects.filter(kind="alert.raised")
    members = set(Membership.objects.filter(unit_id=alert.unit_id).values_list("user_id", flat=True))
    assert {n.recipient_user_id for n in told} == members | {lead.pk}
    assert {n.recipient_unit_id for n in told if n.recipient_user_id != lead.pk} == {alert.unit_id}
    assert "0417" not in str(Alert.objects.values().get(pk=alert.pk))
    # A fourth dispute continues the same alert, on the new latest case.
    fourth = report(world.grid_a1a2, world.noise, phone="13900000417")
    assert {found.pk for found in repeats()} == {alert.pk}  # the third and the fourth, both today
    same = Alert.objects.get(pk=alert.pk)
    assert same.observed == 4 and same.subject == fourth.receipt and same.alert_cases.count() == 4


def test_disputes_more_than_a_year_apart_or_with_organisations_do_not_repeat(world: World) -> None:
    now = timezone.now()
    report(world.grid_a1a1, world.noise, at=now - timedelta(days=400), phone="13900000001")
    report(world.grid_a1a1, world.noise, at=now - timedelta(days=200), phone="13900000001")
    report(world.grid_a1a1, world.noise, phone="13900000001")
    for _ in range(3):  # the same employer's switchboard: an organisation, not a household
        report(world.grid_a1a1, world.labour, against="恒达服装厂", against_phone="02884561230")
    assert repeats() == []


def test_stalled_cases_make_one_alert_per_unit_and_week(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    stale = [report_case(), report_case()]
    fresh = report_case()
    elsewhere = report_case(region=world.grid_b1)
    Case.objects.filter(pk__in=[c.pk for c in [*stale, elsewhere]]).update(
        updated_at=timezone.now() - timedelta(days=15)
    )
    signals = detect_stalled(timezone.localdate())
    alerts = [raise_alert(signal)[0] for signal in signals]
    by_unit = {alert.unit: alert for alert in alerts}
    assert set(by_unit) == {world.community_office, world.community_office_b}
    mine = by_unit[world.community_office]
    assert mine.observed == 2 and set(mine.alert_cases.values_list("case_id", flat=True)) == {c.pk for c in stale}
    assert fresh.pk not in mine.alert_cases.values_list("case_id", flat=True)
    assert mine.region == world.community_a1a and mine.details["days"] == 14
    # Closed and rejected cases are done, whatever their age.
    Case.objects.filter(pk=stale[0].pk).update(status="closed")
    again = [raise_alert(signal)[0] for signal in detect_stalled(timezone.localdate())]
    assert {a.pk for a in again} == {a.pk for a in alerts}
    assert Alert.objects.get(pk=mine.pk).observed == 1
