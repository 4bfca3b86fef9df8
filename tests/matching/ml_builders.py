"""Small builders for the matching engine's inputs: one row of a person or a vacancy with
sensible defaults that a test overrides, and the tables, profile batches and index made of them.

Nothing here touches Django or the database: the engine takes arrays.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from matching.ml.index import MatchIndex, Side
from matching.ml.licences import held_mask, required_mask
from matching.ml.scoring import (
    NO_DAY,
    WORK_TYPES,
    PairScores,
    PeopleTable,
    VacancyTable,
    score_pairs,
    unit_vectors,
)
from matching.ml.text import ConceptMatcher
from matching.ml.vectors import OCCUPATION, SKILL, FeatureSpace, ProfileBatch, SpaceConfig

TODAY = 20_000  # a day number (days since 1970-01-01): 2024-10-04
PLACES = 3  # home area and up to two desired areas, as matching.services builds them
COUNTY = (113.0, 31.0)  # (longitude, latitude) of the county seat used by default
NAN = float("nan")

# A little taxonomy: (official name, everyday synonyms). The column of a concept is its position.
OCCUPATIONS: list[tuple[str, list[str]]] = [
    ("叉车司机", ["铲车工", "叉车工"]),
    ("焊工", ["电焊工"]),
    ("中式烹调师", ["厨师", "炒菜师傅"]),
    ("保洁员", ["清洁工"]),
    ("电工", ["水电工"]),
    ("育婴员", ["月嫂"]),
]
SKILLS: list[tuple[str, list[str]]] = [
    ("叉车驾驶", ["开叉车"]),
    ("氩弧焊", []),
    ("二氧化碳保护焊", ["二保焊"]),
    ("中式烹饪", ["炒菜"]),
    ("家政保洁", []),
    ("低压电工作业", []),
    ("母婴护理", []),
]
FORKLIFT, WELDER, COOK, CLEANER, ELECTRICIAN, NANNY = range(len(OCCUPATIONS))
DRIVING, TIG_WELDING, CO2_WELDING, COOKING, CLEANING, LOW_VOLTAGE, BABY_CARE = range(len(SKILLS))


def taxonomy_matcher(
    occupations: Sequence[tuple[str, Sequence[str]]] = OCCUPATIONS,
    skills: Sequence[tuple[str, Sequence[str]]] = SKILLS,
) -> ConceptMatcher:
    concepts = [(OCCUPATION, i, [name, *synonyms]) for i, (name, synonyms) in enumerate(occupations)]
    concepts += [(SKILL, i, [name, *synonyms]) for i, (name, synonyms) in enumerate(skills)]
    return ConceptMatcher(concepts)


def wants(*work_types: str) -> int:
    """The bitmask of ``PeopleTable.wants`` for these work types."""
    return sum(1 << WORK_TYPES.index(t) for t in work_types)


@dataclass(frozen=True)
class PersonRow:
    """One person as the engine sees them. ``places`` are (longitude, latitude), home first;
    None for a place without coordinates."""

    text: str = "焊工 氩弧焊"
    occupations: Mapping[int, float] = field(default_factory=dict)
    skills: Mapping[int, float] = field(default_factory=dict)
    places: tuple[tuple[float, float] | None, ...] = (COUNTY,)
    radius_km: float = 30.0
    anywhere: bool = False
    active: bool = True
    welfare_eligible: bool = False
    wage: float = NAN  # yuan/month
    education: int = 0
    wants: int = wants("full_time")
    available_day: int = NO_DAY
    certificates: Mapping[int, float] = field(default_factory=dict)  # occupation -> rank
    licences: frozenset[str] = frozenset()  # held


@dataclass(frozen=True)
class VacancyRow:
    text: str = "招聘焊工 氩弧焊"
    occupations: Mapping[int, float] = field(default_factory=dict)
    skills: Mapping[int, float] = field(default_factory=dict)
    place: tuple[float, float] | None = COUNTY
    active: bool = True
    valid_until_day: int = TODAY + 30
    wage_min: float = NAN  # yuan/month
    wage_max: float = NAN
    education_min: int = 0
    work_type: str = "full_time"
    start_day: int = NO_DAY
    certificate_min: int = 0
    occupation: int = 0
    licences: frozenset[str] = frozenset()  # required


def _sparse(entries: Sequence[Mapping[int, float]], width: int) -> sp.csr_matrix:
    rows = [r for r, e in enumerate(entries) for _ in e]
    cols = [c for e in entries for c in e]
    values = [v for e in entries for v in e.values()]
    return sp.csr_matrix(
        (np.asarray(values, np.float32), (np.asarray(rows, np.int64), np.asarray(cols, np.int64))),
        shape=(len(entries), width),
        dtype=np.float32,
    )


def _xyz(points: Sequence[tuple[float, float] | None]) -> np.ndarray:
    lon = np.array([NAN if p is None else p[0] for p in points], np.float64)
    lat = np.array([NAN if p is None else p[1] for p in points], np.float64)
    return unit_vectors(lon, lat).reshape(len(points), 3)


def people_table(people: Sequence[PersonRow], *, n_occupations: int = len(OCCUPATIONS)) -> PeopleTable:
    xyz = np.full((len(people), PLACES, 3), np.nan, np.float32)
    for row, person in enumerate(people):
        places = person.places[:PLACES]
        if places:
            xyz[row, : len(places)] = _xyz(places)
    return PeopleTable(
        xyz=xyz,
        radius_km=np.array([p.radius_km for p in people], np.float32),
        anywhere=np.array([p.anywhere for p in people], bool),
        active=np.array([p.active for p in people], bool),
        welfare_eligible=np.array([p.welfare_eligible for p in people], bool),
        wage=np.array([p.wage for p in people], np.float32),
        education=np.array([p.education for p in people], np.int8),
        wants=np.array([p.wants for p in people], np.uint8),
        available_day=np.array([p.available_day for p in people], np.int32),
        certificates=_sparse([p.certificates for p in people], n_occupations),
        licences=np.array([held_mask(p.licences) for p in people], np.uint64),
    )


def vacancy_table(vacancies: Sequence[VacancyRow]) -> VacancyTable:
    return VacancyTable(
        xyz=_xyz([v.place for v in vacancies]),
        active=np.array([v.active for v in vacancies], bool),
        valid_until_day=np.array([v.valid_until_day for v in vacancies], np.int32),
        wage_min=np.array([v.wage_min for v in vacancies], np.float32),
        wage_max=np.array([v.wage_max for v in vacancies], np.float32),
        education_min=np.array([v.education_min for v in vacancies], np.int8),
        work_type=np.array([WORK_TYPES.index(v.work_type) for v in vacancies], np.int8),
        start_day=np.array([v.start_day for v in vacancies], np.int32),
        certificate_min=np.array([v.certificate_min for v in vacancies], np.int8),
        occupation=np.array([v.occupation for v in vacancies], np.int32),
        licences=np.array([required_mask(v.licences) for v in vacancies], np.uint64),
    )


def profile_batch(
    rows: Sequence[PersonRow | VacancyRow],
    *,
    n_occupations: int = len(OCCUPATIONS),
    n_skills: int = len(SKILLS),
) -> ProfileBatch:
    return ProfileBatch(
        texts=[r.text for r in rows],
        occupations=_sparse([r.occupations for r in rows], n_occupations),
        skills=_sparse([r.skills for r in rows], n_skills),
    )


def feature_space(
    texts: Sequence[str],
    *,
    matcher: ConceptMatcher | None = None,
    config: SpaceConfig | None = None,
) -> FeatureSpace:
    """A space over ``texts`` with the test taxonomy. Small corpora keep every n-gram
    (``max_df`` 1): the default drops n-grams in more than 5% of profiles, which in a corpus of
    a handful is all of them."""
    return FeatureSpace.fit(
        texts,
        matcher=matcher or taxonomy_matcher(),
        n_occupations=len(OCCUPATIONS),
        n_skills=len(SKILLS),
        config=config or SpaceConfig(n_text_features=2**14, max_df=1.0),
    )


def build_index(
    people: Mapping[int, PersonRow],
    vacancies: Mapping[int, VacancyRow],
    *,
    space: FeatureSpace | None = None,
    k: int = 20,
    width: int = 30,
) -> MatchIndex:
    """An index over these people and vacancies (keyed by id), lists not yet computed."""
    p_rows, v_rows = list(people.values()), list(vacancies.values())
    space = space or feature_space([r.text for r in p_rows] + [r.text for r in v_rows])
    return MatchIndex(
        space,
        Side(np.array(list(people), np.int64), space.vectors(profile_batch(p_rows)), people_table(p_rows)),
        Side(
            np.array(list(vacancies), np.int64),
            space.vectors(profile_batch(v_rows)),
            vacancy_table(v_rows),
        ),
        k=k,
        width=width,
    )


def ranked_index(
    people: Mapping[int, PersonRow],
    vacancies: Mapping[int, VacancyRow],
    *,
    space: FeatureSpace | None = None,
    k: int = 20,
    width: int = 30,
    today: int = TODAY,
) -> MatchIndex:
    """``build_index`` with both ways' lists computed."""
    index = build_index(people, vacancies, space=space, k=k, width=width)
    index.rank_all(today=today)
    return index


def score_one(
    person: PersonRow, vacancy: VacancyRow, *, similarity: float = 0.8, today: int = TODAY
) -> PairScores:
    """Every part of the score of one pair, with the similarity given rather than computed."""
    return score_pairs(
        people_table([person]),
        vacancy_table([vacancy]),
        np.array([0]),
        np.array([0]),
        np.array([similarity], np.float32),
        today=today,
    )


def north_of(point: tuple[float, float], km: float) -> tuple[float, float]:
    """The point ``km`` due north (along the meridian)."""
    return (point[0], point[1] + km / (6371.0 * math.pi / 180.0))


# --- a random county registry, for the tests that compare the index with a full rebuild ------
_FILLER = [
    "吃苦耐劳",
    "有经验",
    "三年以上",
    "包吃住",
    "长期稳定",
    "可倒班",
    "身体健康",
    "五险一金",
    "计件",
    "熟练",
]


def random_person(rng: np.random.Generator) -> PersonRow:
    occupation = int(rng.integers(len(OCCUPATIONS)))
    name, synonyms = OCCUPATIONS[occupation]
    words = [str(rng.choice([name, *synonyms]))]
    skills: dict[int, float] = {}
    for s in rng.choice(len(SKILLS), size=int(rng.integers(0, 3)), replace=False):
        skills[int(s)] = float(rng.choice([0.55, 0.7, 0.85, 1.0]))
        words.append(SKILLS[int(s)][0])
    words += [str(w) for w in rng.choice(_FILLER, size=int(rng.integers(0, 3)), replace=False)]
    places: list[tuple[float, float] | None] = [
        (COUNTY[0] + float(rng.uniform(-0.4, 0.4)), COUNTY[1] + float(rng.uniform(-0.4, 0.4)))
        for _ in range(int(rng.integers(1, PLACES + 1)))
    ]
    if rng.random() < 0.1:
        places[0] = None
    return PersonRow(
        text=" ".join(words) if rng.random() > 0.05 else "",
        occupations={occupation: 1.0} if rng.random() < 0.7 else {},
        skills=skills,
        places=tuple(places),
        radius_km=float(rng.choice([5, 10, 20, 30, 50])),
        anywhere=bool(rng.random() < 0.1),
        active=bool(rng.random() < 0.9),
        welfare_eligible=bool(rng.random() < 0.2),
        wage=float(rng.choice([NAN, 3000, 4000, 5000, 6500])),
        education=int(rng.integers(0, 6)),
        wants=int(rng.integers(1, 32)),
        available_day=int(rng.choice([NO_DAY, TODAY - 10, TODAY + 20, TODAY + 80])),
        certificates={occupation: float(rng.integers(1, 6))} if rng.random() < 0.3 else {},
    )


def random_vacancy(rng: np.random.Generator) -> VacancyRow:
    occupation = int(rng.integers(len(OCCUPATIONS)))
    name, synonyms = OCCUPATIONS[occupation]
    words = ["招聘", str(rng.choice([name, *synonyms]))]
    skills: dict[int, float] = {}
    for s in rng.choice(len(SKILLS), size=int(rng.integers(0, 3)), replace=False):
        skills[int(s)] = float(rng.choice([0.5, 1.0]))
        words.append(SKILLS[int(s)][0])
    words += [str(w) for w in rng.choice(_FILLER, size=int(rng.integers(0, 3)), replace=False)]
    low = float(rng.choice([NAN, 3000, 4000, 5000]))
    place = (
        None
        if rng.random() < 0.1
        else (
            COUNTY[0] + float(rng.uniform(-0.4, 0.4)),
            COUNTY[1] + float(rng.uniform(-0.4, 0.4)),
        )
    )
    return VacancyRow(
        text=" ".join(words),
        occupations={occupation: 1.0},
        skills=skills,
        place=place,
        active=bool(rng.random() < 0.9),
        valid_until_day=int(rng.choice([TODAY - 1, TODAY, TODAY + 60])),
        wage_min=low,
        wage_max=low + float(rng.choice([0, 1000, 2000])),
        education_min=int(rng.integers(0, 5)),
        work_type=str(rng.choice(WORK_TYPES)),
        start_day=int(rng.choice([NO_DAY, TODAY + 10, TODAY + 40])),
        certificate_min=int(rng.choice([0, 0, 2, 4])),
        occupation=occupation,
    )


def random_registry(
    rng: np.random.Generator, *, people: int, vacancies: int
) -> tuple[dict[int, PersonRow], dict[int, VacancyRow]]:
    """People with ids 1..people and vacancies with ids 10001.., in one random county."""
    return (
        {1 + i: random_person(rng) for i in range(people)},
        {10_001 + i: random_vacancy(rng) for i in range(vacancies)},
    )
