"""The SLA sweep escalates each overdue case once, even with several workers."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from concord.cases import services
from concord.cases.models import Case, CaseEvent, Status
from concord.notify.models import Notification
from concord.sla.services import sweep
from concord.testing import World
from conftest import reload


def make_overdue(case: Case, minutes: int = 5) -> None:
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(minutes=minutes))


@pytest.mark.django_db
def test_missed_sign_for_escalates_one_level_and_notifies_both(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    on_time = report_case()
    make_overdue(case)
    assert sweep() == 1
    escalated = reload(case)
    assert escalated.status == Status.ESCALATED and escalated.unit == world.street_committee
    assert escalated.due_at is not None and escalated.due_at > timezone.now()
    event = CaseEvent.objects.get(case=case, action="case.escalated_overdue")
    assert event.actor is None and event.from_status == Status.REPORTED
    units = set(
        Notification.objects.filter(case=case, kind="case.escalated_overdue", audience="staff").values_list(
            "recipient_unit", flat=True
        )
    )
    assert units == {world.community_office.pk, world.street_committee.pk}
    assert reload(on_time).status == Status.REPORTED
    assert sweep() == 0  # idempotent: nothing is overdue any more


@pytest.mark.django_db
def test_missed_resolution_deadline_escalates_too(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    services.accept_case(case, actor=world.grid_worker)
    Case.objects.filter(pk=case.pk).update(resolution_deadline=timezone.now() - timedelta(hours=1))
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert sweep() == 1
    assert reload(case).unit == world.street_committee


@pytest.mark.django_db
def test_resolved_cases_are_never_escalated(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    services.accept_case(case, actor=world.grid_worker)
    services.resolve_case(case, actor=world.grid_worker, outcome="advice", summary="Done.")
    # Its deadline in force is the first follow-up visit: overdue, its leads are told
    # (concord.followup), but the case is not escalated.
    assert reload(case).due_at == reload(case).follow_up_deadline
    assert sweep(now=timezone.now() + timedelta(days=30)) == 1
    resolved = reload(case)
    assert (resolved.status, resolved.unit, resolved.due_at) == ("resolved", world.community_office, None)
    assert not CaseEvent.objects.filter(case=case, action__startswith="case.escalated").exists()
    assert CaseEvent.objects.filter(case=case, action="followup.overdue").count() == 1


@pytest.mark.django_db
def test_at_the_top_it_is_recorded_once_and_stops(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    for _ in range(3):  # community -> street -> district -> city
        make_overdue(reload(case))
        assert sweep() == 1
    assert reload(case).unit == world.city_centre
    make_overdue(reload(case))
    assert sweep() == 0
    assert reload(case).due_at is None
    assert CaseEvent.objects.filter(case=case, action="case.overdue_at_top").count() == 1
    assert sweep() == 0


@pytest.mark.django_db
def test_command_once_flag_runs_one_pass(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    make_overdue(case)
    out = StringIO()
    call_command("sla_worker", "--once", stdout=out)
    assert "escalated 1 overdue case" in out.getvalue()
    assert reload(case).status == Status.ESCALATED


@pytest.mark.django_db
def test_command_limit_flag_caps_one_pass(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    cases = [report_case() for _ in range(3)]
    for case in cases:
        make_overdue(case)
    out = StringIO()
    call_command("sla_worker", "--once", "--limit", "2", stdout=out)
    assert "escalated 2 overdue case" in out.getvalue()
    assert Case.objects.filter(status=Status.ESCALATED).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_never_escalate_a_case_twice(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    cases = [report_case() for _ in range(12)]
    for case in cases:
        make_overdue(case)
    counts: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def worker() -> None:
        try:
            start.wait()
            counts.append(sweep())
        except BaseException as error:  # surface failures from the thread
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection; release it

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(counts) == 12
    assert CaseEvent.objects.filter(action="case.escalated_overdue").count() == 12
    assert set(Case.objects.values_list("escalation_count", flat=True)) == {1}
