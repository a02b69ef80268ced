"""Count spikes: the detector runs on the weekly series of every region at the warning
levels; an alarm raises an alert with its evidence and the cases behind it, and an alarm the
next week continues that alert."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pytest
from django.utils import timezone

from concord.counts.models import DailyCount
from concord.testing import World
from concord.warning.counts import detect_counts
from concord.warning.models import Alert, AlertKind
from concord.warning.queries import series_names
from concord.warning.series import monday, weekly
from concord.warning.services import raise_alert
from concord.warning.tests.support import report

pytestmark = pytest.mark.django_db


def history(world: World, weeks: int, last_monday: date, seed: int = 3) -> None:
    """Quiet weekly noise counts for community A1a, one row per week (on its Wednesday)."""
    rng = np.random.default_rng(seed)
    DailyCount.objects.bulk_create(
        DailyCount(
            region=world.community_a1a,
            category=world.noise,
            day=last_monday - timedelta(weeks=w) + timedelta(days=2),
            count=int(rng.poisson(2)),
        )
        for w in range(1, weeks + 1)
    )


def test_weekly_series_add_up_days_into_iso_weeks(world: World) -> None:
    DailyCount.objects.bulk_create(
        [
            DailyCount(region=world.community_a1a, category=world.noise, day=date(2026, 11, 16), count=2),  # Monday
            DailyCount(region=world.community_a1a, category=world.noise, day=date(2026, 11, 22), count=3),  # Sunday
            DailyCount(region=world.community_a1a, category=world.noise, day=date(2026, 11, 23), count=1),
            DailyCount(region=world.street_a1, category=world.noise, day=date(2026, 11, 23), count=4),
        ]
    )
    series = weekly(date(2026, 11, 4), date(2026, 11, 25), level=world.community_a1a.level)
    assert [str(d) for d in series.dates] == ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
    assert series.keys == [(world.community_a1a.pk, world.noise.pk)]
    assert series.counts.tolist() == [[0, 0, 5, 1]]
    assert monday(date(2026, 11, 29)) == date(2026, 11, 23)


@pytest.mark.parametrize("method", ["concord", "farrington_flexible", "farrington", "ears_c1"])
def test_a_spike_raises_an_alert_with_its_evidence_and_cases(world: World, settings, method: str) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_WARNING_METHOD = method
    target = monday(timezone.localdate()) - timedelta(days=7)
    history(world, 70, target)
    spike_day = timezone.make_aware(datetime.combine(target + timedelta(days=1), time(10)))
    cases = [report(world.grid_a1a1, world.noise, at=spike_day + timedelta(minutes=i)) for i in range(15)]
    signals = detect_counts(target + timedelta(days=9))
    (community,) = (raise_alert(signal)[0] for signal in signals)
    # The spike shows in the street, district, city and the parent category too: one alert, on
    # the narrowest series, says so.
    assert community.kind == AlertKind.COUNT_SPIKE and community.category == world.noise
    assert (community.window_start, community.window_end) == (target, target + timedelta(days=6))
    assert community.observed == 15 and community.threshold is not None and community.threshold < 15
    assert community.expected is not None and community.expected < 5
    assert community.detector == method and community.unit == world.community_office
    assert set(community.alert_cases.values_list("case_id", flat=True)) == {c.pk for c in cases}
    assert community.details["weeks"][0]["week"] == target.isoformat()
    broader = {(region, category) for region, category in community.details["also_alarmed"]}
    neighbour = world.noise.parent_id
    assert (world.street_a1.pk, world.noise.pk) in broader and (world.city.pk, neighbour) in broader
    assert "Street A1 · " in " ".join(series_names(community.details["also_alarmed"]))
    # Idempotent: the same week again raises nothing new.
    again = [raise_alert(signal) for signal in detect_counts(target + timedelta(days=10))]
    assert not any(created for _alert, created in again)
    assert Alert.objects.filter(region=world.community_a1a).count() == 1


def test_too_little_history_raises_nothing(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_WARNING_METHOD = "ears_c1"
    for _ in range(20):
        report(world.grid_a1a1, world.noise, at=timezone.now() - timedelta(days=8))
    assert detect_counts(timezone.localdate()) == []


def test_a_week_is_judged_when_it_is_complete() -> None:
    from concord.warning.counts import last_sunday

    assert last_sunday(date(2026, 11, 29)) == date(2026, 11, 29)  # a Sunday: its week is complete
    assert last_sunday(date(2026, 11, 30)) == date(2026, 11, 29)
    assert last_sunday(date(2026, 11, 28)) == date(2026, 11, 22)


def test_a_spike_the_next_week_continues_the_alert(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_WARNING_METHOD = "farrington_flexible"
    second = monday(timezone.localdate()) - timedelta(days=7)
    first = second - timedelta(days=7)
    history(world, 70, first)
    for week, n in ((first, 14), (second, 11)):
        day = timezone.make_aware(datetime.combine(week + timedelta(days=2), time(9)))
        for i in range(n):
            report(world.grid_a1a1, world.noise, at=day + timedelta(minutes=i))
    (alert,) = (raise_alert(signal)[0] for signal in detect_counts(first + timedelta(days=6)))
    (same,) = (raise_alert(signal)[0] for signal in detect_counts(second + timedelta(days=6)))
    assert same.pk == alert.pk
    assert (same.window_start, same.window_end) == (first, second + timedelta(days=6))
    assert [week["observed"] for week in same.details["weeks"]] == [14, 11]
    assert same.observed == 11 and same.alert_cases.count() == 25
    assert same.events.filter(action="alert.updated").count() == 1
