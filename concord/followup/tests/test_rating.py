"""The resident's rating, through the tracking page and the signed link: once per resolution,
forged, tampered, reused and old links, a case not resolved, "no" reopening, the low-rating
notice and who gets it."""

from __future__ import annotations

import threading

import pytest
from django.core import signing
from django.db import connection
from django.test import Client

from concord.cases.models import CaseEvent, Status
from concord.cases.queries import inbox
from concord.cases.services import accept_case, reopen_case, resolve_case
from concord.followup.links import SALT, rating_path, rating_url
from concord.followup.models import Rating, Resolution
from concord.followup.rating import AlreadyRated, rate_resolution
from concord.notify.models import Notification
from concord.testing import World
from concord.workflow.errors import IllegalStep
from conftest import reload

pytestmark = pytest.mark.django_db

YES = {"resolved": "yes", "score": "5", "comment": "Thank you."}


def _post(client: Client, path: str, data: dict[str, str], language: str = "en"):  # type: ignore[no-untyped-def]
    return client.post(path, data, HTTP_ACCEPT_LANGUAGE=language)


def test_the_tracking_page_asks_and_the_link_records_one_rating(world: World, resolved, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    page = client.get(f"/t/{case.receipt}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    path = rating_path(case)
    assert path is not None and f'action="{path}"' in page and "Is your dispute resolved?" in page
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    response = _post(client, path, YES)
    assert response.status_code == 302 and response["Location"] == f"/t/{case.receipt}?rated=1"
    rating = Rating.objects.get()
    resolution = Resolution.objects.get(case=case)
    assert (rating.case_id, rating.resolution, rating.resolved, rating.score, rating.comment) == (
        case.pk,
        resolution,
        True,
        5,
        "Thank you.",
    )
    event = CaseEvent.objects.get(case=case, action="case.rated")
    assert event.actor is None and event.data == {"resolution": resolution.pk, "resolved": True, "score": 5}
    assert reload(case).status == Status.RESOLVED
    # Used: the same link again (a second tap, the back button) writes nothing more.
    again = _post(client, path, {**YES, "score": "1"})
    assert again.status_code == 409
    body = again.content.decode()
    assert "already rated" in body and 'lang="zh-hans"' in body and 'lang="en"' in body
    assert Rating.objects.count() == 1 and CaseEvent.objects.filter(action="case.rated").count() == 1
    assert "You have rated" in client.get(f"/t/{case.receipt}", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_double_submit_writes_once(world: World, resolved) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    resolution = Resolution.objects.get(case=case)
    rate_resolution(case, actor=None, resolution=resolution.pk, resolved=True, score=4)
    with pytest.raises(AlreadyRated):
        rate_resolution(reload(case), actor=None, resolution=resolution.pk, resolved=True, score=4)
    assert Rating.objects.count() == 1


def test_forged_and_tampered_links_are_a_clear_404(world: World, resolved, report_case, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    resolution = Resolution.objects.get(case=case)
    good = rating_path(case)
    assert good is not None
    token = good.rsplit("/", 1)[1]
    forged = signing.dumps([case.pk, resolution.pk], salt="another.salt", compress=True)
    other = resolved()
    theirs = rating_path(other)
    assert theirs is not None
    for path in (
        f"/t/{case.receipt}/rate/{forged}",
        f"/t/{case.receipt}/rate/{token[:-2]}xx",
        f"/t/{case.receipt}/rate/not-a-token",
        f"/t/{case.receipt}/rate/{theirs.rsplit('/', 1)[1]}",  # another case's link
        f"/t/ZZZZZZZZZZ/rate/{token}",
    ):
        response = _post(Client(), path, YES)
        assert response.status_code == 404, path
        assert "This link is not valid." in response.content.decode()
        assert Client().get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").status_code == 404
    assert Rating.objects.count() == 0
    assert signing.loads(token, salt=SALT) == [case.pk, resolution.pk]


def test_an_old_resolution_and_an_unresolved_case_are_refused(world: World, resolved, office, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    old = rating_path(case)
    assert old is not None
    reopen_case(case, actor=office.lead, reason="Complained again.")
    response = _post(client, old, YES)  # reopened: not resolved now
    assert response.status_code == 409 and "not resolved at the moment" in response.content.decode()
    accept_case(reload(case), actor=world.grid_worker)
    with pytest.raises(IllegalStep):  # the step itself refuses a case in hand
        rate_resolution(reload(case), actor=None, resolution=Resolution.objects.get(case=case).pk, resolved=True)
    resolve_case(reload(case), actor=world.grid_worker, outcome="advice", summary="Advice.")
    response = _post(client, old, YES)  # resolved again: the old link is for the earlier one
    assert response.status_code == 410 and "earlier resolution" in response.content.decode()
    assert Rating.objects.count() == 0
    # The new resolution can be rated (once per resolution).
    new = rating_path(reload(case))
    assert new is not None and new != old
    assert _post(client, new, YES).status_code == 302
    assert Rating.objects.get().resolution == Resolution.objects.get(case=case, number=2)


def test_no_reopens_the_case_in_front_of_its_unit(world: World, resolved, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    resolution = Resolution.objects.get(case=case)
    path = rating_path(case)
    assert path is not None
    response = _post(client, path, {"resolved": "no", "score": "3", "comment": "The music is back."})
    assert response.status_code == 302
    reopened = reload(case)
    assert reopened.status == Status.REOPENED and reopened.unit == world.community_office
    assert reopened.assignee is None and reopened.due_at == reopened.sign_for_deadline > case.resolved_at
    event = CaseEvent.objects.get(case=case, action="case.rated")
    assert (event.from_status, event.to_status, event.is_public) == ("resolved", "reopened", True)
    assert event.data["resolution"] == resolution.pk and event.data["staff_note"] == "The music is back."
    resolution.refresh_from_db()
    assert resolution.reopened_by == "case.rated"
    assert not Notification.objects.filter(kind="rating.low").exists()  # 3 stars is not low
    assert case.pk in [c.pk for c in inbox(world.grid_worker, "unit")]


def test_a_low_rating_tells_the_units_leads(world: World, resolved, office, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    path = rating_path(case)
    assert path is not None
    assert _post(client, path, {"resolved": "yes", "score": "2", "comment": "Slow and rude."}).status_code == 302
    recipients = set(Notification.objects.filter(kind="rating.low").values_list("recipient_user_id", flat=True))
    assert recipients == {office.lead.pk, office.supervisor.pk}  # not the mediator, not other units' leads
    assert reload(case).status == Status.RESOLVED


def test_bad_input_keeps_the_form_and_writes_nothing(world: World, resolved, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    path = rating_path(case)
    assert path is not None
    response = _post(client, path, {"score": "9", "comment": "x"})
    assert response.status_code == 400
    assert "Please tap Yes or No." in response.content.decode()
    assert Rating.objects.count() == 0


def test_the_page_is_in_chinese_and_english(world: World, resolved, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    path = rating_path(case)
    assert path is not None
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Is your dispute resolved?" in english and 'lang="en"' in english
    chinese = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'lang="zh-hans"' in chinese and 'name="viewport"' in chinese


def test_rating_url_is_absolute(world: World, resolved, settings) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    settings.CONCORD_PUBLIC_URL = "https://concord.example.org"
    url = rating_url(case)
    assert url == "https://concord.example.org" + str(rating_path(case))
    assert url.startswith(f"https://concord.example.org/t/{case.receipt}/rate/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submits_at_once_write_one_rating(world: World, resolved) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    path = rating_path(case)
    assert path is not None
    statuses: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def tap() -> None:
        try:
            start.wait()
            statuses.append(Client().post(path, YES, HTTP_ACCEPT_LANGUAGE="en").status_code)
        except BaseException as error:  # surface failures from the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(statuses) == [302, 409]
    assert Rating.objects.count() == 1 and CaseEvent.objects.filter(action="case.rated").count() == 1
