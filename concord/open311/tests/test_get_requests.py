"""GET requests: the public view of cases, its filters, its privacy and its cost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concord.cases import services
from concord.cases.models import Case, Category, RejectionReason
from concord.open311.tests.support import as_strings, validate, xml_to_data

pytestmark = pytest.mark.django_db


def reject(case, world, reason) -> None:
    services.reject_case(case, actor=world.grid_worker, reason=reason, note="Not for mediation here.")


def ids(response) -> list[str]:
    return [item["service_request_id"] for item in response.json()]


def test_list_shows_the_public_view_only(client, world, report_case):
    case = report_case(description="Wang Fang at No. 3 plays loud music", phone="13911112222")
    services.add_note(case, actor=world.grid_worker, note="Internal: neighbour has a record", public=False)
    services.add_note(case, actor=world.grid_worker, note="We will visit on Monday.", public=True)
    response = client.get("/open311/v2/requests.json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    data = response.json()
    validate("requests", data)
    (item,) = data
    assert item["service_request_id"] == str(case.pk)
    assert item["status"] == "open"
    assert item["status_notes"] == "We will visit on Monday."
    assert item["service_code"] == "neighbour_noise"
    # Coarsened to the grid: its centroid and its name, never the resident's words.
    assert (item["lat"], item["long"]) == (world.grid_a1a1.centroid_lat, world.grid_a1a1.centroid_lon)
    assert item["address"].startswith("Grid A1a1, Community A1a")
    assert item["address_id"] == world.grid_a1a1.code
    assert item["description"] is None and item["media_url"] is None and item["agency_responsible"] is None
    text = response.content.decode()
    for private in ("Wang Fang", "13911112222", "Internal", case.receipt, "grid_worker", "Grid Worker"):
        assert private not in text
    xml = client.get("/open311/v2/requests.xml", HTTP_ACCEPT_LANGUAGE="en")
    assert xml_to_data(xml.content) == as_strings(data)


def test_w3c_datetimes_carry_the_time_zone(client, world, report_case):
    report_case()
    item = client.get("/open311/v2/requests.json").json()[0]
    assert item["requested_datetime"].endswith("+08:00")
    assert item["expected_datetime"].endswith("+08:00")


def test_family_and_health_matters_are_not_listed(client, world, report_case):
    listed = report_case()
    family = report_case(category=Category.objects.get(code="family"))
    medical = report_case(category=Category.objects.get(code="medical"))
    assert ids(client.get("/open311/v2/requests.json")) == [str(listed.pk)]
    for hidden in (family, medical):
        assert client.get(f"/open311/v2/requests/{hidden.pk}.json").status_code == 404
        assert client.get(f"/open311/v2/requests.json?service_request_id={hidden.pk}").json() == []


def test_cases_rejected_as_private_are_not_listed(client, world, report_case):
    private = report_case()
    duplicate = report_case()
    services.reject_case(
        private, actor=world.grid_worker, reason=RejectionReason.PRIVATE, note="Asks not to be listed."
    )
    services.reject_case(
        duplicate, actor=world.grid_worker, reason=RejectionReason.NOT_A_DISPUTE, note="A question, not a dispute."
    )
    assert ids(client.get("/open311/v2/requests.json")) == [str(duplicate.pk)]
    assert client.get("/open311/v2/requests.json").json()[0]["status"] == "closed"
    assert client.get(f"/open311/v2/requests/{private.pk}.json").status_code == 404


def test_the_submitting_app_may_follow_an_unlisted_request(client, post_request, app_key):
    request_id = post_request(service_code="family").json()[0]["service_request_id"]
    assert client.get(f"/open311/v2/requests/{request_id}.json").status_code == 404
    response = client.get(f"/open311/v2/requests/{request_id}.json?api_key={app_key}")
    assert ids(response) == [request_id]


def test_filters_status_service_and_ids(client, world, report_case):
    noise = report_case()
    labour = report_case(category=world.labour)
    services.reject_case(
        labour, actor=world.grid_worker, reason=RejectionReason.NOT_A_DISPUTE, note="A question, not a dispute."
    )
    get = client.get
    assert ids(get("/open311/v2/requests.json?status=open")) == [str(noise.pk)]
    assert ids(get("/open311/v2/requests.json?status=closed")) == [str(labour.pk)]
    assert ids(get("/open311/v2/requests.json?status=open,closed")) == [str(labour.pk), str(noise.pk)]
    assert ids(get("/open311/v2/requests.json?service_code=labour")) == [str(labour.pk)]
    assert ids(get(f"/open311/v2/requests.json?service_request_id={noise.pk},{labour.pk}&status=open")) == [
        str(labour.pk),
        str(noise.pk),
    ]
    assert get("/open311/v2/requests.json?status=pending").status_code == 400
    assert get("/open311/v2/requests.json?service_code=nope").status_code == 400
    assert get("/open311/v2/requests.json?service_request_id=1;2").status_code == 400


def test_date_window(client, world, report_case):
    old = report_case()
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=120))
    recent = report_case()
    assert ids(client.get("/open311/v2/requests.json")) == [str(recent.pk)]  # the last 90 days by default
    start = (timezone.now() - timedelta(days=130)).date().isoformat()
    end = (timezone.now() - timedelta(days=100)).date().isoformat()
    assert ids(client.get(f"/open311/v2/requests.json?start_date={start}&end_date={end}")) == [str(old.pk)]
    assert ids(client.get(f"/open311/v2/requests.json?start_date={start}T00:00:00%2B08:00")) == [str(old.pk)]
    too_long = client.get(f"/open311/v2/requests.json?start_date={start}", HTTP_ACCEPT_LANGUAGE="en")
    assert ids(too_long) == [str(old.pk)]  # start alone: the 90 days from it
    wide = client.get("/open311/v2/requests.json?start_date=2026-01-01&end_date=2026-06-01", HTTP_ACCEPT_LANGUAGE="en")
    assert wide.status_code == 400
    assert wide.json()[0]["description"] == "start_date and end_date may be at most 90 days apart."
    assert client.get("/open311/v2/requests.json?start_date=yesterday").status_code == 400
    assert client.get(f"/open311/v2/requests.json?start_date={end}&end_date={start}").status_code == 400


def test_pages(client, world, report_case):
    made = [report_case() for _ in range(5)]
    newest_first = [str(case.pk) for case in reversed(made)]
    assert ids(client.get("/open311/v2/requests.json?page_size=2")) == newest_first[:2]
    assert ids(client.get("/open311/v2/requests.json?page_size=2&page=3")) == newest_first[4:]
    assert client.get("/open311/v2/requests.json?page_size=2&page=4").json() == []
    assert client.get("/open311/v2/requests.json?page_size=1001").status_code == 400
    assert client.get("/open311/v2/requests.json?page=0").status_code == 400


def test_query_count_does_not_grow_with_the_results(client, world, report_case):
    report_case()
    client.get("/open311/v2/requests.json")  # warm the per-process reference cache
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/open311/v2/requests.json").json()) == 1
    for _ in range(12):
        case = report_case()
        services.add_note(case, actor=world.grid_worker, note="Visited.", public=True)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/open311/v2/requests.json").json()) == 13
    assert len(many) == len(one) <= 2


def test_single_request_in_both_formats(client, world, report_case):
    case = report_case()
    data = client.get(f"/open311/v2/requests/{case.pk}.json").json()
    validate("requests", data)
    xml = client.get(f"/open311/v2/requests/{case.pk}.xml")
    assert xml_to_data(xml.content) == as_strings(data)
    assert client.get("/open311/v2/requests/999999.json").status_code == 404
    assert client.get("/open311/v2/requests/abc.json").status_code == 404


def test_outside_the_listing_window_a_case_is_still_found_by_id(client, world, report_case):
    case = report_case()
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=400))
    assert ids(client.get(f"/open311/v2/requests/{case.pk}.json")) == [str(case.pk)]


def test_elder_care_and_new_subcategories_of_unlisted_ones_are_not_listed(client, world, report_case):
    family = Category.objects.get(code="family")
    child = Category.objects.create(
        code="family_new", parent=family, name_zh="新", name_en="New", description_zh="新", description_en="New"
    )
    report_case(category=Category.objects.get(code="elder_care"))
    report_case(category=child)
    assert client.get("/open311/v2/requests.json").json() == []


@pytest.mark.parametrize(
    "query",
    [
        "start_date=9999-12-31",
        "start_date=0001-01-01&end_date=0001-02-01",
        "end_date=0001-01-01",
        "service_request_id=%C2%B2",
        "service_request_id=99999999999999999999999999",
        "page=99999999999999999999",
    ],
)
def test_odd_input_is_a_400_not_a_crash(client, world, query):
    assert client.get(f"/open311/v2/requests.json?{query}").status_code == 400


def test_odd_request_ids_are_a_404(client, world):
    for request_id in ("%C2%B2", "99999999999999999999999999"):
        assert client.get(f"/open311/v2/requests/{request_id}.json").status_code == 404
