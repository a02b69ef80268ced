"""Text signals fire on what the text states, with the exact words of the original text."""

from __future__ import annotations

import re

import pytest

from concord.risk.engine.text import TextSignal, find_signals, normalise


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
    assert all(isinstance(s, TextSignal) for s in signals)


def test_the_chinese_prefilter_never_changes_what_matches() -> None:
    from concord.risk.engine.evaluation import DEVELOPMENT_SETS, read_csv
    from concord.risk.engine.lexicon import DISTRESS, LEXICONS

    texts = [normalise(row.text)[0] for path in DEVELOPMENT_SETS for row in read_csv(path)]
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


# --- phrasings without the obvious word (risk_dev2/risk_dev3 kinds), in both languages --------


@pytest.mark.parametrize(
    ("text", "factor", "expected"),
    [
        # threats to kill without "kill": slang, pinyin, euphemisms, gestures
        ("他说你等着，活不过今年。", "threat_to_kill", "活不过今年"),
        ("前夫发微信说要搞死我。", "threat_to_kill", "搞死"),
        ("他在群里说要sha了我。", "threat_to_kill", "要sha了我"),
        ("迟早要弄sǐ你。", "threat_to_kill", "弄sǐ"),
        ("他说要找人做了我。", "threat_to_kill", "找人做了我"),
        ("那个人说要让我横着出来。", "threat_to_kill", "横着出来"),
        ("他说要送我上西天。", "threat_to_kill", "上西天"),
        ("他对着我做了一个抹脖子的手势。", "threat_to_kill", "抹脖子"),
        ("他发语音说：你的死期到了。", "threat_to_kill", "你的死期"),
        ("他说家里有枪，谁来就崩了谁。", "threat_to_kill", "崩了谁"),
        ("他發消息說要殺了伱全家。", "threat_to_kill", "要殺了伱全家"),
        ('He texted me "you won\'t wake up tomorrow".', "threat_to_kill", "you won't wake up"),
        ("He said he'd make sure I disappear.", "threat_to_kill", "make sure I disappear"),
        ("He drew his finger across his throat.", "threat_to_kill", "drew his finger across his throat"),
        ("My ex says I'll be six feet under by spring.", "threat_to_kill", "six feet under"),
        ("Caller says her partner told her he's going to end her.", "threat_to_kill", "going to end her"),
        ("hes gonna kil me he said so", "threat_to_kill", "kil me"),
        ("He told me my days are numbered.", "threat_to_kill", "my days are numbered"),
        # threats of harm
        ("他说让我好看，叫我等着。", "threat_of_harm", "让我好看"),
        ("东北老乡说再看见我就削我。", "threat_of_harm", "削我"),
        (
            'He said "nice kids, shame if something happened to them."',
            "threat_of_harm",
            "shame if something happened to",
        ),
        ("He told me to be careful walking to my car at night.", "threat_of_harm", "be careful walking"),
        # weapons described indirectly
        ("他带着家伙在我家楼下转悠。", "weapon", "带着家伙"),
        ("他抄起板凳就往我头上砸。", "weapon", "抄起板凳就往我头上砸"),
        ("He brought a machete to the meeting.", "weapon", "brought a machete"),
        ("He sent me a picture of a knife.", "weapon", "sent me a picture of a knife"),
        # strangulation in lay words
        ("他用胳膊箍住我的脖子。", "strangulation", "箍住我的脖子"),
        ("吵架时他卡住我的喉咙。", "strangulation", "卡住我的喉咙"),
        ("He put me in a headlock until I couldn't breathe.", "strangulation", "headlock"),
        ("He pinned me against the wall by my throat.", "strangulation", "pinned me against the wall by my throat"),
        ("She held a pillow over the baby's face.", "strangulation", "pillow over the baby's face"),
        # indirect suicide statements
        ("我妈说活着没意思，把后事都交代了。", "self_harm", "后事都交代了"),
        ("欠的钱还不上了，不如一了百了。", "self_harm", "一了百了"),
        ("我只想睡过去再也不要醒来。", "self_harm", "睡过去再也不要醒来"),
        ("他说活着太痛苦了，想早点解脱。", "self_harm", "想早点解脱"),
        ("I've written letters to my kids.", "self_harm", "written letters to my kids"),
        ("He's been giving away his things and saying goodbye to everyone.", "self_harm", "giving away his things"),
        ("Nobody would miss me if I was gone.", "self_harm", "miss me if I was gone"),
        ("I just want to go to sleep and not wake up.", "self_harm", "go to sleep"),
        ("My brother says he's got nothing left to live for.", "self_harm", "nothing left to live for"),
        ("i cant do this anymore im gonna end it tonight", "self_harm", "gonna end it"),
        # stalking, fear, violence, injury
        ("他在我车上装了定位器。", "stalking", "装了定位"),
        ("她前男友在她家楼下蹲守了一个星期。", "stalking", "楼下蹲"),
        ("Someone put a GPS tracker on my car.", "stalking", "GPS tracker"),
        ("He keeps creating new accounts to message me.", "stalking", "new accounts to message me"),
        ("他换着号码给我发消息，拉黑一个又来一个。", "stalking", "拉黑一个"),
        ("吓得我们全家不敢回家。", "fear", "吓得"),
        ("I sleep with the door locked since he moved in.", "fear", "sleep with the door locked"),
        ("我们全家提心吊胆。", "fear", "提心吊胆"),
        ("他当着大家的面扇了我一巴掌。", "prior_violence", "扇了我一巴掌"),
        ("He shoved me down the stairs.", "prior_violence", "shoved me"),
        ("He backhanded me in front of my friends.", "prior_violence", "backhanded"),
        ("他把我打得缝了几针。", "injury", "缝了几针"),
        ("He punched me and I've got a black eye.", "injury", "black eye"),
        ("他把我打到骨裂。", "injury", "骨裂"),
        ("他說要讓我橫屍街頭。", "threat_to_kill", "橫屍"),
        ("他说让我今晚睡觉别闭眼，闭了就睁不开了。", "threat_to_kill", "睁不开"),
        ("He said he'd wipe me off the face of the earth.", "threat_to_kill", "off the face of the earth"),
        ("He told her to pick out a nice dress for her funeral.", "threat_to_kill", "for her funeral"),
        ("他一天打了我八十多个电话。", "stalking", "八十多个电话"),
        ("He called me eighty times in one day.", "stalking", "called me eighty times in one day"),
        ("他把我的头按进水盆里不让我起来。", "strangulation", "把我的头按进水盆"),
        ("He held me under the water in the bath.", "strangulation", "held me under the water"),
        ("我爸给每个亲戚打电话道别。", "self_harm", "每个亲戚打电话道别"),
        ("He phoned each of his children to say goodbye.", "self_harm", "phoned each of his children to say goodbye"),
    ],
)
def test_new_phrasings_fire_with_their_words(text: str, factor: str, expected: str) -> None:
    assert any(expected in found or found in expected for found in words(text, factor)), find_signals(text)


@pytest.mark.parametrize(
    "text",
    [
        # look-alikes
        "在超市买的菜刀用了一周就生锈了，要求退货。",
        "小区门口有个磨刀的摊子，每天吆喝声很大。",
        "楼下肉铺天天用砍刀剁骨头，声音很吵。",
        "这破电脑又死机了，维修店收了钱还没修好。",
        "这个小区的路设计成死胡同，消防车进不来。",
        "邻居装修把我阳台上的花都弄死了。",
        "村里有人偷猪，还把看门的狗毒死了。",
        "他打了我好几个电话，都是催我还那两千块钱的。",
        "小卖部老板说：“你等着，我马上给你找零。”",
        "The knife-sharpening van outside plays its jingle every morning.",
        "The butcher downstairs chops meat with a cleaver at five in the morning.",
        "The gardener was cutting the hedge and cut through our cable.",
        "The dog next door bit my daughter on the leg.",
        "The neighbour's dog attacked our cat.",
        "There was no knife, it was a phone in his hand.",
        "I'm scared of heights, so I can't clear the gutter.",
        # threats that are lawful steps
        "老板扬言要扣我们这个月的奖金。",
        "他威胁说要去法院告我。",
        "The water company threatened to cut off our supply over a billing error.",
        "My teenage son threatened to move out if we don't let him keep the dog.",
        # reported denials, negations, suppositions, strangers
        "He denied ever threatening the tenant.",
        "He didn't choke me, he grabbed my collar and let go.",
        "他说他绝对不会做傻事，让我们放心。",
        "请问对方要是说要砍人，算不算威胁？",
        "昨晚看的电视剧里有人跳楼，我妈看完一晚上睡不着。",
        "听说隔壁小区有人讨债被打了，我们这边一直没事。",
        "他在网上跟人打游戏，嘴里老喊“砍死他”。",
        "We watched a documentary about a man who stalked his ex-wife.",
        "父亲去世前留下的遗书写明房子归大哥。",
        "我们小区的树修剪时砍了我家的电线。",
        "他经常掐我的胳膊。",
        'My nephew plays a shooter game all night and shouts "kill him".',
        "He said he'd stop harassing me and we want to withdraw the complaint.",
        "These stairs will kill me one day, the lift has been out for weeks.",
    ],
)
def test_new_hard_negatives_do_not_fire(text: str) -> None:
    serious = {"threat_to_kill", "threat_of_harm", "weapon", "prior_violence", "strangulation", "self_harm", "stalking"}
    assert not factors(text) & (serious | {"fear", "injury"}), find_signals(text)


@pytest.mark.parametrize(
    ("text", "idiom"),
    [
        ("看小品笑死我了，结果邻居嫌我们声音大来投诉。", "笑死我了"),
        ("这个噪音真是折磨死人，我都要崩溃了。", "折磨死人"),
        ("This heat is killing me and the landlord won't fix the air conditioning.", "is killing me"),
        ("I'd kill for a quiet night.", "kill for"),
        ("I'm killing myself over this paperwork for the deposit.", "killing myself over"),
        ("My boss will kill me if I'm late again.", "boss will kill me if"),
        ("The agency's hold music is slowly killing me.", "is slowly killing me"),
        ("The landlord is strangling us with fee increases.", "strangling us with"),
    ],
)
def test_more_idioms_are_distress_only(text: str, idiom: str) -> None:
    assert factors(text) <= {"distress"}, find_signals(text)
    assert any(idiom in found for found in words(text, "distress")), find_signals(text)


def test_a_threat_and_a_past_act_are_told_apart() -> None:
    assert "prior_violence" not in factors("He threatened to beat me up.")
    assert "prior_violence" not in factors("He grabbed me by the throat.")
    assert "strangulation" in factors("He grabbed me by the throat.")
    assert factors("He said he'll end my life if I go to court.") & {"threat_to_kill", "self_harm"} == {
        "threat_to_kill"
    }
    assert factors("He threatened to set himself on fire outside the housing office.") == {"self_harm"}
    assert factors("工头威胁说再不发工资就去跳楼。") == {"self_harm"}


def test_pinyin_tone_marks_and_variant_characters_are_folded() -> None:
    norm, index = normalise("弄sǐ伱")
    assert norm == "弄si你"
    assert len(index) == len(norm)
