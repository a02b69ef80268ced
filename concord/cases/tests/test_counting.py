"""The daily counts follow the cases: on intake, rejection, reopening and correction, on the
local day, and a rebuild from the cases gives the same table."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from concord.accounts.models import Membership, Role
from concord.cases import counting, services
from concord.cases.models import Case, RejectionReason
from concord.counts.models import DailyCount
from concord.testing import World
from conftest import reload

pytestmark = pytest.mark.django_db


def table() -> dict[tuple[str, str, date], int]:
    rows = DailyCount.objects.values_list("region__code", "category__code", "day", "count")
    return {(region, category, day): count for region, category, day, count in rows}


def act(client, case, action, **data):  # type: ignore[no-untyped-def]
    payload = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(f"/staff/cases/{case.pk}/{action}", payload, HTTP_ACCEPT_LANGUAGE="en")


def test_a_report_counts_at_every_level_for_its_category_and_parent(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    report_case()
    day = timezone.localdate(case.created_at)
    counts = table()
    levels = ["51", "5101", "510101", "510101001", "510101001001", "51010100100101"]
    assert counts == {(code, cat, day): 2 for code in levels for cat in ("neighbour_noise", "neighbour")}


def test_the_day_is_the_local_day(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    from concord.geo.queries import region_by_code
    from concord.intake.services import PartyInput, Report, submit_report

    region = region_by_code(world.grid_a1a1.code)
    assert region is not None
    late = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)  # 01:30 on 2 March in Shanghai
    submit_report(
        Report(region=region, category=world.labour, description="Wages unpaid.", parties=(PartyInput("reporter"),)),
        now=late,
    )
    assert {day for _r, _c, day in table()} == {date(2026, 3, 2)}


def test_rejected_as_not_a_dispute_or_duplicate_stops_counting_and_reopening_restores(
    world: World, report_case
) -> None:  # type: ignore[no-untyped-def]
    first, second = report_case(), report_case()
    before = table()
    services.reject_case(second, actor=world.grid_worker, reason=RejectionReason.DUPLICATE, note="", duplicate_of=first)
    assert set(table().values()) == {1}
    services.reject_case(first, actor=world.grid_worker, reason=RejectionReason.NOT_A_DISPUTE, note="A question.")
    assert table() == {}  # rows that reach zero are removed, as a rebuild would never write them
    lead = Membership.objects.create(user=world.street_lead, unit=world.community_office, role=Role.UNIT_LEAD).user
    services.reopen_case(reload(first), actor=lead, reason="It is a dispute after all.")
    assert table() == {key: 1 for key in before} and set(before.values()) == {2}
    assert counting.differences() == (0, [])


def test_a_case_rejected_as_private_still_counts(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    services.reject_case(case, actor=world.grid_worker, reason=RejectionReason.PRIVATE, note="Family matter.")
    assert set(table().values()) == {1}


def test_correcting_the_category_and_area_moves_the_counts(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    response = act(
        as_user(world.grid_worker), case, "correct", category="labour", region=world.grid_a1a2.code, reason="Wages."
    )
    assert response.status_code == 302
    corrected = reload(case)
    assert (corrected.category.code, corrected.region.code, corrected.grid_id) == (
        "labour",
        world.grid_a1a2.code,
        world.grid_a1a2.pk,
    )
    counts = table()
    assert {cat for _r, cat, _d in counts} == {"labour"}
    assert {region for region, _c, _d in counts} == {
        "51",
        "5101",
        "510101",
        "510101001",
        "510101001001",
        world.grid_a1a2.code,
    }
    event = corrected.events.get(action="case.corrected")
    assert event.data == {
        "category": ["neighbour_noise", "labour"],
        "region": [world.grid_a1a1.code, world.grid_a1a2.code],
    }
    assert not event.is_public and event.actor == world.grid_worker
    assert counting.differences() == (0, [])


def test_a_correction_must_change_something_and_stay_in_the_jurisdiction(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    worker = as_user(world.grid_worker)
    same = act(worker, case, "correct", category="neighbour_noise", reason="Nothing.")
    assert same.status_code == 400 and "Nothing to correct" in same.content.decode()
    away = act(worker, case, "correct", region=world.grid_b1.code, reason="Elsewhere.")
    assert away.status_code == 400 and "outside your jurisdiction" in away.content.decode()
    parent = act(worker, case, "correct", category="neighbour", reason="Broader.")
    assert parent.status_code == 400
    unknown = act(worker, case, "correct", region="999", reason="?")
    assert unknown.status_code == 400 and "No area has that code" in unknown.content.decode()
    assert reload(case).category == world.noise and counting.differences() == (0, [])


def test_rebuild_gives_the_same_table_and_check_finds_tampering(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    report_case()
    report_case(category=world.labour)
    report_case(region=world.grid_b1)
    before = table()
    out = StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert "row(s) written" in out.getvalue()
    assert table() == before
    call_command("rebuild_rollups", "--check", stdout=StringIO())
    DailyCount.objects.filter(region=world.grid_b1).update(count=5)
    DailyCount.objects.filter(region=world.city).delete()
    out = StringIO()
    with pytest.raises(CommandError, match="differ"):
        call_command("rebuild_rollups", "--check", stdout=out)
    assert "table 5, cases 1" in out.getvalue()
    call_command("rebuild_rollups", stdout=StringIO())
    assert table() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reports_are_all_counted(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    """Several threads report at once (with a rejection and a rebuild in the middle): the
    counts equal a recount, with no deadlock (on PostgreSQL the rows are locked in order)."""
    errors: list[BaseException] = []
    start = threading.Barrier(4)
    grids = [world.grid_a1a1, world.grid_a1a2, world.grid_b1]

    def reporter(n: int) -> None:
        try:
            start.wait()
            for i in range(8):
                case = report_case(region=grids[(n + i) % 3], category=[world.noise, world.labour][i % 2])
                if i == 3:
                    services.reject_case(
                        case,
                        actor=world.outsider if case.region == world.grid_b1 else world.grid_worker,
                        reason=RejectionReason.NOT_A_DISPUTE,
                        note="No.",
                    )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    def rebuilder() -> None:
        try:
            start.wait()
            counting.rebuild()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reporter, args=(n,)) for n in range(3)] + [threading.Thread(target=rebuilder)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert Case.objects.count() == 24
    assert counting.differences() == (0, [])
    leaves = DailyCount.objects.filter(region=world.city, category__code__in=["neighbour_noise", "labour"])
    assert sum(leaves.values_list("count", flat=True)) == 24 - 3  # one rejection per reporter
