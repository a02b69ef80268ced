"""Text signals: which checklist factors a case description or note mentions, and the words.

Rules and lexicons only (``lexicon.py``), compiled once at import, no model and nothing
downloaded: a typical description takes well under a millisecond (``bench/risk_eval.py``
measures p50/p99). Every signal carries the exact words of the *original* text that
triggered it and their span, so that a worker always sees the evidence.

Normalisation (``normalise``): NFKC per character (full-width ＡＢ５０！ become AB50!),
traditional characters and variant forms (伱, 妳) folded to simplified through a small
built-in table covering the characters the lexicons use (no dependency), case-folding,
accents and pinyin tone marks dropped ("弄sǐ你" reads as "弄si你"), one space for any
whitespace run, straight apostrophes. Each normalised character remembers its original position, so
spans map back exactly.

Policy (the labelling guideline in ``tests/data/README.md`` says the same):

- **Negation** does not fire: a negation cue shortly before a match, in the same clause and
  not cut off by a conjunction such as 就/但/and/but, drops it ("他没有威胁我", "no weapons
  involved", "he has never hit anyone", "我不怕他"). A negation inside the phrase itself is
  part of the signal ("不想活了", "can't go on", "have not been paid").
- **Reported speech** is read as what it reports. A reported threat fires ("他说要弄死我",
  "she told me she would jump"); a reported denial does not, through the negation rule
  ("他说他永远不会伤害她", "she said she would never hurt him"). Talk about strangers (news,
  television, films, games, online videos, a rumour about another building: "新闻上说有人
  跳楼") does not fire. A reported denial ("he denied threatening her") is a negation.
- **Questions and hypotheses** do not state a fact: a match in a question ("他会不会对我动
  手？", "could it turn violent?") or after a condition in the same clause ("如果他动手",
  "if he hits") does not fire. Threats and self-harm statements are the exception to the
  condition rule, being conditional by nature ("不给钱就跳楼", "I'll kill him if …"); a
  worry about a person is fear ("担心他会报复"). A sentence that supposes and then asks
  ("要是他说要砍人，算不算威胁？") states nothing, threats included.
- **Idioms and hyperbole of distress** tied to an annoyance ("噪音吵得我想死", "烦死了",
  "this noise is killing me", "I could kill for some sleep", "I'm dying to move out") are not
  self-harm statements or threats: they give a ``distress`` signal of weight 0, shown so
  that a worker can look again, and never scored. A statement that the person does not want
  to live, names a method or an attempt is real even in a noise or money context
  ("被噪音折磨得不想活了", "I want to end it all"): when in doubt, a statement about one's own
  death is taken at its word, and a worker who disagrees records a "no" that stays visible.
- **Look-alikes** are kept out by the patterns themselves: a weapon needs a verb of holding,
  using or having ("拿着菜刀", "came at me with a knife", not "a kitchen knife set"); an injury
  word counts as an injury caused by violence only when the text also reports violence (not a
  fall or a dog bite); escalation words only when there is violence to escalate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from concord.risk.engine.lexicon import DISTRESS, DISTRESS_MASKS, LEXICONS, Lexicon

# Traditional -> simplified, for the characters the lexicons (and their contexts) use.
_TRADITIONAL = (
    "殺杀說说著着沒没動动脅胁鄰邻們们會会離离個个樓楼過过傷伤醫医錢钱萬万騷骚擾扰傳传訊讯槍枪裡里裏里媽妈這这兩两"
    "為为還还親亲後后開开關关與与歸归盡尽體体懷怀嚇吓門门蹤踪擊击瘋疯煩烦氣气厲厉頭头腦脑歲岁兒儿孫孙殘残癱瘫"
    "瘓痪輪轮藥药農农飲饮賭赌業业戶户員员積积養养塊块億亿絕绝對对決决從从來来無无別别頸颈嚨咙鬧闹腳脚讓让趕赶"
    "見见報报復复給给點点顏颜帶带鐵铁鋼钢磚砖錘锤鐮镰兇凶將将結结總总覺觉經经輕轻書书遺遗劃划繩绳電电線线話话"
    "發发監监視视腫肿臉脸縫缝針针斷断產产頻频嚴严變变級级論论嗎吗麼么辦办該该設设聞闻導导幫帮聯联眾众爺爷貨货"
    "車车飯饭輸输賠赔虧亏騙骗糾纠纏缠驚惊膽胆戰战夢梦號号禍祸樣样雙双碼码換换黑黑貼贴僱雇資资薪薪債债務务廠厂"
    "機机銀银愛爱們们撐撑嗆呛喪丧險险強强搶抢揚扬嚴严恐恐懼惧嚇吓淚泪緊紧張张認认識识聽听題题幾几歷历紀纪錄录"
    "處处衝冲突突壞坏罵骂欺欺負负髒脏讀读寫写學学導导師师長长課课孕孕婦妇陽阳臺台陰阴墻墙牆墙燒烧溝沟噸吨壓压"
    "麵面熱热鬥斗纔才裝装鐘钟鬱郁藍蓝綠绿紅红絲丝層层樁桩歡欢贏赢賣卖買买價价費费補补償偿稅税賬账現现實实態态"
    "伱你妳你橫横屍尸"  # variant forms of 你; 橫屍
    "價价搬搬遷迁區区縣县鎮镇鄉乡場场屍尸彈弹藏藏滅灭灣湾嗚呜暈晕並并遠远慮虑罰罚協协調调廳厅黨党紛纷愛爱帳账術术續续護护聲声邊边齡龄勢势"
)
_T2S = {ord(_TRADITIONAL[i]): _TRADITIONAL[i + 1] for i in range(0, len(_TRADITIONAL) - 1, 2)}
_T2S_CHARS = {chr(code): simplified for code, simplified in _T2S.items()}
_T2S.update({ord("\u2019"): "'", ord("\u2018"): "'", ord("\u201c"): '"', ord("\u201d"): '"'})


def normalise(text: str) -> tuple[str, list[int]]:
    """The text the lexicons read, and for each of its characters the index in ``text``."""
    chars: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        if char.isascii():
            folded = char.lower()
        elif "\u4e00" <= char <= "\u9fff":  # a unified ideograph: NFKC leaves it as it is
            folded = _T2S_CHARS.get(char, char)
        else:
            folded = unicodedata.normalize("NFKC", char).translate(_T2S).casefold()
            if folded.isalpha() and not _CJK.match(folded):
                # Pinyin tone marks and other accents: "弄sǐ你" reads as "弄si你".
                folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
        for out in folded:
            if out.isspace():
                if chars and chars[-1] == " ":
                    continue
                out = " "
            chars.append(out)
            index.append(position)
    return "".join(chars), index


@dataclass(frozen=True)
class TextSignal:
    """One factor found in the text: the exact words of the original text and their span."""

    factor: str
    words: str
    start: int
    end: int


_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[a-z¥$]")
_CLAUSE_BOUNDARY = re.compile(r"[,;:.!?。、\n\"()]")
_SENTENCE_END = re.compile(r"[.!?。\n;]")

# Negation cues, looked for in the few characters (zh) or words (en) before a match.
_ZH_NEGATION = re.compile(
    r"没有|没(?!完|法|钱|办法|想到|收入|多久|几天|人的|人管)|未(?!成年)|并未|从未|从来没|从没|不曾|从不|绝不|决不|绝对不|永远不|"
    r"不会|并不|并没|不是(?!第一次)|(?<!哪)无(?!缘无故|故|法|处|家)|否认|别(?!人|的|处|墅|在)|不(?:太|很)?$"
)
_EN_NEGATION = re.compile(
    r"\b(?:no|not|never|without|nobody|none|nothing|neither|nor|cannot|hardly|no-one|den(?:y|ies|ied|ying))\b|n't\b|"
    r"\bno one\b|\b(?:dont|doesnt|didnt|wont|cant|couldnt|wouldnt|isnt|wasnt|hasnt|havent|hadnt)\b"
)
# A negation or condition before one of these words belongs to another clause.
_ZH_BREAK = re.compile(r"就|便|才|却|还|又|但|否则|不然|可是|只是|然后|结果|而且|所以|因为")
_EN_BREAK = re.compile(
    r"\b(?:but|and|then|when|unless|because|so|though|although|however|yet|until|since|after|before|while|i'm|im)\b"
)
_ZH_CONDITION = re.compile(r"如果|要是|假如|万一|假设|一旦|假使|倘若")
_EN_CONDITION = re.compile(r"\b(?:if|what if|whether|in case|suppose|supposing)\b")
_ZH_QUESTION = re.compile(r"会不会|是否|是不是|能不能|有没有|可不可能|算不算|怎么办|会|吗|呢|可能")
_EN_QUESTION_START = re.compile(
    r"^\s*(?:is|are|was|were|do|does|did|could|would|will|can|should|shall|may|might|has|have|what if|whether)\b"
)
# Talk about strangers: the news, a film, a video, another town or building.
_STRANGERS = re.compile(
    r"新闻|报道|电视上|电视里|电视剧|电影|纪录片|小说里|网上看到|视频里|短视频|外地|隔壁小区|别的小区|其他小区|隔壁村|别的村|"
    r"隔壁楼|别的楼|其他楼|另一栋|议论|听说有人|据说有人|传言|谣传|抖音上有人|快手上有人|微博上有人|网上有人|网友|"
    r"打游戏|玩游戏|游戏里|"
    r"\b(?:in the news|the news|on tv|on television|a film|a movie|a documentary|a tv (?:show|series|drama)|newspaper|"
    r"read that|(?:another|a different|the next) (?:building|estate|block|city|town|village)|on the radio|a podcast|"
    r"a video game|his game|her game|a game|(?:video|computer|online|shooter|war|zombie|phone) games?|"
    r"read (?:\w+ )?about|online about)\b"
)
_STRANGERS_END = re.compile(r"[.!?。\n]")
_ZH_WINDOW = 8  # characters before a match searched for a negation or condition cue
_EN_WINDOW = 6  # words


def _clause_start(norm: str, start: int) -> int:
    position = start
    while position > 0 and not _CLAUSE_BOUNDARY.match(norm, position - 1):
        position -= 1
    return position


def _window(norm: str, start: int, chinese: bool) -> str:
    """The part of the clause just before ``start`` that a cue must sit in, cut at the last break word."""
    clause = norm[_clause_start(norm, start) : start]
    breaker = _ZH_BREAK if chinese else _EN_BREAK
    cut = 0
    for found in breaker.finditer(clause):
        cut = found.end()
    clause = clause[cut:]
    if chinese:
        return clause[-_ZH_WINDOW:]
    words = clause.split()
    return " ".join(words[-_EN_WINDOW:]) + (" " if clause.endswith(" ") else "")


def _negated(norm: str, start: int, chinese: bool) -> bool:
    window = _window(norm, start, chinese)
    if chinese:
        return _ZH_NEGATION.search(window) is not None
    return _EN_NEGATION.search(window) is not None


def _conditional(norm: str, start: int, chinese: bool) -> bool:
    window = _window(norm, start, chinese)
    return (_ZH_CONDITION if chinese else _EN_CONDITION).search(window) is not None


def _in_question(norm: str, start: int, end: int, chinese: bool) -> bool:
    """A match in a clause that ends with a question mark and asks (会不会…？ / Could … ?)."""
    clause_start = _clause_start(norm, start)
    stop = _CLAUSE_BOUNDARY.search(norm, end)
    if stop is None or stop.group() != "?":
        return False
    clause = norm[clause_start : stop.start()]
    if chinese:
        return _ZH_QUESTION.search(clause) is not None
    sentence_start = start
    while sentence_start > 0 and not _SENTENCE_END.match(norm, sentence_start - 1):
        sentence_start -= 1
    return _EN_QUESTION_START.match(norm[sentence_start : stop.start()]) is not None


def _about_strangers(norm: str, start: int) -> bool:
    sentence_start = start
    while sentence_start > 0 and not _STRANGERS_END.match(norm, sentence_start - 1):
        sentence_start -= 1
    return _STRANGERS.search(norm, sentence_start, start) is not None


def _asks_about_a_supposition(norm: str, start: int, end: int, chinese: bool) -> bool:
    """A sentence that supposes and asks ("要是他说要砍人，算不算威胁？", "what if he says he'll
    kill me, can I …?"): not a statement, even for threats and self-harm, which are otherwise
    conditional by nature."""
    stop = _SENTENCE_END.search(norm, end)
    if stop is None or stop.group() != "?":
        return False
    sentence_start = start
    while sentence_start > 0 and not _SENTENCE_END.match(norm, sentence_start - 1):
        sentence_start -= 1
    before = norm[sentence_start:start]
    return (_ZH_CONDITION if chinese else _EN_CONDITION).search(before) is not None


def _stands(lexicon: Lexicon, norm: str, match: re.Match[str]) -> bool:
    """Whether a match states its factor (not negated, asked, supposed or about strangers)."""
    if lexicon.check is not None and not lexicon.check(match):
        return False
    start, end = match.span()
    chinese = _CJK.search(match.group()) is not None
    if _negated(norm, start, chinese):
        return False
    if _in_question(norm, start, end, chinese):
        return False
    if lexicon.conditional and _conditional(norm, start, chinese):
        return False
    if _asks_about_a_supposition(norm, start, end, chinese):
        return False
    return not _about_strangers(norm, start)


def _signal(factor: str, text: str, index: list[int], start: int, end: int) -> TextSignal:
    original_start, original_end = index[start], index[end - 1] + 1
    return TextSignal(factor, text[original_start:original_end], original_start, original_end)


def _matches(lexicon: Lexicon, norm: str, chinese: bool, latin: bool) -> Iterator[re.Match[str]]:
    if chinese and lexicon.chinese is not None:
        yield from lexicon.chinese.finditer(norm)
    if latin and lexicon.latin is not None:
        yield from lexicon.latin.finditer(norm)


def find_signals(text: str) -> list[TextSignal]:
    """Every factor the text states, each with the words that triggered it, in text order.

    A factor may come with several signals (every phrase that mentions it).
    """
    norm, index = normalise(text)
    if not norm.strip():
        return []
    chinese, latin = _CJK.search(norm) is not None, _LATIN.search(norm) is not None
    distress = [match.span() for match in _matches(DISTRESS, norm, chinese, latin)]
    found: list[tuple[str, int, int]] = []
    waiting: list[tuple[Lexicon, int, int]] = []
    for lexicon in LEXICONS:
        for match in _matches(lexicon, norm, chinese, latin):
            start, end = match.span()
            if start == end or not _stands(lexicon, norm, match):
                continue
            if lexicon.factor in DISTRESS_MASKS and any(s < end and start < e for s, e in distress):
                continue
            if lexicon.requires:
                waiting.append((lexicon, start, end))
            else:
                found.append((lexicon.factor, start, end))
    present = {factor for factor, _, _ in found}
    found.extend((lexicon.factor, start, end) for lexicon, start, end in waiting if lexicon.requires & present)
    found.extend(("distress", start, end) for start, end in distress)
    found.sort(key=lambda item: (item[1], item[2], item[0]))
    signals: list[TextSignal] = []
    seen: set[tuple[str, int, int]] = set()
    for factor, start, end in found:
        if (factor, start, end) in seen:
            continue
        seen.add((factor, start, end))
        signals.append(_signal(factor, text, index, start, end))
    return signals
