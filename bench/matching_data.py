"""A synthetic province-scale labour registry for the matching benchmark, seeded and deterministic.

The shapes follow ``matching.services.profiles``: what each person and vacancy wrote becomes one
text plus declared occupations and skills, and the structured columns fill a ``PeopleTable`` or
``VacancyTable``. Names are made of common Chinese characters, so n-gram statistics (frequent
characters shared by many names, rare ones by few) look like real text rather than random ids.

* Taxonomy: ~1,600 occupations (the size of the national occupational classification), each with
  2-4 everyday synonyms and 3-6 skills out of a pool of ~4,000; popularity is Zipf-like, for
  occupations and for the skills they share.
* Places: ~100 counties on a jittered grid over a 400 x 300 km box around (112.5E, 30.9N), each
  with ~15 township centres. A person's places are region centroids (home township, then the
  county seat of a city they would also work in), as in the registry; a vacancy's site is the
  employer's address, jittered around a township, and unknown for 1%.
* People write a short self-description with synonyms of their trade, skills and everyday filler
  ("能吃苦", "想在家附近找活"); some declare occupations, skills, certificates and work history in
  forms. Vacancies read like "招聘X，要求会Y、Z，包吃住，缴纳五险一金".

Everything that can be drawn as a whole array is; only the string building loops in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import scipy.sparse as sp

from matching.ml.scoring import NO_DAY, WORK_TYPES, PeopleTable, VacancyTable, unit_vectors
from matching.ml.text import ConceptMatcher
from matching.ml.vectors import OCCUPATION, SKILL, ProfileBatch

TableT = TypeVar("TableT", PeopleTable, VacancyTable)
TODAY = 20240  # 2025-06-01 as days since 1970-01-01
PLACES = 3
CENTRE = (112.5, 30.9)
BOX_KM = (400.0, 300.0)

# Roughly by frequency: general characters first, then the ones trades and skills are named with.
_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性"
    "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第"
    "向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管"
    "特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处"
    "队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清美再采转更单风"
    "切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许"
    "步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列"
    "习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派"
    "层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严首底液官德随病苏失尔死讲配女黄推显谈罪神艺呢"
    "席含企望密批营项防举球英氧势告李台落木帮轮破亚师围注远字材排供河态封另施减树溶怎止案言士均武固叶鱼波视仅"
    "费紧爱左章早朝害续轻服试食充兵源判护司足某练差致板田降黑犯负击范继兴似余坚曲输修故城夫够送笔船占右财吃富"
    "春职觉汉画功巴跟虽杂飞检吸助升阳互初创抗考投坏策古径换未跑留钢曾端责站简述钱副尽帝射草冲承独令限阿宣环双"
    "请超微让控州良轴找否纪益依优顶础载倒房突坐粉敌略客袁冷胜绝析块剂测丝协诉念陈仍罗盐友洋错苦夜刑移频逐靠混"
    "焊叉铲厨烹饪洁婴嫂售银仓库递缝纫纺印刷瓦筋砌筑暖泥漆刨锯焊钳铣磨镗冲模具数控铆钣喷涂烘焙面点茶蔬果禽畜兽"
    "渔苗菌菇桑蚕棉麻稻麦薯椒柑橘莲藕虾蟹鸭鹅猪牛羊驾驶挖掘塔吊搬运装卸配送快骑手店收保育护理康复按摩足浴美容"
    "发型化妆摄像剪辑客服话务销推广主播电商仓管质检包装贴标分拣叠纸箱酒店餐厅服务员帮厨洗碗切配凉菜面食水电工"
)
_OCCUPATION_SUFFIXES = ("工", "员", "师", "司机", "操作工", "技术员", "维修工", "装配工", "管理员", "师傅")
_SKILL_SUFFIXES = ("技术", "操作", "维修", "安装", "加工", "养护", "制作", "驾驶", "检测", "管理")

FILLERS = (
    "能吃苦",
    "想在家附近找活",
    "有多年经验",
    "身体健康",
    "服从安排",
    "可以加班",
    "能倒班",
    "希望包吃住",
    "不怕累",
    "做事认真负责",
    "会用智能手机",
    "有电动车",
    "要照顾老人小孩不能出远门",
    "之前在广东打工",
    "返乡想就近就业",
    "工资要求4000以上",
    "希望工资按月发",
    "能长期干",
    "只想做白班",
    "可以住厂",
    "家里有农活农忙要请假",
    "学东西快",
    "有健康证",
    "有驾照",
    "愿意学技术",
    "能接受外地",
    "想找个稳定的",
    "年纪大了想找轻松点的",
    "以前在厂里干过",
    "在县城租房住",
    "周末也能上班",
    "希望交社保",
)
BENEFITS = (
    "包吃住",
    "缴纳五险一金",
    "工资日结",
    "月休四天",
    "有宿舍",
    "交通补贴",
    "节日福利",
    "长期稳定",
    "年底双薪",
    "免费培训",
    "多劳多得",
    "按时发放工资",
    "提供工作餐",
    "上六休一",
    "有加班费",
    "可带薪学习",
    "工作环境好",
    "离家近",
    "包车接送",
    "不收任何费用",
)
COMPANY_SUFFIXES = (
    "有限公司",
    "厂",
    "合作社",
    "农业开发公司",
    "餐饮店",
    "酒店",
    "物流公司",
    "建筑公司",
    "服装厂",
)


def _chars() -> np.ndarray:
    seen: dict[str, None] = {}
    for c in _CHARS:
        seen.setdefault(c, None)
    return np.array(list(seen))


def _zipf(n: int, exponent: float, offset: float, rng: np.random.Generator) -> np.ndarray:
    """Zipf-like probabilities over ``n`` items with the ranks shuffled."""
    p = 1.0 / (np.arange(n) + offset) ** exponent
    p = p[rng.permutation(n)]
    return p / p.sum()


def _names(count: int, suffixes: tuple[str, ...], rng: np.random.Generator, taken: set[str]) -> list[str]:
    """Distinct names of 2-4 characters: a stem of common characters, often with a trade suffix."""
    chars = _chars()
    weights = 1.0 / (np.arange(len(chars)) + 30.0) ** 0.9  # the list is roughly by frequency
    weights /= weights.sum()
    out: list[str] = []
    while len(out) < count:
        stem = "".join(rng.choice(chars, size=int(rng.integers(1, 4)), p=weights))
        if rng.random() < 0.6:
            name = stem + str(rng.choice(suffixes))
        else:
            name = stem + "".join(rng.choice(chars, size=1, p=weights))
        if 2 <= len(name) <= 4 and name not in taken:
            taken.add(name)
            out.append(name)
    return out


@dataclass
class Taxonomy:
    occupation_names: list[str]
    occupation_synonyms: list[list[str]]
    skill_names: list[str]
    skill_synonyms: list[list[str]]
    occupation_skills: list[np.ndarray]  # skill columns of each occupation
    matcher: ConceptMatcher

    @property
    def n_occupations(self) -> int:
        return len(self.occupation_names)

    @property
    def n_skills(self) -> int:
        return len(self.skill_names)


def make_taxonomy(rng: np.random.Generator, n_occupations: int = 1600, n_skills: int = 4000) -> Taxonomy:
    taken: set[str] = set()
    occupation_names = _names(n_occupations, _OCCUPATION_SUFFIXES, rng, taken)
    n_syn = rng.integers(2, 5, size=n_occupations)
    synonyms = _names(int(n_syn.sum()), _OCCUPATION_SUFFIXES, rng, taken)
    starts = np.concatenate([[0], np.cumsum(n_syn)])
    occupation_synonyms = [synonyms[starts[i] : starts[i + 1]] for i in range(n_occupations)]
    skill_names = _names(n_skills, _SKILL_SUFFIXES, rng, taken)
    has_syn = rng.random(n_skills) < 0.4
    extra = iter(_names(int(has_syn.sum()), _SKILL_SUFFIXES, rng, taken))
    skill_synonyms = [[next(extra)] if h else [] for h in has_syn]
    skill_popularity = _zipf(n_skills, 0.7, 10.0, rng)
    occupation_skills = [
        rng.choice(n_skills, size=int(rng.integers(3, 7)), replace=False, p=skill_popularity)
        for _ in range(n_occupations)
    ]
    concepts = [(OCCUPATION, i, [occupation_names[i], *occupation_synonyms[i]]) for i in range(n_occupations)]
    concepts += [(SKILL, i, [skill_names[i], *skill_synonyms[i]]) for i in range(n_skills)]
    return Taxonomy(
        occupation_names,
        occupation_synonyms,
        skill_names,
        skill_synonyms,
        occupation_skills,
        ConceptMatcher(concepts),
    )


@dataclass
class Geography:
    county_lonlat: np.ndarray  # (counties, 2)
    town_lonlat: np.ndarray  # (towns, 2)
    town_county: np.ndarray  # (towns,)
    county_weight: np.ndarray
    town_weight: np.ndarray
    cities: np.ndarray  # county indices of the prefecture-level cities


def _offset(lonlat: np.ndarray, dx_km: np.ndarray, dy_km: np.ndarray) -> np.ndarray:
    lat = lonlat[:, 1] + dy_km / 110.57
    lon = lonlat[:, 0] + dx_km / (111.32 * np.cos(np.radians(lonlat[:, 1])))
    return np.stack([lon, lat], axis=1)


def make_geography(rng: np.random.Generator, n_counties: int = 100, towns_per_county: int = 15) -> Geography:
    side = int(np.ceil(np.sqrt(n_counties)))
    gx, gy = np.meshgrid(np.arange(side), np.arange(side))
    gx, gy = gx.ravel()[:n_counties], gy.ravel()[:n_counties]
    cell_x, cell_y = BOX_KM[0] / side, BOX_KM[1] / side
    x = (gx + rng.uniform(0.2, 0.8, n_counties)) * cell_x - BOX_KM[0] / 2
    y = (gy + rng.uniform(0.2, 0.8, n_counties)) * cell_y - BOX_KM[1] / 2
    county = _offset(np.tile(CENTRE, (n_counties, 1)), x, y)
    county_weight = rng.lognormal(0.0, 0.5, n_counties)
    cities = np.argsort(-county_weight)[: max(1, n_counties // 10)]
    county_weight[cities] *= 3.0
    county_weight /= county_weight.sum()
    town_county = np.repeat(np.arange(n_counties), towns_per_county)
    n_towns = len(town_county)
    spread = rng.normal(0.0, 8.0, (n_towns, 2))
    spread[::towns_per_county] = 0.0  # the county seat's own township
    town = _offset(county[town_county], spread[:, 0], spread[:, 1])
    town_weight = rng.lognormal(0.0, 0.6, n_towns)
    town_weight[::towns_per_county] *= 4.0
    return Geography(county, town, town_county, county_weight, town_weight, cities)


def _sparse_max(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """CSR matrix keeping the largest value where an entry is given twice."""
    order = np.lexsort((-vals, cols, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    first = np.ones(len(rows), bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    return sp.csr_matrix((vals[first].astype(np.float32), (rows[first], cols[first])), shape=shape)


def _pick(
    options: list[np.ndarray], owner: np.ndarray, count: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Up to three entries of ``options[owner[i]]`` per row (-1 padded), without repeats."""
    lengths = np.array([len(o) for o in options])[owner]
    start = rng.integers(0, 1 << 30, size=len(owner))
    out = np.full((len(owner), 3), -1, np.int64)
    flat = np.concatenate(options)
    offsets = np.concatenate([[0], np.cumsum([len(o) for o in options])])[owner]
    for j in range(3):
        ok = j < np.minimum(count, lengths)
        out[ok, j] = flat[offsets[ok] + (start[ok] + j) % lengths[ok]]
    return out


@dataclass
class Registry(Generic[TableT]):
    ids: np.ndarray
    batch: ProfileBatch
    table: TableT
    occupation: np.ndarray  # main occupation of each row, for generating changes


def make_people(n: int, tax: Taxonomy, geo: Geography, rng: np.random.Generator) -> Registry[PeopleTable]:
    n_occ = tax.n_occupations
    popularity = _zipf(n_occ, 1.0, 5.0, np.random.default_rng(7))
    occ = rng.choice(n_occ, size=n, p=popularity)
    second = np.where(rng.random(n) < 0.2, rng.choice(n_occ, size=n, p=popularity), -1)
    declared = rng.random(n) < 0.6
    n_skills = np.where(rng.random(n) < 0.5, rng.integers(1, 4, size=n), 0)
    skills = _pick(tax.occupation_skills, occ, n_skills, rng)
    mentioned = _pick(tax.occupation_skills, occ, rng.integers(0, 3, size=n), rng)
    levels = rng.integers(1, 5, size=(n, 3))
    cert_level = np.where(rng.random(n) < 0.15, rng.integers(1, 6, size=n), 0)  # 5 初级 ... 1 高级技师
    history = rng.random(n) < 0.4
    syn_pick = rng.integers(0, 1 << 20, size=(n, 2))
    fillers = (
        rng.integers(0, len(FILLERS), size=(n, 1)) + rng.integers(1, 6, size=(n, 3)).cumsum(axis=1)
    ) % len(FILLERS)
    n_fillers = rng.integers(1, 4, size=n)
    template = rng.integers(0, 4, size=n)
    years = rng.integers(1, 21, size=n)

    texts = []
    names, syns, skill_names = tax.occupation_names, tax.occupation_synonyms, tax.skill_names
    for i, (o, s2, dec, sk, mn, cl, hi, sp_, fl, nf, tp, yr) in enumerate(
        zip(
            occ.tolist(), second.tolist(), declared.tolist(), skills.tolist(), mentioned.tolist(),
            cert_level.tolist(), history.tolist(), syn_pick.tolist(), fillers.tolist(), n_fillers.tolist(),
            template.tolist(), years.tolist(),
            strict=True,
        )
    ):  # fmt: skip
        words = []
        if dec:
            words.append(names[o])
        words += [skill_names[k] for k in sk if k >= 0]
        if cl:
            words.append(f"{names[o]}职业资格证书")
        if hi:
            title = syns[s2][sp_[1] % len(syns[s2])] if s2 >= 0 else syns[o][sp_[1] % len(syns[o])]
            words += [title, f"在厂里做了{yr}年"]
        syn = syns[o][sp_[0] % len(syns[o])]
        said = "、".join(skill_names[k] for k in mn if k >= 0)
        filler = "，".join(FILLERS[f] for f in fl[:nf])
        if tp == 0:
            words.append(f"我是{syn}，{'会' + said + '，' if said else ''}{filler}")
        elif tp == 1:
            words.append(f"做过{yr}年{syn}，{filler}")
        elif tp == 2:
            words.append(f"{filler}，想找{syn}的活{'，会' + said if said else ''}")
        else:
            words.append(f"{syn}{'，' + said if said else ''}，{filler}")
        texts.append(" ".join(words))
        del i

    rows = np.arange(n)
    occ_rows = [rows[declared], rows[history & (second >= 0)], rows[cert_level > 0]]
    occ_cols = [occ[declared], second[history & (second >= 0)], occ[cert_level > 0]]
    occ_vals = [np.ones(declared.sum()), np.full(len(occ_rows[1]), 0.7), np.full(len(occ_rows[2]), 0.8)]
    occupations = _sparse_max(
        np.concatenate(occ_rows), np.concatenate(occ_cols), np.concatenate(occ_vals), (n, n_occ)
    )
    has = skills >= 0
    skill_matrix = _sparse_max(
        np.repeat(rows, 3)[has.ravel()], skills[has], (0.4 + 0.15 * levels)[has], (n, tax.n_skills)
    )
    cert = cert_level > 0
    certificates = sp.csr_matrix(
        ((6 - cert_level[cert]).astype(np.float32), (rows[cert], occ[cert])), shape=(n, n_occ)
    )

    town_p = geo.county_weight[geo.town_county] * geo.town_weight
    town_p /= np.bincount(geo.town_county, weights=geo.town_weight)[geo.town_county]
    town = rng.choice(len(town_p), size=n, p=town_p / town_p.sum())
    xyz = np.full((n, PLACES, 3), np.nan, np.float32)
    xyz[:, 0] = unit_vectors(geo.town_lonlat[town, 0], geo.town_lonlat[town, 1])
    county_xyz = unit_vectors(geo.county_lonlat[:, 0], geo.county_lonlat[:, 1])
    more = rng.random(n)
    two = more < 0.25
    xyz[two, 1] = county_xyz[rng.choice(geo.cities, size=int(two.sum()))]
    three = more < 0.05
    xyz[three, 2] = county_xyz[rng.choice(len(county_xyz), size=int(three.sum()), p=geo.county_weight)]

    eligible = rng.random(n) < 0.05
    wants = (
        (rng.random(n) < 0.8).astype(np.uint8)
        | ((rng.random(n) < 0.3).astype(np.uint8) << 1)
        | ((rng.random(n) < 0.2).astype(np.uint8) << 2)
        | ((rng.random(n) < 0.05).astype(np.uint8) << 3)
        | (eligible.astype(np.uint8) << 4)
    )
    wage = np.round(rng.lognormal(np.log(4500), 0.3, n), -2).astype(np.float32)
    wage[rng.random(n) < 0.15] = np.nan
    education = rng.choice(8, size=n, p=[0.05, 0.12, 0.30, 0.28, 0.13, 0.10, 0.015, 0.005]).astype(np.int8)
    available = np.where(rng.random(n) < 0.7, NO_DAY, TODAY + rng.integers(-30, 120, size=n)).astype(np.int32)
    table = PeopleTable(
        xyz=xyz,
        radius_km=rng.choice([10, 15, 20, 30, 50], size=n, p=[0.15, 0.2, 0.25, 0.25, 0.15]).astype(
            np.float32
        ),
        anywhere=rng.random(n) < 0.03,
        active=rng.random(n) < 0.85,
        welfare_eligible=eligible,
        wage=wage,
        education=education,
        wants=wants,
        available_day=available,
        certificates=certificates,
        licences=np.zeros(n, np.uint64),
    )
    return Registry(
        ids=np.arange(1, n + 1, dtype=np.int64),
        batch=ProfileBatch(texts, occupations, skill_matrix, welfare=table.welfare_eligible),
        table=table,
        occupation=occ,
    )


def make_vacancies(
    n: int, tax: Taxonomy, geo: Geography, rng: np.random.Generator, *, first_id: int = 1
) -> Registry[VacancyTable]:
    n_occ = tax.n_occupations
    popularity = _zipf(n_occ, 1.0, 5.0, np.random.default_rng(7)) ** 0.9 * rng.lognormal(0, 0.5, n_occ)
    occ = rng.choice(n_occ, size=n, p=popularity / popularity.sum())
    skills = _pick(tax.occupation_skills, occ, rng.integers(2, 5, size=n), rng)
    required = rng.random((n, 3)) < 0.7
    syn_pick = rng.integers(0, 1 << 20, size=n)
    benefits = (
        rng.integers(0, len(BENEFITS), size=(n, 1)) + rng.integers(1, 6, size=(n, 3)).cumsum(axis=1)
    ) % len(BENEFITS)
    n_benefits = rng.integers(1, 4, size=n)
    template = rng.integers(0, 3, size=n)
    headcount = rng.integers(1, 31, size=n)
    wage_min = np.round(rng.lognormal(np.log(4200), 0.25, n), -2)
    wage_max = np.round(wage_min * rng.uniform(1.1, 1.6, n), -2)
    company = _names(max(1, n // 8), ("",), np.random.default_rng(11), set())
    company_pick = rng.integers(0, len(company), size=n)
    company_kind = rng.integers(0, len(COMPANY_SUFFIXES), size=n)
    texts = make_vacancy_texts(
        tax, occ, skills, syn_pick, benefits, n_benefits, template, headcount, wage_min, wage_max,
        [company[c] + COMPANY_SUFFIXES[k] for c, k in zip(company_pick.tolist(), company_kind.tolist(), strict=True)],
    )  # fmt: skip

    rows = np.arange(n)
    occupations = sp.csr_matrix((np.ones(n, np.float32), (rows, occ)), shape=(n, n_occ))
    has = skills >= 0
    skill_matrix = _sparse_max(
        np.repeat(rows, 3)[has.ravel()], skills[has], np.where(required, 1.0, 0.5)[has], (n, tax.n_skills)
    )
    town_p = geo.county_weight[geo.town_county] ** 1.5 * geo.town_weight
    town = rng.choice(len(town_p), size=n, p=town_p / town_p.sum())
    site = _offset(geo.town_lonlat[town], rng.normal(0, 3, n), rng.normal(0, 3, n))
    xyz = unit_vectors(site[:, 0], site[:, 1])
    xyz[rng.random(n) < 0.01] = np.nan
    piece = rng.random(n) < 0.05
    work_type = rng.choice(len(WORK_TYPES), size=n, p=[0.70, 0.12, 0.10, 0.03, 0.05]).astype(np.int8)
    table = VacancyTable(
        xyz=xyz,
        active=rng.random(n) < 0.92,
        valid_until_day=(TODAY + rng.integers(-10, 120, size=n)).astype(np.int32),
        wage_min=np.where(piece, np.nan, wage_min).astype(np.float32),
        wage_max=np.where(piece, np.nan, wage_max).astype(np.float32),
        education_min=np.where(rng.random(n) < 0.5, 0, rng.integers(1, 6, size=n)).astype(np.int8),
        work_type=work_type,
        start_day=np.where(rng.random(n) < 0.6, NO_DAY, TODAY + rng.integers(0, 60, size=n)).astype(np.int32),
        certificate_min=np.where(rng.random(n) < 0.85, 0, rng.integers(1, 6, size=n)).astype(np.int8),
        occupation=occ.astype(np.int32),
        licences=np.zeros(n, np.uint64),
    )
    return Registry(
        ids=np.arange(first_id, first_id + n, dtype=np.int64),
        batch=ProfileBatch(
            texts, occupations, skill_matrix, welfare=table.work_type == WORK_TYPES.index("public_welfare")
        ),
        table=table,
        occupation=occ,
    )


def make_vacancy_texts(
    tax: Taxonomy,
    occ: np.ndarray,
    skills: np.ndarray,
    syn_pick: np.ndarray,
    benefits: np.ndarray,
    n_benefits: np.ndarray,
    template: np.ndarray,
    headcount: np.ndarray,
    wage_min: np.ndarray,
    wage_max: np.ndarray,
    companies: list[str],
) -> list[str]:
    """Title, occupation, skill names and description, joined as ``vacancy_data`` does."""
    names, syns, skill_names = tax.occupation_names, tax.occupation_synonyms, tax.skill_names
    texts = []
    for o, sk, sp_, bf, nb, tp, hc, lo, hi, company in zip(
        occ.tolist(), skills.tolist(), syn_pick.tolist(), benefits.tolist(), n_benefits.tolist(),
        template.tolist(), headcount.tolist(), wage_min.tolist(), wage_max.tolist(), companies,
        strict=True,
    ):  # fmt: skip
        syn = syns[o][sp_ % len(syns[o])]
        listed = [skill_names[k] for k in sk if k >= 0]
        perks = "，".join(BENEFITS[b] for b in bf[:nb])
        if tp == 0:
            description = f"招聘{syn}{hc}名，要求会{'、'.join(listed)}，{perks}"
        elif tp == 1:
            description = f"{company}招{syn}，月薪{int(lo)}-{int(hi)}元，{perks}，有{listed[0]}经验优先"
        else:
            description = f"急招{syn}，{perks}，工资{int(lo)}到{int(hi)}"
        texts.append(" ".join([syn, names[o], *listed, description]))
    return texts


def change_vacancies(
    reg: Registry[VacancyTable],
    rows: np.ndarray,
    tax: Taxonomy,
    rng: np.random.Generator,
    *,
    close_share: float = 0.2,
) -> tuple[ProfileBatch, VacancyTable]:
    """New versions of the vacancies ``rows``: a new wage, a rewritten description with a
    different choice of skills, and a share of them closed."""
    n = len(rows)
    table = reg.table.take(rows)
    occ = reg.occupation[rows]
    skills = _pick(tax.occupation_skills, occ, rng.integers(2, 5, size=n), rng)
    factor = rng.uniform(0.85, 1.3, n).astype(np.float32)
    table.wage_min = np.round(table.wage_min * factor, -2).astype(np.float32)
    table.wage_max = np.round(table.wage_max * factor, -2).astype(np.float32)
    table.active = table.active & (rng.random(n) >= close_share)
    texts = make_vacancy_texts(
        tax, occ, skills, rng.integers(0, 1 << 20, size=n), rng.integers(0, len(BENEFITS), size=(n, 3)),
        rng.integers(1, 4, size=n), rng.integers(0, 3, size=n), rng.integers(1, 31, size=n),
        np.nan_to_num(table.wage_min, nan=4000.0), np.nan_to_num(table.wage_max, nan=5000.0),
        ["本地企业"] * n,
    )  # fmt: skip
    has = skills >= 0
    required = rng.random((n, 3)) < 0.7
    skill_matrix = _sparse_max(
        np.repeat(np.arange(n), 3)[has.ravel()],
        skills[has],
        np.where(required, 1.0, 0.5)[has],
        (n, tax.n_skills),
    )
    welfare = table.work_type == WORK_TYPES.index("public_welfare")
    batch = ProfileBatch(texts, reg.batch.occupations[rows], skill_matrix, welfare=welfare)
    return batch, table
