"""The lexicons of the text signals: regular expressions per checklist factor, zh-Hans and en.

Patterns run on the *normalised* text (``text.normalise``): NFKC (full-width letters, digits
and punctuation become half-width), traditional characters folded to simplified for the
characters used here, lower case, one space for any run of whitespace, straight
apostrophes. So write them in simplified Chinese and lower-case English, with ``,`` ``:``
``!`` ``?`` (never their full-width forms).

Each ``Lexicon`` is one group of patterns for one factor with the same treatment:

- ``requires``: fires only if one of these factors is also found in the same text (an
  injury word such as 骨折 or "hospital" is an injury *caused by violence* only when the
  text also reports violence; a fall in a care home is not).
- ``check``: a further test of the match (amounts: is it at least 50,000 yuan?).
- ``conditional``: whether a condition or hypothesis before it ("如果他动手", "if he hits")
  stops it. Threats and self-harm statements are conditional by nature ("不给钱就跳楼",
  "I'll kill him if …"), so for them it is False.

Negation, questions, reports of strangers and idioms are handled in ``text.py``.

How the lexicons are written (so that they reach phrasings nobody wrote down): families, not
sentences. A threat to kill is a verb of killing with a person for object (杀/宰/弄死/搞死/劈死,
"kill/murder/stab … me"), or death aimed at a person (你的死期, 给你收尸, "your days are
numbered", "six feet under"), or slang for it (做了你, 崩了谁, "whack", "do her in"); a
suicide statement is a wish not to live, a method, an attempt, or a farewell (交代后事,
"giving away his things", "nobody would miss me"). The ``check`` functions below keep the
look-alikes out by their company: a verb of killing whose object is a dog or a plant, a
weapon in a sentence about a shop or a kitchen, a threat whose content is a lawsuit, a verb
of violence after "threatened to", a bite by a dog, a suicide note of the dead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

LARGE_SUM_YUAN = 50_000  # "large sums at stake": about 50,000 yuan or more (the guideline's figure)


@dataclass(frozen=True)
class Lexicon:
    """One group of patterns for one factor, compiled in two parts: the patterns written in
    Chinese (run only on texts with Chinese characters) and the others (run only on texts with
    Latin letters or a currency sign), which keeps a monolingual text to half the work."""

    factor: str
    chinese: re.Pattern[str] | None
    latin: re.Pattern[str] | None
    requires: frozenset[str] = frozenset()
    check: Callable[[re.Match[str]], bool] | None = None
    conditional: bool = True


def _lexicon(
    factor: str,
    patterns: list[str],
    *,
    requires: tuple[str, ...] = (),
    check: Callable[[re.Match[str]], bool] | None = None,
    conditional: bool = True,
) -> Lexicon:
    chinese = [pattern for pattern in patterns if CJK.search(pattern)]
    latin = [pattern for pattern in patterns if not CJK.search(pattern)]
    return Lexicon(factor, _compile(chinese, prefilter=True), _compile(latin), frozenset(requires), check, conditional)


CJK = re.compile(r"[\u3400-\u9fff]")


def _compile(patterns: list[str], *, prefilter: bool = False) -> re.Pattern[str] | None:
    """One alternation of ``patterns``. With ``prefilter``, a lookahead first checks that the
    character could start a match at all (any Chinese character or digit of the patterns):
    Python's regex engine otherwise tries every alternative at every position. A test checks
    that the prefilter never changes what matches."""
    if not patterns:
        return None
    joined = "|".join(f"(?:{pattern})" for pattern in patterns)
    if prefilter:
        starts = sorted(set(CJK.findall(joined)))
        digits = "0-9" if "\\d" in joined else ""
        joined = f"(?=[{''.join(starts)}{digits}])(?:{joined})"
    return re.compile(joined)


# --- amounts -------------------------------------------------------------------------------

_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}


def zh_number(numeral: str) -> int:
    """A Chinese numeral below 10,000 (二十, 一百二十, 两百, 几十 – 几 read as 2), or -1."""
    total, digit = 0, -1
    for char in numeral:
        if char in _ZH_DIGITS or char == "几":
            digit = _ZH_DIGITS.get(char, 2)
        elif char in _ZH_UNITS:
            total += (1 if digit < 0 else digit) * _ZH_UNITS[char]
            digit = -1
        else:
            return -1
    return total + (digit if digit > 0 else 0)


def _wan_is_large(match: re.Match[str]) -> bool:
    """``N万`` (ten-thousands) of at least 5."""
    amount = match.group("wan_digits") or ""
    if amount:
        return float(amount) * 10_000 >= LARGE_SUM_YUAN
    return zh_number(match.group("wan_zh") or "") * 10_000 >= LARGE_SUM_YUAN


def _yuan_is_large(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    digits = (groups.get("yuan") or groups.get("yuan_after_sign") or "").replace(",", "")
    return bool(digits) and float(digits) >= LARGE_SUM_YUAN


def _thousands_is_large(match: re.Match[str]) -> bool:
    return float(match.group("k")) * 1000 >= LARGE_SUM_YUAN


# --- context checks ----------------------------------------------------------------------------
# A few words are factors only in some company. These checks look at the words around a match
# (in the normalised text) and keep the rule readable where a lookahead would not be.

_CLAUSE_END = re.compile(r"[,;:.!?。、\n\"()]")
_SENTENCE_STOP = re.compile(r"[.!?。\n]")


def _clause_before(match: re.Match[str], limit: int) -> str:
    text, start = match.string, match.start()
    begin = start
    while begin > 0 and start - begin < limit and not _CLAUSE_END.match(text, begin - 1):
        begin -= 1
    return text[begin:start]


def _clause_after(match: re.Match[str], limit: int) -> str:
    text, end = match.string, match.end()
    stop = _CLAUSE_END.search(text, end)
    return text[end : min(stop.start() if stop else len(text), end + limit)]


def _sentence(match: re.Match[str]) -> str:
    text, start = match.string, match.start()
    begin = start
    while begin > 0 and not _SENTENCE_STOP.match(text, begin - 1):
        begin -= 1
    stop = _SENTENCE_STOP.search(text, match.end())
    return text[begin : stop.start() if stop else len(text)]


# "把狗毒死了", "花都弄死了": a verb of killing whose object is an animal, a plant or a thing.
_ZH_NOT_A_PERSON = re.compile(
    r"狗|猫|鸡|鸭|鹅|鱼|猪|牛|羊|兔|鸟|虫|蚊|苍蝇|老鼠|蟑螂|蚂蚁|花|草|树|苗|庄稼|菜|电脑|手机|机器|电池|程序|系统|游戏|发动机"
)


def _object_is_a_person(match: re.Match[str]) -> bool:
    return _ZH_NOT_A_PERSON.search(_clause_before(match, 8) + _clause_after(match, 3)) is None


# A weapon word in a sentence about buying, selling, cooking or sharpening is a look-alike
# ("楼下肉铺用砍刀剁骨头", "the butcher chops meat with a cleaver", "a knife set from the shop").
_WEAPON_LOOKALIKE = re.compile(
    r"卖|退货|商家|超市|商场|网购|快递|摊|磨刀的|剁(?:肉|骨|排骨|馅)|切菜|做饭|厨师|肉铺|饭店|玩具|"
    r"(?:在|往)(?:自己的?)?(?:手臂|胳膊|手腕|大腿)上?(?:用[^,;:.!?。、]{0,3}?)?(?:划|割|刻)|"
    r"\b(?:shop|store|stall|market|sold|sells?|selling|refund|return(?:ed)?|delivery|ordered|sharpen\w*|butcher\w*|"
    r"chops? (?:meat|vegetables|onions|wood)|cook(?:s|ing)?|chef|toy|water pistols?)\b"
)


def _weapon_in_dispute(match: re.Match[str]) -> bool:
    return _WEAPON_LOOKALIKE.search(_sentence(match)) is None


# "扬言要扣奖金", "威胁说要去法院告我", "threatened to sue", "threatened to move out": a threat
# whose content is a lawful or ordinary step is not a threat of harm.
_ZH_ORDINARY_THREAT = re.compile(
    r"^(?:说|称|我|我们|要|会|去|着|了|过|他|她|对方)*(?:起诉|告|法院|律师|打官司|仲裁|报警|投诉|举报|曝光|扣|罚|辞退|开除|"
    r"解雇|停(?:水|电|工|业)|断(?:水|电|网)|涨|退|搬|收回|不(?:给|发|还|续|租)|离职|辞职)"
)
_EN_ORDINARY_THREAT = re.compile(
    r"^(?: (?:me|us|him|her|them|you|the \w+|our \w+))? (?:with|to|that (?:he|she|they) (?:would|will|'d|'ll))"
    r"(?: \w+)?? (?:sue|court|legal|lawyers?|take (?:me|us|him|her|them) to court|evict\w*|report\w*|"
    r"call(?:ing)? the police|"
    r"cut (?:off|our|my)|disconnect\w*|fine|fines|charge|charges|raise|move out|leave|quit|resign|fire|sack|dock|"
    r"stop paying|withhold|cancel|complain\w*|tell|go to the (?:council|press|papers|police)|"
    r"(?:kill|hurt|harm|set|burn|starve|hang) (?:himself|herself|myself|themselves)|jump|end (?:his|her|"
    r"my) (?:own )?life|"
    r"suicide|overdose)\b"
)


# A threat to harm oneself (威胁说不发工资就跳楼) is a self-harm statement, not a threat of harm.
_ZH_SELF_DIRECTED = re.compile(r"跳楼|跳河|自杀|喝药|寻死|轻生|上吊|死给")


def _harmful_threat(match: re.Match[str]) -> bool:
    if CJK.search(match.group()):
        after = _clause_after(match, 12)
        return _ZH_ORDINARY_THREAT.search(after) is None and _ZH_SELF_DIRECTED.search(after) is None
    return _EN_ORDINARY_THREAT.search(_clause_after(match, 60)) is None


# A verb of violence after a modal or a threat is a threat, not a past act ("threatened to beat
# me up", "he'll hit me"): the threat lexicons read it.
_EN_FUTURE = re.compile(
    r"\b(?:threat\w*|will|would|'ll|'d|going to|gonna|wants? to|tried to|try to|trying to|promised to|swore to|"
    r"if (?:he|she|they)|might|could|may|afraid (?:he|she|they)|scared (?:he|she|they))(?: \w+){0,2} ?$"
)


# "grabbed me by the throat", "pinned me against the wall by my throat" are strangulation, not
# violence besides it.
_EN_BY_THE_THROAT = re.compile(r"^(?: [\w']+){0,4}? by (?:the|my|her|his|their) (?:throat|neck)\b")


def _past_act(match: re.Match[str]) -> bool:
    if _EN_FUTURE.search(_clause_before(match, 40)) is not None:
        return False
    return _EN_BY_THE_THROAT.search(_clause_after(match, 40)) is None


# "He said he'll end my life": the life is the reporter's, the one who ends it another person.
_ANOTHER_ENDS_IT = re.compile(
    r"\b(?:he|she|they)(?:'ll| will|'d| would| is going to|'s going to| was going to| threatened to|"
    r" wants? to)(?: \w+)? ?$"
)


def _own_life(match: re.Match[str]) -> bool:
    return " my " not in f" {match.group()} " or _ANOTHER_ENDS_IT.search(_clause_before(match, 40)) is None


# "The neighbour's dog bit my daughter": a bite by an animal is not violence by a party.
_ANIMAL = re.compile(r"狗|猫|蛇|马|鹅|\b(?:dog|dogs|cat|cats|puppy|animal|horse|snake|goose|geese|rat|fox)\b")


def _not_an_animal(match: re.Match[str]) -> bool:
    return _ANIMAL.search(_clause_before(match, 30)) is None


# "担心他会来找我算账": a worry about a threat is fear, not the threat itself.
_ZH_WORRY = re.compile(r"担心|害怕|怕|担忧|恐怕")


def _not_a_worry(match: re.Match[str]) -> bool:
    return _ZH_WORRY.search(_clause_before(match, 12)) is None


# "遗书" of the dead is an inheritance document ("父亲去世前留下的遗书"), not a suicide note.
_ZH_OF_THE_DEAD = re.compile(r"去世|过世|生前|临终|留下的|病逝|死后")


def _not_of_the_dead(match: re.Match[str]) -> bool:
    return _ZH_OF_THE_DEAD.search(_sentence(match)) is None


# --- shared pieces ---------------------------------------------------------------------------

_ZH_PERSON = (
    r"(?:[你我他她]们?|人|谁|全家|一家|对方|孩子|儿子|女儿|老婆|妻子|丈夫|老公|父亲|母亲|"
    r"我爸|我妈|老人|邻居|家人|侬|尼)"
)
_EN_PERSON = (
    r"(?:me|you|u|ya|him|her|us|them|everyone|everybody|anyone|anybody|someone|somebody|"
    r"(?:my|your|his|her|our|their|the) (?:\w+ )?(?:family|wife|husband|kids|children|child|son|daughter|boss|"
    r"manager|landlord|neighbou?rs?|mother|father|parents|brother|sister|baby|partner|boyfriend|girlfriend|cousin|"
    r"stepfather|stepmother|tenant|ex)|"
    r"(?:the )?whole family|all of (?:us|you|them)|the lot(?: of (?:us|you|them))?)"
)
_EN_VICTIM = (
    r"(?:me|her|him|us|them|you|my|his|our|their|your|anyone|anybody|someone|somebody|people|everyone|"
    r"the (?:kids|children|child|boy|girl|baby|woman|man|guard|security guard|neighbou?r|owner|landlord|tenant))\b"
    r"(?! (?:phone|bag|car|bike|door|keys|wallet|collar|coat|jacket|shopping|post|mail|parcel|laptop|things|cat|dog|"
    r"garden|fence|house|property|plants|hedge|tree|shed|bins|windows?|neck|throat)\b)"
)
_EN_ME = r"(?:me|you|u|her|him|us|them|my \w+|his \w+|her \w+|our \w+)"
_ZH_WEAPON = (
    r"(?:菜刀|水果刀|砍刀|开山刀|大砍刀|片刀|屠刀|尖刀|剔骨刀|西瓜刀|弹簧刀|蝴蝶刀|折叠刀|管制刀具|军刺|刀子|匕首|"
    r"刀(?![柄具刃片工法口疤削的摊]|架子|架上)|斧头|斧子|猎枪|手枪|气枪|土枪|火药枪|"
    r"枪(?!战|手|口径)|铁棍|铁棒|铁锹|铁链|铁锤|木棍|木棒|棍子|棍棒|球棍|球棒|甩棍|电棍|电击棒|钢管|砖头|板砖|石头|锤子|"
    r"榔头|镰刀|锄头|扳手|螺丝刀|改锥|剪刀|碎玻璃|硫酸|强酸|汽油|柴油|炸药|雷管|凶器|弩|家伙(?:事)?)"
)
_EN_WEAPON = (
    r"(?:knife|knives|blade|blades|machete|cleaver|axe|hatchet|gun|guns|rifle|shotgun|pistol|revolver|firearm|crossbow|"
    r"(?:baseball |cricket |metal |wooden )?bat|iron bar|metal bar|steel pipe|crowbar|hammer|brick|acid|petrol|"
    r"gasoline|"
    r"explosives?|stanley knife|box cutter|screwdriver|taser|stun gun|knuckle-?dusters?|cosh|truncheon|nunchucks|"
    r"sword|samurai sword|spear|pickaxe|sledgehammer|wrench|tyre iron|tire iron|broken bottle|glass bottle|"
    r"(?:picture|photo|photograph|image|video) of (?:a|his|the) (?:knife|gun|machete|axe|blade|weapon))"
    r"(?! set| sharpen| shop| store| block| handle| drill| wall| house| rain| layer| cover| crime)"
)


LEXICONS: tuple[Lexicon, ...] = (
    # --- threats ---------------------------------------------------------------------------
    _lexicon(
        "threat_to_kill",
        [
            # 杀 and its dialect, slang and pinyin forms (sha, 弄sǐ: tone marks are dropped)
            r"(?:要|想|去|会)?(?<!自)杀(?:了|掉|死)?" + _ZH_PERSON,
            r"(?:要|想|去|会)杀(?![价虫毒菌鸡鸭鱼猪牛羊])",
            r"(?:要|想|去|会|就|把|给|非)(?:[你我他她]们?)?sha(?:了|死|掉)?(?:" + _ZH_PERSON + r")?",
            r"打死(?!也)",
            r"(?:要|想|去|会|非|把)?(?:[你我他她]们?)?(?:弄|整|搞|干|打|掐|砍|捅)\s?s[iy](?![a-z])",
        ],
        conditional=False,
    ),
    # Verbs of killing whose object is a person, not a dog or a plant (see _object_is_a_person).
    _lexicon(
        "threat_to_kill",
        [r"(?:宰|砍|捅|弄|整|掐|毒|烧|勒|搞|剁|炸|干|砸|撞|淹|饿|闷|扎|劈|斩|戳|锤|削|揍|踹|崩|毙|电)死"],
        check=_object_is_a_person,
        conditional=False,
    ),
    _lexicon(
        "threat_to_kill",
        [
            # slang for killing: 做了你, 干掉他, 崩了谁, 灭了你, 送你上西天
            r"(?:宰|做|干)掉?[你他她]们?",
            r"(?:找人|叫人|要|想|会|去|非|就)(?:把[你我他她]们?)?(?:做|干|宰|灭|办|崩|毙)(?:了|掉)(?:[你我他她]们?|谁|侬)?(?![的一])",
            r"(?:崩|毙|灭|宰)了?(?:[你我他她]们?|谁|侬)(?!的)",
            r"宰了?[你我他她]",
            r"一枪(?:崩|打死|毙|一个)",
            r"砍(?:了|伤)?(?:[你我他她]们?(?![家的])|人|谁|全家|死)",
            r"同归于尽",
            r"捅(?:了|伤|死)?(?:[你我他她]们?|人|谁)",
            r"陪葬|偿命|一命换一命|拿命来|血债血偿",
            r"(?:跟|和|与)(?:[你他她]们?|对方)?拼(?:了|命)",
            r"你死我活",
            r"要(?:了)?[你他她我]的?(?:狗|小)?命",
            r"取[你他她]?(?:的)?狗命",
            # a life cut short: 活不过今年, 见不到明天的太阳, 让你从这个世界上消失
            r"(?:让|叫)[你我他她]们?(?:全家|一家)?(?:不得好死|活不成|活不了|活不过|活不到|别想活|见不到明天|消失|人间蒸发)",
            r"[你他她]们?(?:就|都|肯定|绝对|别想)?活不(?:过|到)(?:今|明|这|下|年|月|春|过年|[一二三两几]|\d)",
            r"活不过(?:今年|今天|今晚|明天|明年|这个月|这个星期|这周|年底|月底|春节|过年)",
            r"不得好死|别想活|见不到明天的太阳",
            r"(?:从这个世界上|从世界上|从人间)消失",
            r"上西天|见阎王|去见(?:你的?)?(?:阎王|祖宗)|归西",
            r"(?:横着|躺着|抬着)(?:出来|出去|出门|离开|回去)|站着(?:是)?(?:出不来|出不去|回不去|走不出)",
            r"[扔丢沉推](?:到|进|下)?(?:河|江|湖|海|井)里?(?:喂鱼|淹死)?|喂鱼|沉(?:江|河|湖|海)",
            r"(?:给|放)[你我他她]们?(?:放)?的?(?:点)?血|放[你我他她]的?血",
            r"(?:活)?埋了[你我他她]|把[你我他她]们?(?:活)?埋了",
            r"(?:拉|带|拖)(?:着|上)?[你我他她]们?(?:全家|一家)?(?:一起|一块)(?:去)?死|拉[你我他她]们?垫背",
            # death aimed at a person: 你的死期到了, 给你收尸, 买好棺材, 断子绝孙, 血溅当场, 别想活着出去
            r"[你我他她]们?(?:家)?的?(?:死期|忌日|祭日|末日|丧事|葬礼|棺材|坟头|骨灰)",
            r"(?:给|替)[你我他她]们?(?:全家)?(?:收尸|送终|买棺材|准备棺材|烧纸|上坟|办丧事)|(?:买|准备|订)(?:好)?(?:了)?棺材",
            r"断子绝孙|家破人亡|血溅|见血|出人命|闹出人命|死路一条|[你他她]们?死定了|活腻(?:了|歪)(?:是吧|吧)?",
            r"别想(?:活着|站着|完整地?)(?:出去|离开|回去|走|出门)|活着(?:出不去|走不了|回不去|离不开)",
            r"[劈斩剁砍](?:了)?[你我他她]们?(?![的家])|揾人斩",
            r"炸(?:了|掉)?[你我他她]们?的?(?:家|房子|店|车)",
            r"(?:要|会|想|就|非)把[你我他她]们?(?:从楼上)?推下(?:楼(?!梯)|去)",
            # a gesture: 抹脖子, 割喉的手势
            r"抹脖子|割喉(?:的)?(?:手势|动作)|比划(?:了)?(?:一下)?(?:脖子|喉咙)",
            r"灭(?:了)?(?:[你他她]们?)?(?:全家|一家|满门)",
            r"灭门",
            r"(?:放火|一把火)烧",
            r"烧了?[你我他她]们?的?家",
            r"泼(?:[你我他她]|对方)?(?:一脸|一身)?(?:硫酸|汽油|强酸)",
            # killing words in English
            r"\b(?:kil+|murder|shoot|stab|slaughter|butcher|gut|knife|shank|shiv)(?:s|ed|"
            r"ing)?[\"']? " + _EN_PERSON + r"\b",
            r"\bthreat(?:en(?:ed|s|ing)?)? to (?:kill|murder|shoot|stab|burn|strangle|slit|end|bury)"
            r"(?: (?:me|you|him|her|us|them|(?:my|his|her|our) \w+))?\b",
            r"\bdeath threats?\b",
            r"\bthreat(?:s|ened)? (?:to|on|against) (?:my|his|her|our) li(?:fe|ves)\b",
            r"\b(?:you|i|we|u)(?:'ll| will|'d| would|'re| are| r|re)? (?:be |so |a )?dead\b(?! (?:tired|wrong|right|"
            r"on|set|end|easy|battery|phone)\b)",
            r"\bur (?:so |a )?dead\b",
            r"\b(?:he|she|they)(?:'ll| will|'d| would) (?:be )?dead\b",
            r"\bdead (?:man|woman|meat)(?: walking)?\b",
            r"\bburn (?:\w+ ){0,4}?(?:alive|to death)\b",
            r"\bburn (?:\w+ ){0,3}?down with\b",
            r"\bburn (?:you|us|them|me|him|her) out\b",
            r"\bslit (?:your|my|his|her|their) throats?\b",
            r"\b(?:wipe out|kill off) (?:your|my|his|her|the) (?:whole )?family\b",
            r"\b(?:beat|strangle|stab|kick|choke|batter) (?:\w+ ){0,2}to death\b",
            r"\b(?:throw|throwing|threw|pour|pouring|splash|splashing) acid\b",
            # euphemisms: you won't wake up, six feet under, a body bag, you're next, finish the job
            r"\b(?:you|u)(?:'ll| will)? (?:\w+ ){0,2}?(?:won't|will not|wont|never|not) (?:wake up|"
            r"see (?:the )?(?:morning|tomorrow))\b",
            r"\b(?:said|says|told (?:me|her|him|us)|warned (?:me|her|him|us))(?: that)? (?:\w+ ){0,4}?(?:i|she|he|we)"
            r"(?: just)? (?:won't|will not|wouldn't|would not|wont) wake up\b",
            r"\b(?:won't|will not|wouldn't|would not|never|not going to) live (?:to see|(?:un)?till|until|past|"
            r"through|beyond|long)\b",
            r"\bmake (?:sure )?(?:you|u|i|me|him|her|she|he|they|them|we|us) (?:\w+ )?disappear\b",
            r"\b(?:nobody|no one|no-one|they) (?:will|would|'ll|'d) (?:ever )?find (?:your|my|her|his|the|"
            r"their) bod(?:y|ies)\b",
            r"\b(?:draw|drew|drawn|drawing|run|ran|running|drag|dragged|draws|runs|slid|slide|slides|made|make|makes) "
            r"(?:his|her|a|their) (?:finger|thumb|hand) (?:across|along|over) (?:his|her|their|my|your) (?:throat|"
            r"neck)\b",
            r"\b(?:throat-?(?:cutting|slitting|slash(?:ing)?)|cut-?throat) (?:gesture|motion|sign)\b",
            r"\bsix feet under\b",
            r"\b(?:put|putting|puts|see) (?:you|me|him|her|them|us|u) (?:\w+ )?in(?:to)? (?:the|a|an early|your|my|"
            r"her|his) (?:ground|grave|coffin|box)\b",
            r"\bbody ?bags?\b",
            r"\b(?:carry|carrying|carried) (?:you|me|him|her|them|us) (?:\w+ ){0,3}?feet first\b",
            r"\b(?:you're|you are|you'll be|you'd be|we'd be|we're|we'll be|i'd be|i'm|she's|he's|she'd be|he'd be|"
            r"they'd be|"
            r"u r|ur|your family is|your kids are) next\b(?=\s*(?:[.!,;\"']|$|and|or|,))",
            r"\bfinish (?:the job|what (?:he|she|i|they) started|(?:you|me|her|him|them) off)\b",
            r"\b(?:your|my|her|his|their) days are numbered\b",
            r"\bsay (?:your|my|her|his|their) (?:goodbyes?|prayers|last words)\b",
            r"\bsay goodbye to (?:your|my|her|his|their) (?:family|kids|children|wife|husband|life|mum|mother|"
            r"loved ones)\b",
            r"\b(?:a|one|the) bullets? (?:in|through|between|into)\b|\b(?:pump|put|putting|"
            r"lodge)(?: \w+)? (?:bullets?|lead|holes?) in\b",
            r"\bdead (?:woman|man|girl|boy|person|body)\b",
            r"\bthe last time (?:anyone|anybody|you|they|people|your family) (?:will |ever )?(?:sees?|see|saw) (?:me|"
            r"you|her|him|u)\b",
            r"\b(?:he|she|they)(?:'ll| will|'d| would| is going to| was going to|'s going to) (?:\w+ )?end (?:my|"
            r"your|our) "
            r"li(?:fe|ves)\b",
            r"\bcut (?:you|u|me|her|him|them) (?:open|to (?:pieces|ribbons|bits))\b|\bcarve (?:you|me|her|him|"
            r"them) up\b",
            r"\b(?:you|i|she|he|we|they)(?:'d|'ll| will| would) be [\"']?(?:taken out|wiped out|done for|"
            r"finished off)\b",
            r"\bend up (?:in|at the bottom of|floating in) (?:the|a) (?:river|canal|ground|morgue|grave|ditch|sea|"
            r"lake)\b",
            r"\bset (?:fire to|alight|light to) (?:\w+ ){0,3}(?:with|while) (?:us|me|you|her|him|them|the kids|"
            r"the children)\b",
            r"\b(?:you're|you are|ur|u r|you'll be|he's|she's) (?:a )?(?:dead|finished|done for) (?:meat|man|"
            r"woman)?\b(?! tired)",
            r"\b(?:going to|gonna|will|'ll|would|'d|to|wants? to) (?:end|off|whack|waste|ice|bump off|do in|top) "
            r"(?:you|u|her|him|me|them|us)\b(?! (?:a|an|the|my|your|his|her|life|own|tenancy|contract|lease|lesson|"
            r"message|email)\b)",
            r"\bdo (?:you|u|me|him|her|them|us) in\b",
            r"\b(?:have|get|got|had) (?:you|u|me|him|her|them|us) (?:killed|whacked|taken out|done in|offed|shot|"
            r"stabbed|bumped off)\b",
            r"\b(?:taken care of|dealt with|silenced|shut up)(?: ?,)? (?:for good|permanently)\b",
            r"\bbump (?:you|me|him|her|them) off\b",
            r"\bchop (?:\w+ ){0,2}(?:to|into|in) (?:pieces|bits)\b",
            r"\b(?:split|cave|bash|smash|crack|cave|blow) (?:\w+ ){0,2}(?:skull|head|brains?)s? (?:open|in|out)\b",
            r"\b(?:will|'ll|gonna|going to|would|'d) bury (?:you|u|me|him|her|them|us)\b(?=\s*(?:[.!,;\"']|$))",
            r"\bnext time (?:he|she|i|they)(?:'ll| will)? (?:won't|will not|not|wont) stop\b",
            r"\bnext time (?:it'll|it will|it's going to|it is going to) be (?:you|your head|your family|your kids|"
            r"for real)\b",
        ],
        conditional=False,
    ),
    # Fire and a lighter where petrol or another weapon is at hand (要点火, "had a lighter").
    _lexicon(
        "threat_to_kill",
        [
            r"(?:直接|就|要|会|敢)点(?:火|着|燃)|打火机",
            r"\b(?:a |his |her |the )?lighter\b|\b(?:set|light) (?:it|us|you|the (?:house|flat|door)) (?:on fire|"
            r"alight|ablaze)\b",
        ],
        requires=("weapon",),
        conditional=False,
    ),
    # Words that point a weapon at hand at a person ("said he'll use it on me", 用在你身上).
    _lexicon(
        "threat_to_kill",
        [
            r"(?:用|捅|砍|招呼)(?:在|到)[你我他她]们?(?:身上|头上)",
            r"\buse (?:it|them|that|this) on (?:me|you|u|her|him|us|them|my \w+)\b|\bth(?:is|at)(?: one)? is for you\b",
        ],
        requires=("weapon",),
        conditional=False,
    ),
    # Taking the children along, said with a suicide statement (要把孩子一起带走).
    _lexicon(
        "threat_to_kill",
        [
            r"(?:带着|带上|把)(?:孩子|儿子|女儿|全家)[^,;:.!?。、]{0,3}?一(?:起|块)(?:带)?(?:走|死|去死|离开)",
            r"\b(?:take|taking|took) (?:the kids|the children|my kids|my children|the baby|them) with (?:me|her|him)\b",
        ],
        requires=("self_harm",),
        conditional=False,
    ),
    _lexicon(
        "threat_of_harm",
        [
            r"威胁",
            r"恐吓",
            r"扬言",
            r"\bthreat(?:en(?:ed|s|ing)?|s)?\b",
            r"\bintimidat\w*",
        ],
        check=_harmful_threat,
        conditional=False,
    ),
    _lexicon(
        "threat_of_harm",
        [
            r"(?:要|想|会|去|来|找人|叫人)(?:来)?打(?:[你我他她]们?|人|断|残|一顿)(?!电话)",
            r"(?:找|叫|喊)(?:几个)?(?:人|兄弟|朋友|小弟)(?:来)?(?:收拾|收作|教训|打|弄|砸|修理|搞|算账|摆平)",
            r"(?:收拾|收作|修理|教训|摆平)(?:[你我他她]们?|侬|对方)",
            r"(?:让|叫)[你他她我]们?(?:全家)?(?:好看|后悔)",
            r"(?:给|让)[^,;:.!?。、]{0,4}?(?:点|点儿)?(?:颜色|厉害)(?:看看|瞧瞧|看|尝尝)",
            r"走着瞧|等着瞧|你们?等着(?![,;:.!?。、]?\s*(?:我|马上|一下|一会|稍等))|给我等着|饶不了[你他她]",
            r"(?:你|谁)(?:敢|要是|再)[^,;:.!?。、]{0,8}?(?:就)?试试|有种(?:你)?(?:就)?(?:来|试试)",
            r"这事没完|没完没了地?(?:报复|找)|跟你没完",
            r"对(?:[你他她]们?|谁|对方)不客气",
            r"后悔一辈子",
            r"打断(?:[你我他她]们?)?的?(?:腿|胳膊|手|狗腿)",
            r"(?:要|会|去|想|就|准备|找人|叫人|迟早)(?:来)?砸(?:了|烂)?(?:[你我他她]们?)?的?(?:家|店|车|摊|门|窗)",
            r"弄残|废了[你我他她]|打残|卸(?:了)?[你我他她]们?的?(?:一条)?(?:腿|胳膊)|让[你我他她]们?(?:残废|住院|进医院|躺医院)",
            r"(?:削|锤|揍|扁|捶|修理|弄|搞|整|办)(?:死|残|废)?(?:[你我他她]们?|侬)(?:一顿|一回|几下)?(?![的们家])",
            r"打得[你我他她]们?满地找牙|满地找牙",
            r"掂量掂量|后果自负|后果(?:你)?(?:自己)?(?:想|掂量|承担)|有[你他她]们?好(?:看|受)的|有你好果子吃",
            r"(?:别|休)想好过|不会(?:让[你我他她]们?)?好过|别怪我不客气|不会放过[你我他她]|跟[你我他她]们?没完",
            r"(?:住|过|睡)不(?:安生|安稳|踏实)|不得安宁|(?:吃点|尝尝)(?:苦头|厉害)|(?:晓得|知道)(?:厉害|好歹)",
            r"社会上的(?:人|朋友|兄弟)|道上的(?:人|朋友|兄弟)|黑社会|找人(?:弄|搞|整|废|办)",
            r"[你他她]找死|找死是吧",
            r"见(?:[你我他她]们?)?一次打一次",
            r"吃不了兜着走",
            r"没(?:有)?好(?:下场|果子吃|日子过)",
            r"(?:让|叫)[你我他她]们?[^,;:.!?。、]{0,6}?(?:混不下去|待不下去|呆不下去|住不下去|过不安生|不得安宁|不得安生|睡不安稳)",
            r"(?:出门|走路|晚上|走夜路|上下班)(?:的时候)?(?:给我)?(?:小心|当心)(?:点|些|着)?",
            r"(?:小心|当心)(?:点|着)?[你我他她]的?(?:腿|脑袋|狗命|小命|命|孩子|家人|老婆|全家)",
            r"别让我(?:再)?(?:碰到|看到|见到|遇到|撞见)[你他她]",
            r"放(?:了)?狠话|撂下狠话",
            r"(?:门口|门上|门前|门外)[^,;:.!?。、]{0,6}?(?:死老鼠|死猫|死鸡|冥币|花圈|纸钱|寿衣|遗像)|"
            r"(?:死老鼠|死猫|死鸡|冥币|花圈|纸钱|寿衣)[^,;:.!?。、]{0,4}?(?:门口|门上|门前)",
            r"知道(?:你|我)(?:家)?(?:住(?:在)?哪|孩子在哪)",
            r"\bwatch (?:your|my|his|her) back\b",
            r"\bwatch (?:yourself|myself|herself|himself)\b",
            r"\b(?:you|i|he|she|they|we)(?:'ll| will|'d| would) regret\b",
            r"\bregret it\b",
            r"\bmake (?:you|me|us|him|her|them) pay\b",
            r"\b(?:you|i|we)(?:'ll| will| would|'d) pay for (?:this|it)\b",
            r"\bbeat (?:me|you|him|her|us|them) up\b",
            r"\b(?:smash|kick) (?:your|my|his|her|their) (?:face|head|teeth)(?: in)?\b",
            r"\bbreak (?:your|my|his|her|their) (?:legs?|arms?|neck|bones|jaw|nose|fingers)\b",
            r"\bteach (?:you|me|him|her|us|them) a lesson\b",
            r"\b(?:get|send|bring|come round with)(?: some)? (?:of (?:his|her|my) )?(?:friends|people|men|guys|thugs|"
            r"mates|lads|boys)"
            r"(?: to (?:beat|wreck|smash|sort|deal|rough|see|visit|pay))?\b(?! (?:for|to (?:help|dinner|the)))",
            r"\brough (?:you|me|him|her|us|them) up\b",
            r"\bsort (?:you|me|him|her|us|them) out\b",
            r"\bget (?:you|me|him|her|them|u)(?: back)?(?: one day| for this| for that| eventually| sooner or later)\b",
            r"\bmake (?:my|your|his|her|our|their) li(?:fe|ves) (?:a )?(?:hell|misery|a living hell)\b",
            r"\bthis (?:isn't|is not|ain't) over\b",
            r"\bjust you wait\b",
            r"\b(?:will|would|'ll|'d) be dealt with\b",
            r"\b(?:you|he|she|they|i|we)(?:'ll| will) be sorry\b(?! (?:to|for|if|that)\b)",
            r"\b(?:try it|just try|i dare you|go on,? try)\b(?: and see)?",
            r"\b(?:you'd|you had|i'd|she'd) better (?:watch|not show|stay away|keep away|look out)\b",
            r"\b(?:show|showing) (?:your|my|her|his) face (?:round|around|here)\b",
            r"\bi know where (?:you|u|your (?:kids|children|family|wife|daughter|son)) (?:live|go|goes|work|sleep)\b",
            r"\b(?:shame|pity) if (?:something|anything) (?:\w+ )?(?:happened|happens|were to happen) to\b",
            r"\bsomething (?:bad )?(?:might|could|will|may|would) happen to (?:you|your|her|him|them|the kids|my|me)\b",
            r"\baccidents happen\b",
            r"\bbe careful (?:walking|going|when you|on your way|at night|out there|who you|where you)\b",
            r"\b(?:knows?|know) (?:some )?people who (?:can|could|will|would)\b",
            r"\bmake (?:my|your|his|her|our|their) li(?:fe|ves) (?:a )?(?:living )?(?:hell|misery|difficult|unbearable|"
            r"a nightmare|nightmare)\b",
            r"\bsmash (?:my|your|his|her|our|their|the) (?:car |front |house )?(?:windows?|windscreen|car|door|face|"
            r"head|teeth)\b",
            r"\b(?:'d|'ll| will| would| going to| gonna| threatened to) (?:(?:really|seriously|badly) )?"
            r"(?:hurt|harm|injure|get) "
            r"(?:me|you|u|her|him|us|them|my \w+|your \w+)\b(?! (?:a|an|the|some|into|out|back|home|to|in)\b)",
            r"\bmake (?:you|me|her|him|them|us) suffer\b|\bbreak every bone\b|\b(?:won't|will not) see it coming\b",
            r"\b(?:knock|rip|take) (?:your|my|his|her) (?:head|block) off\b",
            r"\bbreak (?:your|my|his|her|their|the) (?:car )?windows?\b",
            r"\b(?:dead (?:rat|bird|cat|animal|fish)|bullets?) (?:on|at|through|in) (?:my|our|her|his) (?:doormat|door|"
            r"doorstep|letterbox|car)\b",
        ],
        conditional=False,
    ),
    # A weapon waved at someone is a threat (拿着刀在我面前比划).
    _lexicon(
        "threat_of_harm",
        [
            r"(?:冲|对着|朝|向)(?:[我他她]们?|人)?(?:比划|比比划划|晃|挥|挥舞)|在[我他她]们?面前(?:比划|比比划划|晃|挥)|比划",
            r"\bsee (?:you|u) (?:soon|later|around|tonight)\b",
            r"\b(?:wav|brandish|point|swing|swung)\w* (?:\w+ ){0,3}(?:at|in front of|towards) (?:me|her|him|us|them|"
            r"my|our)\b",
        ],
        requires=("weapon",),
        conditional=False,
    ),
    # --- weapons ---------------------------------------------------------------------------
    _lexicon(
        "weapon",
        [
            r"(?:拿|持|提|拎|挥|举|握|带|掏|亮|抄|操|抓|揣|藏|有|用|扛|端|泼|扔|把|放|备|别|插|架|顶|抵|抡|甩|摸)"
            r"(?:着|起|了|出|来|过|上)?[^,;:.!?。、]{0,4}?" + _ZH_WEAPON,
            r"凶器|匕首|猎枪|手枪|土枪|硫酸|炸药|雷管|汽油瓶|燃烧瓶|管制刀具|开山刀",
            r"动刀|动了刀|带家伙|抄家伙",
            r"(?:刀|枪|斧头|斧子|砍刀)的?(?:照片|图片|视频)|(?:照片|图片|视频)[^,;:.!?。、]{0,4}?(?:刀|枪|斧)",
            r"(?:抄起|抡起|操起|抓起|举起|拿起|捡起)[^,;:.!?。、]{0,3}?(?:板凳|凳子|椅子|酒瓶|瓶子|烟灰缸|扳手|拖把|衣架|晾衣杆|"
            r"擀面杖|铁链|砖|石头|棍|棒|管|锹|铲|锤)[^,;:.!?。、]{0,6}?(?:砸|打|抽|敲|捅|扎|往|朝|冲)",
            r"(?:用|拿)(?:板凳|凳子|椅子|酒瓶|啤酒瓶|烟灰缸|扳手|晾衣杆|擀面杖|铁链|砖|石头)[^,;:.!?。、]{0,4}?(?:砸|打|抽|敲|捅|扎)",
            r"\b(?:pull(?:ed|s|ing)?|held|hold(?:s|ing)?|wav(?:e|ed|es|ing)|brandish(?:ed|es|ing)?|carr(?:y|ies|ied|"
            r"ying)|"
            r"grab(?:bed|s|bing)?|took out|takes out|with|has|have|had|keep(?:s|ing)?|kept|own(?:s|ed)?|"
            r"point(?:ed|s|ing)?|threw|throw(?:s|ing)?|pour(?:ed|s|ing)?|armed with|got|bought|buy(?:ing)?|swung|"
            r"swing(?:ing|s)?|there(?:'s| is| was| are)(?! no)|put|puts|placed|sent|sends|texted|posted|hid(?:es|"
            r"ing)?|hidden|brought|"
            r"bring(?:s|ing)?|show(?:s|ed|"
            r"ing)?|"
            r"flash(?:es|ed|ing)?|produc(?:e|ed|es|ing)|dr(?:ew|aw|aws|awn)|whip(?:ped|s)? out|wield(?:s|ed|ing)?|"
            r"tuck(?:ed|s)?|sharpen(?:ed|s|ing)?|stash(?:ed|es)?|tak(?:e|es|ing)|took|came at (?:me|us|her|him) with|"
            r"pick(?:ed|s)? up|fetch(?:ed)?)\b(?: [\w-]+){0,3}? " + _EN_WEAPON + r"\b",
            r"\b(?:weapons?|firearms?|molotov|acid attack)\b",
        ],
        check=_weapon_in_dispute,
    ),
    # A knife being sharpened is a weapon when a threat is made too (他在楼道里磨刀，说你给我等着).
    _lexicon(
        "weapon",
        [
            r"磨(?:着|了|起)?(?:刀|斧)",
            r"\bsharpen(?:s|ed|ing)? (?:a |his |her |the )?(?:knife|knives|blade|axe|machete)\b",
        ],
        requires=("threat_to_kill", "threat_of_harm"),
    ),
    # --- violence --------------------------------------------------------------------------
    _lexicon(
        "prior_violence",
        [
            r"(?<!要)(?<!想)(?<!会)(?<!找人)(?<!叫人)(?<!来)(?<!去)(?<!敢)"
            r"打(?:了|过)?(?:[我你他她]们?|人|孩子|儿子|女儿|老婆|妻子|丈夫|老公|父亲|母亲|我爸|我妈|老人|邻居|对方|保安|老板|家人)"
            r"(?![^,;:.!?。、]{0,4}?(?:电话|手机))",
            r"打(?:伤|残|得|了?起来|架|成了?(?:骨折|重伤|轻伤)|进(?:了)?医院|到(?:流产|住院|骨折|吐血|骨裂))",
            r"打断了(?:[我他她]的)?(?:腿|胳膊|手|肋骨|鼻梁)",
            r"被[^,;:.!?。、]{0,4}?打(?!扰|折|电话|疫苗|针|官司|败|卡|车|印)",
            r"把" + _ZH_PERSON + r"[^,;:.!?。、]{0,3}?打",
            r"殴打|家暴|家庭暴力|施暴|暴力|拳打脚踢|拳脚相加|掌掴|[撕厮扭]打|揍|动粗|动武|大打出手|干架|干仗|互殴|斗殴|围殴|群殴|"
            r"暴打|痛打|毒打|挨打|挨揍|挨了(?:一顿|几?拳|巴掌|耳光|打)",
            r"动(?:过|了)?手(?!术|续|机|工|脚)",
            r"推(?:了|倒|搡|下|[我他她])",
            r"(?:扇|打|抽|甩|给)(?:了)?(?:[我他她]|孩子)?(?:一|两|几|好几)?(?:个|记)?(?:耳光|巴掌|大嘴巴|嘴巴子|耳刮子)",
            r"踢(?:了|伤|倒|[我他她]|打)|踹(?:了|伤|倒|翻)?(?:[我他她]们?|孩子|人)|踹了?[^,;:.!?。、]{0,3}?[一几两]脚",
            r"一拳|一脚(?!油门|刹车)|(?:几|好几|两|三)拳|拳头(?:打|砸|捶)",
            r"抽(?:得|打|了[我他她])",
            r"按在(?:地|墙|床)|摁在(?:地|墙|床)|按(?:倒)?在(?:地上|墙上|床上)",
            r"(?:扯|揪|薅|抓|拽)(?:着|住|了)?(?:[我他她]的?)?头发",
            r"(?:往|朝)(?:墙|地|门|桌)[^,;:.!?。、]{0,2}?(?:撞|磕|砸|摔)",
            r"(?:用|拿)[^,;:.!?。、]{0,4}?(?:烟头|开水|热水|熨斗)(?:烫|泼)",
            r"(?:用|拿)(?:皮带|衣架|鸡毛掸子|拖鞋|尺子|竹条|藤条|棍子|擀面杖)(?:抽|打|揍)",
            r"(?:砸|打|敲)(?:在|到|中)(?:了)?[我他她]的?(?:头|脸|身上|背|腿)|往[我他她]的?(?:头|脸|身)上砸",
            r"\b(?:hit|hits|hitting|punch(?:ed|es|ing)?|kick(?:ed|s|ing)?|slap(?:ped|s|ping)?|shov(?:e|ed|es|ing)|"
            r"push(?:ed|es|ing)?|beat(?:s|ing)?|attack(?:ed|s|ing)?|assault(?:ed|s|ing)?|struck|smack(?:ed|s)?|"
            r"whip(?:ped|s)?|thrash(?:ed)?|grabbed|headbutt(?:ed|s)?|elbow(?:ed|s)|kneed|scratch(?:ed|es)|"
            r"stamp(?:ed)? on|stomp(?:ed)? on|thump(?:ed|s)?|wallop(?:ed)?|clobber(?:ed)?|swung at|"
            r"jump(?:ed)?|mugg(?:ed)?|floor(?:ed)?) " + _EN_VICTIM,
            r"\bbeat(?:en|ings?)\b",
            r"\bassault(?:ed)?\b",
            r"\b(?:fist ?fight|punch-up|came to blows|scuffle|brawl)\b",
            r"\b(?:a|into a|in a) (?:physical |fist )?fight\b",
            r"(?<!non-)\bviolen(?:t|ce)\b",
            r"(?<!verbal )(?<!verbally )\babus(?:e|ed|es|ive|ing)\b",
            r"\b(?:laid|lay|lays|laying) (?:a )?(?:hand|finger|hands) on\b",
            r"\bcame at (?:me|him|her|us|them|my|his|her|our)\b",
            r"\bknock(?:ed|s|ing)? (?:me|her|him|us|them) (?:about|around|down|over|out|to the (?:ground|floor))\b",
            r"\bdrag(?:ged|s|ging)? (?:me|her|him|them|us) (?:\w+ ){0,3}?(?:by (?:my|her|his|the) hair|across|along|"
            r"down|out of)\b",
            r"\bpull(?:ed|s|ing)? (?:my|her|his) hair\b",
            r"\b(?:smash|bang|slam|bash|knock)(?:ed|s|ing)? (?:my|her|his|their) (?:head|face) (?:against|into|on)\b",
            r"\b(?:threw|throw(?:s|n|ing)?|flung|pinned|shoved|pushed) (?:me|her|him) (?:against|into|across|down|"
            r"to the (?:floor|ground)|"
            r"on(?:to)? the (?:floor|ground|bed))\b",
            r"\btwist(?:ed|s|ing)? (?:my|her|his) (?:arm|wrist)\b",
            r"\broughed (?:me|her|him|us|them) up\b",
            r"\b(?:laid|lays|laying) into (?:me|her|him)\b",
            r"\b(?:went|goes|go) for (?:me|her|him|us) (?:with|and)\b",
            r"\bbackhand(?:ed|s)?\b|\b(?:got|been|gets|getting|get) physical\b|\bput (?:his|her) hands on (?:me|her|"
            r"him)\b",
        ],
        check=_past_act,
    ),
    # A bite is violence when a person bites ("he bit my arm"), not a dog.
    _lexicon(
        "prior_violence",
        [r"\bbit (?:me|my|her|his|him)\b", r"(?<![狗猫])咬(?:了|伤)(?:我|她|他)"],
        check=_not_an_animal,
    ),
    # Chasing or rushing at someone while a weapon is at hand is an attack (拿着菜刀追我).
    _lexicon(
        "prior_violence",
        [
            r"追(?:着|打|砍)?(?:[我他她]们?|人|孩子)|(?:冲|扑)(?:向|上来|过来)(?:[我他她]们?)?",
            r"\b(?:chased|chasing|chases|went for|lunged at|ran at|charged at) (?:me|her|him|us|them|my \w+)\b",
        ],
        requires=("weapon",),
        check=_past_act,
    ),
    # A visible injury in a dispute was done by someone: it is also evidence of violence.
    _lexicon(
        "prior_violence",
        [
            r"(?<!摔)(?<!摔得)(?<!撞得)(?:鼻青脸肿|头破血流|满身是伤|遍体鳞伤|青一块紫一块|伤痕累累)",
            r"\b(?:came|come|coming|turned up|got) (?:back |"
            r"home )?(?:from (?:[\w']+ ){0,2}[\w']+ )?with (?:\w+ ){0,2}bruises\b",
            r"\b(?:black eye|split lip)\b",
        ],
    ),
    _lexicon(
        "injury",
        [
            r"鼻青脸肿|头破血流|满脸是血|满身是伤|遍体鳞伤|青一块紫一块|淤青|瘀青|淤血|血肿|伤痕累累|肋骨断|骨裂|鼻梁骨折",
            r"打(?:伤|成了?(?:骨折|重伤|轻伤)|进(?:了)?医院|到(?:流产|住院|骨折|吐血|骨裂))",
            r"打得[^,;:.!?。、]{0,4}?(?:流血|出血|骨折|骨裂|住院|肿|青|紫|缝)",
            r"\bbruis\w*",
            r"\b(?:black eye|bloody nose|split lip|fat lip|covered in blood|black and blue)\b",
            r"\b(?:broke|broken|cracked|fractured|dislocated) (?:(?:my|her|his|their|two of (?:my|his|her)) )?"
            r"(?:nose|arm|ribs?|jaw|leg|wrist|teeth|tooth|cheekbone|eye socket|skull|collarbone|finger|fingers|"
            r"shoulder|hand)\b",
            r"\b(?:my|her|his) (?:ribs?|nose|jaw|wrist|arm|cheekbone|skull) (?:is|are|was|were) (?:cracked|broken|"
            r"fractured)\b",
        ],
    ),
    # Injury words that are an injury *from violence* only when the text also reports violence.
    _lexicon(
        "injury",
        [
            r"骨折|流血|出血|受伤|伤口|伤痕|印子|住院|送医|(?:送|进)(?:了|去|到)?医院|流产|脑震荡|轻伤|重伤|缝了?[^,;:.!?。、]{0,2}针|"
            r"到处是伤|全是伤|都是伤|一身伤|身上有伤|带着伤|有伤|疤|肿(?:了|得)|青了|紫了|破了相|(?:腿|胳膊|手|手臂|手指|肋骨)(?:摔|打)?断|"
            r"牙(?:被)?(?:打)?掉|掉了?[一两几]?颗牙|擦伤|划伤|割伤|烫伤|烧伤|抓伤|咬伤|耳膜穿孔|内出血|缝(?:了)?[^,;:.!?。、]{0,3}针",
            r"\b(?:injur\w+|stitches|fractur\w+|bleeding|bled|concussion|concussed|wounds?|miscarr\w+|lost the baby|"
            r"cuts|"
            r"swollen|bald patch|scars?|a&e|casualty|emergency room)\b",
            r"\b(?:in|to) hospital\b",
            r"\bhurt\b",
        ],
        requires=("prior_violence",),
    ),
    _lexicon(
        "escalating_violence",
        [
            r"越来越(?:厉害|狠|重|凶|频繁|严重|多|勤|过分|暴力)",
            r"一次比一次",
            r"变本加厉|愈演愈烈|不断升级",
            r"比以前(?:更)?(?:狠|重|厉害|频繁)",
            r"动不动就(?:打|动手)",
            r"三天两头|隔三差五",
            r"这次[^,;:.!?。、]{0,4}?(?:把[^,;:.!?。、]{0,3}?)?打(?:到|成|进)",
            r"(?:以前|原来|开始|刚开始|起初)(?:只是|就是|只会|还只是)[^。!?]{0,12}?(?:现在|这两年|后来|最近)",
            r"\b(?:started|began) (?:with|off with|as|out as|by) [^.!?]{0,40}?\bnow\b",
            r"\b(?:used to|at first|it used to be) (?:just |only )?[^.!?]{0,40}?\bnow\b",
            r"\bthis time (?:he|she|they) (?:\w+ ){1,3}so (?:hard|badly)\b",
            r"\b(?:getting|got|gets|grown|growing|become|becoming) (?:much |even )?worse\b",
            r"\bworse and worse\b",
            r"\bmore and more (?:often|violent|frequent|frequently)\b",
            r"\bmore (?:often|frequent|frequently|violent|regular)\b",
            r"\bescalat\w+",
            r"\b(?:harder|worse) (?:each|every) time\b",
            r"\b(?:become|became|becoming) (?:regular|routine|a habit)\b",
            r"\bincreasingly (?:violent|often|frequent)\b",
        ],
        requires=("prior_violence", "strangulation"),
    ),
    _lexicon(
        "strangulation",
        [
            r"(?:掐|勒|卡|扼|箍|锁|夹|勾|按|压|抵|顶|捏|攥|揪|抓|扣|勒紧|掐紧)(?:住|着|了|紧)?(?:[我你他她]|孩子|老婆|妻子)?的?"
            r"(?:脖子|脖颈|喉咙|喉头|颈部|咽喉|颈|气管)",
            r"掐死|勒死|扼死|掐(?:着|住|了)?[我他她](?!们|的?(?:胳膊|手|腿|脸|肉|大腿|屁股))|锁喉|掐脖|勒脖",
            r"(?:缠|绕|套)(?:住|着|在|了)?(?:[我他她]|孩子)?的?(?:脖子|颈)",
            r"勒(?:住|着|了)?[我他她](?!们)",
            r"捂(?:住|着)?(?:[我他她]|孩子)?的?(?:嘴|口鼻|鼻子|脸)",
            r"(?:枕头|被子|毛巾|塑料袋)(?:捂|闷|压|蒙|套)|(?:用|拿)(?:枕头|被子|塑料袋)(?:捂|闷|压|蒙|套)",
            r"(?:用|拿)(?:毛巾|绳子|皮带|电线|围巾|腰带|数据线|充电线|链子)勒",
            r"\bchok(?:e|ed|es|ing|d)\b(?! on| back| up)",
            r"\bstrangl\w+",
            r"\bthrottl\w+",
            r"\b(?:head ?lock|choke ?hold|sleeper hold|strangle ?hold)s?\b",
            r"\b(?:hands?|fingers|arms?|forearm|elbow|knee|rope|cord|cable|belt|scarf|wire|tie|lead|chain) "
            r"(?:\w+ )?(?:around|round|on|over|across|against|into) (?:my|her|his|their|the|your) (?:neck|throat|"
            r"windpipe)\b",
            r"\b(?:grabbed|held|squeezed|took|pinned|lifted|had|got|seized|pushed|pressed|caught) "
            r"(?:me |her |him |them )?(?:\w+ ){0,4}?by (?:the|my|her|his|their) (?:neck|throat)\b",
            r"\b(?:grabbed|squeezed|squeezing|squeezes|pressed|pressing|crushed|gripped) (?:my|her|his|"
            r"their) (?:neck|throat|windpipe)\b",
            r"\bwr[ae]pp?(?:ed|s|ing)? (?:\w+ ){0,3}(?:around|round) (?:my|her|his|their) (?:neck|throat)\b",
            r"\b(?:sat|sits|sitting|knelt|kneeling|kneels|lay|lying) on (?:my|her|his|the baby's|their) (?:chest|"
            r"neck|throat|face)\b",
            r"\b(?:pillow|cushion|hand|hands|plastic bag|bag) (?:down )?(?:over|on|onto|against) (?:the )?(?:\w+'s |"
            r"my |her |his |"
            r"their )?(?:face|mouth|nose|head)\b",
            r"\bsmother\w*",
            r"\b(?:held|hold|holds|holding|covered|covering|covers|clamped|pressed|pinched) (?:my|her|his|their|"
            r"the baby's) "
            r"(?:nose and mouth|mouth and nose|mouth|nose)(?: (?:shut|closed))?\b",
        ],
    ),
    # --- relationship ----------------------------------------------------------------------
    _lexicon(
        "separation",
        [
            r"离婚|分居|分手|前夫|前妻|前男友|前女友|回了?娘家|离家出走",
            r"\bdivorc\w*",
            r"\bseparat(?:ed|ion|ing)\b(?! (?:meters?|bins|accounts|rooms))",
            r"\b(?:split|broke|broken) up\b",
            r"\bbreak-?up\b",
            r"\bex-(?:husband|wife|partner|boyfriend|girlfriend|spouse)\b",
            r"\b(?:my|her|his) ex\b",
            r"\bestranged\b",
            r"\b(?:left|leave|leaving) (?:him|her|me|my husband|my wife|my partner)\b",
        ],
    ),
    _lexicon(
        "stalking",
        [
            r"跟踪|尾随|盯梢|蹲守|骚扰|纠缠|缠着|监视|偷拍|窃听|定位器|追踪器|跟踪器|窃听器",
            r"堵(?:[我他她]|人)(?!们)|(?:把[我他她]|人)堵在|堵在(?:[我她他])?(?:家)?(?:门口|楼道|楼下|单位|公司|路上)",
            r"(?:门口|楼下|门外|家外面|外面|单位|公司|学校|路口|小区)(?:外|附近|对面)?(?:开车|来回|天天|每天|一直|整天|经常|晚上)?"
            r"(?:守了|守到|等了|蹲了|守着|守候|等着?|蹲着?|蹲守|转悠|转来转去|转(?![角弯让账])|绕|晃悠|晃|徘徊|盯着)(?:[我他她])?",
            r"跟(?:着)?(?:我|她|他)回家|跟到哪|一直跟着[我她他]|(?:偷偷|一路|悄悄)跟着|跟了[我她他]一路|在后面跟着",
            r"查(?:[我她他]的)?手机",
            r"(?:装|放|安|藏)(?:了|上)?[^,;:.!?。、]{0,4}?(?:定位|gps|追踪|窃听|摄像头|监控)",
            r"[我她他](?:去|到|在)哪(?:儿|里)?(?:[她他])?(?:都)?(?:知道|跟到|找得到|能找到)",
            r"(?:不停|一直|反复|天天|每天|不断|整天|半夜)(?:地)?(?:给[我她他])?(?:打电话|发短信|发消息|发信息|发微信|打[我她他]的?电话|敲门)",
            r"(?:几十|上百|几百|好几十|好几百|\d{2,}|[一二三四五六七八九两几]?[十百]多?)(?:条|个|通)(?:消息|短信|信息|微信|语音|电话|未接)",
            r"换(?:着|了)?(?:好几个|不同的|别的|新的|别人的)?(?:号码|号|手机号|微信号|账号|小号|手机)(?:给[我她他])?(?:打|发|联系|加|找)",
            r"(?:拿|用)别人的?(?:手机|电话|号码|微信)",
            r"拉黑(?:了)?[^,;:.!?。、]{0,6}?(?:又|还|再|就)(?:换|加|打|发|来)|拉黑一个",
            r"(?:不接|拉黑)[^,;:.!?。、]{0,3}?(?:就|还|又)(?:一直|不停|接着)?(?:打|发)|打到(?:半夜|凌晨|深夜)",
            r"(?:到处|网上|群里|朋友圈)(?:发|贴|曝光|公开)[^,;:.!?。、]{0,6}?[我她他]们?的?(?:照片|住址|地址|电话|隐私)",
            r"(?:朋友圈|网上|群里|微博|抖音)[^,;:.!?。、]{0,6}?(?:造谣|诋毁|人肉|点名(?:辱)?骂)(?:我|她|他)",
            r"(?:泼|喷|刷)(?:了)?(?:红)?(?:油漆|漆|粪|大粪)|(?:贴|写)(?:了)?大字报",
            r"盯着(?:[我她他]们?|我家|我们家|[我她他]们?(?:的)?(?:家|公司|单位|门口|窗户|孩子))",
            r"(?:好几个|几个|很多|多个|不同的|新的)(?:小号|账号|号码|微信号|手机号|qq号)",
            r"(?:往|在)[^,;:.!?。、]{0,6}?(?:门缝|门上|门口|车上|信箱)[^,;:.!?。、]{0,4}?(?:塞|贴|放|留|挂|夹)[^,;:.!?。、]{0,4}?(?:纸条|字条|信|"
            r"东西)",
            r"跟在[我她他]们?(?:的)?(?:身)?后(?:面)?|[我她他]走(?:到)?哪(?:儿|里)?[她他]?(?:就)?(?:跟|走)(?:到)?哪",
            r"\bstalk\w*",
            r"(?<!\bstop )(?<!\bstopped )(?<!\bquit )\bharass\w*",
            r"\bfollow(?:s|ed|ing)? (?:me|her|him|us|my \w+)\b(?! up)",
            r"\b(?:wait(?:s|ed|ing)?|hang(?:s|ing)? around|hanging about|lurk\w*|turn(?:s|ed|ing)? up|"
            r"show(?:s|ed|ing)? up|loiter\w*|park(?:s|ed|ing)?|sits?|sitting|sat|stand(?:s|ing)?|"
            r"stood) (?:[\w-]+ ){0,3}?"
            r"(?:outside|at (?:my|our|her|his)|across (?:from|the road from) (?:my|our|her))\b",
            r"\bkeeps? (?:calling|texting|messaging|ringing|following|phoning|turning up|showing up|coming round|"
            r"leaving (?:notes|letters|flowers|gifts|messages)|emailing|contacting|watching|turning up)\b"
            r"(?! about (?:the|my|our) (?:renewal|rent|bill|invoice|repairs?|contract|delivery|payment|account|"
            r"appointment|booking))",
            r"\bwon't stop (?:calling|texting|messaging|following|contacting)\b",
            r"\b(?:dozens|hundreds|scores|\d+|twenty|thirty|forty|fifty|sixty|"
            r"a hundred) (?:of )?(?:[\w-]+ )?(?:messages|calls|texts|emails) "
            r"(?:a|per|every) (?:day|night|hour)\b",
            r"\b(?:call|ring|phone|text|messag|email)\w* (?:me|her|him)(?: up)? (?:[\w-]+ ){0,3}?times (?:a|an|per|"
            r"every) (?:day|night|hour)\b",
            r"\b(?:checking|checks|check|went through|goes through) (?:my|her) phone\b",
            r"\bwatching (?:me|my|our|her|us|him|them)\b",
            r"\bposted (?:my|her|our|his) (?:address|photos?|pictures?)\b",
            r"\btaking (?:pictures|photos) of (?:me|my|her|our)\b",
            r"\b(?:gps |location )?(?:tracker|tracking device|tracking app|airtag|air tag|spyware|stalkerware)s?\b",
            r"\btrack(?:s|ed|ing)? (?:my|her|his) (?:phone|location|car|movements|phone's location)\b",
            r"\b(?:hacked|hacks|hacking|got into|logged into|broke into) (?:my|her|his) (?:email|emails|account|"
            r"accounts|messages|"
            r"phone|facebook|wechat|instagram|icloud)\b",
            r"\b(?:new|fake|different|another|other|multiple|several) (?:accounts?|numbers?|profiles?|"
            r"phones?) to (?:message|contact|call|"
            r"text|reach|follow|watch|harass) (?:me|her|him)\b",
            r"\bfrom (?:different|new|withheld|private|unknown|fake|blocked|other people's) (?:numbers?|accounts?|"
            r"phones?)\b",
            r"\bafter (?:i|she|he) (?:block|blocked|blocks) (?:him|her|them|his|her)\b",
            r"\b(?:dr(?:ive|ove|ives|iving)|walk(?:s|ed|ing)?|cycl\w+) (?:past|by|round|around) (?:my|our|her|his) "
            r"(?:house|flat|home|place|door|work|office|building)\b(?: \w+){0,3}? (?:times|again and again|"
            r"every (?:day|night|evening)|"
            r"repeatedly|all (?:day|night))\b",
            r"\b(?:keeps?|kept|always|secretly|constantly) (?:\w+ )?(?:filming|recording|photographing|spying|"
            r"taking (?:pictures|photos))\b",
            r"\b(?:spy|spies|spying|spied) on (?:me|her|him|us)\b",
            r"\b(?:app|software|tracker|device|camera) (?:on|in|under) (?:my|her|his) (?:phone|car|flat|house|"
            r"bedroom)\b",
            r"\b(?:see|know|knows|track|check|checks|find out|found out) where (?:i|she|he)(?:'m| am| is|'s)? "
            r"(?:am|is|was|go|goes|live|lives|living|staying|work|works)\b",
            r"\b(?:park|parks|parked|parking|sits?|sat|sitting|stands?|standing|waits?|waiting) (?:\w+ ){0,3}?"
            r"(?:opposite|in front of|across from|near|by) (?:my|our|her|his) (?:house|flat|home|door|building|work|"
            r"office|school)\b",
            r"\b(?:over |more than )?(?:\d+|dozens|hundreds|[a-z]+ hundred|a hundred|fifty|forty|thirty|"
            r"twenty) (?:of )?(?:[\w-]+ )?"
            r"(?:messages|calls|texts|emails|voicemails) (?:a|per|every|this|in (?:a|one)) (?:day|night|hour|week|"
            r"weekend)\b",
            r"\b(?:photos?|pictures?|videos?) of (?:my|our|her) (?:own )?(?:front door|house|flat|home|car|kids|"
            r"children|daughter|son|"
            r"workplace|office|bedroom)\b",
        ],
    ),
    # --- fear and vulnerability ------------------------------------------------------------
    _lexicon(
        "fear",
        [
            r"害怕|恐惧|惊恐|惶恐|吓(?:坏|得|哭|呆|傻)|吓死|提心吊胆|担惊受怕|心惊胆战|胆战心惊|噩梦|没有安全感",
            r"心有余悸|发怵|后怕|心里发毛|胆寒|不寒而栗|浑身发抖|吓得发抖|怕得要命|惶惶不可终日",
            r"(?:看到|看见|听到|想到|一见到|见到)(?:[他她]|对方)[^,;:.!?。、]{0,8}?(?:就|都)?(?:发抖|心慌|心跳加速|害怕|哆嗦|腿软|发怵)",
            r"睡觉(?:都|也)?(?:要)?(?:把门)?反锁|反锁(?:着)?(?:房)?门睡觉",
            r"心惊肉跳|惊魂未定|战战兢兢|胆子都(?:被)?吓破|(?:时刻)?提防着[他她]|防着[他她]",
            r"(?:看到|看见|听到|一听到|想到|见到)(?:[他她]|对方)[^,;:.!?。、]{0,8}?(?:就|都)?躲|躲(?:到|在|进)(?:了)?(?:床底|床下|柜子|衣柜|桌子底)",
            r"不敢(?!相信|想象|保证|确定|说|当|要|收)",
            r"(?<![恐哪生])怕(?:[他她]们?|对方|被)",
            r"(?:很|好|太|非常|特别|真的|十分|挺)(?:害)?怕",
            r"担心(?:[他她]们?|对方)(?:会)?(?:报复|打|伤害|找|来|杀|对|上门|出来|动手)",
            r"担心(?:被|遭)(?:报复|打|伤害)",
            r"(?:人身)?安全(?:受到)?威胁",
            r"担心(?:自己|我|我们|家人|孩子)的?(?:人身)?安全|恐慌",
            r"\b(?:scared|terrified|frightened|petrified)\b(?! of (?:heights|spiders|dogs?|the dark|flying|needles|"
            r"water|the dog|"
            r"losing|the (?:cost|bill|price|repairs?)|being evicted|the mould))",
            r"\bafraid (?:of|to|for)\b(?! (?:heights|spiders|dogs?|the dark|flying|needles))",
            r"\bafraid (?:that )?(?:he|she|they)\b",
            r"\bfear(?:ful)? (?:for|of)\b",
            r"\b(?:living|live|lives) in fear\b",
            r"\bfear (?:that )?(?:he|she|they)\b",
            r"\bworried (?:that )?(?:he|she|they)(?:'ll| will| might| would| could| may)\b",
            r"\bnightmares\b",
            r"\b(?:unsafe|not safe)\b",
            r"\bdare(?:n'?t| not)\b|\b(?:don'?t|do not|never) feel safe\b|\bscared stiff\b",
            r"\bsleep(?:s|ing)? with (?:the|my|our|a) (?:\w+ )?doors? (?:locked|barricaded|wedged)\b",
            r"\b(?:chair|wardrobe|table|sofa) (?:against|under) (?:the|my|our) (?:\w+ )?door\b|\bbarricad\w+",
            r"\b(?:on edge|jumpy|on tenterhooks|panic attacks?|shaking|trembling|look(?:ing)? over (?:my|"
            r"our) shoulders?)\b"
            r"[^.!?]{0,50}?\b(?:because of (?:him|her|them|what he|what she)|since (?:he|she|they|his|her|"
            r"the (?:threats?|attack|"
            r"assault|incident|row)))",
            r"\b(?:we|i|she|he) (?:all )?jump (?:every time|whenever|when)\b",
            r"\bwhat if (?:he|she|they) (?:\w+ ){0,4}?(?:hurts?|harms?|kills?|attacks?|hits?|beats?) "
            r"(?:me|us|her|him|them|the (?:kids|children|baby)|my \w+|our \w+)\b",
        ],
    ),
    _lexicon(
        "vulnerable_people",
        [
            r"孩子|小孩|儿子|女儿|婴儿|宝宝|幼儿|儿童|未成年|孕妇|怀孕|怀着孕|身孕|老人|老太太|老大爷|老父亲|老母亲",
            r"流产|[七八九]十(?:多)?岁|[七八九]十多了|奶奶|爷爷|外婆|外公|姥姥|姥爷|孙子|孙女|残疾|瘫痪|轮椅|自闭症|智障|重病|病重|癌症|满月|小学生",
            r"\b(?:child|children|kids?|baby|babies|toddlers?|infants?|sons?|daughters?|teen(?:age|ager)?s?|minors?|"
            r"boys?|girls?|"
            r"nursery|schoolchild(?:ren)?)\b(?!friend)",
            r"\bgrand(?:son|daughter|child|children|mother|father|ma|pa|parents)s?\b",
            r"\b(?:pregnan\w+|miscarr\w+|lost the baby)",
            r"\b(?:elderly|pensioners?|bedridden|dementia|wheelchair|autis\w+|disab\w+)\b",
            r"\bold (?:man|woman|lady|people|couple|father|mother|parents)\b",
            r"\b(?:[6-9]\d|1[0-7]|[1-9])-year-old\b",
            r"\b(?:is|aged|she's|he's) [7-9]\d\b",
        ],
    ),
    _lexicon(
        "self_harm",
        [
            # saying it
            r"不想活|活不下去|活着(?:还有什么|没有?|真没|有什么)(?:意思|意义|盼头|劲|用)|活着太累|想死|寻死|求死|(?<!去)自杀|轻生|寻短见|一死了之",
            r"死了算了|不如死了?(?:干净|算了|痛快)?|还不如死|死给[你他她]们?看|以死相逼|死在(?:这里|这儿|你家|门口|他家|他们面前|这)",
            r"活够了|一了百了|同归于尽|想不开|走绝路|自残|自伤|伤害自己|结束(?:自己的)?生命|烧炭",
            r"没脸(?:活|再活|见人)|没法活了|不活了|活不成了|(?:我|他|她)(?:就|想|要|真想|只想|干脆)去死|一起(?:去)?死",
            r"活着(?:就是|只是)(?:拖累|累赘|受罪|浪费|负担)|(?:是|就是|成了)(?:个|家里的|大家的|全家的)?(?:累赘|拖累|负担)",
            r"结束(?:这一切|一切|这条命|我的命)|了结(?:自己|此生|这一切|一切|残生)",
            r"(?:我|他|她)(?:不在了|走了|死了|没了)[^。!?]{0,10}?(?:大家|你们|家里|孩子|家人)[^。!?]{0,6}?(?:更好|轻松|解脱|清净|省心|好过|安生)",
            r"(?:睡|闭上眼)[^,;:.!?。、]{0,4}?(?:再也)?(?:不要|不想|别|不用|不)醒(?:来|过来)?|一睡不醒",
            # saying goodbye, settling affairs, giving things away
            r"交代(?:好|了)?(?:了)?后事|后事(?:都|也)?(?:交代|安排)(?:好|完)?了",
            r"活着(?:太|真|好|实在)(?:痛苦|累|难|苦|煎熬|受罪|没劲)|(?:想|只想|就想|求|早点|早日)(?:早点)?(?:得到)?解脱(?!了)",
            r"不想(?:再)?(?:拖下去|拖累|连累|麻烦)|不会再(?:麻烦|拖累|连累)(?:大家|你们|家里|家人)",
            r"(?:想好了?|决定了?)(?:怎么|要)(?:走|死|离开)|(?:就|可以|也能)安心(?:地)?走了",
            r"(?:我|他|她)活腻(?:了|歪)|(?:我|他|她)死了[^。!?]{0,6}?(?:你们|大家|你|他们)(?:就)?(?:满意|高兴|开心|称心)",
            r"(?:和|跟|向)这个世界(?:说)?(?:再见|告别|道别)|不想活在|卧轨|投(?:河|江|湖|海|井)|开煤气|煤气自杀",
            r"(?:衣服|首饰|东西|家当|存款|积蓄)[^。!?]{0,6}?(?:都|全)?(?:送人|送给|分给)[^。!?]{0,12}?(?:不需要|用不着|用不上)",
            r"(?:写|发|留)[^,;:.!?。、]{0,4}?(?:告别|诀别|绝笔)|告别(?:的话|信|短信|视频|留言)|下辈子(?:再见|见|再做)|来世再见|永别了|诀别",
            r"(?:交给|留给|送给|分给|送人)[^。!?]{0,12}?(?:以后|再也)(?:都|也)?用不(?:着|上)",
            r"(?:走了|不在了)(?:以后|之后)[^。!?]{0,6}?(?:拜托|托付|交给|照顾好)",
            # methods
            r"跳(?:楼|搂|喽|河|江|湖|海|桥|下去|下来)|从楼上跳(?:下去|下来)?|上吊|割腕|割脉|(?:在|往)?手腕上?划",
            r"喝(?:了)?(?:农药|百草枯|敌敌畏)|喝药|(?:吃|吞|服)(?:了)?(?:一?(?:瓶|把))?(?:安眠药|药自杀)|吞(?:了)?(?:药|刀片)",
            r"吃了?(?:一整?瓶|一把|很多|大量|一堆)的?(?:药|安眠药|药片)",
            r"(?:买|攒|囤|藏|准备|备)(?:了|好|着)?[^,;:.!?。、]{0,4}?(?:安眠药|老鼠药|鼠药|百草枯|敌敌畏)|攒(?:了|着|的)?[^,;:.!?。、]{0,3}?药",
            r"(?:爬|站|坐)(?:上|在|到)?(?:了)?[^,;:.!?。、]{0,4}?(?:塔吊|楼顶|天台边|顶楼|桥栏|窗台|阳台边)",
            r"\b(?:kill|hang|hurt|cut|harm|shoot|drown|burn|starve|poison|off|top)(?:s|ed|ing|ped|ping)? "
            r"(?:myself|himself|herself|themselves|yourself|ourselves)\b",
            r"\band then (?:himself|herself|myself|themselves)\b",
            r"\bsuicid(?:e|al)\b",
            r"\bself[- ]harm\w*",
            r"\bunalive\b|\bkms\b",
            r"\bend (?:it|things|everything) all\b",
            r"\b(?:going to|gonna|will|'ll|want to|wanna|about to|i'm|im) end(?:ing)? (?:it|things|"
            r"everything)(?: all)?\b(?! with\b)",
            r"\b(?:do|does|did)(?:n'?t| not) want to (?:live|be alive|go on|exist)\b",
            r"\bnever want to (?:live|wake up)\b",
            r"\bcan(?:'?t|not) go on\b",
            r"\bno (?:reason|point) (?:to|in) (?:live|living|going on)\b",
            r"\b(?:no|see the|see any) point (?:any ?more|in (?:living|going on|life|anything|it all))\b(?! (?:in|of|"
            r"to) )",
            r"\bwan(?:ts?|na) (?:to )?die\b",
            r"\b(?:nothing|no one|nobody|no reason|little) (?:left )?to live for\b",
            r"\b(?:might|may) as well (?:be dead|die|end it|kill myself)\b",
            r"\b(?:won'?t|will not|not going to) be (?:around|here) (?:for )?(?:much |very )?(?:longer|long)\b",
            r"\bwalk(?:ing|ed|s)? into (?:the|a) (?:sea|river|lake|traffic|canal|ocean)\b",
            r"\bhow (?:many|much) (?:pills|tablets|paracetamol|insulin)\b|\b(?:looking up|googl\w+|search\w*|"
            r"research\w*) "
            r"(?:how to|ways to) (?:die|kill|end|hang|overdose)\b",
            r"\bsaid (?:my|his|her|their) goodbyes\b",
            r"\b(?:a|such a) burden (?:to|on) (?:everyone|everybody|my family|the family|them|you all|my kids|you)\b",
            r"\b(?:easier|better) (?:for (?:everyone|everybody|them|you) )?if (?:i|he|she) (?:wasn't|weren't|was not|"
            r"were not) "
            r"(?:here|around|alive)\b",
            r"\bcut(?:s|ting)? (?:her|his|my|their) (?:arms|legs|wrists|thighs|skin)\b|\bcutting (?:herself|himself|"
            r"myself)\b",
            r"\brather (?:not|never) wake up\b|\bdon'?t want to wake up\b",
            r"\bwant (?:it all|everything|the pain|this) to (?:stop|end)\b|\b(?:can'?t|cannot) see (?:a|any) way out\b",
            r"\bbetter (?:off )?without me\b",
            r"\bwish (?:i|he|she) (?:was|were) dead\b",
            r"\bbetter off dead\b",
            r"\b(?:'d|would) rather (?:be dead|die)\b",
            r"\bnot worth living\b",
            r"\btired of (?:living|life|being alive)\b",
            r"\b(?:(?:nobody|no one|no-one) (?:would|will|'d)(?: even)? )?(?:care|notice|miss me) if i "
            r"(?:died|was dead|were dead|were gone|was gone|killed myself|disappeared)\b",
            r"\b(?:nobody|no one|no-one|noone)(?: \w+)? (?:would|will|'d|'ll|is going to)(?: even| ever)? (?:miss|"
            r"notice|care about) "
            r"(?:me|him|her)\b(?! (?:at|in|for)\b)",
            r"\b(?:everyone|everybody|they|you|my family|the kids|the family|you all|they'd|you'd|they'd all|"
            r"you'd all) "
            r"(?:\w+ )?(?:would |will |'d )?(?:be )?(?:better|happier) off without (?:me|him|her)\b",
            r"\b(?:go to sleep|fall asleep|sleep|close my eyes) and (?:not|never) (?:wake|open)\b",
            r"\b(?:want|wanted|wish|hope|like) to (?:go to )?sleep (?:and|forever)\b",
            r"\bhope (?:i|he|she) (?:don'?t|doesn'?t|never) wake up\b",
            # saying goodbye, settling affairs, giving things away
            r"\b(?:written|wrote|writing|left|leaving|leave)(?: \w+){0,2} (?:letters?|notes?) (?:to|for) (?:my|his|"
            r"her) "
            r"(?:kids|children|family|sons?|daughters?|wife|husband|parents|mum|mom|dad)\b",
            r"\b(?:goodbye|farewell|suicide) (?:letters?|notes?|messages?|texts?|videos?)\b",
            r"\b(?:put|putting|puts|get|getting|got) (?:my|his|her|their) affairs in order\b",
            r"\b(?:i've|i have|i'm|i am|i) (?:\w+ ){0,2}?(?:sorted|sorting|made|making|written|wrote|writing|"
            r"updated) (?:out )?my (?:will|affairs)\b",
            r"\bgiv(?:e|es|ing|en) (?:away )?(?:all )?(?:of )?(?:my|his|her|their) (?:jewellery|jewelry|belongings|"
            r"possessions) "
            r"(?:away|to)\b",
            r"\bgiv(?:e|es|ing|en) away (?:all )?(?:of )?(?:my|his|her|their) (?:things|stuff|belongings|possessions|"
            r"savings|clothes|"
            r"books|tools|records|records|jewellery|jewelry)\b",
            r"\bsa(?:ying|id|ys|y) (?:his |her |my )?goodbyes?(?: to (?:everyone|everybody|us all|all of us|"
            r"the family|all))\b",
            # methods
            r"\b(?:(?:would|will|'ll|'d|going to|gonna|threaten(?:ed|s|ing)? to) )?"
            r"(?:jump|jumped|jumping|jumps|throw (?:myself|himself|herself)) (?:off|from|out of) "
            r"(?:the |a |an |his |her |my |our |this )?"
            r"(?:roof|building|bridge|crane|window|balcony|tower|top floor|\w+ floor|scaffolding|cliff|flyover|"
            r"overpass|ledge|car park|block)\b",
            r"\b(?:throw|throws|threw|throwing|fling|hurl)(?:s|ing)? (?:myself|himself|herself|themselves) (?:off|"
            r"from|out of|under|in front of|into)\b",
            r"\b(?:step|stepping|jump|jumping|walk|walking|lie|lying) (?:out )?in front of (?:a|the) (?:train|bus|"
            r"lorry|truck|car|tube)\b",
            r"\bthreaten(?:ed|s|ing)? to jump\b",
            r"\b(?:would|will|'ll|'d|going to|gonna) jump\b(?! (?:the|in|at|on|off|from|out|up|ship)\b)",
            r"\boverdos(?:e|ed|es|ing)\b",
            r"\b(?:take|took|taking|takes|swallow\w*|stockpil\w*|hoard\w*|sav(?:e|ed|es|ing)(?: up)?|collect(?:ed|s|"
            r"ing)|stash\w*) "
            r"(?:[\w-]+ ){0,2}?(?:sleeping pills|pills|tablets|painkillers|paracetamol)\b",
            r"\b(?:take|took|taking|swallow\w*|down|neck) (?:the |a )?(?:whole|entire) (?:bottle|packet|box|pack)\b",
            r"\b(?:slit|cut|slash\w*) (?:my|his|her|their) wrists?\b",
            r"\b(?:tried|attempted|attempt|trying) to (?:hang|kill|drown|poison|end|take)\b",
            r"\b(?:drive|drives|driving|drove|driven|crash|crashing) (?:\w+ ){0,2}(?:car|van|truck|lorry) (?:into|off) "
            r"(?:a|the) (?:wall|tree|river|cliff|bridge|lake|sea|lorry|truck|canal)\b",
            r"\b(?:thinking|thought|talk(?:s|ed|ing)?|think(?:s|ing)?) about (?:\w+ ){0,2}(?:the (?:train|"
            r"railway) (?:tracks|line)|"
            r"the bridge|the river|a rope|hanging|jumping|ending it|dying|killing (?:myself|himself|herself)|"
            r"suicide)\b",
            r"\b(?:has|have|had|got|bought|keeps?) (?:a |the )?(?:rope|noose) (?:in|under|ready|at)\b",
        ],
        conditional=False,
    ),
    # Taking one's own life, unless another person is the one who will take it ("he'll end my life").
    _lexicon(
        "self_harm",
        [r"\b(?:take|took|taking|takes|end|ends|ended|ending) (?:my|his|her|their) (?:own )?li(?:fe|ves)\b"],
        check=_own_life,
        conditional=False,
    ),
    # A suicide note, unless it is a dead person's (遗书 in an inheritance dispute).
    _lexicon("self_harm", [r"遗书"], check=_not_of_the_dead, conditional=False),
    # --- aggravating and scale -------------------------------------------------------------
    _lexicon(
        "substance",
        [
            r"喝(?:了|多|醉)?(?:点|些|了)?酒|喝醉|醉酒|酗酒|醉醺醺|酒后|喝多|耍酒疯|酒鬼|吸毒|毒品|嗑药|冰毒|大麻|k粉",
            r"喝得(?:烂醉|大醉|酩酊|醉醺醺|不省人事|东倒西歪)|烂醉|酩酊大醉|一身酒气|满身酒气",
            r"\bdrunk(?:en)?\b",
            r"\bdrinking\b(?! water)",
            r"\bdrinks\b(?! machine)",
            r"\b(?:alcohol\w*|booze|intoxicated|cocaine|heroin|meth|cannabis|marijuana|weed)\b",
            r"\bhigh on\b",
            r"\b(?:came|comes|come|got|gets) (?:home |back |round |in )?(?:high|stoned|wasted|off (?:his|her|"
            r"their) face)\b",
            r"\b(?:stoned|off (?:his|her|their) face|on drugs)\b",
            r"\bdrugs?\b(?! ?store)",
        ],
    ),
    _lexicon(
        "group_dispute",
        [
            r"(?:\d{2,}|[二三四五六七八九两几]十|[一二三四五六七八九两几]?[百千]|十[一二三四五六七八九几]?)(?:多|余|来|几)?"
            r"(?:个|名|位|户|家|号)?(?:人家|农民工|工人|业主|住户|村民|员工|家长|职工|工友|租客|商户|家庭|户|人|学生|居民|债主|投资人)",
            r"全体(?:业主|员工|工人|村民|居民)|全村|集体(?:上访|讨薪|维权|讨要)|群体|联名|一群人|一帮人|成群结队|围堵|聚集",
            r"\b(?:\d{2,}(?:,\d{3})*|dozens|hundreds|scores|thousands|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
            r"ninety|"
            r"hundred|a dozen)(?:[- ]\w+)? (?:of )?(?:[\w-]+ )?"
            r"(?:workers|owners|households|families|residents|villagers|parents|tenants|employees|people|staff|"
            r"neighbou?rs|members|migrants|farmers|shopkeepers|vendors|investors|"
            r"homeowners|labou?rers)\b",
            r"\bcrew of (?:\d{2,}|\w+ty)\b",
            r"\b(?:a|the) (?:crowd|mob)\b",
            r"\ball (?:the |of the )?(?:owners|residents|workers|tenants|villagers|employees)\b",
            r"\bthe whole (?:building|village|compound|estate)\b",
        ],
    ),
    _lexicon(
        "large_sums",
        [
            r"(?:(?P<wan_digits>\d+(?:\.\d+)?)|(?P<wan_zh>[零一二两三四五六七八九十百千几]+))(?:多|余|来)?万",
        ],
        check=_wan_is_large,
    ),
    _lexicon(
        "large_sums",
        [
            r"(?P<yuan>\d{1,3}(?:,\d{3})+|\d{5,})(?:\.\d+)? ?(?:元|块)",
            r"(?P<yuan>\d{1,3}(?:,\d{3})+|\d{5,})(?:\.\d+)? ?(?:yuan|rmb|cny|dollars|usd)\b",
            r"(?:¥|rmb|cny|\$) ?(?P<yuan_after_sign>\d{1,3}(?:,\d{3})+|\d{5,})",
        ],
        check=_yuan_is_large,
    ),
    _lexicon("large_sums", [r"\b(?P<k>\d+)k (?:yuan|rmb)\b"], check=_thousands_is_large),
    _lexicon(
        "large_sums",
        [
            r"上百万|几百万|百万|千万|上亿|几亿|亿元",
            r"积蓄|养老钱|救命钱|棺材本|全部家当|倾家荡产|血本无归|首付(?:款)?(?:都|全)?(?:打了?水漂|没了|要不回来)",
            r"唯一(?:的)?(?:收入|生活来源|经济来源|住房|房子|住处|饭碗)|(?:没有|失去了?)(?:任何)?(?:生活|经济)来源|生活来源|饭碗",
            r"(?:骗|输|赔|亏)(?:得)?(?:光|完|精光)",
            r"\b(?:\d+(?:\.\d+)?|a|one|two|three|four|five|six|seven|eight|nine|ten|several|half a) million\b",
            r"\b(?:hundreds|tens) of thousands\b",
            r"\blife savings\b",
            r"\b(?:all|whole of) (?:my|his|her|our|their) savings\b",
            r"\b(?:lost|losing|lose) (?:all )?(?:of )?(?:my|his|her|our|their) (?:life )?savings\b",
            r"\bonly (?:source of )?(?:income|home|livelihood)\b",
            r"\blivelihood\b",
            r"\bearns? (?:a|their|his|her|our|the) living\b",
            r"\b(?:lost|losing|lose) (?:my|his|her|our|their) (?:job|jobs|business|shop|home|house|land)\b",
        ],
    ),
    # Unpaid wages are a large sum when many people are owed them.
    _lexicon(
        "large_sums",
        [
            r"(?:拖欠|欠|没发|未发|拿不到|没拿到|讨)[^,;:.!?。、]{0,14}?(?:工资|工钱|薪水|劳务费)",
            r"(?:工资|工钱|薪水)[^,;:.!?。、]{0,6}?(?:没|未|不)(?:发|给|结)",
            r"(?:工资|工钱|薪水)(?:被)?拖(?:欠|了)",
            r"不(?:给|发|结)(?:钱|工钱|工资)|讨薪|讨要工钱",
            r"\b(?:not been paid|unpaid|wage arrears|back pay)\b",
            r"\bowe[sd]? (?:[\w-]+ ){0,4}?(?:wages|salar\w+|pay)\b",
            r"\b(?:have|has)(?:n't| not) (?:been )?paid\b",
        ],
        requires=("group_dispute",),
    ),
    # --- further families (risk_dev4: a second fresh check of phrasings) ---------------------
    _lexicon(
        "threat_to_kill",
        [
            r"血账|血债|(?:一起|陪[你我他她]们?|送[你我他她]们?|让[你我他她]们?)下地狱",
            r"毁(?:了)?[你我他她]们?的?(?:脸|容)|毁容",
            r"\b(?:never|won't|not|wont) (?:\w+ )?see (?:another|your next|my next|the next) "
            r"(?:birthday|christmas|new year|day|summer|spring)\b",
            r"\bsleep(?:ing|s)? with the fishes\b|\b(?:with|in) (?:your|my|her|his) (?:own )?blood\b",
            r"\bor a (?:coffin|body ?bag|grave)\b|\bin a (?:coffin|casket|body ?bag)\b",
            r"\b(?:told|said|says|warned)(?: \w+){0,3}? (?:i|she|he|you|we) (?:wasn't|won't|isn't|weren't|aren't|"
            r"would not|"
            r"wouldn't|will not) (?:going to )?make it\b",
        ],
        conditional=False,
    ),
    # With a weapon at hand, a dare or a mark on it is a threat to kill ("one more word", 谁也别想走出这个门).
    _lexicon(
        "threat_to_kill",
        [
            r"别想(?:活着|站着)?(?:走出|离开|出)(?:这个)?(?:门|屋|院子|房间)",
            r"\bone more (?:word|step)\b|\b(?:has|had|with) (?:my|your|her|his) name on it\b",
        ],
        requires=("weapon",),
        conditional=False,
    ),
    _lexicon(
        "threat_of_harm",
        [
            r"(?:找|叫)(?:几个|一帮|一群)?(?:人|兄弟)[^,;:.!?。、]{0,10}?(?:砸|打|收拾|烧|拆)",
            r"(?:孩子|儿子|女儿|老婆|家人|你家)[^,;:.!?。、]{0,8}?(?:可|最好|得)?(?:要)?(?:当心|小心)(?:点|些|着)",
            r"别想(?:走出|离开|出)(?:这个)?(?:门|屋|院子|房间)",
            r"\bwatch (?:your|my|his|her) step\b|\bmake (?:you|me|her|him|them|us) regret\b",
            r"\b(?:torch|burn)(?:ed)? (?:your|my|his|her|their|the) (?:car|house|flat|shop|van)\b",
            r"\b(?:your|my|his|her) (?:son|daughter|kids|children|wife|husband|family|mum|mother) (?:should|"
            r"had better|'d better|"
            r"better) (?:be careful|watch out|watch (?:his|her|their) step)\b",
        ],
        conditional=False,
    ),
    _lexicon(
        "weapon",
        [
            r"(?:用|拿|抄起|抡起|举起)(?:开水壶|水壶|茶壶|锅|平底锅|菜板|杯子|花盆|哑铃|头盔|锁)[^,;:.!?。、]{0,4}?(?:砸|打|敲)",
            r"\bload(?:ed|s|ing)? (?:his|her|a|the) (?:gun|shotgun|rifle|pistol)\b",
        ],
        check=_weapon_in_dispute,
    ),
    _lexicon(
        "prior_violence",
        [
            r"(?:用|拿)[^,;:.!?。、]{0,5}?砸(?:了|伤|中|向)(?:[我他她]们?|我妈|我爸|孩子|老人)(?![家的])",
            r"骑在[我她他](?:的)?身上|扇(?:了|倒|翻|得)?(?:[我他她]们?|孩子)(?![家的])|一巴掌",
            r"把[我她他]们?(?:往外|往门外|往楼下|在地上|从[^,;:.!?。、]{0,4}?)(?:拖|拽)",
            r"\bslam(?:med|s)? (?:the |a )?(?:car )?door on (?:my|her|his)\b|\bglass(?:ed)? (?:me|her|him)\b",
            r"\blash(?:es|ed|ing)? out\b|\bknelt on (?:my|her|his) (?:back|chest|neck)\b",
        ],
        check=_past_act,
    ),
    _lexicon(
        "injury",
        [
            r"\b(?:broke|broken|fractured|cracked) (?:two|three|several|a few|some) (?:of (?:my|her|his) )?"
            r"(?:fingers|ribs|teeth|toes|bones)\b",
        ],
    ),
    _lexicon(
        "escalating_violence",
        [r"\bnever been this bad\b|\bworse than ever\b|\bevery (?:other )?(?:night|day) now\b"],
        requires=("prior_violence", "strangulation"),
    ),
    _lexicon(
        "strangulation",
        [
            r"\b(?:held|hold|holding|pushed|pushing|forced) (?:me|her|him|my head|her head|"
            r"his head) (?:down )?under(?: the)? water\b",
            r"\b(?:pushed|pressed|held|forced|shoved) (?:my|her|his) (?:face|head) (?:down )?(?:into|onto|in) (?:the|"
            r"a) "
            r"(?:pillow|mattress|cushion|water|sink|bath)\b",
        ],
    ),
    _lexicon(
        "stalking",
        [
            r"(?:站在|躲在|坐在|远远地?|远处|暗处|角落)[^,;:.!?。、]{0,6}?(?:看着|盯着|望着)(?:[我她他]|我家)|望远镜[^,;:.!?。、]{0,4}?(?:看|盯)",
            r"在[我她他](?:家|们家)(?:对面|隔壁|楼下|附近)(?:租|买|住)",
            r"\b(?:even though|after|although) (?:i've|i have|i|she's|she has|she|we've|we) (?:asked|told|"
            r"begged) (?:him|her|them) "
            r"(?:to stop|not to|to leave (?:me|her|us) alone)\b",
            r"\bgo(?:ing|es)? through (?:my|her) (?:bins|rubbish|post|mail|bag|things)\b",
            r"\b(?:messag|contact|call|text|email)\w* my (?:friends|family|colleagues|boss|employer|mum|"
            r"mother) about me\b",
            r"\b(?:stand|stands|standing|stood|waiting|parked|sitting) (?:\w+ ){0,2}?across the (?:road|street)\b",
            r"\bfake (?:profiles?|accounts?)\b",
        ],
    ),
    _lexicon(
        "fear",
        [
            r"生怕(?:[他她]|对方|遇到|碰到|被)|做梦都(?:在)?(?:哭|喊|怕|叫)",
            r"\b(?:different|another) (?:route|way) (?:home|to work)\b",
            r"\bit'?s (?:terrifying|frightening|scary)\b",
            r"\b(?:think|thinking|worried|worry|convinced) (?:that )?(?:he|she|they)(?:'ll| will| might| is going to|"
            r"'s going to) "
            r"(?:break in|come (?:back|after)|find (?:me|us)|hurt|kill|attack)\b",
        ],
    ),
    _lexicon(
        "self_harm",
        [
            r"没有(?:我|他|她)(?:也一样|更好|大家更好)|死了(?:也)?(?:没人|没有人)(?:心疼|在乎|管|知道|难过)",
            r"(?:信|交代|嘱咐|托付)[^。!?]{0,12}?(?:以后|往后)[^。!?]{0,4}?照顾",
            r"不如(?:找|买|拿)(?:根|条)?绳子|(?:写着|留言|发了?)[^,;:.!?。、]{0,3}?[“\"']?(?:再见了|永别|别了)",
            r"\bmade (?:my|his|her|their) peace\b",
            r"\b(?:drive|drives|driving|drove|driven) (?:\w+ ){0,2}?(?:off|into) (?:a|the) "
            r"(?:bridge|cliff|river|wall|tree|lake|sea|canal|quay|pier)\b",
            r"\b(?:relieved|happier|better off|glad) if i (?:just )?(?:vanished|disappeared|was gone|were gone|died|"
            r"wasn't here|"
            r"weren't here)\b",
            r"\b(?:note|letter|message) (?:saying|to say) (?:sorry|goodbye)\b",
            r"\b(?:disappear|vanish) forever\b|\bno future for me\b",
            r"\b(?:stood|standing|sat|sitting|climbed|was) (?:on|onto|up on) (?:the|a) (?:ledge|edge|parapet|"
            r"railing)\b|"
            r"\btalked (?:him|her|them) down\b",
        ],
        conditional=False,
    ),
    # --- further families (risk_dev5: a third fresh check) ----------------------------------
    _lexicon(
        "threat_to_kill",
        [
            r"(?:闭(?:上|了)?(?:眼)?就|让[你我他她]们?)(?:再也)?(?:睁不开|醒不过来|醒不来)",
            r"(?:摆|设)灵堂|办白事|披麻戴孝|横尸|一命抵一命|抵命|下一个(?:就)?是你|你是下一个",
            r"(?:把|将)[你我他她]们?(?:给)?(?:弄|整|搞|做)没(?:了)?",
            r"(?:一起|把[你我他她]们?)[^,;:.!?。、]{0,4}?烧(?:成灰|死)",
            r"\b(?:for|plan|planning|arrange|arranging|book) (?:your|her|his|my) (?:own )?funeral\b",
            r"\boff the face of the earth\b|\b(?:your|my|her|his) time(?:'s| is) (?:nearly |almost )?up\b|"
            r"\btick,? tock\b",
            r"\b(?:a |live )?bullets? (?:on|at|through|in|under) (?:my|our|her|his) (?:door|doorstep|doormat|"
            r"letterbox|car|"
            r"windscreen|desk|pillow|bed)\b",
        ],
        conditional=False,
    ),
    _lexicon(
        "threat_to_kill",
        [r"\b(?:it's|it is|that's|that is|this is|this one's) for (?:you|u|me|her|him|us|them)\b"],
        requires=("weapon",),
        conditional=False,
    ),
    _lexicon(
        "threat_of_harm",
        [
            r"(?:让|叫)[你我他她]们?(?:在医院)?躺(?:上|个)?(?:半年|几个月|一个月|半个月|医院)",
            r"(?:腿|胳膊|手)(?:给[你我他她])?(?:打折|打断|撅折|掰断)|打折[你我他她]的?(?:腿|胳膊)",
            r"(?:孩子|儿子|女儿)[^。!?]{0,12}?(?:小心|当心)(?:点|些|着)",
            r"\b(?:you'll|you will|i'll|i will|she'll|he'll|i'd|you'd|she'd|he'd) (?:end up |be )?in "
            r"(?:hospital|a wheelchair|intensive care|a&e)\b",
            r"\bruin (?:your|my|her|his) face\b",
            r"\b(?:asked|asking|wanted to know) (?:whether|if|where|when) (?:my|your|her|his) (?:daughter|son|kids|"
            r"children|wife|"
            r"husband) (?:\w+ ){0,3}?(?:alone|on (?:her|his|their) own|home)\b",
        ],
        conditional=False,
    ),
    _lexicon(
        "prior_violence",
        [
            r"(?:扎|捅|刺|划)(?:了|伤|破)?(?:[我他她]们?|孩子)的?(?:胳膊|手|腿|肚子|背|脸|头|身上)|(?:压|按|摁)在(?:沙发|地|墙|床|桌)",
            r"\b(?:pinch|twist)(?:es|ed|ing)? (?:and \w+ )?(?:my|her|his) (?:arms?|wrists?|skin)\b",
            r"\b(?:throw|throws|threw|throwing) (?:things|stuff|objects|plates|bottles|cups|chairs|glasses) at (?:me|"
            r"her|him|us)\b",
        ],
        check=_past_act,
    ),
    _lexicon(
        "injury",
        [r"流了?[^,;:.!?。、]{0,3}?血|充血|失明|视网膜脱落|看不清(?:东西)?"],
        requires=("prior_violence",),
    ),
    _lexicon(
        "strangulation",
        [
            r"把[我她他]们?的?(?:头|脸)(?:按|摁|压|浸)(?:进|到|在)[^,;:.!?。、]{0,3}?(?:水|盆|桶|马桶|浴缸)",
            r"(?:头|脸)(?:按|摁|压|浸)(?:进|到|在)(?:水里|水盆|水桶|马桶|浴缸)",
        ],
    ),
    _lexicon(
        "stalking",
        [
            r"(?:到|去|来)[我她他]的?(?:单位|公司|学校|家门口|店里)(?:去|来)?(?:闹|吵|找|堵|骂)",
            r"\b(?:called|rang|phoned|texted|messaged) (?:me|her|him) (?:\w+ ){0,2}?times (?:in (?:one|a|an) (?:day|"
            r"night|hour)|"
            r"a day|a night|yesterday|today|last night)\b",
            r"\b(?:wait|waits|waited|waiting|stood|standing|sat|sitting) (?:\w+ ){0,3}?at the (?:entrance|door|gate|"
            r"end) "
            r"(?:to|of) (?:my|our|her)\b",
        ],
    ),
    _lexicon(
        "fear",
        [
            r"\b(?:shake|shaking|tremble|trembling|jump|panic) (?:every time|whenever|when) (?:someone|somebody|"
            r"anyone|the "
            r"(?:door|phone|bell))\b",
            r"\bin case (?:he|she|they) (?:\w+ )?(?:stops|finds|sees|grabs|follows|hurts|attacks|takes)\b",
        ],
    ),
    _lexicon(
        "self_harm",
        [
            r"(?:在|往)(?:自己的?)?(?:手臂|胳膊|手腕|大腿|腿|身上)上?(?:用[^,;:.!?。、]{0,3}?)?(?:划|割|刻)",
            r"(?:留给|交给|分给)[^。!?]{0,10}?以后(?:就)?不用[^。!?]{0,4}?(?:操心|管)",
            r"绳子[^。!?]{0,10}?(?:了结|上吊|吊死|结束)|陪[^,;:.!?。、]{0,3}?(?:死去|去世|过世|走了)的",
            r"(?:每个|挨个|一个个|所有)[^,;:.!?。、]{0,6}?(?:道别|告别)",
            r"(?:我|他|她)(?:消失|死|不在)了?(?:才能|就能|就会)(?:结束|解脱|好)",
            r"\bwants? to be with (?:dad|mum|mom|him|her|my \w+|his \w+|her \w+)\b[^.!?]{0,30}?\b(?:died|passed away|"
            r"dead|gone)\b",
            r"\bwho (?:gets|will get|should have|can have) (?:my|his|her) (?:dog|cat|things|stuff|car|house|flat|"
            r"savings)\b",
            r"\b(?:phoned|called|rang|texted|messaged|visited|wrote to) (?:each|all|every one|everyone|"
            r"everybody)(?: of)?"
            r"(?: \w+){0,3}? (?:to say )?(?:goodbye|good-bye|farewell)\b",
            r"\bset (?:himself|herself|myself|themselves) (?:on fire|alight|ablaze)\b|\bself-immolat\w*|"
            r"\bready to (?:die|end it)\b",
        ],
        conditional=False,
    ),
    # Settling scores is a threat, unless it is the reporter's worry (担心他会来找我算账 is fear).
    _lexicon("threat_of_harm", [r"(?:找|跟)[你我他她]们?算账"], check=_not_a_worry, conditional=False),
    _lexicon(
        "prior_violence",
        [r"\b(?:stabbed|knifed|slashed|shot|bottled) (?:me|her|him|them|us|my \w+)\b"],
        check=_past_act,
    ),
    _lexicon("injury", [r"\b(?:stabbed|knifed|slashed|shot) (?:me|her|him|them|us)\b"], check=_past_act),
)

# Figures of speech of distress. They are flagged as ``distress`` (shown, not scored), and a
# self-harm or threat-to-kill match that overlaps one is dropped: "噪音吵得我想死" and "this
# noise is killing me" are not suicide statements or threats.
DISTRESS = _lexicon(
    "distress",
    [
        r"[吵烦气累闹磨急愁逼热疼痛困饿臭]+[得的]?(?:我|人)?(?:都|快|要|简直|真)*想死(?:的心都有了?)?",
        r"想死的心都有",
        r"(?:吵|烦|气|累|闹|急|愁|热|冷|疼|痛|困|饿|臭|忙|折腾|折磨|吓|笑|馋|闷|渴|难受|无聊|尴尬|贵|挤|堵)死(?:我|人)?了?",
        r"(?:简直|真是|真)?要命",
        r"(?:快|要)(?:被[^,;:.!?。、]{0,4})?(?:逼)?疯了?",
        r"崩溃|受不了|抓狂",
        r"(?<!\bhe)(?<!\bshe)(?<!\bthey)(?<!\bhe )(?<!\bshe )(?<!\bthey )"
        r"\b(?:is|are|'s|was|were|been|'re) (?:\w+ly )?killing (?:me|us)\b",
        r"\bkilling (?:myself|himself|herself|ourselves|themselves) (?:over|with|for|at|trying|to get|to finish)\b",
        r"\b(?:boss|manager|teacher|mum|mom|editor|coach|supervisor) (?:will|'ll|is going to|'s going to|gonna|would|"
        r"'d) "
        r"(?:kill|murder) me if\b",
        r"\b(?:makes?|making|made) (?:me|us) want to (?:die|scream|kill (?:myself|someone|somebody))\b",
        r"\bwant to die (?:every|each) (?:morning|night|day|time)\b",
        r"\b(?:nearly|almost) died (?:laughing|of (?:laughter|embarrassment|shame|boredom))\b",
        r"\bstrangling (?:us|me|them|the \w+|our \w+) (?:with|by)\b",
        r"\bcould murder (?:a|some|for)\b",
        r"\b(?:could|'d|would) kill for\b",
        r"\b(?:stairs|job|work|commute|noise|heat|cold|traffic|bills|rent|paperwork|stress|hill|climb|lift|kids|"
        r"this|that|it|these|those) (?:\w+ )?(?:will|'ll|is going to|are going to|gonna|would) (?:be the death of|"
        r"kill) (?:me|us)\b",
        r"\bdying (?:to|for)\b",
        r"\b(?:sick|bored|tired|worried|scared|frightened|working (?:myself|himself|herself|ourselves)) to death\b",
        r"\bdriv(?:e|es|ing) (?:me|us) (?:mad|crazy|insane|nuts|up the wall|round the bend)\b",
        r"\bat (?:my|our) wits'? end\b",
        r"\bcan(?:'t|not) take (?:it|this|any more|anymore)\b",
        r"\bgoing (?:mad|crazy|insane)\b",
        r"\bthe death of me\b",
    ],
)
# The factors a distress figure of speech can be mistaken for.
DISTRESS_MASKS: frozenset[str] = frozenset({"self_harm", "threat_to_kill", "strangulation"})
