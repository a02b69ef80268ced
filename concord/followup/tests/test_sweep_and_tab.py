"""A visit past due: the SLA sweep tells the unit's leads once and the case leaves the sweep's
queue, not the "To follow up" tab; the tab and its badge list the due visits of the user's
units only, soonest first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.cases.models import CaseEvent, Status
from concord.cases.queries import inbox
from concord.cases.services import accept_case, resolve_case
from concord.followup.visits import record_visit
from concord.notify.models import Notification
from concord.sla.services import sweep
from concord.testing import World
from conftest import reload

pytestmark = pytest.mark.django_db


def test_an_overdue_visit_is_told_to_the_leads_once(world: World, resolved, office) -> None:  # type: ignore[no-untyped-def]
    case = resolved(days_ago=8)
    not_yet = resolved(days_ago=2)
    assert sweep() == 1
    assert sweep() == 0
    told = CaseEvent.objects.filter(case=case, action="followup.overdue")
    assert told.count() == 1 and told.get().actor is None and not told.get().is_public
    recipients = set(Notification.objects.filter(kind="followup.overdue").values_list("recipient_user_id", flat=True))
    assert recipients == {office.lead.pk, office.supervisor.pk}
    after = reload(case)
    assert (after.status, after.unit, after.due_at) == (Status.RESOLVED, world.community_office, None)
    assert not CaseEvent.objects.filter(case=not_yet, action="followup.overdue").exists()
    # Still in the tab until the visit is recorded.
    assert case.pk in [c.pk for c in inbox(world.grid_worker, "follow_up")]
    # Nobody reached: the visit is due again in two days, and watched again.
    record_visit(after, actor=world.grid_worker, outcome="unreachable", note="No answer.")
    assert reload(case).due_at is not None
    assert sweep(now=timezone.now() + timedelta(days=3)) == 1  # the retry (the other case's visit is days away)
    assert CaseEvent.objects.filter(case=case, action="followup.overdue").count() == 2


def test_the_tab_lists_due_visits_of_my_units_soonest_first(world: World, resolved, report_case, as_user) -> None:  # type: ignore[no-untyped-def]
    older = resolved(days_ago=20)
    newer = resolved(days_ago=9)
    resolved(days_ago=1)  # its first visit is six days away
    report_case()  # open, not resolved
    other = resolved_elsewhere = report_case(region=world.grid_b1)
    accept_case(other, actor=world.outsider, now=timezone.now() - timedelta(days=10))
    resolve_case(
        reload(other), actor=world.outsider, now=timezone.now() - timedelta(days=9), outcome="advice", summary="s"
    )
    page = as_user(world.grid_worker).get("/staff/?tab=follow_up", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert [c.pk for c in page.context["cases"]] == [older.pk, newer.pk]
    badges = {key: count for key, _label, count in page.context["tabs"]}
    assert badges["follow_up"] == 2
    assert "To follow up" in page.content.decode()
    theirs = as_user(world.outsider).get("/staff/?tab=follow_up", HTTP_ACCEPT_LANGUAGE="en")
    assert [c.pk for c in theirs.context["cases"]] == [resolved_elsewhere.pk]
    # A supervisor above reads the cases but handles none of them: nothing to follow up.
    assert list(inbox(world.city_supervisor, "follow_up")) == []
