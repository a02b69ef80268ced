"""Text signals fire on what the text states, with the exact words of the original text."""

from __future__ import annotations

import re

import pytest

from concord.risk.text import Signal, find_signals, normalise


def words(text: str, factor: str) -> list[str]:
    return [signal.words for signal in find_signals(text) if signal.factor == factor]


def factors(text: str) -> set[str]:
    return {signal.factor for signal in find_signals(text)}


@pytest.mark.parametrize(
    ("text", "factor", "expected"),
    [
        ("我要杀了他", "threat_to_kill", "要杀了他"),
        ("对方说不还钱就同归于尽", "threat_to_kill", "同归于尽"),
        ("对方说不还钱就同归于尽", "self_harm", "同归于尽"),
        ("我真的不想活了", "self_harm", "不想活"),
        ("工头说再不发工资就去跳楼", "self_harm", "跳楼"),
        ("吵架时我看见他有刀", "weapon", "有刀"),
        ("He threatened to kill me.", "threat_to_kill", "threatened to kill me"),
        ("I'm scared.", "fear", "scared"),
        ("Last night he choked me.", "strangulation", "choked"),
        ("Fifty workers have not been paid.", "group_dispute", "Fifty workers"),
        ("Fifty workers have not been paid.", "large_sums", "have not been paid"),
        ("他说要弄死我", "threat_to_kill", "弄死"),
        ("she told me she would jump off the roof", "self_harm", "would jump off the roof"),
        ("I want to kill myself", "self_harm", "kill myself"),
        ("他掐住我的脖子", "strangulation", "掐住我的脖子"),
        ("前夫天天跟踪我", "stalking", "跟踪"),
        ("他喝醉了就打我", "substance", "喝醉"),
        ("他喝醉了就打我", "prior_violence", "打我"),
        ("借给他三十万元", "large_sums", "三十万"),
        ("We lost 600,000 yuan.", "large_sums", "600,000 yuan"),
        ("三百多户业主联名反对", "group_dispute", "三百多户业主"),
        ("我怀孕七个月了", "vulnerable_people", "怀孕"),
    ],
)
def test_examples_fire_with_their_words(text: str, factor: str, expected: str) -> None:
    assert expected in words(text, factor)


def test_span_points_into_the_original_text() -> None:
    text = "邻居说：我要殺了你！"
    (signal,) = [s for s in find_signals(text) if s.factor == "threat_to_kill"]
    assert text[signal.start : signal.end] == signal.words == "要殺了你"


@pytest.mark.parametrize(
    "text",
    [
        "他没有威胁我，只是说话大声。",
        "No weapons involved, it was a shouting match.",
        "She said she would never hurt him.",
        "他说他永远不会伤害她。",
        "He has never hit anyone.",
        "双方都没有动手，也没有人受伤。",
        "I'm not afraid of him, I just want the money back.",
        "我不怕他，就是想把钱要回来。",
        "Nobody was hurt and nobody threatened anyone.",
        "现场没有发现任何凶器。",
    ],
)
def test_negations_do_not_fire(text: str) -> None:
    assert factors(text) <= {"distress"}, find_signals(text)


@pytest.mark.parametrize(
    "text",
    [
        "他会不会对我动手？",
        "Could the dispute turn violent if we go to court?",
        "如果他动手怎么办",
        "新闻上说外地有人因为讨薪跳楼。",
        "I read in the news that a man jumped from a building over unpaid wages.",
    ],
)
def test_questions_conditions_and_strangers_do_not_fire(text: str) -> None:
    assert factors(text) <= {"distress"}, find_signals(text)


@pytest.mark.parametrize(
    ("text", "factor"),
    [
        ("他说要杀了我全家。", "threat_to_kill"),
        ("My ex told my sister he is going to kill me.", "threat_to_kill"),
        ("她说如果再逼她还钱，她就从楼上跳下去。", "self_harm"),
        ("He said he would kill me if I leave.", "threat_to_kill"),
        ("他不是第一次打人了。", "prior_violence"),
    ],
)
def test_reported_and_conditional_threats_still_fire(text: str, factor: str) -> None:
    assert factor in factors(text)


@pytest.mark.parametrize(
    ("text", "idiom"),
    [
        ("楼上装修，噪音吵得我想死。", "吵得我想死"),
        ("This noise is killing me.", "is killing me"),
        ("I could kill for some sleep.", "could kill for"),
        ("对面工地天天打桩，烦死人了。", "烦死人了"),
        ("I'm dying to move out.", "dying to"),
    ],
)
def test_idioms_are_distress_not_self_harm_or_threats(text: str, idiom: str) -> None:
    assert factors(text) == {"distress"}
    assert words(text, "distress") == [idiom]


def test_a_real_statement_in_a_noise_context_is_self_harm() -> None:
    text = "楼上天天装修，我已经被噪音折磨得不想活了，真想从楼上跳下去。"
    assert words(text, "self_harm") == ["不想活", "从楼上跳下去"]


@pytest.mark.parametrize(
    "text",
    [
        "网上买的刀具收到时刀刃有缺口。",
        "The store sold me a kitchen knife set with a broken handle.",
        "老人在养老院摔倒骨折，家属要求赔偿。",
        "I hurt my back lifting boxes at work.",
        "I'm afraid the repair will cost more than the deposit.",
        "Someone jumped the queue at the clinic.",
        "The pest control company killed the wrong plants.",
        "物业费从每平米１．５元涨到２．８元。",
        "在医院看牙多收了两百块检查费。",
    ],
)
def test_look_alikes_do_not_fire(text: str) -> None:
    assert factors(text) <= {"vulnerable_people"}, find_signals(text)


@pytest.mark.parametrize(
    ("text", "factor", "expected"),
    [
        ("他拿著刀說要殺了我。", "threat_to_kill", "要殺了我"),
        ("他拿著刀說要殺了我。", "weapon", "拿著刀"),
        ("我真的不想活了，這日子沒法過了。", "self_harm", "不想活"),
        ("鄰居威脅說要找人打我。", "threat_of_harm", "威脅"),
        ("他说：“我要杀了你！！”", "threat_to_kill", "要杀了你"),
        ("公司拖欠５０名工人工资共计８０万元。", "group_dispute", "５０名工人"),
        ("公司拖欠５０名工人工资共计８０万元。", "large_sums", "８０万"),
        ("ＨＥ ＴＨＲＥＡＴＥＮＥＤ ＴＯ ＫＩＬＬ ＭＥ", "threat_to_kill", "ＴＨＲＥＡＴＥＮＥＤ ＴＯ ＫＩＬＬ ＭＥ"),
        ("He said: \u201cI\u2019ll KILL YOU!\u201d", "threat_to_kill", "KILL YOU"),
    ],
)
def test_traditional_and_full_width_forms_fire(text: str, factor: str, expected: str) -> None:
    assert expected in words(text, factor)


def test_normalise_maps_every_character_back() -> None:
    text = "ＡＢ  樓上…說"
    norm, index = normalise(text)
    assert norm == "ab 楼上...说"
    assert len(index) == len(norm)
    assert [text[i] for i in index] == ["Ａ", "Ｂ", " ", "樓", "上", "…", "…", "…", "說"]


def test_injury_words_need_violence() -> None:
    assert "injury" not in factors("被电动车撞了，腿骨折。")
    assert "injury" in factors("他把我爸打成了骨折。")


def test_empty_text_has_no_signals() -> None:
    assert find_signals("") == []
    assert find_signals("  \n ") == []


def test_signals_are_in_text_order() -> None:
    signals = find_signals("He hit me and now I'm scared.")
    assert [s.factor for s in signals] == ["prior_violence", "fear"]
    assert all(isinstance(s, Signal) for s in signals)


def test_the_chinese_prefilter_never_changes_what_matches() -> None:
    from concord.risk.evaluation import DEVELOPMENT_SET, HOLDOUT_SET, read_csv
    from concord.risk.lexicon import DISTRESS, LEXICONS

    texts = [normalise(row.text)[0] for row in read_csv(DEVELOPMENT_SET) + read_csv(HOLDOUT_SET)]
    texts += [normalise(text)[0] for text in ("欠我12万", "３０多户业主", "五十万", "¥80000元", "几十万")]
    for lexicon in (*LEXICONS, DISTRESS):
        if lexicon.chinese is None:
            continue
        filtered = lexicon.chinese
        prefix_end = filtered.pattern.index("])(?:") + 2
        plain = re.compile(filtered.pattern[prefix_end:])
        for text in texts:
            assert [m.span() for m in filtered.finditer(text)] == [m.span() for m in plain.finditer(text)], (
                lexicon.factor,
                text,
            )
