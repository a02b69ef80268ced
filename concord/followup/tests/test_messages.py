"""What the resident is sent about the resolution: the signed rating link that works, and the
line when their "no" reopened the case."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from concord.cases.models import CaseEvent, Status
from concord.followup.tests.conftest import Office
from concord.notify.models import Audience, Notification
from conftest import reload

pytestmark = pytest.mark.django_db


def sent_to_resident(case, kind):  # type: ignore[no-untyped-def]
    return Notification.objects.get(case=case, audience=Audience.RESIDENT, kind=kind)


def test_the_resolved_message_carries_a_rating_link_that_opens_the_rating(resolved, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    body = sent_to_resident(case, "case.resolved").body
    found = re.search(r"https?://[^/\s]+(/t/[^/\s]+/rate/\S+)", body)
    assert found is not None, body
    page = client.get(found.group(1))
    assert page.status_code == 200 and case.receipt in page.content.decode()
    # The resident says no: the case reopens and the resident is told so.
    answer = client.post(found.group(1), {"resolved": "no"})
    assert answer.status_code == 302 and reload(case).status == Status.REOPENED
    told = sent_to_resident(case, "case.rated")
    line = CaseEvent.objects.get(case=case, action="case.rated").note
    assert line and told.body.startswith(line)


def test_a_follow_up_visit_is_told_to_the_resident(resolved, office: Office, as_user) -> None:  # type: ignore[no-untyped-def]
    from concord.followup.visits import record_visit

    case = resolved()
    record_visit(case, actor=office.world.grid_worker, outcome="held")
    assert case.receipt in sent_to_resident(case, "followup.held").body
