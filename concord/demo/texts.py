"""Text for the demo history: case descriptions, party names and staff notes.

Templates are filled from small pools with the history's seeded RNG. Names are common
surnames with an honorific (王女士) or anonymised (张某), never a real person.
"""

from __future__ import annotations

import random
from collections.abc import Callable

# category code -> (Chinese templates, English templates)
DESCRIPTIONS: dict[str, tuple[list[str], list[str]]] = {
    "neighbour_noise": (
        [
            "楼上{floor}楼住户最近{n}周天天装修，早上7点不到就开始电钻，周末也不停，家里老人孩子休息不好，"
            "去敲门沟通过两次没有效果。",
            "小区{place}每天晚上跳广场舞到{hour}点多，音响开得很大，关窗都能听到，孩子没法写作业。",
            "隔壁住户经常半夜聚会喝酒打牌，{hour}点以后还在大声喧哗，已经持续{n}个月，多次沟通无果。",
            "楼下新开的{restaurant}空调外机和排风扇噪音很大，正对我家卧室窗户，晚上根本睡不着。",
            "楼上住户家里孩子每天晚上跑跳、拍球到很晚，我们上门说过，对方态度不好，希望社区帮忙协调。",
            "对面楼有住户每天清晨练唱歌，还用音箱放伴奏，影响整栋楼休息，希望能约定时间。",
        ],
        [
            "The flat above ({floor}th floor) has been renovating for {n} weeks, drilling from before 7 am, "
            "including weekends. We have asked them twice.",
            "Square dancing in the {place_en} goes on until after {hour} pm every night with very loud speakers.",
            "The neighbours next door hold loud parties after {hour} pm several times a week.",
        ],
    ),
    "neighbour_leak": (
        [
            "楼上{floor}楼卫生间漏水，我家天花板发黄起皮，墙面有霉斑，找对方多次，对方不愿意维修。",
            "连续下雨后楼上阳台渗水到我家，木地板泡坏了约{area}平方米，要求对方赔偿维修费{amount}元。",
            "共用的下水管堵塞返水，楼上楼下互相推诿，谁也不愿意出钱疏通，已经{n}周了。",
            "楼上住户装修时把防水层破坏了，现在我家厨房顶上一直滴水，物业说要邻里自己协商。",
            "我家空调冷凝水管被楼上改造后堵住，水一直流到外墙，邻居说不是他们的问题。",
        ],
        [
            "Water is leaking from the bathroom of the flat above into our ceiling; mould is spreading and "
            "they refuse to repair it.",
            "After the rain, water came through from the balcony upstairs and damaged about {area} m² of our "
            "floor. We ask {amount} yuan for repairs.",
        ],
    ),
    "neighbour_boundary": (
        [
            "邻居长期在楼道堆放纸箱、旧家具，占用消防通道，出入很不方便，劝说多次不听。",
            "{place}的公共车位被一户人家用地锁私自占用，其他住户无法停车，双方发生争吵。",
            "老房子宅基地边界有争议，邻居新砌的围墙往我家这边多占了约{n}0厘米。",
            "隔壁在楼顶公共区域私自搭建阳光房，还种菜养鸡，影响其他住户使用和防水。",
            "邻居把电动车停在楼道里充电，存在安全隐患，沟通时对方说我多管闲事。",
        ],
        [
            "A neighbour keeps boxes and old furniture in the shared corridor, blocking the fire escape.",
            "A shared parking space in the {place_en} has been locked off by one household.",
        ],
    ),
    "neighbour_pets": (
        [
            "邻居家的狗每天白天主人不在时一直叫，从早叫到晚，已经{n}个月了。",
            "小区里有住户遛狗不牵绳，狗把我孩子咬伤了，打疫苗花了{amount}元，对方不愿意承担。",
            "楼上住户在阳台养了很多鸽子，粪便和羽毛掉到我家窗台，气味很大。",
            "有邻居在楼道里喂流浪猫，猫粮和粪便到处都是，双方为此吵过好几次。",
        ],
        [
            "The dog next door barks all day while the owners are out, for {n} months now.",
            "An unleashed dog in our compound bit my child; the vaccinations cost {amount} yuan and the owner "
            "will not pay.",
        ],
    ),
    "family": (
        [
            "夫妻之间因为家务和孩子教育问题经常吵架，最近闹到要离婚，希望有人帮忙调解。",
            "离婚后对方{n}个月没有按约定支付孩子抚养费，共计{amount}元，联系不上。",
            "婆媳之间矛盾很深，住在一起天天吵架，丈夫夹在中间，希望社区调解。",
            "我和兄弟姐妹为了父母的房子谁来住、谁出钱装修发生争执，关系闹得很僵。",
            "离婚后对方不让我按约定每周探望孩子，已经{n}周没见到孩子了。",
        ],
        [
            "My ex-partner has not paid child support for {n} months ({amount} yuan in total).",
            "My spouse and I argue constantly about money and the children; we would like mediation before "
            "deciding anything.",
        ],
    ),
    "inheritance": (
        [
            "父亲去世后留下一套房子，兄妹几人对怎么分有争议，有人说有遗嘱但一直拿不出来。",
            "奶奶的存款{amount}元被大伯取走了，其他子女要求平分，双方闹得很僵。",
            "母亲生前口头说房子留给照顾她的小儿子，其他子女不认可，要求按法定继承。",
        ],
        [
            "After our father died, my siblings and I cannot agree how to divide his flat; a will is mentioned "
            "but nobody has shown it.",
        ],
    ),
    "labour": (
        [
            "在{company}上班，老板拖欠我们{months}个月工资共{amount}元，一直说下个月发，现在人找不到了。",
            "在{company}干了{n}年，公司突然通知辞退，不给经济补偿，也没有提前通知。",
            "在工地上受伤了，{company}不给认定工伤，医药费{amount}元都是自己垫的。",
            "{company}不给签劳动合同，也不买社保，现在要离职了，工资还扣着不发。",
            "快过年了，{company}还欠我们班组{n}个工人的工资，要求尽快结清。",
        ],
        [
            "{company} owes me {months} months' wages ({amount} yuan); the boss keeps promising and now cannot "
            "be reached.",
            "I was dismissed by {company} after {n} years without notice or compensation.",
        ],
    ),
    "property_management": (
        [
            "{property}收了物业费不办事，电梯坏了{n}周都没修好，老人上下楼很困难。",
            "小区地下车库经常积水，{property}一直推脱，业主要求退还部分物业费。",
            "{property}突然把停车费从每月{fee}元涨到{fee_new}元，没有经过业主大会。",
            "家里电动车在小区被盗，{property}说监控坏了，不承担任何责任。",
            "{property}未经业主同意把小区公共绿地改成收费停车位。",
        ],
        [
            "{property} collects fees but the lift has been broken for {n} weeks.",
            "{property} raised parking fees from {fee} to {fee_new} yuan a month without an owners' meeting.",
        ],
    ),
    "housing": (
        [
            "租的房子到期退租，房东以墙面有污渍为由扣了全部押金{amount}元。",
            "房东突然要求我{n}天内搬走，说房子要卖，合同还有半年才到期。",
            "租的房子热水器坏了，房东一直拖着不修，还要求我自己承担费用。",
            "二房东收了房租后失联，原房东要求我们搬出去，{n}户租客都受影响。",
        ],
        [
            "My landlord kept the whole deposit ({amount} yuan) because of marks on the wall.",
            "The landlord told me to move out within {n} days although the lease runs for six more months.",
        ],
    ),
    "land": (
        [
            "老房子拆迁补偿标准和隔壁相差很大，对评估结果有异议，希望重新评估。",
            "承包地被征用修路，青苗补偿款{amount}元一直没有发到手。",
            "拆迁安置房交房时间一拖再拖，过渡费也停发了{months}个月。",
        ],
        [
            "The compensation offered for our old house is far below what the neighbours received; we dispute "
            "the valuation.",
        ],
    ),
    "consumer": (
        [
            "在{shop}办了{amount}元的会员卡，没用几次店就关门了，老板不退钱。",
            "网上买的家电送货后发现有质量问题，商家拒绝退换，说是人为损坏。",
            "找的装修公司工期拖了{n}个月，质量也有问题，商家不愿意返工。",
            "在{restaurant}吃饭后食物中毒，花了医药费{small}元，店家不承认。",
        ],
        [
            "I paid {amount} yuan for a membership card at a {shop_en}; it closed after a few visits and will "
            "not refund.",
            "An appliance I bought online arrived faulty and the seller refuses to replace it.",
        ],
    ),
    "medical": (
        [
            "家人在{hospital}做完手术后出现感染，又住院{n}天，认为医院处置不当，要求赔偿。",
            "在{hospital}看病被多收了检查费，沟通后医院不认可，费用{small}元。",
            "老人在{hospital}住院期间摔伤骨折，家属认为护理不到位，与医院协商未果。",
        ],
        [
            "My relative developed an infection after surgery at {hospital_en}; we think it was mishandled.",
        ],
    ),
    "traffic": (
        [
            "在{place}附近被电动车撞倒，腿部骨折，对方没有保险，赔偿谈不拢。",
            "停在路边的车被剐蹭，对方承认了但只愿意赔{small}元，维修报价{amount}元。",
            "骑车时被开门的车辆撞伤，双方对责任划分有争议。",
        ],
        [
            "I was knocked down by an e-bike near the {place_en}; the rider has no insurance and we cannot "
            "agree on compensation.",
        ],
    ),
    "debt": (
        [
            "{n}年前借给朋友{amount}元，有借条，现在对方一直拖着不还，电话也不接。",
            "给亲戚做了借款担保，亲戚还不上钱，债主天天上门找我。",
            "装修师傅预付了{amount}元工钱，活没干完人就走了，要求退还剩余款项。",
        ],
        [
            "I lent a friend {amount} yuan {n} years ago, with an IOU; he keeps putting off repayment.",
        ],
    ),
    "school": (
        [
            "孩子在学校被同学欺负，多次受伤，老师处理不积极，希望学校和对方家长给个说法。",
            "孩子在体育课上摔伤，医药费{small}元，学校和家长对责任有争议。",
            "{school}另收了{amount}元的资料费和兴趣班费，家长认为不合理。",
        ],
        [
            "My child has been bullied at school for weeks and the teachers have not acted.",
        ],
    ),
    "elder_care": (
        [
            "老人有{n}个子女，都不愿意出赡养费，现在老人生病住院没人照顾。",
            "父亲住在养老院，养老院突然涨价，还说要提前交一年费用，家属不同意。",
            "儿子把老人的房子过户后不让老人住，老人无处可去。",
        ],
        [
            "None of my father's {n} children will contribute to his care now that he is in hospital.",
        ],
    ),
    "other": (
        [
            "小区门口的摊贩占道经营，和住户发生争执，希望有人来协调。",
            "共用的水电表费用怎么分摊，几户人家一直谈不拢。",
            "楼道里的声控灯坏了，几户人家为谁出钱修吵了起来。",
        ],
        [
            "Several households sharing a meter cannot agree how to split the bill.",
        ],
    ),
}

PLACES = ["小区广场", "小区门口", "菜市场", "公园", "幼儿园旁边", "十字路口", "地铁站"]
PLACES_EN = ["square", "compound gate", "market", "park", "kindergarten", "crossroads", "metro station"]
SHOPS = ["某健身房", "某美容店", "某培训机构", "某装修公司", "某洗衣店", "某家电卖场", "某驾校"]
RESTAURANTS = ["某火锅店", "某烧烤店", "某快餐店", "某面馆"]
SHOPS_EN = ["gym", "beauty salon", "restaurant", "tutoring centre", "hotpot restaurant", "laundry"]
EMPLOYERS = [
    "锦盛建筑劳务公司",
    "蓉达餐饮有限公司",
    "恒通物流公司",
    "佳美家政服务公司",
    "新锐电子厂",
    "华丰装饰工程公司",
    "顺捷快递网点",
    "百味食品厂",
    "金桥保安服务公司",
    "宏远汽修厂",
]
PROPERTY_COMPANIES = [
    "锦华物业公司",
    "安居物业公司",
    "瑞景物业公司",
    "和泰物业公司",
    "蓝天物业公司",
    "嘉园物业管理公司",
]
HOSPITALS = ["锦城市第三人民医院", "某区中医医院", "某社区卫生服务中心", "某民营口腔诊所"]
HOSPITALS_EN = ["Jincheng No. 3 People's Hospital", "a district hospital", "a private dental clinic"]
SCHOOLS = ["某小学", "某中学", "某幼儿园", "某课外培训学校"]


class _Slots(dict[str, str]):
    """Fills each template placeholder on first use."""

    def __init__(self, rng: random.Random, fixed: dict[str, str]) -> None:
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        r = self.rng
        makers: dict[str, Callable[[], object]] = {
            "floor": lambda: r.randint(2, 28),
            "n": lambda: r.randint(2, 6),
            "hour": lambda: r.choice((10, 11, 12)),
            "months": lambda: r.randint(2, 7),
            "area": lambda: r.randint(3, 25),
            "amount": lambda: r.choice((800, 1500, 2800, 3600, 5000, 8000, 12000, 20000, 35000)),
            "small": lambda: r.choice((120, 200, 300, 460, 600)),
            "fee": lambda: r.choice((150, 200, 250, 300)),
            "fee_new": lambda: int(self["fee"]) + r.choice((100, 150, 200, 300)),
            "place": lambda: r.choice(PLACES),
            "place_en": lambda: r.choice(PLACES_EN),
            "shop": lambda: r.choice(SHOPS),
            "restaurant": lambda: r.choice(RESTAURANTS),
            "property": lambda: r.choice(PROPERTY_COMPANIES),
            "shop_en": lambda: r.choice(SHOPS_EN),
            "company": lambda: r.choice(EMPLOYERS),
            "hospital": lambda: r.choice(HOSPITALS),
            "hospital_en": lambda: r.choice(HOSPITALS_EN),
            "school": lambda: r.choice(SCHOOLS),
        }
        value = str(makers[key]()) if key in makers else ""
        self[key] = value
        return value


def describe(category: str, english: bool, rng: random.Random, **fixed: str) -> str:
    """A resident's description of a dispute of this category (now and then, for the kinds
    of dispute where it happens, one that speaks of danger)."""
    if category in DANGER and rng.random() < DANGER_RATE:
        zh, en = DANGER[category]
        return rng.choice(en if english else zh)
    zh, en = DESCRIPTIONS.get(category, DESCRIPTIONS["other"])
    template = rng.choice(en if english else zh)
    return template.format_map(_Slots(rng, fixed))


# The few reports that speak of violence or despair, so that the demo shows risk levels.
DANGER_RATE = 0.03
DANGER: dict[str, tuple[list[str], list[str]]] = {
    "family": (
        [
            "我老公喝了酒就打我，昨晚还掐我脖子，说要杀了我，我现在不敢回家。",
            "正在闹离婚，他天天到我单位门口堵我，还发信息说要跟我同归于尽。",
            "儿子和儿媳吵架，儿子拿着菜刀说要砍人，孩子吓得一直哭。",
            "丈夫多次动手打我，这次打得我缝了三针，我很害怕他再来。",
        ],
        [
            "My husband hits me when he drinks; last night he choked me and said he would kill me.",
            "We are separating and he keeps following me home from work. I'm scared.",
        ],
    ),
    "neighbour_noise": (
        ["楼上天天半夜吵，我上去理论，他拿着刀出来说再敢来就弄死我。"],
        ["The neighbour upstairs came at me with a hammer when I complained about the noise."],
    ),
    "labour": (
        [
            "老板拖欠我半年工资，家里老人看病都没钱，我真的不想活了。",
            "我们五十多个工人的工资都没发，有人说再不给钱就从楼顶跳下去。",
        ],
        ["Fifty of us have not been paid for four months; one worker says he will jump off the roof."],
    ),
    "debt": (
        ["借了钱不还，我去要债，他找了几个人把我打了一顿，还说要我好看。"],
        ["He owes me 200,000 yuan, my life savings, and threatened to hurt my family if I go to court."],
    ),
}


RESOLUTION_SUMMARIES: dict[str, tuple[list[str], list[str]]] = {
    "agreement": (
        [
            "经调解，双方达成一致意见并签订调解协议。",
            "组织双方面对面协商，对方同意整改并承担相应费用，已签订协议。",
            "双方各退一步，约定分期履行，调解协议已签字确认。",
        ],
        [
            "The parties reached a mediated agreement and signed it.",
            "Both sides agreed to a settlement in instalments.",
        ],
    ),
    "advice": (
        [
            "已向当事人解释相关政策法规，告知维权途径，当事人表示理解。",
            "提供法律咨询，建议当事人保留证据，必要时申请法律援助。",
        ],
        ["We explained the rules and the options available; the resident was satisfied with the advice."],
    ),
    "withdrawn": (
        ["当事人表示双方已自行和解，申请撤回。", "当事人不再要求处理，撤回申请。"],
        ["The resident withdrew the request; the parties settled it themselves."],
    ),
    "referred_elsewhere": (
        ["该事项需通过诉讼途径解决，已引导当事人向人民法院起诉。", "已告知当事人向相关行政主管部门反映。"],
        ["Referred to the court / the competent authority, as mediation cannot decide this matter."],
    ),
    "unresolved": (
        ["多次组织调解，双方分歧较大，未能达成协议，已告知其他解决途径。"],
        ["Several mediation sessions failed to bring the parties together; other routes were explained."],
    ),
}

FOLLOW_UP_NOTES = [
    "电话回访，当事人对处理结果表示满意。",
    "上门回访，协议已履行完毕，双方关系缓和。",
    "回访时当事人表示问题已基本解决。",
    "电话回访，对方已按约定付款。",
    "回访：整改已完成，当事人认可。",
]
FOLLOW_UP_NOTES_EN = ["Follow-up call: the resident is satisfied with the outcome.", "Visited: the agreement is kept."]
INTERNAL_NOTES = [
    "已电话联系双方，约定本周到社区调解室面谈。",
    "对方当事人暂时联系不上，明天再上门。",
    "已现场查看情况并拍照留存。",
    "需要物业公司配合提供监控记录，已发函。",
    "当事人情绪激动，注意做好安抚工作。",
    "已与网格员一同入户走访了解情况。",
]
ESCALATION_REASONS = [
    "涉及金额较大、当事人较多，社区层面难以调处，申请上级调解组织介入。",
    "双方矛盾激烈，多次调解无果，提请上级协调。",
    "案情复杂，涉及多个部门职责，需要上级统筹处理。",
]
NOT_A_DISPUTE_NOTES = [
    "经核实，该诉求为政策咨询，已电话告知办理渠道，不属于矛盾纠纷。",
    "反映内容为市政设施报修，已转告相关部门，不属于矛盾纠纷调解范围。",
    "经联系，来电人表示只是了解情况，无需调解。",
]

# Reporter and other-party names
SURNAMES_SHORT = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
HONORIFICS = ("女士", "先生", "阿姨", "大爷")
OTHER_PERSONS = [
    "楼上住户",
    "楼下住户",
    "隔壁邻居",
    "对门住户",
    "房东",
    "前夫",
    "前妻",
    "大伯",
    "债务人",
    "肇事司机",
    "租客",
    "二房东",
    "装修师傅",
]
