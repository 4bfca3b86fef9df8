"""Reading what a form left empty from the words beside it: the wage asked or offered, the kind of
work, licences, education, and what the writer refuses.

People write "一天两百五", "五六千就行", "不要夜班", "打荷洗碗就算了"; employers write "两班倒",
"需持N1叉车证", "大专以上学历". The same reading serves both sides: a person's refusals are what
they will not do, a post's are what it does not ask ("不上夜班").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

import jieba

from matching.ml.licences import licences_in
from matching.ml.scoring import MONTHLY

jieba.setLogLevel(logging.WARNING)
_WORDS = jieba.Tokenizer()

NIGHT_SHIFT, FACTORY, SALES, TRAVEL, STANDING, HEAVY = (
    "night_shift",
    "factory",
    "sales",
    "travel",
    "standing",
    "heavy_work",
)


@dataclass(frozen=True)
class Concept:
    refused_as: re.Pattern[str]  # words in a refused clause that name it
    offered_as: re.Pattern[str]  # words in the other side's text that offer it


# Refusals that recur in every county, kept as concepts because people and employers name them in
# many different words: "夜里不做" and "两班倒" meet only here.
CONCEPTS = {
    # A rota with nights in it is a night-shift post; 晚班 (to 22:00) and 轮班 (做二休一) are not,
    # though one who will not work evenings will not work nights either.
    NIGHT_SHIFT: Concept(
        re.compile(r"夜|晚上|晚班|熬夜|通宵|倒班|班倒|两班|三班|轮班|凌晨"),
        re.compile(
            r"夜班|两班倒|三班倒|两班制|三班制|四班三倒|四班三运转|倒班|通宵|夜间|夜里|值夜|守夜|凌晨|晚上作业"
        ),
    ),
    # "不想进厂" refuses factory work of any trade: the line, the workshop, the dormitory.
    FACTORY: Concept(re.compile(r"厂|流水线|车间"), re.compile(r"工厂|车间|流水线|厂(?!家|商|房)")),
    SALES: Concept(
        re.compile(r"销售|推销|业务|地推|电销|导购|促销|拉客户|卖"),
        re.compile(r"销售|推销|营销|业务员|跑业务|开发客户|拓展客户|地推|电销|导购|促销|推广|置业顾问"),
    ),
    # "不用到处跑": staying put, for work that sends one away from home for days.
    TRAVEL: Concept(
        re.compile(r"到处|出差|外地|外省|外派|长途|跑远|出远门"),
        re.compile(r"出差|外派|驻外|长途|跨省|全国各地|跑外地"),
    ),
    STANDING: Concept(re.compile(r"站"), re.compile(r"站立|站着|久站|走动")),
    HEAVY: Concept(
        re.compile(r"重活|体力活|力气活|搬运|扛|搬"),
        re.compile(r"重活|体力活|力气活|搬运|装卸|扛|搬砖|卸货|装车|码垛"),
    ),
}
# What people write that refuses a concept without a word of refusal: asking for day work only
# is saying no to nights, asking to sit or a bad leg is saying no to standing, a bad back or
# asking for light work is saying no to heavy work.
_IMPLIED = (
    (
        NIGHT_SHIFT,
        re.compile(
            r"只(?:能|想|要|愿意)?(?:上|做|干)?长?白班|只(?:能|想|要)?在?白天(?:上班|做|干|的)?"
            r"|(?:找|要)[^,，。;；]{0,8}(?:长白班|白天(?:上班|做|干)的)"
        ),
    ),
    (
        STANDING,
        re.compile(r"坐着的|坐着(?:做|干|上班)|站不久|站不了|不能久站|久站不行|腿脚不便|腿不方便|拄拐|轮椅"),
    ),
    (HEAVY, re.compile(r"腰不行|腰不好|腰伤|腰椎|搬不动|扛不动|搬不了|扛不了|轻松(?:一?点)?的|轻活")),
)

_CLAUSE = re.compile(r"[,，。;；!！?？\n]+|\s+|(?<!\d)\.|\.(?!\d)")
# A refusal cue; the refused thing follows it, or precedes it when nothing follows ("夜里不做").
# Each excludes its question form ("要不要") and the verb complements ("回不去", "赶不上").
_CUE = re.compile(
    r"(?<![要想做干搞])(?:不要(?!求|紧)|不想|不做|不干(?!净|燥|扰)|不搞)"
    r"|不愿意?|不喜欢|不碰|不沾|不接触|不接受|不考虑|不跑|拒绝|免谈"
    r"|(?:就?算了|不行)(?=$|了|吧|啊|[\s,，。;；!！?？])"  # not "算了一下", "不行的话"
    r"|干不了|做不了|搞不了|受不了"
    r"|(?<![赶跟看比配够追谈称算说考用排])不上|(?<![回出过进上下])不去|(?<![进走挤])不进"
    r"|不用(?=到处|出差|跑|倒班|上夜|夜班|加班|站)|不(?=倒班|熬夜|加班|出差|值夜)"
    r"|[别莫](?=要|是|让|找|给|安排|叫|上|做|干|跑|去|搞)"
)
# A refusal in a clause about someone else ("老公腰伤了干不了重活") is not the writer's.
_SOMEONE_ELSE = re.compile(r"老公|老婆|丈夫|爱人|媳妇|孩子|伢|小孩|儿子|女儿|父母|爸|妈|公公|婆婆")
# A clause whose subject is one of the family ("伢还在读书", "我老公前年腰伤了") says nothing of
# the writer's own work, and would otherwise read as a teacher's or a patient's.
_ABOUT_SOMEONE_ELSE = re.compile(r"\s*(?:我|我们)?(?:家|屋里)?(?:的)?(?:" + _SOMEONE_ELSE.pattern + ")")
# Of the words before a closing cue ("……打荷洗碗就算了") only the last few are what is refused.
_BEFORE_CUE = 6
# "除了夜班都行", "只要不是夜班", "不是夜班就行": everything but one thing.
_BUT = re.compile(
    r"除了([^,，。;；]+?)(?:以外|之外)?(?:都行|都可以|都能|都愿意|都做|都干|都接受)"
    r"|只要不是([^,，。;；]+)|不是([^,，。;；]+?)(?:就行|都行|就可以|都可以)"
)
_SUBSTANCE_CUES = ("不碰", "不沾", "不接触")  # what one will not touch is often one character: 药, 酒
_LEAD = re.compile(
    r"^(?:再也|再|也|还|都|去|进|做|干|上|跑|当|搞|碰|沾|接触|接受|考虑|要|找|那种|这种|什么|太)+"
)
_TRAIL = re.compile(r"(?:的活儿?|的|了|啊|呀|吧|呢|哦|嘛|[那这][些种]活?|之类的?|什么的|工作|事情?)+$")
_NUMERAL = re.compile(r"[\d零〇一二两三四五六七八九十百千万]")  # "八年" before "打荷洗碗就算了"
_STOP = frozenset({"那些", "那种", "这种", "这些", "什么", "之类", "东西", "工作", "事情", "岗位", "时候"})
# Before a word, within its clause, these say it is not on offer: "不上夜班", "无销售任务". Not
# "不限", "不怕", "不挑", "无所谓", which accept.
_NEGATOR = re.compile(
    r"不(?!限|怕|挑|论|管|错|少|断|等|同|定|仅|但|过|久)|无(?!所谓|论)|没|冇(?!得关系)|莫|非|免|禁"
)

_WORK_TYPES = {
    "gig": re.compile(
        r"日结|日薪|按天算|按天结|天天结|当天结|(?:做|干)一天(?:结|算|拿)一天|零工|临时(?:工|用工|的|活)|散工|短工|短期"
        r"|有活(?:就)?(?:打电话|叫|喊|通知)"
    ),
    "part_time": re.compile(
        r"兼职|半天|周末(?!双休|单休|休|不)|只(?:能|想|有)?(?:上|做)?(?:上午|下午|晚上)|钟点|按小时|小时工|(?:每天|一天|每日)(?:工作)?约?[1-6一二两三四五六]个?小时|寒暑假|暑假工|寒假工|几个小时|有空"
    ),
    "full_time": re.compile(r"长期(?!站|坐|出差|驻)|稳定|社保|五险|签(?:劳动)?合同|正式工|全职"),
    "public_welfare": re.compile(r"公益性?岗位?"),
    "shared": re.compile(r"共享(?:用工|员工)"),
}

_EDUCATION = (
    (1, re.compile(r"小学|文盲|不识字|没(?:读|上|念)过(?:书|学)")),
    (2, re.compile(r"初中|初一|初二|初三")),
    (3, re.compile(r"高中|中专|职高|技校|中职|中技")),
    (4, re.compile(r"大专|专科|高职")),
    (5, re.compile(r"本科|学士|专升本|大学(?:毕业|生|学历|文化)|(?:读|上|念)(?:过|完)?大学")),
    (6, re.compile(r"硕士|研究生")),
    (7, re.compile(r"博士")),
)
_CHILD = re.compile(r"伢|孩子|小孩|娃|儿子|女儿|崽|宝宝")  # "伢在上小学" is the child's school
_NOT_A_LEVEL = re.compile(r"^(?:老师|教师|学校|门口|附近|旁边|对面|辅导|家教)")  # a school, not a level
_PUPIL = re.compile(r"^生(?!毕)")  # "辅导小学生"
_NOT_REACHED = re.compile(r"(?:没|没有|未|冇)(?:读|上|念)?(?:过|完)?$")
_UNFINISHED = re.compile(r"^(?:没毕业|没读完|肄业|未毕业)")

# Wages. A figure is an amount in Arabic or Chinese numerals, maybe a range ("8-12k", "四千到七千").
_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# A Chinese amount stops before the 一 of "一个月", "一天": "五千一个月" is 5000 a month.
# It starts with a digit or 十: "万一", "千万" are no sums.
_CN_NEXT = r"(?!一(?:个|天|月|小时|年|日|周))"
_AMOUNT = rf"(?:\d+(?:\.\d+)?\s*[kw千万]?|{_CN_NEXT}[一二两三四五六七八九十](?:{_CN_NEXT}[零〇一二两三四五六七八九十百千万])*)"
_FIGURE = re.compile(rf"(?<![a-z0-9.:/第])({_AMOUNT})(?:\s*(?:-|~|～|到|至)\s*({_AMOUNT}))?(?![0-9:])")
# A figure followed by one of these counts something else: years, ages, sizes, times, people.
_NOT_MONEY = re.compile(
    r"^(?:多|几|来|余)?(?:年|岁|周岁|米|吨|号|月|日|点|个|人|次|天|小时|分|秒|周|斤|公斤|公里|里|平|间|班"
    r"|层|栋|楼|台|辆|型|后|寸|度|级|倍|趟|家|名|位|套|路|部|张|件|条|项|份|种|代|届|期|批|口|只|险|金"
    r"|%|cm|mm|kg|m|v|线|针|道|遍|室|厅|伏|瓦)"
)
_MONEY_AFTER = re.compile(r"^(?:多|来|余)?\s*(?:元|块|钱|就行|就够|就好|就满意|就可以|够了)")
# "左右", "以上", "起" follow any figure ("身高160以上"); they mark money only for a hundred or more.
_ROUGHLY_AFTER = re.compile(r"^(?:多|来|余)?\s*(?:左右|上下|以上|往上|起|以内)")
_ROUGH_MONEY_FROM = 100
_MONEY_BEFORE = re.compile(r"工资|薪|收入|月入|到手|保底|低于|不低于|少于|高于|拿|挣|赚|补贴")
_MEASURE_BEFORE = re.compile(r"(?:身高|体重|年龄|视力|工龄|驾龄|面积|人数)\D{0,3}$")
# A bonus, an allowance or a fee beside the pay is not the pay ("年终奖1-3万", "餐补300").
_EXTRA_BEFORE = re.compile(r"(?:奖金?|提成|押金|定金|费|[餐房话车油饭]补)\D{0,3}$")
_PHONE = re.compile(
    r"1[3-9]\d(?:[\s-]?\d){8}|0\d{2,3}-\d{7,8}|(?:电话|手机|微信|联系|qq|tel)\D{0,3}[\d\s-]{5,}"
)
# Outside these a figure is no month's pay: a date ("十一月"), a company's capital ("500万").
_LEAST_A_MONTH, _MOST_A_MONTH = 500, 100_000
_UNITS = (
    ("day", re.compile(r"一天|每天|天结|按天|日结|日薪|/天|/日|一日|每日")),
    ("hour", re.compile(r"小时|时薪|钟头|钟点|/时|/h")),
    ("month", re.compile(r"一个?月|每个?月|月薪|月入|月收入|月工资|/月|底薪|保底|综合工资")),
    ("year", re.compile(r"年薪|年收入|年入|一年下来|/年")),
    ("piece", re.compile(r"一单|每单|按单|一件|每件|按件|计件|每平|一平")),
)
_MONTHS_A_YEAR = 12
_HOURLY_BELOW = 60  # a day's pay under 60 yuan is no day's pay: such a figure is an hour's


@dataclass(frozen=True)
class Reading:
    wage: tuple[float, str] | None  # the lowest figure asked or offered and its unit: month, day, hour
    work_types: frozenset[str]  # the kinds of work (matching.ml.scoring.WORK_TYPES) the words ask for
    licences: frozenset[str]  # codes from matching.ml.licences
    education: int | None  # 1 primary or below ... 7 doctorate; for a post, the minimum
    refused: tuple[str, ...]  # concept names (CONCEPTS) or refused words ("打荷", "洗碗")
    positive_text: str  # the text without its refusals, so "不要夜班" does not count for 夜班


def read_text(text: str) -> Reading:
    """What a person or an employer wrote, read into the fields a form would hold."""
    prepared = unicodedata.normalize("NFKC", text)
    lowered = prepared.lower()
    clauses = _clauses(lowered)
    refused: list[str] = []
    cut: list[tuple[int, int]] = []
    for start, end in clauses:
        for span, objects in _refusals(lowered, start, end):
            cut.append(span)
            refused.extend(o for o in objects if o not in refused)
    for start, end in clauses:
        for concept, pattern in _IMPLIED:
            m = pattern.search(lowered, start, end)
            if m and concept not in refused and not _SOMEONE_ELSE.search(lowered, start, m.start()):
                refused.append(concept)
    cut += [(start, end) for start, end in clauses if _ABOUT_SOMEONE_ELSE.match(lowered, start, end)]
    positive = _without(prepared, cut)
    positive_lowered = _without(lowered, cut)
    positive_clauses = _clauses(positive_lowered)
    refused_text = " ".join(lowered[s:e] for s, e in cut)
    return Reading(
        wage=_wage(lowered, clauses),
        work_types=frozenset(
            kind
            for kind, pattern in _WORK_TYPES.items()
            if _offered(pattern, positive_lowered, positive_clauses) and not pattern.search(refused_text)
        ),
        licences=licences_in(positive),
        education=_education(lowered, clauses),
        refused=tuple(refused),
        positive_text=re.sub(r"\s{2,}", " ", positive).strip(),
    )


def refusal_conflicts(refused: tuple[str, ...], other_text: str) -> tuple[str, ...]:
    """The refusals that the other side's text offers: a post with "两班倒" for someone who refused
    night shifts, "洗碗" for someone who refused 洗碗. Said negatively ("不上夜班") it is no offer."""
    text = unicodedata.normalize("NFKC", other_text).lower()
    clauses = _clauses(text)
    conflicts = []
    for item in refused:
        concept = CONCEPTS.get(item)
        pattern = concept.offered_as if concept else re.compile(re.escape(item))
        if _offered(pattern, text, clauses):
            conflicts.append(item)
    return tuple(conflicts)


def concept_row(refused: tuple[str, ...] = (), offered_in: str = "") -> dict[int, float]:
    """One row of the vectors' refusal block (columns in the order of ``CONCEPTS``): -1 for each
    concept refused, +1 for each that ``offered_in`` offers."""
    row = {i: 1.0 for i, c in enumerate(CONCEPTS) if offered_in and refusal_conflicts((c,), offered_in)}
    row.update({i: -1.0 for i, c in enumerate(CONCEPTS) if c in refused})
    return row


def refused_words(refused: tuple[str, ...]) -> str:
    """The refusals that are words rather than concepts, as one text ("打荷 洗碗")."""
    return " ".join(r for r in refused if r not in CONCEPTS)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    return "".join(chars)


def _offered(pattern: re.Pattern[str], text: str, clauses: list[tuple[int, int]]) -> bool:
    """Whether ``pattern`` occurs in some clause with no negator before it in that clause or right
    after it ("夜班没有")."""
    for start, end in clauses:
        for m in pattern.finditer(text, start, end):
            if not _NEGATOR.search(text, start, m.start()) and not _NEGATOR.match(text, m.end(), end):
                return True
    return False


def _refusals(text: str, start: int, end: int) -> list[tuple[tuple[int, int], list[str]]]:
    """Each refusal in one clause: the span it covers and what it refuses."""
    found = []
    but = _BUT.search(text, start, end)
    if but:
        phrase = next(group for group in but.groups() if group)
        found.append(((but.start(), but.end()), _refused_objects(_trim(phrase), "")))
    cues = [m for m in _CUE.finditer(text, start, end) if not (but and but.start() <= m.start() < but.end())]
    previous_end = start
    for i, cue in enumerate(cues):
        after_end = cues[i + 1].start() if i + 1 < len(cues) else end
        after = _trim(text[cue.end() : after_end])
        closing = cue.group().endswith("算了") or cue.group() == "免谈"
        # "晚上不上班": one character after the cue is no object, unless it names a concept ("进厂")
        # or is what one will not touch ("药")
        single = bool(after) and (cue.group() in _SUBSTANCE_CUES or bool(_concepts_in(after)))
        if not closing and (len(after) >= 2 or single):
            span, obj = (cue.start(), after_end), after
        else:
            span = (max(previous_end, cue.start() - _BEFORE_CUE), after_end)
            obj = _trim(text[span[0] : cue.start()])
        previous_end = span[1]
        if _SOMEONE_ELSE.search(text, start, cue.start()):
            continue
        if obj and _wage(obj, [(0, len(obj))]) is None:  # "低于九千就算了" is a wage floor
            found.append((span, _refused_objects(obj, cue.group())))
    return [(span, objects) for span, objects in found if objects]


def _trim(phrase: str) -> str:
    return _TRAIL.sub("", _LEAD.sub("", phrase.strip())).strip()


def _concepts_in(phrase: str) -> list[str]:
    return [name for name, concept in CONCEPTS.items() if concept.refused_as.search(phrase)]


def _refused_objects(phrase: str, cue: str) -> list[str]:
    concepts = _concepts_in(phrase)
    if concepts:
        return concepts
    words = [
        w
        for w in _WORDS.lcut(phrase)
        if len(w) >= 2 and w not in _STOP and not _NUMERAL.search(w) and not _CUE.fullmatch(w)
    ]
    if not words and len(phrase) == 1 and cue in _SUBSTANCE_CUES:
        words = [phrase]
    return words


def _education(text: str, clauses: list[tuple[int, int]]) -> int | None:
    """The lowest level named, since a post names its minimum ("大专以上") and a person their
    own; a preference ("本科优先"), a child's school or one not reached ("没读过高中") is left out."""
    levels = []
    for start, end in clauses:
        for level, pattern in _EDUCATION:
            for m in pattern.finditer(text, start, end):
                before, after = text[start : m.start()], text[m.end() : end]
                if _CHILD.search(before) or "优先" in after or _not_a_level(level, after):
                    continue
                if level > 1 and _NOT_REACHED.search(before):
                    continue
                levels.append(max(level - 1, 1) if _UNFINISHED.match(after) else level)
    return min(levels) if levels else None


def _not_a_level(level: int, after: str) -> bool:
    return (level <= 3 and bool(_NOT_A_LEVEL.match(after))) or (level == 1 and bool(_PUPIL.match(after)))


def _cn_number(digits: str) -> float:
    """A Chinese numeral's value; of a spoken range ("四五千", "一百五六") the lower end."""
    total = section = number = 0
    last_unit = 1
    previous = ""
    for ch in digits:
        if ch in _CN_DIGITS:
            if previous in _CN_DIGITS:  # the second digit of "四五千" is the top of the range
                continue
            number = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            last_unit = _CN_UNITS[ch]
            section += (number or (1 if ch == "十" else 0)) * last_unit
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
            last_unit = 10_000
        previous = ch
    if number and last_unit >= 100:  # "两百五", "五千五", "一万二": one place below the last unit
        number *= last_unit // 10
    return float(total + section + number)


def _amount(token: str) -> tuple[float, int]:
    """The value of one amount and the multiplier it ends in (k, 千, 万), 1 if none."""
    token = token.replace(" ", "")
    multiplier = {"k": 1000, "千": 1000, "w": 10_000, "万": 10_000}.get(token[-1], 1)
    if not token[0].isdigit():
        return _cn_number(token), multiplier
    return float(token.rstrip("kw千万")) * multiplier, multiplier


def _unit_near(text: str, start: int, end: int, span: tuple[int, int]) -> str | None:
    best: tuple[int, str] | None = None
    for unit, pattern in _UNITS:
        for m in pattern.finditer(text, start, end):
            distance = max(m.start() - span[1], span[0] - m.end(), 0)
            if best is None or distance < best[0]:
                best = (distance, unit)
    return best[1] if best else None


def _wage(text: str, clauses: list[tuple[int, int]]) -> tuple[float, str] | None:
    """The lowest wage figure in the text, as (amount, unit)."""
    text = _PHONE.sub(lambda m: " " * len(m.group()), text)
    found = [
        wage
        for index in range(len(clauses))
        for m in _FIGURE.finditer(text, *clauses[index])
        if (wage := _figure_wage(text, clauses, index, m)) is not None
    ]
    return min(found, key=lambda wage: wage[0] * MONTHLY[wage[1]]) if found else None


def _figure_wage(
    text: str, clauses: list[tuple[int, int]], index: int, m: re.Match[str]
) -> tuple[float, str] | None:
    """One figure as a wage, or None when it counts something else or is a piece rate."""
    start, end = clauses[index]
    low, low_multiplier = _amount(m.group(1))
    if m.group(2) and low_multiplier == 1:
        high, high_multiplier = _amount(m.group(2))
        if low * high_multiplier <= high:  # "8-12k", "三到五千"
            low *= high_multiplier
            low_multiplier = high_multiplier
    after, before = text[m.end() : end], text[start : m.start()]
    if not low or _NOT_MONEY.match(after) or _MEASURE_BEFORE.search(before) or _EXTRA_BEFORE.search(before):
        return None
    unit = _unit_near(text, start, end, m.span())
    money = (
        unit is not None
        or low_multiplier > 1
        or bool(_MONEY_AFTER.match(after) or _MONEY_BEFORE.search(before))
        or (low >= _ROUGH_MONEY_FROM and bool(_ROUGHLY_AFTER.match(after)))
    )
    if not money and (low < 1000 or 1950 <= low <= 2050):  # a bare 1950 ... 2050 is a year
        return None
    if unit is None and low < 1000 and index > 0:  # "做一天拿一天的钱，两百左右"
        previous_start, previous_end = clauses[index - 1]
        unit = _unit_near(text, previous_start, previous_end, (previous_end, previous_end))
    if unit == "year":
        low, unit = low / _MONTHS_A_YEAR, "month"
    elif unit is None:
        unit = "month" if low >= 1000 else "day" if low >= _HOURLY_BELOW else "hour"
    if unit not in MONTHLY or not _LEAST_A_MONTH <= low * MONTHLY[unit] <= _MOST_A_MONTH:
        return None
    return low, unit
