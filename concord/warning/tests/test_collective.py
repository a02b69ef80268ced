"""Collective disputes: five or more cases naming the same organisation within 30 days,
across districts, become one alert listing them, unless the organisation's own past makes
that many likely."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.accounts.models import Membership
from concord.cases.models import Case
from concord.notify.models import Notification
from concord.testing import World
from concord.warning.collective import counterparty_name, detect_collective
from concord.warning.models import Alert, AlertEvent, AlertKind
from concord.warning.services import acknowledge_alert, close_alert, raise_alert
from concord.warning.tests.support import report

pytestmark = pytest.mark.django_db


def run(day=None) -> list[Alert]:  # type: ignore[no-untyped-def]
    return [raise_alert(signal)[0] for signal in detect_collective(day or timezone.localdate())]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("恒达服装厂", "恒达服装厂有限公司"),
        ("恒达 服装厂", "恒达服装厂。"),
        ("Hengda Garment Co., Ltd.", "HENGDA GARMENT"),
        ("ＡＢＣ物业", "abc物业公司"),
    ],
)
def test_names_are_matched_after_normalising(one: str, other: str) -> None:
    assert counterparty_name(one) == counterparty_name(other) != ""


@pytest.mark.parametrize("name", ["", "某小学", "某物业公司", "a private clinic", "An employer", "公司", "x"])
def test_unnamed_or_too_short_names_never_match(name: str) -> None:
    assert counterparty_name(name) == ""


def test_five_cases_against_one_employer_across_districts_raise_one_alert(world: World) -> None:
    now = timezone.now()
    names = ["恒达服装厂", "恒达服装厂有限公司", "恒达 服装厂", "恒达服装厂", "恒达服装厂"]
    grids = [world.grid_a1a1, world.grid_a1a2, world.grid_b1, world.grid_b1, world.grid_a1a1]
    cases = [
        report(grid, world.labour, at=now - timedelta(days=3 * i), against=name)
        for i, (grid, name) in enumerate(zip(grids, names, strict=True))
    ]
    report(world.grid_a1a1, world.labour, at=now - timedelta(days=40), against="恒达服装厂")  # before the window
    report(world.grid_a1a1, world.labour, against="另一家公司")
    (alert,) = run()
    assert alert.kind == AlertKind.COLLECTIVE and alert.observed == 5
    assert set(alert.alert_cases.values_list("case_id", flat=True)) == {case.pk for case in cases}
    assert alert.region == world.city  # the smallest region holding both districts
    assert alert.unit == world.city_centre and alert.subject == "恒达服装厂"
    # One case in the year before the window: 1/365 a day, over the 13 days the cases span.
    assert alert.expected == pytest.approx(13 / 365)
    assert (alert.window_start, alert.window_end) == (
        timezone.localdate(cases[-1].created_at),
        timezone.localdate(cases[0].created_at),
    )
    assert alert.p_value is not None and alert.p_value < 1e-6
    told = Notification.objects.filter(kind="alert.raised", recipient_unit=world.city_centre, channel="inapp")
    members = Membership.objects.filter(unit=world.city_centre).values_list("user_id", flat=True)
    assert sorted(told.values_list("recipient_user_id", flat=True)) == sorted(set(members))
    # Running again raises nothing new and records nothing.
    assert run() == [alert]
    assert Alert.objects.count() == 1 and AlertEvent.objects.filter(alert=alert).count() == 1


def test_a_sixth_case_updates_the_alert_and_a_closed_one_starts_afresh(world: World) -> None:
    now = timezone.now()
    for i in range(5):
        report(world.grid_a1a1, world.labour, at=now - timedelta(days=10 + i), against="恒达服装厂")
    (alert,) = run()
    report(world.grid_b1, world.labour, at=now, against="恒达服装厂")
    (same,) = run()
    assert same.pk == alert.pk and same.observed == 6 and same.alert_cases.count() == 6
    assert AlertEvent.objects.filter(alert=alert, action="alert.updated").count() == 1
    acknowledge_alert(same, actor=world.city_supervisor)
    close_alert(same, actor=world.city_supervisor, outcome="confirmed")
    # After the review is closed, only cases reported since start a new episode.
    assert run() == []
    assert Alert.objects.count() == 1
    tomorrow = timezone.localdate() + timedelta(days=1)
    for _ in range(5):
        report(world.grid_a1a1, world.labour, at=now + timedelta(days=1), against="恒达服装厂")
    (fresh,) = run(tomorrow)
    assert fresh.pk != alert.pk and fresh.observed == 5


def test_fewer_than_five_cases_or_unnamed_parties_raise_nothing(world: World) -> None:
    for _ in range(4):
        report(world.grid_a1a1, world.labour, against="恒达服装厂")
    for _ in range(6):
        report(world.grid_a1a1, world.labour, against="某小学")
    for _ in range(6):
        report(world.grid_a1a1, world.labour, against="陈某", against_kind="person")
    assert run() == []


def test_a_steady_trickle_against_a_large_landlord_is_not_a_wave(world: World) -> None:
    now = timezone.now()
    # Six a month all year: six more this month is what its past makes likely.
    for day in range(30, 365, 5):
        report(world.grid_a1a1, world.labour, at=now - timedelta(days=day), against="锦华物业公司")
    for day in range(6):
        report(world.grid_a1a1, world.labour, at=now - timedelta(days=day * 4), against="锦华物业公司")
    assert Case.objects.count() > 70
    assert run() == []


def test_an_episode_keeps_its_cases_as_they_leave_the_window(world: World) -> None:
    """Judged day by day, as the worker does: the alert counts every case of the wave, also
    after the first ones are more than 30 days old."""
    start = timezone.localdate() - timedelta(days=60)
    for i in range(12):
        moment = timezone.now() - timedelta(days=60 - 2 * i)
        report(world.grid_a1a1, world.labour, at=moment, against="嘉信物业服务有限公司")
    for offset in range(61):
        run(start + timedelta(days=offset))
    (alert,) = Alert.objects.all()
    assert alert.observed == 12 and alert.alert_cases.count() == 12
    assert (alert.window_end - alert.window_start).days == 22
