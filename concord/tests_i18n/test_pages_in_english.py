"""Every page, asked for in English, has no Chinese left in its interface (the test world's
data is all in English, so any Chinese text would be an untranslated or misrouted string)."""

from __future__ import annotations

import re

import pytest

from concord.cases import services
from concord.testing import World

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


def chinese_in(body: str) -> list[str]:
    body = body.replace("简体中文", "")  # the language switch names Chinese in Chinese, on purpose
    return sorted({match.group(0) for match in re.finditer(r"[^<>]*" + CJK.pattern + r"[^<>]*", body)})


def test_public_and_staff_pages_in_english(world: World, client, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    services.accept_case(case, actor=world.grid_worker)
    staff = as_user(world.grid_worker)
    pages = [
        (client, "/"),
        (client, f"/r/{world.grid_a1a1.code}"),
        (client, f"/r/{world.community_a1a.code}"),
        (client, "/r/"),
        (client, "/t/"),
        (client, f"/t/{case.receipt}?new=1"),
        (client, "/t/NOTAREALCODE"),
        (client, "/staff/login/"),
        (staff, "/staff/"),
        (staff, "/staff/?tab=unit"),
        (staff, "/staff/?tab=area"),
        (staff, f"/staff/cases/{case.pk}"),
        (staff, f"/staff/hotline?region={world.grid_a1a1.code}"),
        (staff, "/staff/regions/"),
        (staff, "/staff/api-tokens/"),
        (client, "/open311/v2/services/neighbour_noise.json"),
        (client, "/open311/v2/requests.json?status=nonsense"),
    ]
    for who, url in pages:
        response = who.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code in (200, 400, 404), url
        assert chinese_in(response.content.decode()) == [], url


def test_form_errors_in_english(world: World, client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/r/{world.grid_a1a1.code}", {"description": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert chinese_in(response.content.decode()) == []


def test_a_posters_chinese_is_only_its_bilingual_text(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    """A poster is bilingual whatever the page language: Chinese only in its call to action."""
    response = as_user(world.grid_worker).get(
        f"/staff/regions/{world.grid_a1a1.code}/poster", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Scan to report a dispute" in body and chinese_in(body)
