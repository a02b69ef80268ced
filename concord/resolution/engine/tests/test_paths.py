"""The resolution engine: facts read from a case, channels ranked from the rule table."""

from __future__ import annotations

import tomllib

import pytest

from concord.resolution.engine.facts import CaseFacts, extract
from concord.resolution.engine.paths import channel_codes, rules_path, suggest

CATEGORIES = {
    "neighbour_noise": "neighbour",
    "neighbour_leak": "neighbour",
    "neighbour_boundary": "neighbour",
    "neighbour_pets": "neighbour",
    "family": "",
    "inheritance": "",
    "labour": "",
    "property_management": "",
    "housing": "",
    "land": "",
    "consumer": "",
    "medical": "",
    "traffic": "",
    "debt": "",
    "school": "",
    "elder_care": "",
    "other": "",
}


def case(category: str, text: str = "", **attributes: bool | int) -> CaseFacts:
    return CaseFacts(category=category, parent=CATEGORIES.get(category, ""), text=text, **attributes)  # type: ignore[arg-type]


def channels(found: CaseFacts, language: str = "zh-hans") -> list[str]:
    return [suggestion.channel for suggestion in suggest(found, language=language)]


def test_unpaid_wages_go_to_labour_arbitration_with_legal_aid() -> None:
    wages = case("labour", "老板欠了我们三个月工资，一共3万元，包工头跑了")
    facts = extract(wages)
    assert facts.amount == 30000 and facts.employment
    ranked = suggest(wages)
    assert ranked[0].channel == "labour_arbitration" and "legal_aid" in channels(wages)
    assert "¥30,000" in ranked[0].reasons[0]
    english = suggest(wages, language="en")[0]
    assert english.reasons[0].startswith("Unpaid wages or other pay of ¥30,000 from an employer")


def test_old_wage_claim_warns_of_the_one_year_arbitration_limit() -> None:
    ranked = {s.channel: s for s in suggest(case("labour", "两年前老板就开始拖欠工资，一直不给"))}
    assert "labour_arbitration" in ranked
    (warning,) = ranked["labour_arbitration"].warnings
    assert "仲裁时效为一年" in warning and "约两年前" in warning
    recent = {s.channel: s for s in suggest(case("labour", "上个月的工资没发"))}
    assert recent["labour_arbitration"].warnings == ()


def test_neighbour_noise_goes_to_people_mediation() -> None:
    ranked = channels(case("neighbour_noise", "楼上装修噪音天天吵"))
    assert ranked[0] == "people_mediation"
    assert ranked[0] not in {"court_litigation", "labour_arbitration"}


def test_threats_after_failed_mediation_bring_police_and_court() -> None:
    threatened = case("neighbour_noise", "他还威胁要打我", failed_mediation=True)
    assert extract(threatened).violence
    ranked = suggest(threatened)
    assert {"police", "court_litigation"} <= {s.channel for s in ranked}
    police = next(s for s in ranked if s.channel == "police")
    assert any("110" in warning for warning in police.warnings)


def test_medical_harm_goes_to_medical_mediation() -> None:
    medical = case("medical", "手术后感染住院，医院不认")
    facts = extract(medical)
    assert facts.injury and facts.organisation
    assert channels(medical)[0] == "medical_mediation"


def test_traffic_injury_goes_to_traffic_or_court_mediation_with_the_accident_certificate() -> None:
    accident = case("traffic", "电动车撞了我，腿骨折，对方不赔")
    assert extract(accident).injury
    ranked = suggest(accident)
    assert {"traffic_mediation", "court_mediation"} & {s.channel for s in ranked[:2]}
    traffic = next(s for s in ranked if s.channel == "traffic_mediation")
    assert any("事故认定书" in document for document in traffic.documents)


def test_domestic_violence_and_despair_bring_police_and_counselling() -> None:
    abuse = case("family", "老公喝酒后打我，我不想活了")
    assert extract(abuse).violence
    ranked = suggest(abuse)
    assert {"police", "counselling"} <= {s.channel for s in ranked}
    # Counselling goes with resolving the dispute, never instead of it.
    assert ranked[0].channel != "counselling"
    counselling = next(s for s in ranked if s.channel == "counselling")
    assert any("12356" in warning for warning in counselling.warnings)


def test_land_rights_go_to_administrative_ruling() -> None:
    assert "administrative_ruling" in channels(case("land", "宅基地边界和村里有争议，村委会的决定不公平"))


def test_a_government_decision_brings_administrative_reconsideration() -> None:
    assert "administrative_reconsideration" not in channels(case("housing", "楼上漏水"))
    assert "administrative_reconsideration" in channels(case("housing", "征收补偿决定太低，区政府不理"))


def test_english_consumer_case() -> None:
    refund = case("consumer", "The shop refuses to refund 2,500 yuan for a broken phone")
    assert extract(refund).amount == 2500
    first = suggest(refund, language="en")[0]
    assert first.channel == "consumer_mediation"
    assert "12315" in first.reasons[0] and "¥2,500" in first.reasons[0]
    assert all(not any("\u4e00" <= char <= "\u9fff" for char in text) for text in first.reasons + first.documents)


def test_a_large_debt_goes_to_court() -> None:
    debt = case("debt", "前年借给他30万，一直不还")
    assert extract(debt).amount == 300000
    assert {"court_litigation", "court_mediation"} & set(channels(debt)[:2])


@pytest.mark.parametrize(
    "text",
    ["我没有受伤", "没受伤，就是车坏了", "nobody was hurt", "not injured", "No one was hurt.", "I wasn't hurt"],
)
def test_negated_injury_does_not_count(text: str) -> None:
    assert not extract(case("other", text)).injury


@pytest.mark.parametrize("text", ["他没有动手", "he did not hit me", "他从不打人", "nobody threatened anyone"])
def test_negated_violence_does_not_count(text: str) -> None:
    assert not extract(case("other", text)).violence


def test_injury_and_violence_count_when_stated() -> None:
    facts = extract(case("other", "我没有还手，但他打伤了我，住院三天"))
    assert facts.injury and facts.violence


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("3万元", 30000),
        ("欠了8000块", 8000),
        ("¥12,500", 12500),
        ("￥８０００", 8000),
        ("5千", 5000),
        ("两万", 20000),
        ("1.5万", 15000),
        ("三千五", 3500),
        ("十二万", 120000),
        ("RMB 3,000", 3000),
        ("3000 yuan", 3000),
        ("欠我2000，住3号楼", 2000),
        ("先借了5000，后来又借了两万", 20000),
    ],
)
def test_amounts(text: str, amount: int) -> None:
    assert extract(case("debt", text)).amount == amount


@pytest.mark.parametrize(
    "text",
    ["住在3号楼", "电话13812345678", "2024年的事", "下午3点吵起来", "在5楼", "千万不要告诉他", "欠了三个月"],
)
def test_numbers_that_are_not_money(text: str) -> None:
    assert extract(case("debt", text)).amount is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("三年前", 1095),
        ("两年前", 730),
        ("去年开始的", 365),
        ("半年前", 182),
        ("3个月前", 90),
        ("上个月", 30),
        ("It began two years ago", 730),
        ("since last year", 365),
        ("6 months ago", 180),
        ("去年吵过，两年前也吵过", 730),
        ("楼上装修", None),
    ],
)
def test_days_ago(text: str, days: int | None) -> None:
    assert extract(case("other", text)).days_ago == days


def test_days_ago_counts_the_days_the_case_has_been_open() -> None:
    assert extract(case("other", "两年前", days_open=10)).days_ago == 740
    assert extract(case("other", "", days_open=10)).days_ago == 10


def test_employment_and_failed_mediation_from_words() -> None:
    assert extract(case("other", "没有签劳动合同，被辞退了")).employment
    assert not extract(case("consumer", "店老板不给退货")).employment
    assert extract(case("other", "社区调解过没用")).failed_mediation
    assert extract(case("other", "The mediation failed")).failed_mediation
    assert extract(case("other", "", failed_mediation=True)).failed_mediation


def test_every_channel_has_names_reasons_and_documents_in_both_languages() -> None:
    with rules_path().open("rb") as file:
        table = tomllib.load(file)["channel"]
    assert tuple(table) == channel_codes()
    assert len(channel_codes()) == 15
    for code, channel in table.items():
        assert channel["name_zh"] and channel["name_en"], code
        assert isinstance(channel["external"], bool), code
        assert channel["documents_zh"] and channel["documents_en"], code
        assert all(row["zh"] and row["en"] for row in channel["reason"]), code
    external = {code for code, channel in table.items() if channel["external"]}
    assert {"court_litigation", "labour_arbitration", "administrative_ruling"} <= external


@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_every_category_gets_a_suggestion(category: str) -> None:
    assert suggest(case(category)), category
    assert suggest(case(category), language="en"), category


def test_suggestions_are_deterministic_limited_and_well_formed() -> None:
    found = case("neighbour_noise", "他还威胁要打我，调解失败了", organisation_party=True)
    first = suggest(found)
    assert first == suggest(found)
    assert len(suggest(found, limit=2)) == 2 and suggest(found, limit=0) == []
    scores = [s.score for s in first]
    assert scores == sorted(scores, reverse=True) and all(score > 0 for score in scores)
    assert all(s.channel in channel_codes() and s.reasons and s.documents for s in first)
