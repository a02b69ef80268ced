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


# --- shared pieces ---------------------------------------------------------------------------

_ZH_PERSON = (
    r"(?:[你我他她您]们?|人|谁|全家|一家|对方|孩子|儿子|女儿|老婆|妻子|丈夫|老公|父亲|母亲|我爸|我妈|老人|邻居|家人)"
)
_EN_PERSON = (
    r"(?:me|you|him|her|us|them|everyone|everybody|anyone|anybody|someone|somebody|"
    r"(?:my|your|his|her|our|their|the) (?:\w+ )?(?:family|wife|husband|kids|children|child|son|daughter|boss|"
    r"manager|landlord|neighbou?rs?|mother|father|parents|brother|sister|baby|partner|boyfriend|girlfriend|cousin)|"
    r"(?:the )?whole family|all of (?:us|you|them))"
)
_EN_VICTIM = (
    r"(?:me|her|him|us|them|you|my|his|our|their|your|anyone|anybody|someone|somebody|people|everyone|"
    r"the (?:kids|children|child|boy|girl|baby|woman|man|guard|security guard|neighbou?r|owner|landlord|tenant))\b"
)
_ZH_WEAPON = (
    r"(?:菜刀|水果刀|砍刀|尖刀|剔骨刀|西瓜刀|弹簧刀|刀子|匕首|刀(?![柄具刃片工法口疤削])|斧头|斧子|猎枪|手枪|气枪|土枪|"
    r"枪(?!战|手)|铁棍|铁棒|铁锹|木棍|棍子|棍棒|钢管|砖头|石头|锤子|榔头|铁锤|镰刀|硫酸|汽油|炸药|雷管|凶器|弩)"
)
_EN_WEAPON = (
    r"(?:knife|knives|blade|machete|cleaver|axe|hatchet|gun|guns|rifle|shotgun|pistol|revolver|firearm|crossbow|"
    r"(?:baseball|cricket) bat|iron bar|metal bar|steel pipe|crowbar|hammer|brick|acid|petrol|gasoline|explosives?)"
    r"(?! set| sharpen| shop| store| block| handle| drill| wall| house| rain| layer)"
)
_EN_MODAL = r"(?:'ll| will|'d| would| is going to| was going to|'s going to| are going to| gonna| wants? to| to)"


LEXICONS: tuple[Lexicon, ...] = (
    # --- threats ---------------------------------------------------------------------------
    _lexicon(
        "threat_to_kill",
        [
            r"(?:要|想|去|会)?(?<!自)杀(?:了|掉|死)?" + _ZH_PERSON,
            r"(?:要|想|去|会)杀(?![价虫毒菌鸡鸭鱼])",
            r"(?:宰|砍|捅|弄|整|掐|毒|烧|勒|搞|剁|炸|干)死",
            r"打死(?!也)",
            r"(?:宰|做|干)掉?[你他她]们?",
            r"宰了?[你我他她]",
            r"砍(?:了|伤)?(?:[你我他她]们?|人|谁|全家|死)",
            r"同归于尽",
            r"捅(?:了|伤|死)?(?:[你我他她]们?|人|谁)",
            r"陪葬|偿命|一命换一命|拿命来",
            r"(?:跟|和|与)(?:[你他她]们?|对方)?拼(?:了|命)",
            r"你死我活",
            r"要(?:了)?[你他她我]的?(?:狗)?命",
            r"取[你他她]?(?:的)?狗命",
            r"(?:让|叫)[你我他她]们?(?:全家|一家)?(?:不得好死|活不成|活不了|别想活|见不到明天)",
            r"不得好死",
            r"别想活",
            r"血债血偿",
            r"灭(?:了)?(?:[你他她]们?)?(?:全家|一家|满门)",
            r"灭门",
            r"(?:放火|一把火)烧",
            r"烧了?[你我他她]们?的?家",
            r"泼(?:[你他她]|对方)?(?:一脸)?(?:硫酸|汽油)",
            r"\b(?:kill|murder|shoot|stab|slaughter|butcher|gut)(?:s|ed|ing)? " + _EN_PERSON + r"\b",
            r"\bthreat(?:en(?:ed|s|ing)?)? to (?:kill|murder|shoot|stab|burn|strangle|slit|end)"
            r"(?: (?:me|you|him|her|us|them|(?:my|his|her|our) \w+))?\b",
            r"\bdeath threats?\b",
            r"\bthreat(?:s|ened)? (?:to|on|against) (?:my|his|her|our) li(?:fe|ves)\b",
            r"\b(?:you|i|we)(?:'ll| will|'d| would|'re| are) (?:be )?dead\b",
            r"\b(?:he|she|they)(?:'ll| will|'d| would) (?:be )?dead\b",
            r"\bburn (?:\w+ ){0,4}?(?:alive|to death)\b",
            r"\bburn (?:\w+ ){0,3}?down with\b",
            r"\bslit (?:your|my|his|her|their) throats?\b",
            r"\b(?:wipe out|kill off) (?:your|my|his|her|the) (?:whole )?family\b",
            r"\b(?:beat|strangle|stab|kick) (?:\w+ ){0,2}to death\b",
            r"\b(?:throw|throwing|threw|pour|pouring|splash|splashing) acid\b",
        ],
        conditional=False,
    ),
    _lexicon(
        "threat_of_harm",
        [
            r"威胁",
            r"恐吓",
            r"扬言",
            r"(?:要|想|会|去|来|找人|叫人)(?:来)?打(?:[你我他她]们?|人|断|残|一顿)(?!电话)",
            r"找人(?:来)?(?:收拾|教训|打|弄|砸|修理|搞|算账)",
            r"收拾(?:[你我他她]们?|对方)",
            r"(?:让|叫)[你他她我]们?(?:好看|后悔)",
            r"(?:给|让)(?:[你我他她]们?|对方)?(?:点|点儿)?(?:颜色|厉害)(?:看看|瞧瞧)",
            r"走着瞧",
            r"等着瞧",
            r"[你他她]给我等着",
            r"这事没完",
            r"对(?:[你他她]们?|谁|对方)不客气",
            r"后悔一辈子",
            r"打断(?:[你我他她]们?)?的?(?:腿|胳膊|手)",
            r"砸了?(?:[你我他她]们?)?的?(?:家|店|车)",
            r"弄残|废了[你他她]",
            r"吃不了兜着走",
            r"没(?:有)?好(?:下场|果子吃)",
            r"\bthreat(?:en(?:ed|s|ing)?|s)?\b",
            r"\bintimidat\w*",
            r"\bwatch (?:your|my|his|her) back\b",
            r"\b(?:you|i|he|she|they|we)(?:'ll| will|'d| would) regret\b",
            r"\bregret it\b",
            r"\bmake (?:you|me|us|him|her|them) pay\b",
            r"\b(?:you|i|we)(?:'ll| will| would|'d) pay for (?:this|it)\b",
            r"\bbeat (?:me|you|him|her|us|them) up\b",
            r"\bsmash (?:your|my|his|her|their) (?:face|head|teeth)\b",
            r"\bbreak (?:your|my|his|her|their) (?:legs?|arms?|neck|bones)\b",
            r"\bteach (?:you|me|him|her|us|them) a lesson\b",
            r"\bget (?:some )?(?:friends|people|men|guys|thugs) to (?:beat|wreck|smash|sort|deal|rough)\b",
            r"\bmake (?:my|your|his|her|our|their) li(?:fe|ves) (?:a )?(?:hell|misery)\b",
            r"\bthis (?:isn't|is not|ain't) over\b",
            r"\bjust you wait\b",
            r"\b(?:will|would|'ll|'d) be dealt with\b",
            r"\b(?:you|he|she|they)(?:'ll| will) be sorry\b",
        ],
        conditional=False,
    ),
    # --- weapons ---------------------------------------------------------------------------
    _lexicon(
        "weapon",
        [
            r"(?:拿|持|提|拎|挥|举|握|带|掏|亮|抄|操|抓|揣|藏|有|用|扛|端|泼|扔|把)(?:着|起|了|出|来|过)?"
            r"[^,;:.!?。、]{0,4}?" + _ZH_WEAPON,
            r"凶器|匕首|猎枪|手枪|土枪|硫酸|炸药|雷管|汽油瓶|燃烧瓶",
            r"动刀",
            r"\b(?:pull(?:ed|s|ing)?|held|hold(?:s|ing)?|wav(?:e|ed|es|ing)|brandish(?:ed|es|ing)?|carr(?:y|ies|ied|ying)|"
            r"grab(?:bed|s|bing)?|took out|takes out|with|has|have|had|keep(?:s|ing)?|kept|own(?:s|ed)?|"
            r"point(?:ed|s|ing)?|threw|throw(?:s|ing)?|pour(?:ed|s|ing)?|armed with|got|bought|buy(?:ing)?|swung|"
            r"swing(?:ing|s)?|there(?:'s| is| was| are)|hid(?:es|ing)?|hidden)\b(?: [\w-]+){0,3}? "
            + _EN_WEAPON
            + r"\b",
            r"\b(?:weapons?|firearms?|molotov|acid attack)\b",
        ],
    ),
    # --- violence --------------------------------------------------------------------------
    _lexicon(
        "prior_violence",
        [
            r"(?<!要)(?<!想)(?<!会)(?<!找人)(?<!叫人)(?<!来)(?<!去)(?<!敢)"
            r"打(?:了|过)?(?:[我你他她]们?|人|孩子|儿子|女儿|老婆|妻子|丈夫|老公|父亲|母亲|我爸|我妈|老人|邻居|对方|保安|老板|家人)"
            r"(?!电话|手机|的电话)",
            r"打(?:伤|残|得|了?起来|架|成了?(?:骨折|重伤|轻伤)|进(?:了)?医院|到(?:流产|住院|骨折|吐血))",
            r"打断了(?:[我他她]的)?(?:腿|胳膊|手|肋骨|鼻梁)",
            r"被[^,;:.!?。、]{0,4}?打(?!扰|折|电话|疫苗|针|官司|败)",
            r"把" + _ZH_PERSON + r"[^,;:.!?。、]{0,3}?打",
            r"殴打|家暴|家庭暴力|施暴|暴力|拳打脚踢|拳脚相加|掌掴|[撕厮扭]打|揍",
            r"动(?:过|了)?手(?!术|续|机|工)",
            r"推(?:了|倒|搡|下|[我他她])",
            r"(?:扇|打|抽)(?:了)?(?:[我他她]|孩子)?(?:一|两|几)?(?:个)?耳光",
            r"踢(?:了|伤|倒|[我他她]|打)",
            r"一拳|一脚(?!油门|刹车)",
            r"抽(?:得|打|了[我他她])",
            r"按在(?:地|墙|床)",
            r"\b(?:hit|hits|hitting|punch(?:ed|es|ing)?|kick(?:ed|s|ing)?|slap(?:ped|s|ping)?|shov(?:e|ed|es|ing)|"
            r"push(?:ed|es|ing)?|beat(?:s|ing)?|attack(?:ed|s|ing)?|assault(?:ed|s|ing)?|struck|smack(?:ed|s)?|"
            r"whip(?:ped|s)?|thrash(?:ed)?|grabbed) " + _EN_VICTIM,
            r"\bbeat(?:en|ings?)\b",
            r"\bassault(?:ed)?\b",
            r"\b(?:fist ?fight|punch-up|came to blows)\b",
            r"\b(?:a|into a|in a) (?:physical |fist )?fight\b",
            r"(?<!non-)\bviolen(?:t|ce)\b",
            r"(?<!verbal )(?<!verbally )\babus(?:e|ed|es|ive|ing)\b",
            r"\b(?:laid|lay|lays|laying) a (?:hand|finger) on\b",
            r"\bcame at (?:me|him|her|us|them|my|his|her|our)\b",
        ],
    ),
    # A visible injury in a dispute was done by someone: it is also evidence of violence.
    _lexicon(
        "prior_violence",
        [
            r"(?<!摔)(?<!摔得)(?<!撞得)(?:鼻青脸肿|头破血流|满身是伤|遍体鳞伤|青一块紫一块|伤痕累累)",
            r"\b(?:came|come|coming|turned up) (?:back |home )?with (?:\w+ )?bruises\b",
            r"\b(?:black eye|split lip)\b",
        ],
    ),
    _lexicon(
        "injury",
        [
            r"鼻青脸肿|头破血流|满脸是血|满身是伤|遍体鳞伤|青一块紫一块|淤青|瘀青|伤痕累累|肋骨断",
            r"打(?:伤|成了?(?:骨折|重伤|轻伤)|进(?:了)?医院|到(?:流产|住院|骨折|吐血))",
            r"打得[^,;:.!?。、]{0,4}?(?:流血|出血|骨折|住院|肿|青|紫)",
            r"\bbruis\w*",
            r"\b(?:black eye|bloody nose|split lip|covered in blood)\b",
            r"\b(?:broke|broken) (?:(?:my|her|his|their|two of (?:my|his|her)) )?"
            r"(?:nose|arm|ribs?|jaw|leg|wrist|teeth)\b",
        ],
    ),
    # Injury words that are an injury *from violence* only when the text also reports violence.
    _lexicon(
        "injury",
        [
            r"骨折|流血|出血|受伤|伤口|伤痕|印子|住院|送医|(?:送|进)(?:了|去|到)?医院|流产|脑震荡|轻伤|重伤|缝了?[^,;:.!?。、]{0,2}针",
            r"\b(?:injur\w+|stitches|fractur\w+|bleeding|concussion|wounds?|miscarr\w+|lost the baby)\b",
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
            r"(?:掐|勒|卡|扼)(?:住|着|了)?(?:[我你他她]|孩子)?的?(?:脖子|喉咙|颈)",
            r"掐死|勒死|扼死|掐[我他她](?!们)",
            r"勒(?:住|着|了)?[我他她](?!们)",
            r"捂(?:住|着)?(?:[我他她]|孩子)?的?(?:嘴|口鼻|鼻子|脸)",
            r"(?:枕头|被子)(?:捂|闷)",
            r"(?:用|拿)(?:毛巾|绳子|皮带|电线|围巾|腰带)勒",
            r"\bchok(?:e|ed|es|ing)\b(?! on| back| up)",
            r"\bstrangl\w+",
            r"\bthrottl\w+",
            r"\b(?:hands?|arms?|rope|cord|cable|belt|scarf) (?:around|round|on|over) "
            r"(?:my|her|his|their|the) (?:neck|throat)\b",
            r"\b(?:grabbed|held|squeezed|took|pinned|lifted) (?:me |her |him |them )?by the (?:neck|throat)\b",
            r"\bsqueez\w+ (?:my|her|his|their) (?:neck|throat)\b",
            r"\bsmother\w*",
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
            r"跟踪|尾随|盯梢|蹲守|骚扰|纠缠|缠着|监视|偷拍",
            r"堵(?:[我他她]|人)(?!们)",
            r"(?:门口|楼下|外面|单位|公司|学校|路口)(?:守着|等着?|蹲着?|转悠)(?:[我他她])?",
            r"跟(?:着)?(?:我|她|他)回家|跟到哪",
            r"查(?:[我她他]的)?手机",
            r"(?:不停|一直|反复|天天|每天|不断)(?:地)?(?:给[我她他])?(?:打电话|发短信|发消息|发信息|发微信|打[我她他]的?电话)",
            r"(?:到处|网上|群里)(?:发|贴|曝光|公开)[^,;:.!?。、]{0,8}(?:照片|住址|地址|电话)",
            r"\bstalk\w*",
            r"\bharass\w*",
            r"\bfollow(?:s|ed|ing)? (?:me|her|him|us|my \w+)\b(?! up)",
            r"\b(?:wait(?:s|ed|ing)?|hang(?:s|ing)? around|hanging about|lurk\w*|turn(?:s|ed|ing)? up|"
            r"show(?:s|ed|ing)? up|loiter\w*) (?:[\w-]+ ){0,2}?(?:outside|at (?:my|our|her|his))\b",
            r"\bkeeps? (?:calling|texting|messaging|ringing|following|phoning)\b",
            r"\bwon't stop (?:calling|texting|messaging|following)\b",
            r"\b(?:dozens|hundreds|scores|\d+|twenty|thirty|forty|fifty) (?:of )?(?:[\w-]+ )?(?:messages|calls|texts) "
            r"(?:a|per|every) day\b",
            r"\b(?:calling|texting|messaging|phoning) (?:me|her|him) (?:\w+ ){0,2}times a day\b",
            r"\b(?:checking|checks|check|went through|goes through) (?:my|her) phone\b",
            r"\bwatching (?:me|my|our|her)\b",
            r"\bposted (?:my|her|our|his) (?:address|photos?|pictures?)\b",
            r"\btaking (?:pictures|photos) of (?:me|my|her|our)\b",
        ],
    ),
    # --- fear and vulnerability ------------------------------------------------------------
    _lexicon(
        "fear",
        [
            r"害怕|恐惧|惊恐|惶恐|吓(?:坏|得|哭|呆|傻)|吓死|提心吊胆|担惊受怕|心惊胆战|胆战心惊|噩梦|没有安全感",
            r"不敢(?!相信|想象|保证|确定|说)",
            r"(?<![恐哪生])怕(?:[他她]们?|对方|被)",
            r"(?:很|好|太|非常|特别|真的|十分|挺)(?:害)?怕",
            r"担心(?:[他她]们?|对方)(?:会)?(?:报复|打|伤害|找|来|杀|对|上门|出来|动手)",
            r"担心(?:被|遭)(?:报复|打|伤害)",
            r"(?:人身)?安全(?:受到)?威胁",
            r"担心(?:自己|我|我们|家人|孩子)的?(?:人身)?安全|恐慌",
            r"\b(?:scared|terrified|frightened|petrified)\b",
            r"\bafraid (?:of|to|for)\b",
            r"\bafraid (?:that )?(?:he|she|they)\b",
            r"\bfear(?:ful)? (?:for|of)\b",
            r"\b(?:living|live|lives) in fear\b",
            r"\bfear (?:that )?(?:he|she|they)\b",
            r"\bworried (?:that )?(?:he|she|they)(?:'ll| will| might| would| could| may)\b",
            r"\bnightmares\b",
            r"\b(?:unsafe|not safe)\b",
        ],
    ),
    _lexicon(
        "vulnerable_people",
        [
            r"孩子|小孩|儿子|女儿|婴儿|宝宝|幼儿|儿童|未成年|孕妇|怀孕|怀着孕|身孕|老人|老太太|老大爷|老父亲|老母亲",
            r"流产|[七八九]十(?:多)?岁|奶奶|爷爷|外婆|外公|姥姥|姥爷|孙子|孙女|残疾|瘫痪|轮椅|自闭症|智障|重病|病重|癌症|满月|小学生",
            r"\b(?:child|children|kids?|baby|babies|toddlers?|infants?|sons?|daughters?|teen(?:age|ager)?s?|minors?)\b",
            r"\bgrand(?:son|daughter|child|children|mother|father|ma|pa|parents)s?\b",
            r"\b(?:pregnan\w+|miscarr\w+|lost the baby)",
            r"\b(?:elderly|pensioners?|bedridden|dementia|wheelchair|autis\w+|disab\w+)\b",
            r"\bold (?:man|woman|lady|people|couple|father|mother|parents)\b",
            r"\b(?:[6-9]\d|1[0-7]|[1-9])-year-old\b",
            r"\b(?:is|aged) [7-9]\d\b",
        ],
    ),
    _lexicon(
        "self_harm",
        [
            r"不想活|活不下去|活着(?:还有什么|没有?)(?:意思|意义|盼头)|活着太累|想死|寻死|求死|(?<!去)自杀|轻生|寻短见|一死了之",
            r"死了算了|不如死了|死给[你他她]们?看|以死相逼|死在(?:这里|这儿|你家|门口|他家|他们面前|这)",
            r"活够了|一了百了|同归于尽|想不开|走绝路|自残|自伤|伤害自己|结束(?:自己的)?生命|遗书|烧炭",
            r"跳(?:楼|河|江|湖|海|桥|下去|下来)|从楼上跳(?:下去|下来)?|上吊|割腕|割脉|(?:在|往)?手腕上?划",
            r"喝(?:了)?(?:农药|百草枯|敌敌畏)|喝药|(?:吃|吞|服)(?:了)?(?:一?(?:瓶|把))?(?:安眠药|药自杀)|吞(?:了)?(?:药|刀片)",
            r"吃了?(?:一整?瓶|一把|很多|大量|一堆)的?(?:药|安眠药|药片)",
            r"\b(?:kill|hang|hurt|cut|harm|shoot|drown|burn|starve|poison)(?:s|ed|ing)? "
            r"(?:myself|himself|herself|themselves|yourself|ourselves)\b",
            r"\band then (?:himself|herself|myself|themselves)\b",
            r"\bsuicid(?:e|al)\b",
            r"\bself[- ]harm\w*",
            r"\b(?:take|took|taking|takes|end|ends|ended|ending) (?:my|his|her|their) (?:own )?li(?:fe|ves)\b",
            r"\bend (?:it|things|everything) all\b",
            r"\b(?:do|does|did)(?:n't| not) want to (?:live|be alive|go on)\b",
            r"\bnever want to (?:live|wake up)\b",
            r"\bcan(?:'t|not) go on\b",
            r"\bno (?:reason|point) (?:to|in) (?:live|living|going on)\b",
            r"\bwants? to die\b",
            r"\bwish (?:i|he|she) (?:was|were) dead\b",
            r"\bbetter off dead\b",
            r"\bnot worth living\b",
            r"\b(?:(?:nobody|no one|no-one) (?:would|will|'d)(?: even)? )?(?:care|notice|miss me) if i "
            r"(?:died|was dead|were dead|were gone|killed myself)\b",
            r"\b(?:(?:would|will|'ll|'d|going to|gonna|threaten(?:ed|s|ing)? to) )?"
            r"(?:jump|jumped|jumping|jumps|throw (?:myself|himself|herself)) (?:off|from|out of) "
            r"(?:the |a |an |his |her |my |our |this )?"
            r"(?:roof|building|bridge|crane|window|balcony|tower|top floor|\w+ floor)\b",
            r"\bthreaten(?:ed|s|ing)? to jump\b",
            r"\b(?:would|will|'ll|'d|going to|gonna) jump\b(?! (?:the|in|at|on|off|from|out)\b)",
            r"\boverdos(?:e|ed|es|ing)\b",
            r"\b(?:take|took|taking|swallow\w*|stockpil\w*|hoard\w*) (?:[\w-]+ ){0,2}?"
            r"(?:sleeping pills|pills|tablets)\b",
            r"\b(?:slit|cut|slash\w*) (?:my|his|her|their) wrists?\b",
            r"\b(?:tried|attempted|attempt|trying) to (?:hang|kill|drown|poison|end)\b",
        ],
        conditional=False,
    ),
    # --- aggravating and scale -------------------------------------------------------------
    _lexicon(
        "substance",
        [
            r"喝(?:了|多|醉)?(?:点|些|了)?酒|喝醉|醉酒|酗酒|醉醺醺|酒后|喝多|耍酒疯|酒鬼|吸毒|毒品|嗑药|冰毒|大麻|k粉",
            r"\bdrunk(?:en)?\b",
            r"\bdrinking\b(?! water)",
            r"\bdrinks\b(?! machine)",
            r"\b(?:alcohol\w*|booze|intoxicated|cocaine|heroin|meth|cannabis|marijuana|weed)\b",
            r"\bhigh on\b",
            r"\bdrugs?\b(?! ?store)",
        ],
    ),
    _lexicon(
        "group_dispute",
        [
            r"(?:\d{2,}|[二三四五六七八九两几]十|[一二三四五六七八九两几]?[百千]|十[一二三四五六七八九几]?)(?:多|余|来|几)?"
            r"(?:个|名|位|户|家|号)?(?:人家|农民工|工人|业主|住户|村民|员工|家长|职工|工友|租客|商户|家庭|户|人|学生|居民|债主|投资人)",
            r"全体(?:业主|员工|工人|村民|居民)|全村|集体(?:上访|讨薪|维权|讨要)|群体|联名|一群人|一帮人|成群结队|围堵|聚集",
            r"\b(?:\d{2,}(?:,\d{3})*|dozens|hundreds|scores|thousands|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
            r"hundred|a dozen)(?:[- ]\w+)? (?:of )?(?:[\w-]+ )?"
            r"(?:workers|owners|households|families|residents|villagers|parents|tenants|employees|people|staff|neighbou?rs|members|migrants|farmers|shopkeepers|vendors|investors|"
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
            r"积蓄|养老钱|救命钱|棺材本|全部家当|倾家荡产|血本无归",
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
            r"(?:拖欠|欠|没发|未发|拿不到|没拿到|讨)[^,;:.!?。、]{0,10}?(?:工资|工钱|薪水|劳务费)",
            r"(?:工资|工钱|薪水)[^,;:.!?。、]{0,6}?(?:没|未|不)(?:发|给|结)",
            r"(?:工资|工钱|薪水)(?:被)?拖(?:欠|了)",
            r"\b(?:not been paid|unpaid|wage arrears|back pay)\b",
            r"\bowe[sd]? (?:[\w-]+ ){0,4}?(?:wages|salar\w+|pay)\b",
            r"\b(?:have|has)(?:n't| not) (?:been )?paid\b",
        ],
        requires=("group_dispute",),
    ),
)

# Figures of speech of distress. They are flagged as ``distress`` (shown, not scored), and a
# self-harm or threat-to-kill match that overlaps one is dropped: "噪音吵得我想死" and "this
# noise is killing me" are not suicide statements or threats.
DISTRESS = _lexicon(
    "distress",
    [
        r"[吵烦气累闹磨急愁逼热疼痛困饿臭]+[得的]?(?:我|人)?(?:都|快|要|简直|真)*想死(?:的心都有了?)?",
        r"想死的心都有",
        r"(?:吵|烦|气|累|闹|急|愁|热|冷|疼|痛|困|饿|臭|忙|折腾|吓)死(?:我|人)?了?",
        r"(?:简直|真是|真)?要命",
        r"(?:快|要)(?:被[^,;:.!?。、]{0,4})?(?:逼)?疯了?",
        r"崩溃|受不了|抓狂",
        r"\b(?:is|are|'s|was|were|been|'re) killing (?:me|us)\b",
        r"\bcould kill for\b",
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
DISTRESS_MASKS: frozenset[str] = frozenset({"self_harm", "threat_to_kill"})
