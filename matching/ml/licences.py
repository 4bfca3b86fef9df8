"""Licences and certificates a job may legally need, as data, and finding them in free text.

Each licence has an ascii code, its Chinese name and the ways people and employers write it.
The codes are the special operations of the work-safety rules (电工, 焊接与热切割, 高处 ...), the
special-equipment operator licences (N1 叉车, Q1/Q2 起重, G1 司炉, T 电梯 ...), the driving licence
classes and the road-transport qualifications, and the few other certificates a county office is
asked for every week (健康证, 保安员证 ...).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    patterns: tuple[str, ...]  # regular expressions over NFKC, lower-cased text


# A driving class on its own ("A2", "b2") is a licence when it stands beside a word for a licence
# or a vehicle; otherwise "A1栋" or "C2C" would be read as one.
_CLASS_AFTER = (
    r"(?![a-z0-9])(?=\s*(?:驾|证|本|照|牌|及以上|以上|或|、|/|和|货车|客车|大车|车|\)|$|[,，。;；]))"
)

# "特种作业操作证（低压电工）": the operation in brackets after the certificate's name.
_NAMED_IN = r"(?<=证\()\s*"


def _driving(cls: str) -> tuple[str, ...]:
    return (rf"(?<![a-z0-9]){cls}{_CLASS_AFTER}", rf"(?:驾照|驾驶证|准驾车型)\s*:?\s*{cls}(?![a-z0-9])")


CATALOGUE = (
    Licence("forklift_n1", "叉车司机（N1，场(厂)内专用机动车辆作业）",
            (r"叉车(?:司机|操作|上岗|驾驶)?证", r"铲车证", r"(?<![a-z0-9])n1(?![0-9])",
             r"[场厂]\(?[厂场]?\)?内(?:专用)?机动车辆")),
    Licence("crane_q1", "起重机指挥（Q1）",
            (r"(?<![a-z0-9])q1(?![0-9])", r"起重(?:机|机械)?指挥", r"司索(?:指挥)?(?:工)?证", r"信号工证")),
    Licence("crane_q2", "起重机司机（Q2，桥式/门式起重机）",
            (r"(?<![a-z0-9])q2(?![0-9])", r"(?:桥式|门式|桥门式)?起重(?:机|机械)司机(?:证)?",
             r"起重(?:机|机械)?(?:操作|作业)?证", r"(?:行车|天车|航吊|龙门吊)(?:司机)?(?:操作)?证")),
    Licence("crane_mobile", "流动式起重机司机（汽车吊）",
            (r"流动式起重机(?:司机)?证?", r"(?:汽车吊|吊车)(?:司机)?(?:操作)?证")),
    Licence("crane_tower", "建筑起重机械司机（塔式起重机）",
            (r"塔式起重机司机", r"塔吊(?:司机)?(?:操作)?证")),
    Licence("hoist_builder", "建筑施工升降机司机", (r"施工升降机(?:司机)?(?:操作)?证", r"升降机司机证")),
    Licence("scaffolder", "建筑架子工", (r"架子工(?:操作)?证",)),
    Licence("electrician_low", "低压电工作业（特种作业操作证）",
            (r"低压电工(?:作业(?:操作|上岗)?证?|(?:操作|上岗)?证)", r"(?<![高低压])电工(?:特种作业)?(?:操作|上岗|作业)?证",
             rf"{_NAMED_IN}(?:低压)?电工")),
    Licence("electrician_high", "高压电工作业（特种作业操作证）",
            (r"高压电工(?:作业(?:操作|上岗)?证?|(?:操作|上岗)?证)", rf"{_NAMED_IN}高压电工")),
    Licence("explosion_proof_electrician", "防爆电气作业", (r"防爆电气(?:作业)?(?:操作)?证?",)),
    Licence("welding", "熔化焊接与热切割作业（焊工证）",
            (r"(?:电|气|氩弧|二保)?焊(?:工|接)?(?:操作|上岗)?证", r"熔化焊接与热切割", r"焊接与热切割作业",
             rf"{_NAMED_IN}(?:电|气)?焊工")),
    Licence("height", "高处作业（登高证）",
            (r"(?:高处|高空|登高)(?:作业)?(?:操作)?证", r"登高架设作业", r"高处安装[、,]?维护[、,]?拆除作业")),
    Licence("refrigeration", "制冷与空调作业",
            (r"制冷与空调(?:设备)?(?:运行操作|安装修理)?(?:作业)?", r"制冷(?:工|作业)?证", r"空调(?:安装|维修)?(?:作业)?证")),
    Licence("boiler_g1", "工业锅炉司炉（G1）",
            (r"(?<![a-z0-9])g1(?![0-9])", r"(?:工业)?锅炉司炉", r"司炉(?:工)?证", r"锅炉(?:操作|作业)?证")),
    Licence("elevator", "电梯作业（电梯修理 T）",
            (r"电梯(?:修理|维修|维保|安装|操作)?(?:作业)?(?:人员)?证", r"电梯(?:修理)?作业")),
    Licence("pressure_vessel", "压力容器操作（R1）", (r"压力容器(?:操作|作业)(?:人员)?证?", r"(?<![a-z0-9])r1(?![0-9])证")),
    Licence("hazardous_chemicals", "危险化学品安全作业", (r"危险化学品(?:安全)?作业", r"危化品?(?:操作|作业)?证")),
    Licence("fireworks", "烟花爆竹安全作业", (r"烟花爆竹(?:安全|产品)?(?:涉药)?作业(?:证)?", r"涉药作业证?")),
    Licence("fireworks_display", "焰火燃放作业人员资格证", (r"焰火燃放(?:作业)?(?:人员)?(?:资格)?证",)),
    Licence("mining", "金属非金属矿山安全作业", (r"(?:矿山|煤矿)(?:安全)?作业证", r"爆破(?:作业)?(?:员|工)?证")),
    Licence("A1", "驾驶证A1（大型客车）", _driving("a1")),
    Licence("A2", "驾驶证A2（重型牵引挂车）", _driving("a2")),
    Licence("A3", "驾驶证A3（城市公交车）", _driving("a3")),
    Licence("B1", "驾驶证B1（中型客车）", _driving("b1")),
    Licence("B2", "驾驶证B2（大型货车）", _driving("b2")),
    Licence("C1", "驾驶证C1（小型汽车）", (*_driving("c1"), r"(?<![a-z0-9])c(?:照|本)")),  # 开车的 C照
    Licence("C2", "驾驶证C2（小型自动挡汽车）", _driving("c2")),
    Licence("driving", "机动车驾驶证（准驾车型未写）", (r"驾照", r"驾驶证", r"驾驶执照", r"车本")),
    Licence("freight_transport", "道路货物运输从业资格证",
            (r"(?:道路)?货(?:物)?运(?:输)?(?:驾驶员)?(?:从业)?资格证",
             # a driver who names no kind means the lorry driver's one; other trades name theirs
             r"(?<!客运)(?<!旅客运输)(?<!危险品)(?<!危险货物运输)(?<!危货)(?<!出租车)(?<!网约车)(?<!证券)"
             r"(?<!基金)(?<!期货)(?<!银行)(?<!保险)(?<!会计)(?<!教师)从业资格证")),
    Licence("passenger_transport", "道路旅客运输从业资格证",
            (r"(?:道路)?(?:旅)?客运(?:输)?(?:驾驶员)?(?:从业)?资格证",)),
    Licence("hazmat_transport", "道路危险货物运输从业资格证",
            (r"危(?:险)?(?:品|货|险货物)(?:运输)?(?:驾驶员|押运员?)?(?:从业)?资格证", r"押运(?:员)?证")),
    Licence("ride_hailing", "网约车/出租车驾驶员从业资格证", (r"(?:网约车|出租车)(?:驾驶员)?(?:从业)?资格证", r"网约车证")),
    Licence("health", "健康证", (r"健康证",)),
    Licence("security_guard", "保安员证", (r"保安(?:员)?(?:上岗)?证",)),
    Licence("elder_care", "养老护理员证", (r"养老护理(?:员)?证", r"护理员证")),
    Licence("childcare", "育婴员/保育员证", (r"育婴(?:员|师)证", r"保育(?:员|师)证", r"月嫂证", r"母婴护理(?:员|师)?证")),
    Licence("nurse", "护士执业证书", (r"护士(?:执业)?(?:资格)?证", r"护士执业")),
    Licence("teacher", "教师资格证", (r"教师资格证?", r"教资")),
    Licence("accounting_junior", "初级会计专业技术资格", (r"初级会计(?:职称|师|证)?", r"会计初级(?:职称|证)?")),
)  # fmt: skip

NAMES = {licence.code: licence.name for licence in CATALOGUE}

# Work that by law needs a licence, in the words posts and people use for it: a post for a
# 行车工 needs Q2 though it may not say so, and so does someone who drove a 航吊 for years.
WORK_NEEDS = (
    ("forklift_n1", r"叉车(?:司机|工)|开(?:过)?叉车"),
    ("crane_q2", r"行车(?:工|司机)|天车(?:工|司机)|航吊|龙门吊|桥式起重机|门式起重机"),
    ("crane_mobile", r"汽车吊|吊车司机|开(?:过)?吊车|流动式起重机"),
    ("crane_tower", r"塔吊司机|开(?:过)?塔吊|塔式起重机"),
    ("electrician_low", r"(?<!高压)电工(?!证)"),
    ("electrician_high", r"高压电工"),
    ("welding", r"焊工|电焊|气焊|氩弧焊|二保焊|焊接工"),
    ("height", r"高空作业|蜘蛛人|外墙清洗|架子工"),
    ("boiler_g1", r"司炉|锅炉工"),
    ("elevator", r"电梯(?:维修|维保|安装)"),
    ("refrigeration", r"制冷工|空调(?:安装|维修)"),
    ("fireworks", r"涉药|装药|筑药"),
    ("fireworks_display", r"焰火燃放|烟花燃放"),
    ("A2", r"半挂|牵引车|挂车司机"),
    ("B2", r"大货车|开大货|重型货车|重卡"),  # not 大货 alone: a garment factory's bulk order
    ("A1", r"大巴|大客车|旅游客车"),
    ("A3", r"公交(?:车)?司机"),
    ("security_guard", r"保安"),
)  # fmt: skip
# Work not done, or only wished for ("想学开叉车", "打算考"), needs no licence held.
_WORK_NEGATED = re.compile(r"不(?!限|怕|挑)|无|没|冇|非|免|想|要学|打算|准备|希望")
_WORK_PATTERNS = tuple((code, re.compile(pattern)) for code, pattern in WORK_NEEDS)

# What a higher class legally includes. Driving classes: A1 covers A3, B1, B2, C1, C2; A2 covers
# B1, B2, C1, C2; B1 and B2 cover C1 and C2; C1 covers C2 (the 准驾车型 table of the licence rules).
# A licence of any class is a driving licence when a post only says 有驾照. Q2 is issued per crane
# type, so a bridge-crane driver is not a truck-crane driver; low- and high-voltage work are
# separate operations, so neither covers the other.
_COVERS = {
    "A1": frozenset({"A3", "B1", "B2", "C1", "C2"}),
    "A2": frozenset({"B1", "B2", "C1", "C2"}),
    "A3": frozenset({"C1", "C2"}),
    "B1": frozenset({"C1", "C2"}),
    "B2": frozenset({"C1", "C2"}),
    "C1": frozenset({"C2"}),
}
DRIVING_CLASSES = frozenset(_COVERS) | {"C2"}

_PATTERNS = tuple((licence.code, re.compile(p)) for licence in CATALOGUE for p in licence.patterns)
_CLAUSE_END = re.compile(r"[,，。;；!！?？\n]")
# Said before a licence, within its clause: "没有电工证", "无A2驾照", "还没考到叉车证". A cue
# followed by 有/持 before the licence ("无事故持A2驾照") negates something else.
_NOT_BEFORE = re.compile(r"(?:没有|没|无|冇得|冇|莫得|未|缺|不需要?|无需|不用|不要求|免)[^有持]{0,4}$")
# Said right after it: "初级证还在考", "健康证没办", "电工证过期了"; or only preferred in a
# post ("有叉车证优先"), which a post does not need.
_NOT_AFTER = re.compile(
    r"^\s*(?:还|也|都)?(?:在考|正在考|没考|没拿|没有|没办|没|未|过期|在办|正在办|待考|可以办|能办|可办)|优先"
)


def _prepare(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    """The rest of the clause before and after ``text[start:end]``."""
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    stop = _CLAUSE_END.search(text, end)
    return text[clause_start:start], text[end : stop.start() if stop else len(text)]


def _held(text: str, start: int, end: int) -> bool:
    before, after = _around(text, start, end)
    return not _NOT_BEFORE.search(before) and not _NOT_AFTER.search(after)


def _done(text: str, start: int, end: int) -> bool:
    before, after = _around(text, start, end)
    return not _WORK_NEGATED.search(before) and "优先" not in after


@functools.lru_cache(maxsize=1 << 12)  # certificate names come again and again
def licences_in(text: str) -> frozenset[str]:
    """The codes of the licences a text says someone holds or a post needs. A licence named as not
    held ("没有电工证") is left out, and so is "有证" or "持证上岗", which names none. Where two
    names overlap the longer wins ("高压电工证" is not also "电工证")."""
    prepared = _prepare(text)
    found = sorted(
        ((m.start(), m.end(), code) for code, pattern in _PATTERNS for m in pattern.finditer(prepared)),
        key=lambda hit: hit[0] - hit[1],
    )
    taken: list[tuple[int, int]] = []
    codes: set[str] = set()
    for start, end, code in found:
        if start == end or any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        if _held(prepared, start, end):
            codes.add(code)
    if codes & DRIVING_CLASSES:
        codes.discard("driving")
    return frozenset(codes)


def licences_for_work(text: str) -> frozenset[str]:
    """The licences the work a text names needs by law, whether or not the text names them. Work
    ruled out in its clause ("不接触装药") or only a plus ("有电工基础优先") needs none."""
    prepared = _prepare(text)
    return frozenset(
        code
        for code, pattern in _WORK_PATTERNS
        if any(_done(prepared, m.start(), m.end()) for m in pattern.finditer(prepared))
    )


def covers(held: frozenset[str], required: str) -> bool:
    """Whether the licences held meet one that is required: the same one, a driving class that
    legally includes it, or for a bare "driving" requirement any driving class."""
    if required in held:
        return True
    if required == "driving":
        return bool(held & DRIVING_CLASSES)
    return any(required in _COVERS.get(code, ()) for code in held)


# Each licence as one bit, so that a pair's check is one AND of two integers in bulk.
BIT = {licence.code: i for i, licence in enumerate(CATALOGUE)}
assert len(BIT) < 64, "licences are kept in one unsigned 64-bit mask"


def required_mask(codes: frozenset[str]) -> int:
    """The licences a post needs, as bits."""
    return sum(1 << BIT[code] for code in codes if code in BIT)


def held_mask(held: frozenset[str]) -> int:
    """Every licence that the licences held meet (an A2 licence meets a C1 post), as bits."""
    return sum(1 << BIT[code] for code in BIT if covers(held, code))
