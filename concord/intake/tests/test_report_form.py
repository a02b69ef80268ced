"""A resident reports a dispute through the public form and follows it."""

from __future__ import annotations

import pytest
from django.test import Client

from concord.cases.models import Case, CaseEvent, Party, PartyKind, Status
from concord.crypto import keyed_hash
from concord.notify.models import Notification
from concord.testing import World

pytestmark = pytest.mark.django_db


def form_data(world: World, client: Client, url: str, **overrides: object) -> dict[str, object]:
    page = client.get(url)
    token = page.context["form"].initial["submission_token"]
    data: dict[str, object] = {
        "category": world.noise.pk,
        "description": "楼上每天半夜装修，已经持续两周了。",
        "name": "王芳",
        "phone": "138 0013 8000",
        "other_party": "楼上 1502 住户",
        "consent": "on",
        "submission_token": token,
    }
    data.update(overrides)
    return data


def test_form_is_in_chinese_by_default_and_english_on_request(world: World, client: Client) -> None:
    zh = client.get(f"/r/{world.grid_a1a1.code}")
    assert zh.status_code == 200
    assert "举报" in zh.content.decode() or "反映" in zh.content.decode()
    assert world.noise.description_zh in zh.content.decode()
    en = client.get(f"/r/{world.grid_a1a1.code}", HTTP_ACCEPT_LANGUAGE="en")
    assert "Report a dispute" in en.content.decode()
    assert world.noise.description_en in en.content.decode()


def test_language_switch_is_remembered(world: World, client: Client) -> None:
    url = f"/r/{world.grid_a1a1.code}"
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert "Report a dispute" in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_report_lands_with_the_grid_worker_and_gives_a_receipt(world: World, client: Client) -> None:
    url = f"/r/{world.grid_a1a1.code}"
    response = client.post(url, form_data(world, client, url))
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/t/{case.receipt}?new=1"
    assert case.unit == world.community_office
    assert case.assignee == world.grid_worker
    assert case.status == Status.REPORTED
    assert (case.grid, case.community, case.street, case.district, case.city) == (
        world.grid_a1a1,
        world.community_a1a,
        world.street_a1,
        world.district_a,
        world.city,
    )
    hours = (case.sign_for_deadline - case.created_at).total_seconds() / 3600
    assert hours == pytest.approx(2)
    assert (case.resolution_deadline - case.created_at).days == world.noise.resolution_days
    assert case.due_at == case.sign_for_deadline
    assert list(CaseEvent.objects.values_list("action", flat=True)) == ["case.reported"]
    assert Notification.objects.filter(case=case, recipient_user=world.grid_worker).count() == 1
    reporter = Party.objects.get(case=case, role="reporter")
    assert reporter.phone_hash == keyed_hash("phone", "13800138000")
    assert "13800138000" not in reporter.phone_encrypted
    other = Party.objects.get(case=case, role="other_party")
    assert other.name == "楼上 1502 住户" and other.kind == PartyKind.PERSON

    receipt_page = client.get(response["Location"])
    assert receipt_page.status_code == 200
    assert f"{case.receipt[:5]}-{case.receipt[5:]}" in receipt_page.content.decode()


def test_invalid_report_keeps_what_was_typed_and_explains(world: World, client: Client) -> None:
    url = f"/r/{world.grid_a1a1.code}"
    data = form_data(world, client, url, description="吵", consent="")
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please write a little more" in body
    assert "Please confirm that you have read how your report is used." in body
    assert "138 0013 8000" in body or "13800138000" in body
    assert "楼上 1502 住户" in body
    assert Case.objects.count() == 0


def test_invalid_report_errors_are_translated(world: World, client: Client) -> None:
    url = f"/r/{world.grid_a1a1.code}"
    response = client.post(url, form_data(world, client, url, category=""), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "请选择" in response.content.decode()


def test_sending_the_same_form_twice_records_one_case(world: World, client: Client) -> None:
    url = f"/r/{world.grid_a1a1.code}"
    data = form_data(world, client, url)
    first = client.post(url, data)
    second = client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1


def test_anonymous_report_keeps_no_reporter_details(world: World, client: Client) -> None:
    url = f"/r/{world.grid_a1a1.code}"
    client.post(url, form_data(world, client, url, anonymous="on"))
    case = Case.objects.get()
    assert case.reporter_anonymous
    assert not case.parties.filter(role="reporter").exists()


def test_organisation_as_other_party(world: World, client: Client) -> None:
    url = f"/r/{world.grid_a1a1.code}"
    data = form_data(
        world, client, url, category=world.labour.pk, other_party="恒达服装厂", other_party_is_organisation="on"
    )
    client.post(url, data)
    assert Party.objects.get(role="other_party").kind == PartyKind.ORGANISATION


def test_community_code_offers_its_grids_to_pick_from(world: World, client: Client) -> None:
    url = f"/r/{world.community_a1a.code}"
    page = client.get(url)
    assert world.grid_a1a2.name in page.content.decode()
    client.post(url, form_data(world, client, url, area=world.grid_a1a2.code))
    assert Case.objects.get().grid == world.grid_a1a2


def test_not_sure_keeps_the_community(world: World, client: Client) -> None:
    url = f"/r/{world.community_a1a.code}"
    client.post(url, form_data(world, client, url, area=""))
    case = Case.objects.get()
    assert case.region == world.community_a1a and case.grid is None
    assert case.unit == world.community_office


def test_unknown_region_code_is_404(world: World, client: Client) -> None:
    assert client.get("/r/999999").status_code == 404


def test_consent_line_says_purpose_audience_and_retention(world: World, client: Client) -> None:
    body = client.get(f"/r/{world.grid_a1a1.code}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "used only to help resolve this dispute" in body
    assert "grid worker and mediators responsible for this area" in body
    assert "kept for 3 years" in body
