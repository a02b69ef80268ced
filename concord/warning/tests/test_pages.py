"""The alert pages through HTTP: the list and the page scoped to the jurisdiction, the review
steps by a named person, 409 for a step out of order, and precision for supervisors."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from concord.accounts.models import AuditLog
from concord.testing import World
from concord.warning.collective import detect_collective
from concord.warning.models import Alert, AlertEvent, AlertStatus
from concord.warning.services import raise_alert
from concord.warning.tests.support import report
from conftest import page_body

pytestmark = pytest.mark.django_db


def collective_alert(world: World, grids=None) -> Alert:  # type: ignore[no-untyped-def]
    for i, grid in enumerate(grids or [world.grid_a1a1] * 5):
        report(grid, world.labour, at=timezone.now() - timedelta(hours=i), against="恒达服装厂")
    (signal,) = detect_collective(timezone.localdate())
    return raise_alert(signal)[0]


def step(client, alert, name, **data):  # type: ignore[no-untyped-def]
    payload = {f"{name}-{key}": value for key, value in data.items()}
    return client.post(f"/staff/alerts/{alert.pk}/{name}", payload, HTTP_ACCEPT_LANGUAGE="en")


def test_the_list_shows_alerts_in_the_jurisdiction_only(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    alert = collective_alert(world)  # all in grid A1a1: the alert is on that grid
    assert alert.region == world.grid_a1a1
    for user in (world.grid_worker, world.street_lead, world.district_supervisor, world.city_supervisor, world.analyst):
        page = as_user(user).get("/staff/alerts/", HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        assert f"/staff/alerts/{alert.pk}" in page.content.decode(), user
    outsider = as_user(world.outsider)
    listing = outsider.get("/staff/alerts/", HTTP_ACCEPT_LANGUAGE="en")
    # The outsider's list loaded (and lists nothing): the alert is missing from a real page.
    assert listing.status_code == 200 and "<h1>Early warnings</h1>" in listing.content.decode()
    assert listing.context["alerts"] == []
    assert f"/staff/alerts/{alert.pk}" not in listing.content.decode()
    hidden = outsider.get(f"/staff/alerts/{alert.pk}", HTTP_ACCEPT_LANGUAGE="en")
    missing = outsider.get("/staff/alerts/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert hidden.status_code == missing.status_code == 404 and page_body(hidden) == page_body(missing)
    assert step(outsider, alert, "acknowledge").status_code == 404


def test_filters_narrow_the_list(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    alert = collective_alert(world)
    client = as_user(world.city_supervisor)

    def listed(**query: str) -> bool:
        return f"/staff/alerts/{alert.pk}" in client.get("/staff/alerts/", query).content.decode()

    assert listed(kind="collective") and not listed(kind="repeat")
    assert listed(category=str(world.labour.pk)) is False  # a collective alert names no category
    assert listed(status="open") and listed(status="all") and not listed(status="closed")
    assert listed(detector="collective") and not listed(detector="farrington_flexible")
    assert client.get("/staff/alerts/", {"kind": "nonsense", "page": "x"}).status_code == 200


def test_the_alert_page_explains_charts_and_lists_the_cases(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    alert = collective_alert(world)
    page = as_user(world.street_lead).get(f"/staff/alerts/{alert.pk}", HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert "5 disputes naming 恒达服装厂" in body
    chart = json.loads(body.split('id="alert-chart-data" type="application/json">')[1].split("</script>")[0])
    assert chart["step"] == "day" and sum(chart["observed"]) == 5 and chart["names"]["observed"] == "Observed"
    assert 'id="alert-chart-data"' in body and "/static/vendor/echarts/echarts.common.min.js" in body
    # Nothing is loaded from elsewhere: every script and stylesheet is the site's own.
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', body)
    assert assets and all(asset.startswith("/") for asset in assets), assets
    assert len(page.context["cases"]) == 5
    assert AuditLog.objects.filter(action="alert.viewed", object_id=str(alert.pk), actor=world.street_lead).exists()


def test_review_steps_by_a_named_person_and_409_out_of_order(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    alert = collective_alert(world)
    worker = as_user(world.grid_worker)  # a handler in the community office, which reviews it
    assert alert.unit == world.community_office
    out_of_order = step(worker, alert, "close", outcome="confirmed")
    assert out_of_order.status_code == 409
    assert "Allowed now: acknowledge, add a note" in out_of_order.content.decode()
    assert step(worker, alert, "acknowledge", note="Looking into it.").status_code == 302
    missing = step(worker, alert, "record_action", action_taken="")
    assert missing.status_code == 400
    assert (
        step(worker, alert, "record_action", action_taken="Met the factory owner with labour inspection.").status_code
        == 302
    )
    no_reason = step(worker, alert, "close", outcome="false_alarm", note="")
    assert no_reason.status_code == 400 and "why it was a false alarm" in no_reason.content.decode()
    assert step(worker, alert, "close", outcome="confirmed").status_code == 302
    closed = Alert.objects.get(pk=alert.pk)
    assert closed.status == AlertStatus.CLOSED and closed.outcome == "confirmed"
    assert (closed.acknowledged_by, closed.actioned_by, closed.closed_by) == (world.grid_worker,) * 3
    actions = list(AlertEvent.objects.filter(alert=alert).values_list("action", "actor__username"))
    assert actions == [
        ("alert.raised", None),
        ("alert.acknowledged", "grid_worker"),
        ("alert.actioned", "grid_worker"),
        ("alert.closed", "grid_worker"),
    ]
    assert step(worker, alert, "add_note", note="Wages paid on 3 December.").status_code == 302


def test_leads_up_the_tree_review_but_analysts_and_other_units_only_read(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    alert = collective_alert(world)
    assert step(as_user(world.analyst), alert, "acknowledge").status_code == 403
    assert step(as_user(world.district_supervisor), alert, "acknowledge").status_code == 302
    page = as_user(world.analyst).get(f"/staff/alerts/{alert.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert "another unit reviews it" in page.content.decode()


def test_supervisors_see_the_share_of_alerts_confirmed_per_detector(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    alerts = [collective_alert(world)]
    Alert.objects.filter(pk=alerts[0].pk).update(status=AlertStatus.CLOSED, outcome="confirmed")
    Alert.objects.create(
        **{
            f: getattr(alerts[0], f)
            for f in ("kind", "region", "city", "province", "unit", "window_start", "window_end")
        },
        thread="x",
        key="x",
        detector="collective",
        observed=5,
        status=AlertStatus.CLOSED,
        outcome="false_alarm",
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    page = as_user(world.city_supervisor).get("/staff/alerts/", {"status": "closed"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["precision"] == [{"detector": "collective", "closed": 2, "confirmed": 1, "precision": 0.5}]
    assert "50%" in page.content.decode()
    assert as_user(world.grid_worker).get("/staff/alerts/").context["precision"] is None


def test_the_list_costs_the_same_queries_for_one_alert_or_many(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(world.city_supervisor)
    collective_alert(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/staff/alerts/?status=all").status_code == 200
        return len(captured)

    queries()  # warms the per-process caches (categories)
    one = queries()
    base = Alert.objects.get()
    for n in range(6):
        Alert.objects.create(
            **{
                f: getattr(base, f)
                for f in ("kind", "region", "city", "province", "unit", "window_start", "window_end")
            },
            thread=f"t{n}",
            key=f"k{n}",
            detector="stalled",
            observed=n + 1,
            details={"days": 14},
            created_at=timezone.now(),
            updated_at=timezone.now(),
        )
    assert queries() == one
