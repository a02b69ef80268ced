"""POST requests: a report from an Open311 app becomes a case exactly like a web report."""

from __future__ import annotations

import pytest

from concord.cases.models import Case, CaseEvent, Channel, PartyKind, PartyRole
from concord.crypto import decrypt_value
from concord.open311.models import Client
from concord.open311.services import revoke_client
from concord.open311.tests.support import validate, xml_to_data

pytestmark = pytest.mark.django_db


def test_post_creates_a_routed_case_like_the_web_form(post_request, world, report_case):
    response = post_request(HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body) == 1
    case = Case.objects.get(pk=int(body[0]["service_request_id"]))
    web = report_case()  # the same place and kind of dispute through the web intake service
    assert case.channel == Channel.OPEN311
    assert (case.unit, case.assignee, case.grid) == (web.unit, web.assignee, web.grid)
    assert case.assignee == world.grid_worker
    assert case.resolution_deadline - case.created_at == web.resolution_deadline - web.created_at
    assert body[0]["token"] == case.submission_token
    notice = body[0]["service_notice"]
    assert case.receipt[:5] in notice and f"/t/{case.receipt}" in notice
    reporter = case.parties.get(role=PartyRole.REPORTER)
    assert reporter.name == "Fang Wang"
    assert decrypt_value(reporter.phone_encrypted) == "13800138000"
    assert not case.reporter_anonymous


def test_post_response_in_xml(post_request):
    response = post_request("xml")
    assert response.status_code == 201
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    (item,) = xml_to_data(response.content)
    assert Case.objects.filter(pk=int(item["service_request_id"])).exists()
    assert item["token"].startswith("o311-")


def test_location_by_lat_long_finds_the_grid(post_request, world):
    response = post_request(address_id=None, lat="30.02", long="104.07")  # inside grid A1a2
    case = Case.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert case.grid == world.grid_a1a2
    assert (case.latitude, case.longitude) == (30.02, 104.07)


def test_location_by_address_string_names_an_area(post_request, world):
    response = post_request(address_id=None, address_string="12 Main Road, Grid A1a2, Community A1a")
    case = Case.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert case.region == world.grid_a1a2


def test_location_outside_the_city_is_refused(post_request):
    response = post_request(address_id=None, lat="10.0", long="10.0", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()[0]["description"] == "This location is outside the area Concord serves."


def test_every_problem_is_reported_at_once(post_request):
    response = post_request(
        service_code="nope", address_id=None, description="short", phone="12", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    descriptions = [error["description"] for error in response.json()]
    assert len(descriptions) == 4
    assert descriptions[0].startswith("Unknown service_code nope")
    assert Case.objects.count() == 0


def test_description_limit_is_4000_characters(post_request):
    assert post_request(description="x" * 4001).status_code == 400
    assert post_request(description="x" * 4000).status_code == 201


def test_attributes_are_kept_and_the_other_party_recorded(post_request):
    response = post_request(
        service_code="labour",
        **{
            "attribute[other_party]": "Hengda Garment Factory",
            "attribute[other_party_kind]": "organisation",
            "attribute[people_affected]": "37",
            "attribute[started_on]": "2026-09-01",
            "attribute[help_wanted][]": ["mediation", "legal_advice"],
            "attribute[desired_outcome]": "Wages for August and September paid.",
            "device_id": "device-1",
            "account_id": "acct-9",
            "email": "Fang@Example.org",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()[0]["account_id"] == "acct-9"
    case = Case.objects.get(pk=int(response.json()[0]["service_request_id"]))
    other = case.parties.get(role=PartyRole.OTHER_PARTY)
    assert (other.name, other.kind) == ("Hengda Garment Factory", PartyKind.ORGANISATION)
    assert decrypt_value(case.parties.get(role=PartyRole.REPORTER).email_encrypted) == "fang@example.org"
    data = CaseEvent.objects.get(case=case, action="case.reported").data
    assert data["answers"] == {
        "people_affected": 37,
        "started_on": data["answers"]["started_on"],
        "help_wanted": ["mediation", "legal_advice"],
        "desired_outcome": "Wages for August and September paid.",
    }
    assert data["answers"]["started_on"].startswith("2026-09-01T00:00:00")
    assert (data["device_id"], data["account_id"], data["channel"]) == ("device-1", "acct-9", "open311")
    assert data["open311_client"] == Client.objects.get().pk


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("attribute[other_party_kind]", "robot"),
        ("attribute[people_affected]", "many"),
        ("attribute[started_on]", "last spring"),
        ("attribute[help_wanted][]", "magic"),
        ("attribute[shoe_size]", "42"),
    ],
)
def test_bad_answers_are_refused(post_request, field, value):
    response = post_request(**{field: value}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("attribute[")


def test_a_report_without_contact_is_anonymous(post_request):
    response = post_request(first_name=None, last_name=None, phone=None)
    case = Case.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert case.reporter_anonymous
    assert not case.parties.exists()


def test_api_key_is_required_and_revocable(post_request, client, app_key):
    assert post_request(api_key=None).status_code == 403
    assert post_request(api_key="o311_wrong").status_code == 403
    revoke_client(Client.objects.get())
    response = post_request(HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "revoked" in response.json()[0]["description"]
    assert Case.objects.count() == 0


def test_rate_limit_per_key(post_request, settings):
    settings.CONCORD_OPEN311_RATE_PER_MINUTE = 2
    assert post_request().status_code == 201
    assert post_request().status_code == 201
    response = post_request(HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "2 per minute" in response.json()[0]["description"]
    assert Case.objects.count() == 2


def test_a_client_may_have_its_own_rate(post_request, settings):
    settings.CONCORD_OPEN311_RATE_PER_MINUTE = 1
    Client.objects.update(rate_per_minute=3)
    assert [post_request().status_code for _ in range(4)] == [201, 201, 201, 429]


def test_idempotency_key_records_one_case(post_request):
    first = post_request(headers={"Idempotency-Key": "abc-1"})
    again = post_request(headers={"Idempotency-Key": "abc-1"})
    assert first.json()[0]["service_request_id"] == again.json()[0]["service_request_id"]
    other = post_request(headers={"Idempotency-Key": "abc-2"})
    assert other.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]
    assert Case.objects.count() == 2


def test_jurisdiction_must_contain_the_location(post_request):
    assert post_request(jurisdiction_id="51").status_code == 201
    assert post_request(jurisdiction_id="77").status_code == 404


def test_token_leads_to_the_request(post_request, client):
    body = post_request().json()[0]
    for fmt in ("json", "xml"):
        response = client.get(f"/open311/v2/tokens/{body['token']}.{fmt}")
        assert response.status_code == 200
        data = response.json() if fmt == "json" else xml_to_data(response.content)
        assert data == [{"service_request_id": body["service_request_id"], "token": body["token"]}]
    assert client.get("/open311/v2/tokens/o311-unknown.json").status_code == 404


def test_post_then_get_validates_against_the_schema(post_request, client):
    request_id = post_request().json()[0]["service_request_id"]
    data = client.get(f"/open311/v2/requests/{request_id}.json").json()
    validate("requests", data)
    assert data[0]["service_code"] == "neighbour_noise"


def test_workers_see_the_answers_on_the_case_page(post_request, world, as_user):
    response = post_request(
        **{
            "attribute[people_affected]": "4",
            "attribute[help_wanted][]": ["mediation"],
            "media_url": "https://photos.example.org/1.jpg",
        }
    )
    case_id = response.json()[0]["service_request_id"]
    page = as_user(world.grid_worker).get(f"/staff/cases/{case_id}", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "How many people are affected?" in text and "<dd>4</dd>" in text
    assert "<dd>mediation</dd>" in text
    assert 'href="https://photos.example.org/1.jpg"' in text
    # Rendered in both languages when the report came in: a Chinese reader sees them in Chinese.
    chinese = as_user(world.grid_worker).get(f"/staff/cases/{case_id}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "涉及多少人？" in chinese.content.decode() and "<dd>调解</dd>" in chinese.content.decode()


def test_nul_characters_are_refused(post_request):
    assert post_request(description="Loud music every night\x00 after midnight.").status_code == 400
    assert post_request(**{"attribute[other_party]": "A\x00B"}).status_code == 400
    assert Case.objects.count() == 0


def test_no_handling_unit_is_a_400_in_the_errors_shape(post_request, world):
    from concord.accounts.models import Unit

    Unit.objects.all().delete()
    from concord.refcache import reference_cache

    reference_cache.clear()
    response = post_request(HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()[0]["code"] == 400


def test_address_string_prefers_the_longest_name(post_request, world):
    from concord.geo.models import Level, Region
    from concord.testing import square

    east = Region.objects.create(
        code="51010100100103",
        level=Level.GRID,
        parent=world.community_a1a,
        name_zh="Grid A1a1 East",
        name_en="Grid A1a1 East",
        boundary=square(104.0, 30.05, 0.05),
    )
    response = post_request(address_id=None, address_string="3 River Lane, Grid A1a1 East, Community A1a")
    case = Case.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert case.region == east
