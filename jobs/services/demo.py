"""A synthetic county for demonstrations and evaluation, modelled on Jingshan (京山市, Hubei).

Its shape follows the county's employment policy: smart equipment manufacturing (forklifts,
boiler auxiliaries, carton packaging machinery), new energy (lithium batteries, photovoltaics),
cultural tourism and health (the tennis town, the hot-spring district, elderly care), migrant
workers away in the Yangtze and Pearl River deltas and Wuhan, graduates, and hard-to-employ
groups. Everything is drawn from one seeded random generator, so the same size, seed and date
give the same county. Each person is drawn from a target occupation and region, recorded in
``SyntheticTruth`` so that matching quality can be measured against it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jobs.data.taxonomy import OCCUPATIONS
from jobs.models import (
    WORKING_STATUSES,
    AssistanceRecord,
    CertificateLevel,
    Education,
    Employer,
    GigStation,
    HardshipCategory,
    HardshipRecord,
    HardToEmployProfile,
    Household,
    MigrantRecord,
    Occupation,
    Person,
    PersonCertificate,
    PersonSkill,
    Region,
    Skill,
    StaffProfile,
    Support,
    SyntheticTruth,
    TrainingCourse,
    Vacancy,
    VacancySkill,
    WageUnit,
    WorkHistory,
    WorkType,
)
from jobs.services.people import id_number_hash, phone_hash
from jobs.services.returnees import campaigns_prepare
from jobs.services.roles import CITY_STAFF, STATION_STAFF, roles_ensure
from jobs.services.subsidies import subsidies_check
from jobs.services.support import support_refresh
from jobs.services.taxonomy import taxonomy_load
from jobs.validators import credit_code_check_char, id_check_char
from matching.ml.classification import read_classification

JINGSHAN = "420882"
JINGSHAN_OLD = "420821"  # 京山县 before 2018: still the first six digits of most local IDs
# Home regions of the registry: mostly Jingshan, some neighbours in Jingmen city.
HOME_REGIONS = [(JINGSHAN, 0.78), ("420881", 0.10), ("420802", 0.06), ("420822", 0.06)]
# Where Jingshan's migrant workers are: the Yangtze River Delta, the Pearl River Delta, Wuhan.
MIGRANT_DESTINATIONS = [
    ("320500", 0.14), ("310100", 0.10), ("330100", 0.08), ("330200", 0.06), ("320600", 0.04),
    ("440300", 0.16), ("441900", 0.12), ("440100", 0.08), ("440600", 0.06), ("420100", 0.16),
]  # fmt: skip
PARKS = [
    "京山经济开发区",
    "温泉新区",
    "宋河镇精细化工产业园",
    "钱场镇中小企业产业园",
    "孙桥镇农产品深加工产业园",
    "网球小镇",
]
TOWNS = [
    "新市街道",
    "永兴街道",
    "温泉街道",
    "宋河镇",
    "钱场镇",
    "孙桥镇",
    "曹武镇",
    "罗店镇",
    "坪坝镇",
    "三阳镇",
    "绿林镇",
    "杨集镇",
    "雁门口镇",
    "石龙镇",
]

# Sector weights for people's target occupations: the county's three pillar industries first.
OCCUPATION_WEIGHTS = {
    "forklift-driver": 6, "forklift-assembler": 5, "welder": 5, "fitter": 3, "painter-industrial": 2,
    "boiler-operator": 2, "sheet-metal": 2, "machine-commissioning": 2, "cnc-operator": 4,
    "electrician": 4, "robot-maintenance": 1, "mechanical-engineer": 1, "quality-inspector": 3,
    "production-worker": 9, "battery-assembler": 5, "battery-formation": 2, "coating-operator": 2,
    "pv-module-operator": 4, "pv-installer": 2, "equipment-technician": 2, "warehouse-keeper": 2,
    "sorter": 3, "truck-driver": 3, "delivery-rider": 3, "ecommerce-operator": 2,
    "tennis-coach": 1, "venue-staff": 1, "hotel-attendant": 3, "cook": 3, "tour-guide": 1,
    "elderly-carer": 3, "rehab-therapist": 1, "housekeeper": 3, "maternity-nurse": 1,
    "sanitation-worker": 1, "security-guard": 2, "food-processing": 3, "agri-technician": 1,
    "accountant": 2, "admin-clerk": 2, "community-worker": 1,
}  # fmt: skip

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国志文海峰亮成"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲桂英华红梅兰琴云莉萍雪倩婷慧颖洁佳琳欣怡悦晶春凤秀"

EMPLOYER_BRANDS = "华力 鑫源 楚天 汉江 京源 恒泰 宏达 金诚 盛世 永兴 天成 聚力 新星 嘉和 中兴 瑞丰 博远 宏图 康宁 荆楚 屈家岭 绿林 温泉 龙腾 银河 众诚 方圆 安达 景和 福星".split()
EMPLOYER_KINDS = {
    "C": ["叉车", "锅炉辅机", "纸箱包装机械", "锂电新能源", "光伏科技", "智能装备", "机械制造", "食品"],
    "E": ["光伏工程", "建设工程"], "G": ["物流", "供应链"], "F": ["电子商务", "商贸"],
    "R": ["网球运动", "文化旅游", "体育发展"], "H": ["温泉度假酒店", "餐饮管理"],
    "Q": ["康养", "养老服务"], "O": ["家政服务"], "N": ["环境卫生"], "L": ["企业服务", "物业"],
    "M": ["技术研究院"], "A": ["农业发展", "桥米"], "S": ["社区服务中心"],
}  # fmt: skip

DEMO_PASSWORD = "demo-2025"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    description: str


DEMO_ACCOUNTS = [
    DemoAccount("admin", DEMO_PASSWORD, "superuser, everything"),
    DemoAccount("jingmen", DEMO_PASSWORD, "city staff of 荆门市, may reveal ID numbers"),
    DemoAccount("jingshan", DEMO_PASSWORD, "京山市零工驿站 staff, sees 京山市 only"),
    DemoAccount("zhongxiang", DEMO_PASSWORD, "钟祥市零工驿站 staff, sees 钟祥市 only"),
]


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _credit_code(rng: random.Random, region: str) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + region + "".join(rng.choice(chars) for _ in range(9))
    return body + credit_code_check_char(body)


def _id_number(rng: random.Random, region: str, birth: date, male: bool) -> str:
    seq = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + id_check_char(body)


class _Builder:
    def __init__(self, *, size: int, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.size, self.today = size, today
        self.regions = {
            r.code: r
            for r in Region.objects.filter(
                code__in=[c for c, _ in HOME_REGIONS + MIGRANT_DESTINATIONS] + ["420800"]
            )
        }
        # The seed entries by their keys; several may be one occupation of the classification.
        by_code = {o.code: o for o in Occupation.objects.filter(code__in=[e["csco"] for e in OCCUPATIONS])}
        self.occupations = {e["key"]: by_code[e["csco"]] for e in OCCUPATIONS}
        self.skills_of = {e["key"]: [Skill.objects.get(code=s[0]) for s in e["skills"]] for e in OCCUPATIONS}
        self.wage_of = {e["key"]: e["wage"] for e in OCCUPATIONS}
        self.book_titles = {e.code: [e.name, *e.titles] for e in read_classification()}
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.used_codes: set[str] = set()

    # --- small generators -----------------------------------------------------------------
    def name(self, male: bool) -> str:
        given = GIVEN_MALE if male else GIVEN_FEMALE
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(given) for _ in range(self.rng.choice([1, 2]))
        )

    def phone(self) -> str:
        while True:
            number = self.rng.choice(["13", "15", "17", "18", "19"]) + f"{self.rng.randrange(10**9):09d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def id_number(self, region: str, birth: date, male: bool) -> str:
        while True:
            number = _id_number(self.rng, region, birth, male)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def address(self, region: Region) -> str:
        town = self.rng.choice(TOWNS) if region.code == JINGSHAN else ""
        return f"{region.full_name}{town}{self.rng.randrange(1, 300)}号"

    def occupation_code(self) -> str:
        codes = list(OCCUPATION_WEIGHTS)
        return self.rng.choices(codes, weights=[OCCUPATION_WEIGHTS[c] for c in codes])[0]

    # --- registries ---------------------------------------------------------------------------
    def stations(self) -> dict[str, GigStation]:
        made = {}
        for code, name, address in [
            (JINGSHAN, "京山市零工驿站", "京山市新市街道京源大道"),
            (JINGSHAN, "温泉新区零工驿站", "京山市温泉街道网球中心旁"),
            ("420881", "钟祥市零工驿站", "钟祥市郢中街道"),
        ]:
            made[name], _ = GigStation.objects.get_or_create(
                name=name, defaults={"region": self.regions[code], "address": address,
                                     "phone": "0724-" + f"{self.rng.randrange(10**7):07d}",
                                     "opening_hours": "周一至周六 8:00-17:30"},
            )  # fmt: skip
        return made

    def accounts(self, stations: dict[str, GigStation]) -> Any:
        user_model = get_user_model()
        groups = roles_ensure()
        plan = {
            "admin": (None, None, None),
            "jingmen": (None, "420800", CITY_STAFF),
            "jingshan": ("京山市零工驿站", JINGSHAN, STATION_STAFF),
            "zhongxiang": ("钟祥市零工驿站", "420881", STATION_STAFF),
        }
        users = {}
        for account in DEMO_ACCOUNTS:
            station, area, group = plan[account.username]
            user, created = user_model.objects.get_or_create(
                username=account.username, defaults={"is_staff": True, "is_superuser": group is None}
            )
            if created:
                user.set_password(account.password)
                user.save()
            if group:
                user.groups.add(groups[group])
                StaffProfile.objects.update_or_create(
                    user=user, defaults={"station": stations.get(station or ""), "area": self.regions[area or ""],
                                         "is_case_worker": group == STATION_STAFF},
                )  # fmt: skip
            users[account.username] = user
        return users

    def employers(self) -> list[Employer]:
        rng, count = self.rng, max(10, self.size // 25)
        sections = [s for s in EMPLOYER_KINDS for _ in range(4 if s == "C" else 1)]
        rows: list[Employer] = []
        names: set[str] = set()
        while len(rows) < count:
            section = rng.choice(sections)
            name = f"{rng.choice(['京山', '湖北', '荆门', '京山市'])}{rng.choice(EMPLOYER_BRANDS)}{rng.choice(EMPLOYER_KINDS[section])}有限公司"
            if name in names:
                continue
            names.add(name)
            region = self.regions[_pick(rng, HOME_REGIONS)]
            code = _credit_code(rng, region.code)
            if code in self.used_codes:
                continue
            self.used_codes.add(code)
            rows.append(Employer(
                name=name, credit_code=code, industry=section, region=region,
                address=f"{region.full_name}{rng.choice(PARKS) if region.code == JINGSHAN else ''}",
                staff_count=rng.choice([20, 50, 120, 300, 800, 1500]), contact_name=self.name(rng.random() < 0.5),
                contact_phone=self.phone(), status=Employer.Status.APPROVED if rng.random() < 0.92 else Employer.Status.PENDING,
            ))  # fmt: skip
        return Employer.objects.bulk_create(rows)

    def vacancies(self, employers: list[Employer]) -> None:
        rng = self.rng
        by_section: dict[str, list[str]] = {}
        for e in OCCUPATIONS:
            by_section.setdefault(str(e["industry"]), []).append(str(e["key"]))
        rows, skills = [], []
        for _ in range(max(20, self.size // 8)):
            employer = rng.choice(employers)
            code = rng.choice(by_section.get(employer.industry) or list(OCCUPATION_WEIGHTS))
            occupation = self.occupations[code]
            low, high = self.wage_of[code]
            work_type = WorkType.FULL_TIME
            unit, wage_min, wage_max = WageUnit.MONTH, int(low), int(high)
            roll = rng.random()
            if code == "community-worker":
                work_type = WorkType.PUBLIC_WELFARE
            elif roll < 0.10:
                work_type, unit = WorkType.GIG, WageUnit.DAY
                wage_min, wage_max = int(low) // 26, int(high) // 26
            elif roll < 0.16:
                work_type, unit = WorkType.PART_TIME, WageUnit.HOUR
                wage_min, wage_max = max(18, int(low) // 180), max(20, int(high) // 170)
            elif roll < 0.20:
                work_type = WorkType.SHARED
            valid_from = self.today - timedelta(days=rng.randrange(0, 75))
            valid_until = valid_from + timedelta(days=rng.choice([30, 60, 90, 120]))
            status = Vacancy.Status.OPEN if valid_until >= self.today else Vacancy.Status.CLOSED
            if employer.status != Employer.Status.APPROVED:
                status = Vacancy.Status.DRAFT
            headcount = rng.choice([1, 1, 2, 3, 5, 8, 10, 20, 30])
            title = rng.choice([occupation.name, *occupation.synonym_list[:2]])
            site = employer.region
            vacancy = Vacancy(
                employer=employer, title=title, occupation=occupation,
                description=f"{employer.name}招聘{title}{headcount}名，{'、'.join(s.name for s in self.skills_of[code])}优先，"
                            f"{'包吃住，' if rng.random() < 0.5 else ''}{'缴纳五险一金' if rng.random() < 0.6 else '缴纳社保'}。",
                work_type=work_type, headcount=headcount, filled_count=rng.randrange(0, headcount) if rng.random() < 0.3 else 0,
                wage_min=wage_min, wage_max=wage_max, wage_unit=unit,
                education_min=rng.choice([None, None, Education.JUNIOR_HIGH, Education.SENIOR_HIGH]) if high < 8000 else Education.JUNIOR_COLLEGE,
                region=site, address=employer.address,
                longitude=(site.longitude or 0) + rng.uniform(-0.08, 0.08) if site.longitude else None,
                latitude=(site.latitude or 0) + rng.uniform(-0.06, 0.06) if site.latitude else None,
                start_date=min(valid_until, max(valid_from, self.today) + timedelta(days=rng.randrange(0, 30))),
                valid_from=valid_from, valid_until=valid_until, status=status,
            )  # fmt: skip
            rows.append(vacancy)
            skills.append(self.skills_of[code])
        Vacancy.objects.bulk_create(rows)
        VacancySkill.objects.bulk_create(
            VacancySkill(vacancy=v, skill=s, level=self.rng.choice([1, 2, 2, 3]), required=i == 0)
            for v, skill_list in zip(rows, skills, strict=True) for i, s in enumerate(skill_list)
        )  # fmt: skip

    def people(self, stations: dict[str, GigStation], caseworker: Any) -> None:
        rng, today = self.rng, self.today
        households: list[Household] = []
        people: list[Person] = []
        truths: list[tuple[str, str]] = []
        extras: list[dict[str, Any]] = []
        while len(people) < self.size:
            home = self.regions[_pick(rng, HOME_REGIONS)]
            household = Household(region=home, address=self.address(home))
            households.append(household)
            for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
                if len(people) >= self.size:
                    break
                person, truth, extra = self.person(home, household, stations)
                people.append(person)
                truths.append(truth)
                extras.append(extra)
        Household.objects.bulk_create(households)
        for person in people:
            person.household_id = person.household.pk  # type: ignore[union-attr]
        Person.objects.bulk_create(people, batch_size=500)
        SyntheticTruth.objects.bulk_create(
            SyntheticTruth(person=p, occupation=self.occupations[occ], region=self.regions[reg])
            for p, (occ, reg) in zip(people, truths, strict=True)
        )
        wanted_region = Person.desired_regions.through
        wanted_region.objects.bulk_create(
            wanted_region(person_id=p.pk, region_id=reg)
            for p, (_o, reg), x in zip(people, truths, extras, strict=True)
            if x["desires_region"]
        )
        through = Person.desired_occupations.through
        through.objects.bulk_create(
            through(person_id=p.pk, occupation_id=self.occupations[occ].pk)
            for p, (occ, _r), x in zip(people, truths, extras, strict=True)
            if x["declares_occupation"]
        )
        PersonSkill.objects.bulk_create(
            PersonSkill(person=p, skill=s, level=rng.choice([1, 2, 2, 3, 3, 4]), years=rng.randrange(0, 15))
            for p, x in zip(people, extras, strict=True)
            for s in x["skills"]
        )
        PersonCertificate.objects.bulk_create(
            PersonCertificate(person=p, name=x["certificate"][0], level=x["certificate"][1],
                              occupation=self.occupations[occ], issued_on=today - timedelta(days=rng.randrange(100, 3000)))
            for p, (occ, _r), x in zip(people, truths, extras, strict=True) if x["certificate"]
        )  # fmt: skip
        WorkHistory.objects.bulk_create(
            WorkHistory(person=p, **x["history"]) for p, x in zip(people, extras, strict=True) if x["history"]
        )
        MigrantRecord.objects.bulk_create(
            MigrantRecord(person=p, **x["migrant"])
            for p, x in zip(people, extras, strict=True)
            if x["migrant"]
        )
        self.hardship(people, caseworker)

    def person(
        self, home: Region, household: Household, stations: dict[str, GigStation]
    ) -> tuple[Person, tuple[str, str], dict[str, Any]]:
        rng, today = self.rng, self.today
        occ_code = self.occupation_code()
        occupation = self.occupations[occ_code]
        male = rng.random() < (
            0.35
            if occ_code in {"housekeeper", "maternity-nurse", "elderly-carer", "hotel-attendant"}
            else 0.6
        )
        age = rng.choice([rng.randint(21, 26), rng.randint(22, 60), rng.randint(25, 50)])
        birth = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        born_here = home.code == JINGSHAN and rng.random() < 0.9
        id_region = JINGSHAN_OLD if born_here and birth.year < 2018 else home.code
        number = self.id_number(id_region, birth, male)
        phone = self.phone()
        graduate = age <= 25 and rng.random() < 0.5
        education = (rng.choice([Education.JUNIOR_COLLEGE, Education.BACHELOR, Education.BACHELOR]) if graduate
                     else rng.choices(list(Education)[:5], weights=[8, 35, 35, 14, 8])[0])  # fmt: skip
        roll = rng.random()
        status = (Person.EmploymentStatus.MIGRANT if roll < 0.25 else Person.EmploymentStatus.UNEMPLOYED if roll < 0.42
                  else Person.EmploymentStatus.FLEXIBLE if roll < 0.50 else Person.EmploymentStatus.EMPLOYED)  # fmt: skip
        if graduate and rng.random() < 0.35:
            status = Person.EmploymentStatus.UNEMPLOYED
        seeking = status in (Person.EmploymentStatus.UNEMPLOYED, Person.EmploymentStatus.FLEXIBLE) or (
            status == Person.EmploymentStatus.MIGRANT and rng.random() < 0.5) or rng.random() < 0.1  # fmt: skip
        all_skills = self.skills_of[occ_code]
        skills = rng.sample(all_skills, k=rng.randint(1, len(all_skills))) if rng.random() < 0.85 else []
        # People say their trade in the book's everyday titles, not in the county's synonyms the
        # engine searches for word for word: what it finds, it finds by coding their words.
        said_title = rng.choice(self.book_titles.get(occupation.code) or [occupation.name])
        skill_words = [rng.choice(s.synonym_list or [s.name]) for s in all_skills[:2]]
        years = rng.randint(1, 15)
        description = rng.choice([
            f"干过{years}年{said_title}，会{skill_words[0]}，想在家附近找活。",
            f"之前在外面做{said_title}，{'、'.join(skill_words)}都会，能吃苦。",
            f"本人{education.label}学历，熟悉{skill_words[-1]}，希望找{occupation.name}相关工作。",
            "",
        ])  # fmt: skip
        low, high = self.wage_of[occ_code]
        target_region = home.code if rng.random() < 0.85 else JINGSHAN
        station = stations["钟祥市零工驿站"] if home.code == "420881" else stations["京山市零工驿站"]
        consent = rng.random() < 0.9
        person = Person(
            name=self.name(male), id_number=number, id_number_hash=id_number_hash(number), birth_date=birth,
            sex="M" if male else "F", ethnicity="汉族" if rng.random() < 0.97 else rng.choice(["土家族", "回族", "苗族"]),
            phone=phone, phone_hash=phone_hash(phone), hukou_region=self.regions.get(id_region[:6]) or home,
            home_region=home, address=household.address, household=household, education=education,
            graduation_year=today.year - rng.randint(0, 2) if graduate else None, employment_status=status,
            status_since=today - timedelta(days=rng.randrange(10, 480)), is_seeking=seeking,
            expected_wage=int(rng.uniform(low * 0.9, high * 0.95)) // 100 * 100 if rng.random() < 0.8 else None,
            wants_part_time=rng.random() < 0.15, wants_gig=rng.random() < 0.2, wants_shared=rng.random() < 0.1,
            commute_radius_km=rng.choice([10, 20, 30, 30, 50]), accepts_anywhere=rng.random() < 0.05,
            available_from=today + timedelta(days=rng.randrange(0, 30)) if rng.random() < 0.3 else None,
            self_description=description, consent_matching=consent, consent_contact=consent and rng.random() < 0.85,
            consent_recorded_at=timezone.now() if consent else None, consent_text_version="2025-01" if consent else "",
            notify_wechat=rng.random() < 0.4, source=Person.Source.DEMO, registered_at_station=station,
        )  # fmt: skip
        extra: dict[str, Any] = {
            "declares_occupation": rng.random() < 0.6, "skills": skills, "certificate": None,
            # Someone from a neighbouring county who wants work in Jingshan usually says so.
            "desires_region": target_region != home.code and rng.random() < 0.8,
            "history": None, "migrant": None,
        }  # fmt: skip
        if rng.random() < 0.25:
            level = rng.choice(
                [CertificateLevel.JUNIOR, CertificateLevel.INTERMEDIATE, CertificateLevel.SENIOR]
            )
            extra["certificate"] = (f"{occupation.name}职业技能等级证书", level)
        if age > 22 and rng.random() < 0.75:
            started = today - timedelta(days=rng.randrange(400, 4000))
            extra["history"] = {
                "employer_name": rng.choice(["某机械厂", "某电子厂", "某物流公司", "某酒店", "个体"]), "title": said_title,
                "occupation": occupation if rng.random() < 0.5 else None, "started_on": started,
                "ended_on": started + timedelta(days=rng.randrange(200, 380)),
                "description": f"负责{'、'.join(skill_words)}", "region": self.regions.get(_pick(rng, MIGRANT_DESTINATIONS)),
            }  # fmt: skip
        if status == Person.EmploymentStatus.MIGRANT:
            left = today - timedelta(days=rng.randrange(120, 2500))
            returned = rng.random() < 0.15
            spring_festival = date(today.year + (1 if today.month > 2 else 0), 2, 1)
            extra["migrant"] = {
                "work_region": self.regions[_pick(rng, MIGRANT_DESTINATIONS)], "industry": occupation.industry,
                "occupation": occupation, "employer_name": rng.choice(["电子厂", "机械厂", "物流园", "工地", "酒店"]),
                "started_on": left,
                "expected_return_on": max(left, spring_festival - timedelta(days=rng.randrange(0, 25))) if rng.random() < 0.8 else None,
                "returned_on": today - timedelta(days=rng.randrange(0, 60)) if returned else None,
                "intends_local_work": rng.choice([True, True, False, None]), "is_current": True,
            }  # fmt: skip
            extra["migrant"]["insurance_region"] = (
                extra["migrant"]["work_region"] if rng.random() < 0.7 else home
            )
        return person, (occ_code, target_region), extra

    def hardship(self, people: list[Person], caseworker: Any) -> None:
        rng, today = self.rng, self.today
        zero_households = self._zero_employment_households(people)
        profiles, categories = [], []
        for person in people:
            age = person.age_on(today)
            found = []
            unemployed = person.employment_status == Person.EmploymentStatus.UNEMPLOYED
            if unemployed and ((person.sex == "F" and age >= 40) or (person.sex == "M" and age >= 50)):
                found.append(HardshipCategory.OLDER_WORKER)
            if unemployed and (today - person.status_since).days > 365:
                found.append(HardshipCategory.LONG_TERM_UNEMPLOYED)
            if person.household_id in zero_households:
                found.append(HardshipCategory.ZERO_EMPLOYMENT_HOUSEHOLD)
            if unemployed and person.graduation_year:
                found.append(HardshipCategory.UNEMPLOYED_GRADUATE)
            if unemployed and rng.random() < 0.05:
                found.append(HardshipCategory.DISABILITY)
            if unemployed and rng.random() < 0.05:
                found.append(HardshipCategory.POVERTY_ALLEVIATED)
            if not found:
                continue
            profiles.append(
                HardToEmployProfile(
                    person=person, registered_on=today - timedelta(days=rng.randrange(0, 400))
                )
            )
            categories.append(found)
        HardToEmployProfile.objects.bulk_create(profiles)
        HardshipRecord.objects.bulk_create(
            HardshipRecord(profile=p, category=c, verified_on=p.registered_on)
            for p, found in zip(profiles, categories, strict=True)
            for c in found
        )
        kinds = list(AssistanceRecord.Kind)[:4]
        AssistanceRecord.objects.bulk_create(
            AssistanceRecord(profile=p, kind=k, delivered_on=p.registered_on + timedelta(days=rng.randrange(0, 30)), staff=caseworker)
            for p in profiles for k in kinds if rng.random() < 0.5
        )  # fmt: skip
        # The tiers are the rules', as every morning; the station's case worker follows them all.
        support_refresh(today=today)
        Support.objects.filter(person__in=people, case_worker__isnull=True).update(case_worker=caseworker)

    def _zero_employment_households(self, people: list[Person]) -> set[int]:
        members: dict[int, list[Person]] = {}
        for p in people:
            members.setdefault(p.household_id or 0, []).append(p)
        return {h for h, ms in members.items() if h and all(m.employment_status not in WORKING_STATUSES for m in ms)
                and any(m.employment_status == Person.EmploymentStatus.UNEMPLOYED for m in ms)}  # fmt: skip

    def courses(self) -> None:
        rng, today = self.rng, self.today
        # Jingshan's training subsidy by certificate level (yuan per trainee).
        subsidy = {CertificateLevel.JUNIOR: 1000, CertificateLevel.INTERMEDIATE: 1500, CertificateLevel.SENIOR: 2000,
                   CertificateLevel.TECHNICIAN: 3500, CertificateLevel.SENIOR_TECHNICIAN: 5000}  # fmt: skip
        plan = ["forklift-driver", "welder", "electrician", "cnc-operator", "elderly-carer", "maternity-nurse",
                "ecommerce-operator", "tennis-coach", "pv-installer", "battery-assembler", "cook", "housekeeper",
                "robot-maintenance", "boiler-operator"]  # fmt: skip
        for code in plan:
            occupation = self.occupations[code]
            level = rng.choice(
                [CertificateLevel.JUNIOR, CertificateLevel.INTERMEDIATE, CertificateLevel.SENIOR]
            )
            starts = today + timedelta(days=rng.randrange(7, 90))
            course = TrainingCourse.objects.create(
                name=f"{occupation.name}（{level.label}）培训班", provider=rng.choice(["京山市职业技术学校", "京山市就业训练中心", "荆门职业学院京山教学点"]),
                occupation=occupation, certificate_level=level, region=self.regions[JINGSHAN],
                address=f"京山市{rng.choice(TOWNS)}", starts_on=starts, ends_on=starts + timedelta(days=rng.choice([10, 15, 30])),
                hours=rng.choice([40, 60, 80, 120]), capacity=rng.choice([30, 40, 50]), subsidy_yuan=subsidy[level],
            )  # fmt: skip
            course.skills.set(self.skills_of[code])


@transaction.atomic
def demo_county_load(*, size: int, seed: int = 2025, today: date | None = None) -> dict[str, int]:
    """Fill the registries with a synthetic county of ``size`` people; return row counts."""
    taxonomy_load()
    builder = _Builder(size=size, seed=seed, today=today or timezone.localdate())
    stations = builder.stations()
    users = builder.accounts(stations)
    employers = builder.employers()
    builder.vacancies(employers)
    builder.people(stations, caseworker=users["jingshan"])
    builder.courses()
    # The certificates of the last year bring their subsidies, as the daily check finds them.
    entitlements = subsidies_check(today=builder.today).found
    # A holiday near: its welcome-home campaign waits for staff's approval.
    campaigns = len(campaigns_prepare(today=builder.today))
    return {
        "people": Person.objects.count(), "employers": Employer.objects.count(),
        "vacancies": Vacancy.objects.count(), "migrants": MigrantRecord.objects.filter(is_current=True).count(),
        "hard_to_employ": HardToEmployProfile.objects.count(), "courses": TrainingCourse.objects.count(),
        "subsidy_entitlements": entitlements, "campaigns": campaigns,
    }  # fmt: skip
