"""The receipt of a report that reads as urgent says, first, what to do now: the police number to
tap, a safe place, the receipt, how soon a worker calls, and for self-harm the crisis line. It
never shows a level or a score. Later visits keep one compact line; ordinary reports get none."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from concord.cases import services
from concord.cases.models import Case, Outcome
from concord.risk.engine.levels import URGENT
from concord.testing import World

pytestmark = pytest.mark.django_db

STRANGLED = "掐我脖子，说要杀了我"
JUMP = "不想活了，准备去楼顶跳下去"
THREAT_EN = "My husband hit me and said he will kill me tonight."
NOISE = "楼上邻居每天晚上装修，太吵了，睡不着。"


def receipt_page(client: Client, case: Case, *, language: str = "en", new: bool = True) -> str:
    response = client.get(f"/t/{case.receipt}", {"new": "1"} if new else {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def main_part(body: str) -> str:
    """The page's content, without the header (the language switcher)."""
    return body[body.index("<main") :]


def assert_no_level_or_score(body: str, case: Case) -> None:
    lowered = main_part(body).lower()
    assert "risk" not in lowered and "score" not in lowered
    assert "风险" not in lowered and "评分" not in lowered and "分值" not in lowered
    assert "critical" not in lowered and "危急" not in lowered
    assert "strangulation" not in lowered and "self-harm" not in lowered


@pytest.mark.parametrize("description", [STRANGLED, THREAT_EN])
def test_a_threat_report_is_urgent_and_its_receipt_starts_with_what_to_do(
    world: World, client: Client, report_case, description: str
) -> None:  # type: ignore[no-untyped-def]
    case = report_case(description=description)
    assert case.risk_level >= URGENT
    body = receipt_page(client, case)
    content = main_part(body)
    # First thing on the page, before the thank-you and the receipt code.
    assert content.index('class="urgent-help"') < content.index("Thank you. Your report has been received.")
    assert content.index("What to do now") < content.index('class="receipt"')
    assert "If you are in danger now, call 110." in content
    assert re.search(r'<a class="call-button police" href="tel:110">Call 110</a>', content)
    assert "Get to a safe place" in content
    assert "Keep your receipt code" in content
    assert "A worker will contact you within 30 minutes." in content
    assert 'href="tel:120"' in content
    # Not self-harm: no crisis line.
    assert "tel:12356" not in content and "You are not alone" not in content
    assert_no_level_or_score(body, case)


def test_a_self_harm_report_puts_the_crisis_line_first(world: World, client: Client, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case(description=JUMP)
    assert case.risk_level >= URGENT
    content = main_part(receipt_page(client, case))
    assert "You are not alone." in content
    crisis = content.index('<a class="call-button" href="tel:12356">Call the crisis line 12356</a>')
    police = content.index('<a class="call-button police" href="tel:110">Call 110</a>')
    assert crisis < police < content.index("Thank you. Your report has been received.")
    assert "If you or someone else may be hurt right now, call 110." in content
    assert "Keep away from high places" in content
    assert "Get to a safe place" not in content
    assert "A worker will contact you within 30 minutes." in content
    assert_no_level_or_score(content, case)


def test_in_chinese_the_numbers_are_the_same_and_no_level_shows(world: World, client: Client, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case(description=JUMP)
    body = receipt_page(client, case, language="zh-hans")
    assert '<html lang="zh-hans">' in body
    content = main_part(body)
    assert 'href="tel:12356"' in content and 'href="tel:110"' in content
    assert content.index('class="urgent-help"') < content.index('class="receipt"')
    assert_no_level_or_score(body, case)


def test_the_local_numbers_come_from_settings(world: World, client: Client, report_case, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_POLICE_NUMBER = "999"
    settings.CONCORD_CRISIS_LINE = "4008161117"
    settings.CONCORD_URGENT_SIGN_FOR_MINUTES = 20
    content = main_part(receipt_page(client, report_case(description=JUMP)))
    assert 'href="tel:999"' in content and 'href="tel:4008161117"' in content and "tel:110" not in content
    assert "within 20 minutes" in content


def test_later_visits_keep_one_compact_line_while_the_case_is_open(world: World, client: Client, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case(description=JUMP)
    content = main_part(receipt_page(client, case, new=False))
    assert 'class="urgent-help"' not in content
    line = re.search(r'<p class="urgent-line" role="note">(.*?)</p>', content, re.DOTALL)
    assert line, content[:2000]
    assert content.index('class="urgent-line"') < content.index("<h1")
    assert 'href="tel:110"' in line.group(1) and 'href="tel:12356"' in line.group(1)
    assert "A worker will contact you soon." in line.group(1)

    services.accept_case(case, actor=world.grid_worker)
    line = re.search(r'<p class="urgent-line" role="note">(.*?)</p>', main_part(receipt_page(client, case, new=False)))
    assert line and 'href="tel:110"' in line.group(1)
    assert "contact you" not in line.group(1)  # someone has signed for it: no promise of a call

    services.resolve_case(case, actor=world.grid_worker, outcome=Outcome.ADVICE, summary="Counselling arranged.")
    content = main_part(receipt_page(client, case, new=False))
    assert "urgent-line" not in content and "tel:110" not in content


def test_an_ordinary_noise_complaint_gets_none_of_it(world: World, client: Client, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case(description=NOISE)
    assert case.risk_level < URGENT
    for new in (True, False):
        content = main_part(receipt_page(client, case, new=new))
        assert "urgent-help" not in content and "urgent-line" not in content
        assert "tel:110" not in content and "tel:12356" not in content and "What to do now" not in content
    assert "Thank you. Your report has been received." in main_part(receipt_page(client, case))
