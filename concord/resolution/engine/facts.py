"""Facts about a dispute, read from its category, its attributes and its text (zh or en).

Rules only, compiled once at import, standard library only: a description takes well under a
millisecond. The text is normalised first (NFKC: full-width digits, ￥ and letters become
half-width; lower case), so patterns are written in simplified Chinese and lower-case English.

A negation shortly before a word in the same clause drops it ("我没有受伤", "nobody was hurt",
"he did not hit me"); a negation inside the phrase itself is part of it ("不想活了", "调解不成").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseFacts:
    """What the engine is told about a case."""

    category: str  # leaf category code, e.g. "labour", "neighbour_noise"
    parent: str = ""  # parent category code ("" if none), e.g. "neighbour"
    text: str = ""  # the description and staff notes, joined
    organisation_party: bool = False  # a company / organisation is a party
    failed_mediation: bool = False  # a mediation on this case ended without agreement
    days_open: int = 0  # days since the case was reported


@dataclass(frozen=True)
class Facts:
    """What the engine concludes from a case (see ``extract``)."""

    employment: bool
    amount: int | None  # the largest sum of money at stake, in yuan
    injury: bool
    violence: bool
    organisation: bool
    failed_mediation: bool
    days_ago: int | None  # how long ago the dispute started


def normalise(text: str) -> str:
    """The text the patterns read: NFKC (full-width to half-width), lower case, one space per run."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower())


def word_pattern(zh: Iterable[str] = (), en: Iterable[str] = ()) -> re.Pattern[str]:
    """One pattern for plain words: Chinese words match anywhere, English words at the start of a
    word (so "refus" finds refuse, refused, refusing)."""
    parts = [re.escape(word) for word in zh] + [rf"\b{re.escape(word.lower())}" for word in en]
    return re.compile("|".join(sorted(parts, key=len, reverse=True)) or r"(?!)")


# A negation cue must sit in the same clause, after the last break word, close before the match.
_ZH_NEGATION = re.compile(r"没有|没(?!完|法|钱|办法)|未|不曾|从不|从未|并非|不是|不会|无(?!故|法)|别(?!人|的)|不$")
_EN_NEGATION = re.compile(
    r"\b(?:no|not|never|nobody|none|nothing|neither|nor|without|no one|noone|didnt|wasnt|isnt|dont|doesnt|werent)\b"
    r"|n't\b"
)
_BREAK = re.compile(
    r"[,;:.!?。；！？、\n]|但|却|就|还|又|可是|结果|而且|\b(?:but|and|then|so|yet|because|although|though|however)\b"
)
_ZH_WINDOW = 6  # characters
_EN_WINDOW = 4  # words
_CJK = re.compile(r"[\u3400-\u9fff]")


def _negated(norm: str, start: int) -> bool:
    before = norm[max(0, start - 60) : start]
    cut = 0
    for found in _BREAK.finditer(before):
        cut = found.end()
    before = before[cut:]
    if _CJK.match(norm, start):
        return _ZH_NEGATION.search(before[-_ZH_WINDOW:]) is not None
    return _EN_NEGATION.search(" ".join(before.split()[-_EN_WINDOW:])) is not None


def mentions(pattern: re.Pattern[str], norm: str, *, negatable: bool = True) -> bool:
    """Whether the normalised text has a match of ``pattern`` that no negation cancels."""
    return any(not (negatable and _negated(norm, found.start())) for found in pattern.finditer(norm))


def _words(text: str) -> list[str]:
    return text.split("|")


_EMPLOYMENT = word_pattern(
    zh=_words(
        "工资|欠薪|讨薪|薪水|薪资|工钱|包工头|劳动合同|辞退|开除|解雇|裁员|加班|社保|工伤|用人单位|雇主|打工|劳务费"
    ),
    en=_words(
        "wage|salary|salaries|employer|boss|fired|dismissed|overtime|payslip|pay slip|laid off|labour contract"
        "|labor contract|social insurance|work injury|unpaid pay"
    ),
)
# 老板 is an employer, except the owner of a shop or restaurant (店老板 is a consumer dispute).
_BOSS = re.compile(r"(?<![店铺馆厅家])老板(?!娘)")
_INJURY = re.compile(
    r"受伤|打伤|撞伤|咬伤|摔伤|划伤|烫伤|砍伤|骨折|住院|流血|出血|伤残|致残|工伤|重伤|轻伤|缝针|伤口|脑震荡|昏迷|淤青"
    r"|\binjur|\bhurt|\bhospital|\bbroken (?:bone|arm|leg|rib|nose)|\bbroke (?:his|her|my|their) |\bfractur|\bbleed"
    r"|\bwound|\bconcussion|\bstitches"
)
_VIOLENCE = re.compile(
    r"打(?:人|我|他|她|伤|了我|了他|了她|孩子|老婆|老公|架|得)|殴打|挨打|被打|动手|威胁|恐吓|要杀|杀了|弄死|砍(?!价|树|柴|掉)"
    r"|推搡|踢(?:我|他|她|了)|揍|耳光|家暴|家庭暴力|掐(?:我|他|她|脖子)|拿刀|持刀|菜刀|报复"
    r"|\b(?:hit|hits|hitting|kick|kicks|kicked)\s+(?:me|him|her|us|them|my|his|our|their)\b"
    r"|\b(?:punch|slap|beat|assault|stab|strangl|chok)|(?<!heart )\battack|\bthreat|\bknife|\bknives|\bweapon"
    r"|\bviolen"
)
_ORGANISATION = word_pattern(
    zh=_words("公司|物业|医院|学校|商家|店|厂|企业|单位|中介|开发商|银行|平台|幼儿园|机构|诊所|卫生院|超市|商场"),
    en=_words(
        "company|companies|firm|agency|hospital|clinic|school|shop|store|merchant|seller|developer"
        "|property management|bank|platform|factory|supermarket"
    ),
)
_FAILED_MEDIATION = re.compile(
    r"调解(?:不成|失败|无果|未果|没成|不了)|调解[^,。;!?]{0,8}(?:没用|没有用|无效|不成功|没谈拢|谈崩)|没调解成"
    r"|\bmediation (?:has |had )?(?:failed|broke down|did not work|didn't work|was unsuccessful|went nowhere)"
    r"|\bfailed mediation"
)

# --- Money ------------------------------------------------------------------------------------
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_LARGE = {"万": 10_000, "亿": 100_000_000}
_SCALE = {"k": 1000, "thousand": 1000, "million": 1_000_000}
# A number starts with a digit (never with a bare unit: 千万 means "by all means").
_AMOUNT = re.compile(
    r"(?P<pre>(?:¥|rmb|cny|人民币)\s*)?"
    r"(?P<expr>(?:\d|[一二两三四五六七八九十])(?:\d|,(?=\d{3})|\.(?=\d)|(?<!\d)[零〇一二两三四五六七八九]|[十百千万亿])*)"
    r"(?:\s*(?P<scale>k|thousand|million)\b)?"
    r"(?P<approx>多|余|来)?"
    r"(?P<unit>\s*(?:元|块|圆|人民币|yuan\b|kuai\b|rmb\b|cny\b))?"
)
# Right after a bare number, these make it a count, a date, a time, a floor or a size, not money.
_NOT_MONEY_AFTER = set(
    "人个年岁月日天号楼层栋幢单室点时分秒次周回遍斤公米里平亩户间套台辆部件条只头张本项克吨升度倍家名位批期届级%:/-"
)
_MONEY_BEFORE = re.compile(
    r"(?:欠|借|赔|退|付|罚|花|工资|押金|定金|订金|租金|房租|彩礼|货款|欠款|借款|费|钱|价|赔偿|补偿|报酬|薪)"
    r"[了给我你他她们共计约大概差不多还]*$"
    r"|\b(?:owe[sd]?|owing|pay|paid|refund|deposit|wages?|salary|rent|compensation|debt|loan|lent|borrowed|cost|price)"
    r"(?:\s+(?:me|us|him|her|them|of|the|a|about|around|nearly|over))*\s*$"
)


def _number(expr: str) -> float | None:
    """The value of "3万", "1.5万", "两万", "三千五", "十二万", "12500"; None if it is not one number."""
    total = section = 0.0
    current: float | None = None
    last_unit, after_zero = 1, False
    for token in re.findall(r"\d+(?:\.\d+)?|\D", expr.replace(",", "")):
        if token[0].isdigit() or token in _ZH_DIGITS:
            value = float(token) if token[0].isdigit() else _ZH_DIGITS[token]
            if value == 0 and not token[0].isdigit():
                after_zero = True
                continue
            if current is not None:
                return None  # "一二" or "3一" is a list, not a number
            current = value
        elif token in _ZH_SMALL:
            section += (1 if current is None else current) * _ZH_SMALL[token]
            current, last_unit, after_zero = None, _ZH_SMALL[token], False
        else:
            unit = _ZH_LARGE[token]
            total = (
                (total + section + (current or 0)) * unit
                if unit > 10_000
                else total + (section + (current or 0)) * unit
            )
            section, current, last_unit, after_zero = 0.0, None, unit, False
    if current is not None and last_unit >= 10 and not after_zero and current < 10:
        current *= last_unit / 10  # shorthand: 三千五 is 3500, 一万五 is 15000
    return total + section + (current or 0)


def _amounts(norm: str) -> Iterable[int]:
    for found in _AMOUNT.finditer(norm):
        expr, start, end = found["expr"], found.start("expr"), found.end()
        marked = bool(found["pre"] or found["unit"])
        if not marked:
            multiplied = bool(found["scale"]) or any(unit in expr for unit in "千万亿")
            following = norm[end : end + 1]
            if not (multiplied or _MONEY_BEFORE.search(norm[max(0, start - 12) : start])):
                continue
            if following in _NOT_MONEY_AFTER or (following.isascii() and following.isalnum()):
                continue
            if re.fullmatch(r"\d{7,}", expr):  # a phone or ID number
                continue
        if start and norm[start - 1].isascii() and norm[start - 1].isalnum() and not found["pre"]:
            continue  # part of a code such as "a3" or "no3"
        if norm[max(0, start - 1) : start] == "第":
            continue
        value = _number(expr)
        if value:
            yield round(value * _SCALE.get(found["scale"] or "", 1))


# --- How long ago -----------------------------------------------------------------------------
_ZH_UNIT_DAYS = {"年": 365, "个月": 30, "月": 30, "周": 7, "个星期": 7, "星期": 7, "天": 1}
_ZH_AGO = re.compile(
    r"(?P<n>半|[\d一二两三四五六七八九十]+)(?P<unit>年|个月|月|周|个星期|星期|天)(?P<half>半)?多?(?:以前|之前|前)"
    r"|(?:已经|拖了|快|将近|差不多|都)(?P<n2>半|[\d一二两三四五六七八九十]+)(?P<unit2>年|个月|个星期|天)(?P<half2>半)?多?了"
)
EN_NUMERALS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
_ZH_FIXED = {"大前年": 1095, "前年": 730, "去年": 365, "上上个月": 60, "上个月": 30, "上月": 30, "上周": 7, "上星期": 7}
_EN_NUMBERS = {
    **{word: n for n, word in enumerate(EN_NUMERALS)},
    "a": 1,
    "an": 1,
    "a few": 3,
    "several": 3,
    "half a": 0.5,
}
_EN_UNIT_DAYS = {"year": 365, "month": 30, "week": 7, "day": 1}
_EN_AGO = re.compile(
    r"\b(?P<n>\d+|half a|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<unit>year|month|week|day)s?(?P<half> and a half)?\s+ago\b"
)
_EN_FIXED = {"the year before last": 730, "last year": 365, "last month": 30, "last week": 7}


def _zh_count(text: str) -> float | None:
    return 0.5 if text == "半" else _number(text)


def _days_ago(norm: str) -> int | None:
    found: list[float] = [days for phrase, days in {**_ZH_FIXED, **_EN_FIXED}.items() if phrase in norm]
    for match in _ZH_AGO.finditer(norm):
        count = _zh_count(match["n"] or match["n2"])
        if count is not None:
            half = 0.5 if (match["half"] or match["half2"]) else 0
            found.append((count + half) * _ZH_UNIT_DAYS[match["unit"] or match["unit2"]])
    for match in _EN_AGO.finditer(norm):
        n = match["n"]
        count = float(n) if n.isdigit() else _EN_NUMBERS[n]
        found.append((count + (0.5 if match["half"] else 0)) * _EN_UNIT_DAYS[match["unit"]])
    return int(max(found)) if found else None


def extract(case: CaseFacts) -> Facts:
    """The facts of a case, from its category, its attributes and its text.

    ``days_ago`` is read from the text ("两年前", "6 months ago"; the longest mentioned) and
    counted from today: the days the case has been open are added. Without a mention it is the
    days open, or None for a case reported today.
    """
    norm = normalise(case.text)
    ago = _days_ago(norm)
    return Facts(
        employment=case.category == "labour"
        or case.parent == "labour"
        or mentions(_EMPLOYMENT, norm, negatable=False)  # "没有劳动合同" is still a job
        or _BOSS.search(norm) is not None,
        amount=max(_amounts(norm), default=None),
        injury=mentions(_INJURY, norm),
        violence=mentions(_VIOLENCE, norm),
        organisation=case.organisation_party or mentions(_ORGANISATION, norm, negatable=False),
        failed_mediation=case.failed_mediation or mentions(_FAILED_MEDIATION, norm, negatable=False),
        days_ago=(ago + case.days_open) if ago is not None else (case.days_open or None),
    )
