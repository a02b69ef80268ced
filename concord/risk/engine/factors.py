"""The risk checklist: factors, their weights, the levels table and the critical-factor rules.

Modelled on the short structured checklists that services preventing domestic homicide
use to triage (the UK's DASH checklist behind the multi-agency risk conferences, the US
Danger Assessment): count the risk factors present, weight the few that predict serious
harm best, and let a worker's professional judgement raise the level. Concord applies the
same to every dispute so that the dangerous few are seen first. A level prioritises help
and always shows its evidence; it never triggers an action on its own.

Everything that decides a level lives in this module: ``FACTORS`` (with their weights),
``LEVELS`` (score → level) and ``CRITICAL_RULES`` (minimum levels). Changing any of them is
a reviewed code change, not a setting; ``tests/data/README.md`` copies the tables for the
people who label the evaluation set, and a test checks the copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from concord.i18n import pick


class Answer(StrEnum):
    """A worker's answer to one checklist question."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class FactorGroup:
    code: str
    label_zh: str
    label_en: str

    @property
    def label(self) -> str:
        return pick(self.label_zh, self.label_en)


GROUPS: tuple[FactorGroup, ...] = (
    FactorGroup("threats", "威胁", "Threats"),
    FactorGroup("weapons", "凶器", "Weapons"),
    FactorGroup("violence", "暴力史", "Violence"),
    FactorGroup("relationship", "关系变化与纠缠", "Separation and stalking"),
    FactorGroup("vulnerability", "恐惧与弱势", "Fear and vulnerability"),
    FactorGroup("aggravating", "加重因素", "Aggravating"),
    FactorGroup("scale", "规模", "Scale"),
    FactorGroup("history", "案件经过", "Case history"),
)
GROUPS_BY_CODE: dict[str, FactorGroup] = {group.code: group for group in GROUPS}


@dataclass(frozen=True)
class Factor:
    """One checklist question.

    ``weight`` is what a "yes" (or a text signal nobody has answered) adds to the score.
    ``in_text``: whether the text signals can find it; ``case_fact``: whether it comes from
    the case's own data (``case_fact_answers``) rather than from what people wrote;
    ``on_checklist``: whether the worker is asked about it (``distress`` is a note only).
    """

    code: str
    group: str
    label_zh: str
    label_en: str
    help_zh: str
    help_en: str
    weight: int
    in_text: bool = True
    case_fact: bool = False
    on_checklist: bool = True

    @property
    def label(self) -> str:
        return pick(self.label_zh, self.label_en)

    @property
    def help(self) -> str:
        return pick(self.help_zh, self.help_en)

    @property
    def group_label(self) -> str:
        return GROUPS_BY_CODE[self.group].label


FACTORS: tuple[Factor, ...] = (
    # A threat to kill is among the strongest predictors of homicide in the DA and DASH: 7,
    # enough on its own for "high".
    Factor(
        "threat_to_kill",
        "threats",
        "扬言杀人或严重伤害",
        "Threat to kill or seriously harm",
        "一方扬言要杀人、同归于尽、放火烧人、泼硫酸等（转述的也算）。",
        "A party threatened to kill or seriously harm someone (also when reported by others).",
        7,
    ),
    # Threats short of killing still raise the risk of violence: 4, "medium" on their own.
    # Not counted when a threat to kill is also present (SUBSUMED_BY).
    Factor(
        "threat_of_harm",
        "threats",
        "威胁要伤害或报复",
        "Threat of violence or revenge",
        "威胁要打人、找人收拾、报复，或笼统地“威胁”。",
        "A threat to beat, hurt or get back at someone, or an unspecified threat.",
        4,
    ),
    # Access to a weapon multiplies the harm of every other factor (DA: gun access): 4.
    Factor(
        "weapon",
        "weapons",
        "提到或持有凶器",
        "Weapon mentioned or available",
        "刀、斧、枪、铁棍、砖头、硫酸、汽油等被拿出、使用或说有。",
        "A knife, axe, gun, bar, brick, acid or petrol is used, shown or said to be at hand.",
        4,
    ),
    # Past violence is the best single predictor of future violence: 4, "medium" on its own.
    Factor(
        "prior_violence",
        "violence",
        "已有暴力行为",
        "Previous violence",
        "一方已经打、推、踢、殴打过他人（现在或以前）。不含意外、狗咬。",
        "A party has hit, pushed or beaten someone, now or before. Not accidents or dog bites.",
        4,
    ),
    # An injury shows how far the violence already went (DASH: "has the incident resulted in injury?").
    Factor(
        "injury",
        "violence",
        "造成伤害",
        "Injury caused",
        "被打伤：淤青、流血、骨折、送医。",
        "Someone was injured by another party: bruises, bleeding, a fracture, hospital.",
        3,
    ),
    # Escalation (more frequent or worse) is a DASH item of its own.
    Factor(
        "escalating_violence",
        "violence",
        "暴力越来越频繁或严重",
        "Violence getting worse or more frequent",
        "暴力一次比一次重、越来越频繁。",
        "The violence is getting worse or more frequent.",
        3,
    ),
    # Non-fatal strangulation multiplies the odds of later homicide several times over: 7.
    Factor(
        "strangulation",
        "violence",
        "掐脖子、勒颈、捂口鼻",
        "Strangulation, choking or smothering",
        "掐、勒脖子，捂住口鼻。",
        "Choking, strangling, a hand or cord round the neck, smothering.",
        7,
    ),
    # Separation is the most dangerous time in an abusive relationship; alone it is ordinary: 2.
    Factor(
        "separation",
        "relationship",
        "正在分居或离婚",
        "Separation or divorce under way",
        "正在或刚刚分居、离婚、分手。",
        "A separation, divorce or break-up is under way or recent.",
        2,
    ),
    # Stalking and harassment precede most intimate-partner homicides: 4.
    Factor(
        "stalking",
        "relationship",
        "跟踪、纠缠或骚扰",
        "Stalking or harassment",
        "跟踪、守候、纠缠、反复打电话发信息、骚扰。",
        "Following, waiting outside, turning up, repeated calls or messages, harassment.",
        4,
    ),
    # The victim's own fear is DASH's first question and predicts well: 4.
    Factor(
        "fear",
        "vulnerability",
        "报告人表示害怕",
        "Reporter is afraid",
        "报告人或家人害怕对方、担心自身安全。不含客套话“恐怕”。",
        "The reporter or their household is afraid of a person or for their safety.",
        4,
    ),
    # Children, pregnancy, age or disability raise the stakes of any harm but are common
    # in ordinary disputes: 1, never enough to raise a level by itself.
    Factor(
        "vulnerable_people",
        "vulnerability",
        "涉及儿童、孕妇、老人或残疾人",
        "Children, pregnant, elderly or disabled people involved",
        "涉及儿童、孕妇、老人、病人或残疾人。",
        "Children, a pregnant woman, elderly, sick or disabled people are involved.",
        1,
    ),
    # A suicide or self-harm statement needs help today whatever else is true: 7.
    Factor(
        "self_harm",
        "vulnerability",
        "自杀或自伤言行",
        "Self-harm or suicide statement",
        "表示不想活、要跳楼、喝农药，或已有自伤行为。",
        "A statement of suicide or self-harm, a named method, or an attempt.",
        7,
    ),
    # Alcohol and drugs aggravate, they do not cause: 1.
    Factor(
        "substance",
        "aggravating",
        "酗酒或吸毒",
        "Alcohol or drugs",
        "一方在纠纷中饮酒、醉酒或吸毒。",
        "A party uses alcohol or drugs in the dispute.",
        1,
    ),
    # Many people on one side can turn into a collective incident: 2.
    Factor(
        "group_dispute",
        "scale",
        "涉及人数众多",
        "Many people involved",
        "一方人数众多（约十人以上）。",
        "Many people on one side (roughly ten or more).",
        2,
    ),
    # Large sums or a lost livelihood push people to desperate acts: 2.
    Factor(
        "large_sums",
        "scale",
        "涉及大额财产或生计",
        "Large sums or livelihood at stake",
        "约五万元以上、全部积蓄，或唯一收入、住房。",
        "About 50,000 yuan or more, life savings, or the only income or home.",
        2,
    ),
    # The third dispute in a year between the same parties shows mediation is not holding: 2.
    Factor(
        "repeat_dispute",
        "history",
        "同一当事人12个月内3次以上纠纷",
        "Repeated disputes (3+ in 12 months)",
        "同一双方一年内第三次或更多次纠纷（由案件数据填写）。",
        "The same parties' third dispute or more within 12 months (from the case data).",
        2,
        in_text=False,
        case_fact=True,
    ),
    # A case past its deadline has gone without help for longer than promised: 1.
    Factor(
        "past_deadline",
        "history",
        "超期未化解",
        "Unresolved past its deadline",
        "案件已超过化解期限（由案件数据填写）。",
        "The case is past its resolution deadline (from the case data).",
        1,
        in_text=False,
        case_fact=True,
    ),
    # Hyperbole of distress ("吵得我想死", "this noise is killing me"): shown so that a worker
    # can look again, never scored, and not a checklist question (see text.py).
    Factor(
        "distress",
        "vulnerability",
        "情绪困扰（夸张说法）",
        "Distress (figure of speech)",
        "如“吵得我想死”“烦死了”：不计分，仅提示工作人员留意。",
        "Figures of speech such as 'this noise is killing me': not scored, a prompt to look again.",
        0,
        on_checklist=False,
    ),
)
FACTORS_BY_CODE: dict[str, Factor] = {factor.code: factor for factor in FACTORS}
CHECKLIST: tuple[Factor, ...] = tuple(factor for factor in FACTORS if factor.on_checklist)

# A factor that counts only when the other one is absent: a threat to kill is already the
# gravest threat, so a second, lesser threat in the same case adds nothing.
SUBSUMED_BY: dict[str, str] = {"threat_of_harm": "threat_to_kill"}


@dataclass(frozen=True)
class Level:
    code: str
    min_score: int
    label_zh: str
    label_en: str

    @property
    def label(self) -> str:
        return pick(self.label_zh, self.label_en)


# The one thresholds table (shown as is in the UI). A factor of weight 4 alone is "medium";
# 7 (one of the gravest factors, or two strong ones) is "high"; 11 is "critical".
LEVELS: tuple[Level, ...] = (
    Level("standard", 0, "一般", "standard"),
    Level("medium", 4, "中", "medium"),
    Level("high", 7, "高", "high"),
    Level("critical", 11, "危急", "critical"),
)
LEVEL_CODES: tuple[str, ...] = tuple(level.code for level in LEVELS)
LEVELS_BY_CODE: dict[str, Level] = {level.code: level for level in LEVELS}


def level_rank(code: str) -> int:
    """0 for standard … 3 for critical."""
    return LEVEL_CODES.index(code)


def level_for_score(score: int) -> str:
    """The level of a score by ``LEVELS`` alone (before the critical-factor rules)."""
    found = LEVELS[0].code
    for level in LEVELS:
        if score >= level.min_score:
            found = level.code
    return found


@dataclass(frozen=True)
class CriticalRule:
    """When every factor in ``requires`` counts, the level is at least ``minimum``."""

    code: str
    requires: frozenset[str]
    minimum: str
    reason_zh: str
    reason_en: str

    @property
    def reason(self) -> str:
        return pick(self.reason_zh, self.reason_en)


# As in DASH/MARAC practice, a few answers decide on their own, whatever the count. They
# only ever raise a level.
CRITICAL_RULES: tuple[CriticalRule, ...] = (
    CriticalRule(
        "threat_to_kill",
        frozenset({"threat_to_kill"}),
        "high",
        "扬言杀人：至少为高",
        "A threat to kill: at least high",
    ),
    CriticalRule(
        "strangulation",
        frozenset({"strangulation"}),
        "high",
        "掐颈或勒颈：至少为高",
        "Strangulation: at least high",
    ),
    CriticalRule(
        "self_harm",
        frozenset({"self_harm"}),
        "high",
        "自杀或自伤言行：至少为高",
        "A suicide or self-harm statement: at least high",
    ),
    CriticalRule(
        "threat_to_kill_with_weapon",
        frozenset({"threat_to_kill", "weapon"}),
        "critical",
        "扬言杀人且有凶器：危急",
        "A threat to kill and a weapon: critical",
    ),
)


def case_fact_answers(*, repeat_dispute: bool, past_deadline: bool) -> dict[str, Answer]:
    """Checklist answers for the factors that come from the case's own data.

    ``repeat_dispute``: the same parties have had 3 or more disputes in the last 12 months
    (this one included); ``past_deadline``: the case is unresolved past its deadline.
    """
    return {
        "repeat_dispute": Answer.YES if repeat_dispute else Answer.NO,
        "past_deadline": Answer.YES if past_deadline else Answer.NO,
    }
