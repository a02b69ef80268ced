"""Pure generation of the demo city's structure: regions, units, routing rules and staff.

Nothing here touches the database: each builder returns plain specs, keyed by region
codes and unit keys, that ``concord.demo.build`` writes with ``bulk_create``. The
structure (codes, names, boundaries, units, rules, usernames) does not depend on the
seed; only the staff's personal names do.

Layout: the city is a rectangle around (30.66 N, 104.06 E). Its five districts sit side
by side from west to east; each district is cut into three streets from south to north,
each street into five communities from west to east and each community into five grids
from south to north, so every rectangle nests exactly inside its parent's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from concord.geo.models import Level

PROVINCE_CODE = "51"
CITY_CODE = "5101"
DEMO_PASSWORD = "concord-demo"  # noqa: S105 - the published password of the demo logins
# Demo users carry this e-mail domain, so that they can be told from real accounts.
DEMO_EMAIL_DOMAIN = "demo.concord.invalid"

# (min_lon, min_lat, max_lon, max_lat)
Box = tuple[float, float, float, float]
CITY_BOX: Box = (103.86, 30.52, 104.26, 30.80)
PROVINCE_BOX: Box = (97.35, 26.05, 108.55, 34.32)

STREETS_PER_DISTRICT = 3
COMMUNITIES_PER_STREET = 5
GRIDS_PER_COMMUNITY = 5

DISTRICTS: list[tuple[str, str]] = [
    ("锦江区", "Jinjiang"),
    ("青羊区", "Qingyang"),
    ("金牛区", "Jinniu"),
    ("武侯区", "Wuhou"),
    ("成华区", "Chenghua"),
]
STREETS: list[tuple[str, str]] = [
    ("春熙路", "Chunxilu"),
    ("书院街", "Shuyuanjie"),
    ("合江亭", "Hejiangting"),
    ("少城", "Shaocheng"),
    ("草市街", "Caoshijie"),
    ("府南", "Funan"),
    ("荷花池", "Hehuachi"),
    ("驷马桥", "Simaqiao"),
    ("茶店子", "Chadianzi"),
    ("望江路", "Wangjianglu"),
    ("玉林", "Yulin"),
    ("红牌楼", "Hongpailou"),
    ("猛追湾", "Mengzhuiwan"),
    ("双桥子", "Shuangqiaozi"),
    ("建设路", "Jianshelu"),
]
COMMUNITIES: list[tuple[str, str]] = [
    ("和平", "Heping"),
    ("幸福", "Xingfu"),
    ("光明", "Guangming"),
    ("新华", "Xinhua"),
    ("东风", "Dongfeng"),
    ("红星", "Hongxing"),
    ("建设", "Jianshe"),
    ("友谊", "Youyi"),
    ("长春", "Changchun"),
    ("文化", "Wenhua"),
    ("胜利", "Shengli"),
    ("团结", "Tuanjie"),
    ("花园", "Huayuan"),
    ("锦绣", "Jinxiu"),
    ("翠柳", "Cuiliu"),
    ("桂花", "Guihua"),
    ("梧桐", "Wutong"),
    ("青云", "Qingyun"),
    ("玉泉", "Yuquan"),
    ("金桂", "Jingui"),
    ("银杏", "Yinxing"),
    ("荷塘", "Hetang"),
    ("兴隆", "Xinglong"),
    ("安康", "Ankang"),
    ("永丰", "Yongfeng"),
    ("丰收", "Fengshou"),
    ("育才", "Yucai"),
    ("书香", "Shuxiang"),
    ("清水", "Qingshui"),
    ("南苑", "Nanyuan"),
    ("北苑", "Beiyuan"),
    ("东湖", "Donghu"),
    ("西岭", "Xiling"),
    ("望春", "Wangchun"),
    ("迎宾", "Yingbin"),
    ("滨江", "Binjiang"),
    ("沙河", "Shahe"),
    ("龙潭", "Longtan"),
    ("凤凰", "Fenghuang"),
    ("白鹭", "Bailu"),
    ("紫荆", "Zijing"),
    ("海棠", "Haitang"),
    ("芙蓉", "Furong"),
    ("杜鹃", "Dujuan"),
    ("茉莉", "Moli"),
    ("兰亭", "Lanting"),
    ("竹林", "Zhulin"),
    ("松柏", "Songbai"),
    ("枫林", "Fenglin"),
    ("柳岸", "Liu'an"),
    ("太平", "Taiping"),
    ("吉祥", "Jixiang"),
    ("如意", "Ruyi"),
    ("康宁", "Kangning"),
    ("瑞祥", "Ruixiang"),
    ("福安", "Fu'an"),
    ("嘉禾", "Jiahe"),
    ("新村", "Xincun"),
    ("华兴", "Huaxing"),
    ("万福", "Wanfu"),
    ("双林", "Shuanglin"),
    ("三圣", "Sansheng"),
    ("百花", "Baihua"),
    ("金沙", "Jinsha"),
    ("草堂", "Caotang"),
    ("浣花", "Huanhua"),
    ("琴台", "Qintai"),
    ("新南", "Xinnan"),
    ("双楠", "Shuangnan"),
    ("桐梓林", "Tongzilin"),
    ("磨子桥", "Moziqiao"),
    ("九里堤", "Jiulidi"),
    ("抚琴", "Fuqin"),
    ("营门口", "Yingmenkou"),
    ("二仙桥", "Erxianqiao"),
]

# Categories each kind of unit handles (None: every category).
UNIT_CATEGORIES: dict[str, tuple[str, ...] | None] = {
    "community_office": None,
    "mediation_committee": None,
    "police_station": ("neighbour", "neighbour_noise", "traffic"),
    "judicial_office": ("land", "inheritance", "family", "housing", "debt"),
    "labour_inspection": ("labour",),
    "legal_aid": ("labour", "debt", "inheritance", "traffic", "family", "elder_care"),
    "counselling": ("family", "elder_care", "school"),
    "hospital_mediation": ("medical",),
    # Outside Concord (cases are referred there, never routed): no categories of their own.
    "labour_arbitration": (),
    "court": (),
    "government": (),
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
    "傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严武"
)
GIVEN_NAMES = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "华",
    "建国",
    "丹",
    "玲",
    "萍",
    "红",
    "鹏",
    "宇",
    "浩",
    "婷",
    "雪",
    "琳",
    "晨",
    "欣",
    "怡",
    "子涵",
    "俊杰",
    "志强",
    "建华",
    "淑珍",
    "德明",
    "晓东",
    "春梅",
    "海燕",
    "文博",
    "思远",
    "雨桐",
    "佳怡",
    "国庆",
    "小燕",
    "红梅",
    "永刚",
    "立新",
    "少华",
    "庆红",
    "玉兰",
    "家豪",
    "一鸣",
    "天佑",
    "梦琪",
    "诗涵",
    "嘉怡",
    "浩然",
    "宏伟",
    "建军",
    "卫东",
    "凤英",
    "秀兰",
    "志刚",
    "海涛",
    "晓燕",
    "丽娟",
    "雅婷",
    "子轩",
    "欣怡",
]


@dataclass(frozen=True)
class RegionSpec:
    """One region of the demo tree (parent referenced by code)."""

    code: str
    level: int
    parent_code: str | None
    name_zh: str
    name_en: str
    box: Box

    @property
    def boundary(self) -> dict[str, object]:
        """The box as a closed GeoJSON Polygon ring, [lon, lat], counter-clockwise."""
        w, s, e, n = self.box
        return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}

    @property
    def centroid(self) -> tuple[float, float]:
        """(lat, lon) of the centre of the box."""
        w, s, e, n = self.box
        return round((s + n) / 2, 6), round((w + e) / 2, 6)


@dataclass(frozen=True)
class UnitSpec:
    """A unit; ``key`` (kind@region code) is how rules and memberships refer to it."""

    kind: str
    region_code: str
    name_zh: str
    name_en: str
    phone: str
    categories: tuple[str, ...] | None  # None: every category

    @property
    def key(self) -> str:
        return unit_key(self.kind, self.region_code)


@dataclass(frozen=True)
class RuleSpec:
    """A routing rule: (region, category or every category) -> unit."""

    region_code: str
    category_code: str | None
    unit_key: str


@dataclass(frozen=True)
class MembershipSpec:
    """A role in a unit, optionally narrowed to one region (a grid worker's grid)."""

    unit_key: str
    role: str
    region_code: str | None = None


@dataclass(frozen=True)
class StaffSpec:
    """A demo login and its memberships (the first is the main one)."""

    username: str
    first_name: str
    last_name: str
    memberships: tuple[MembershipSpec, ...]
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@{DEMO_EMAIL_DOMAIN}"


def unit_key(kind: str, region_code: str) -> str:
    """The key of the unit of ``kind`` whose jurisdiction is ``region_code``."""
    return f"{kind}@{region_code}"


def _slices(box: Box, parts: int, *, along_lon: bool) -> list[Box]:
    """Cut a box into ``parts`` equal strips (west to east, or south to north)."""
    w, s, e, n = box
    out: list[Box] = []
    for i in range(parts):
        if along_lon:
            step = (e - w) / parts
            out.append((round(w + i * step, 6), s, round(w + (i + 1) * step, 6), n))
        else:
            step = (n - s) / parts
            out.append((w, round(s + i * step, 6), e, round(s + (i + 1) * step, 6)))
    return out


def build_regions() -> list[RegionSpec]:
    """The whole tree, parents before children: 1 province, 1 city, 5 districts,
    15 streets, 75 communities and 375 grids."""
    regions = [
        RegionSpec(PROVINCE_CODE, Level.PROVINCE, None, "四川省", "Sichuan Province", PROVINCE_BOX),
        RegionSpec(CITY_CODE, Level.CITY, PROVINCE_CODE, "锦城市", "Jincheng City", CITY_BOX),
    ]
    districts, streets, communities, grids = [], [], [], []
    for d, (d_box, (d_zh, d_en)) in enumerate(
        zip(_slices(CITY_BOX, len(DISTRICTS), along_lon=True), DISTRICTS, strict=True)
    ):
        d_code = f"{CITY_CODE}{d + 1:02d}"
        districts.append(RegionSpec(d_code, Level.DISTRICT, CITY_CODE, d_zh, f"{d_en} District", d_box))
        for s, s_box in enumerate(_slices(d_box, STREETS_PER_DISTRICT, along_lon=False)):
            s_code = f"{d_code}{s + 1:03d}"
            s_zh, s_en = STREETS[d * STREETS_PER_DISTRICT + s]
            streets.append(RegionSpec(s_code, Level.STREET, d_code, f"{s_zh}街道", f"{s_en} Street", s_box))
            for c, c_box in enumerate(_slices(s_box, COMMUNITIES_PER_STREET, along_lon=True)):
                c_code = f"{s_code}{c + 1:03d}"
                c_zh, c_en = COMMUNITIES[(d * STREETS_PER_DISTRICT + s) * COMMUNITIES_PER_STREET + c]
                communities.append(
                    RegionSpec(c_code, Level.COMMUNITY, s_code, f"{c_zh}社区", f"{c_en} Community", c_box)
                )
                for g, g_box in enumerate(_slices(c_box, GRIDS_PER_COMMUNITY, along_lon=False)):
                    grids.append(
                        RegionSpec(f"{c_code}{g + 1:02d}", Level.GRID, c_code, f"第{g + 1}网格", f"Grid {g + 1}", g_box)
                    )
    return regions + districts + streets + communities + grids


def _short(spec: RegionSpec) -> tuple[str, str]:
    """A region's name without its level suffix, for unit names ("春熙路", "Chunxilu")."""
    for suffix in ("街道", "社区", "区", "市"):
        if spec.name_zh.endswith(suffix):
            zh = spec.name_zh[: -len(suffix)]
            break
    else:
        zh = spec.name_zh
    return zh, spec.name_en.rsplit(" ", 1)[0]


def _phone(code: str, salt: int) -> str:
    digits = (int(code) * 7919 + salt * 104729) % 10_000_000
    return f"028-8{digits:07d}"


def build_units(regions: list[RegionSpec]) -> list[UnitSpec]:
    """The units of every level, each with the categories it handles."""
    units: list[UnitSpec] = []

    def add(kind: str, spec: RegionSpec, zh: str, en: str, salt: int) -> None:
        units.append(UnitSpec(kind, spec.code, zh, en, _phone(spec.code, salt), UNIT_CATEGORIES[kind]))

    for spec in regions:
        zh, en = _short(spec)
        if spec.level == Level.CITY:
            add("mediation_committee", spec, f"{spec.name_zh}矛盾纠纷调解中心", f"{en} City Mediation Centre", 1)
            add("judicial_office", spec, f"{spec.name_zh}司法局", f"{en} City Justice Bureau", 2)
            add("government", spec, f"{spec.name_zh}人民政府", f"{en} City Government", 3)
        elif spec.level == Level.DISTRICT:
            name_zh, name_en = spec.name_zh, spec.name_en
            add("mediation_committee", spec, f"{name_zh}人民调解委员会", f"{name_en} People's Mediation Committee", 1)
            add("labour_inspection", spec, f"{name_zh}劳动保障监察大队", f"{name_en} Labour Inspection Brigade", 2)
            add("legal_aid", spec, f"{name_zh}法律援助中心", f"{name_en} Legal Aid Centre", 3)
            add("counselling", spec, f"{name_zh}心理咨询服务中心", f"{name_en} Counselling Service", 4)
            add(
                "hospital_mediation",
                spec,
                f"{name_zh}医疗纠纷调解委员会",
                f"{name_en} Medical Dispute Mediation Office",
                5,
            )
            add(
                "labour_arbitration",
                spec,
                f"{name_zh}劳动人事争议仲裁委员会",
                f"{name_en} Labour Dispute Arbitration Committee",
                6,
            )
            add("court", spec, f"{name_zh}人民法院", f"{name_en} People's Court", 7)
        elif spec.level == Level.STREET:
            add(
                "mediation_committee",
                spec,
                f"{spec.name_zh}人民调解委员会",
                f"{en} Street People's Mediation Committee",
                1,
            )
            add("police_station", spec, f"{zh}派出所", f"{en} Police Station", 2)
            add("judicial_office", spec, f"{zh}司法所", f"{en} Judicial Office", 3)
        elif spec.level == Level.COMMUNITY:
            add("community_office", spec, f"{spec.name_zh}居民委员会", f"{en} Community Office", 1)
    return units


def build_rules(regions: list[RegionSpec]) -> list[RuleSpec]:
    """Routing: community office first, labour and medical straight to the district
    offices, and a mediation committee at every level above the community."""
    rules: list[RuleSpec] = []
    for spec in regions:
        if spec.level == Level.COMMUNITY:
            rules.append(RuleSpec(spec.code, None, unit_key("community_office", spec.code)))
        elif spec.level == Level.STREET:
            rules.append(RuleSpec(spec.code, None, unit_key("mediation_committee", spec.code)))
        elif spec.level == Level.DISTRICT:
            rules.append(RuleSpec(spec.code, None, unit_key("mediation_committee", spec.code)))
            rules.append(RuleSpec(spec.code, "labour", unit_key("labour_inspection", spec.code)))
            rules.append(RuleSpec(spec.code, "medical", unit_key("hospital_mediation", spec.code)))
        elif spec.level == Level.CITY:
            rules.append(RuleSpec(spec.code, None, unit_key("mediation_committee", spec.code)))
    return rules


def person_name(rng: random.Random) -> tuple[str, str]:
    """A plausible (surname, given name) pair; common names, nobody in particular."""
    return rng.choice(SURNAMES), rng.choice(GIVEN_NAMES)


def build_staff(regions: list[RegionSpec], rng: random.Random) -> list[StaffSpec]:
    """Grid workers, mediators, leads and supervisors for every unit that handles cases,
    plus the city supervisor, an analyst and the administrator."""
    children: dict[str, list[str]] = {}
    for spec in regions:
        if spec.parent_code:
            children.setdefault(spec.parent_code, []).append(spec.code)
    staff: list[StaffSpec] = []

    def add(username: str, *memberships: MembershipSpec, superuser: bool = False) -> None:
        surname, given = person_name(rng)
        # Chinese names read family name first, with no space: keep the whole name in first_name.
        staff.append(StaffSpec(username, surname + given, "", memberships, superuser))

    for spec in regions:
        code = spec.code
        if spec.level == Level.COMMUNITY:
            office = unit_key("community_office", code)
            grids = sorted(children.get(code, []))
            split = (len(grids) + 1) // 2
            for n, covered in enumerate((grids[:split], grids[split:]), start=1):
                add(f"gw-{code}-{n}", *(MembershipSpec(office, "grid_worker", grid) for grid in covered))
            add(f"lead-{code}", MembershipSpec(office, "unit_lead"))
        elif spec.level == Level.STREET:
            committee = unit_key("mediation_committee", code)
            add(f"med-{code}-1", MembershipSpec(committee, "mediator"))
            add(f"med-{code}-2", MembershipSpec(committee, "mediator"))
            add(f"lead-{code}", MembershipSpec(committee, "unit_lead"))
        elif spec.level == Level.DISTRICT:
            committee = unit_key("mediation_committee", code)
            add(f"sup-{code}", MembershipSpec(committee, "supervisor"))
            add(f"med-{code}", MembershipSpec(committee, "mediator"))
            add(f"med-{code}-labour", MembershipSpec(unit_key("labour_inspection", code), "mediator"))
            add(f"med-{code}-medical", MembershipSpec(unit_key("hospital_mediation", code), "mediator"))
            for kind, short in (
                ("mediation_committee", "mediation"),
                ("labour_inspection", "labour"),
                ("legal_aid", "legalaid"),
                ("counselling", "counselling"),
                ("hospital_mediation", "medical"),
            ):
                add(f"lead-{code}-{short}", MembershipSpec(unit_key(kind, code), "unit_lead"))
        elif spec.level == Level.CITY:
            centre = unit_key("mediation_committee", code)
            add("city-supervisor", MembershipSpec(centre, "supervisor"))
            add("analyst", MembershipSpec(centre, "analyst"))
            add("admin", MembershipSpec(centre, "admin"), superuser=True)
    return staff
