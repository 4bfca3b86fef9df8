"""The registries as the engine's arrays: what each person and vacancy wrote (text and taxonomy
concepts) and the structured columns the hard filters and context parts need.

Queries are done per batch of ids with ``values()`` and grouped in Python, so building the
whole registry takes a handful of queries per batch, not several per person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.db.models import BooleanField, ExpressionWrapper

from jobs.models import (
    MigrantRecord,
    Occupation,
    Person,
    PersonCertificate,
    PersonSkill,
    Region,
    Skill,
    Support,
    Vacancy,
    VacancySkill,
    WorkHistory,
)
from jobs.models.demand import vacancy_is_live
from jobs.models.people import EmploymentStatus
from jobs.models.taxonomy import split_titles
from matching.ml.licences import held_mask, licences_for_work, licences_in, required_mask
from matching.ml.reading import CONCEPTS, concept_row, read_text, refused_words
from matching.ml.scoring import NO_DAY, WORK_TYPES, PeopleTable, VacancyTable, monthly, unit_vectors
from matching.ml.text import ConceptMatcher
from matching.ml.titles import RegistryTitles, with_titles
from matching.ml.vectors import FOUND_IN_TEXT, SKILL, ProfileBatch
from matching.services.coding import people_coded, registry_titles

PLACES = 3  # home area and up to two desired areas
# A text is coded to up to this many occupations, those the coder is at least UNSURE of, at full
# weight from SURE up (the coder's confidences are a softmax over some 1,700 occupations).
CODED, UNSURE, SURE = 3, 0.05, 0.3
# ...and never below this share of full weight: two sides whose coded occupations agree then
# clear the similarity floor on that alone (0.4 x 0.6 x AGREES of a declared one's weight).
AGREES = 1 / 3
EPOCH = date(1970, 1, 1)


def day_number(day: date | None) -> int:
    return NO_DAY if day is None else (day - EPOCH).days


@dataclass(frozen=True)
class Taxonomy:
    """Occupations and skills as column numbers of the concept blocks, with what finds them in
    text: the occupation coder and the registry's titles for occupations, the names and
    synonyms of skills for skills."""

    occupation_ids: list[int]
    skill_ids: list[int]
    occupation_codes: list[str]
    occupation_levels: list[int]
    occupation_names: list[str]
    skill_names: list[str]
    matcher: ConceptMatcher
    titles: RegistryTitles

    def coded(self, people: Sequence[int], texts: Sequence[str]) -> list[dict[int, float]]:
        """The occupation columns each person's text is coded to, weighted by confidence (a
        text that names no work gets none): for people who declare no occupation."""
        column = {code: i for i, code in enumerate(self.occupation_codes)}
        todo = [i for i, t in enumerate(texts) if t.strip()]
        words = [texts[i] for i in todo]
        out: list[dict[int, float]] = [{} for _ in texts]
        coded = people_coded([people[i] for i in todo], words, k=CODED)
        for i, suggestions in zip(todo, with_titles(self.titles, words, coded, CODED), strict=True):
            out[i] = {
                column[s.code]: FOUND_IN_TEXT * min(1.0, max(s.confidence / SURE, AGREES))
                for s in suggestions
                if s.code in column and s.confidence >= UNSURE
            }
        return out

    @property
    def occupation_index(self) -> dict[int, int]:
        return {pk: i for i, pk in enumerate(self.occupation_ids)}

    @property
    def skill_index(self) -> dict[int, int]:
        return {pk: i for i, pk in enumerate(self.skill_ids)}


def taxonomy_snapshot() -> Taxonomy:
    occupations = list(Occupation.objects.order_by("pk").values_list("pk", "name", "code", "level"))
    skills = list(Skill.objects.order_by("pk").values_list("pk", "name", "synonyms"))
    concepts = [(SKILL, i, [name, *split_titles(synonyms)]) for i, (_pk, name, synonyms) in enumerate(skills)]
    return Taxonomy(
        occupation_ids=[r[0] for r in occupations],
        skill_ids=[r[0] for r in skills],
        occupation_codes=[r[2] for r in occupations],
        occupation_levels=[r[3] for r in occupations],
        occupation_names=[r[1] for r in occupations],
        skill_names=[r[1] for r in skills],
        matcher=ConceptMatcher(concepts),
        titles=registry_titles(),
    )


def _grouped(rows: Iterable[Any], key: str) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


def _sparse(entries: list[dict[int, float]], width: int) -> sp.csr_matrix:
    rows = [r for r, e in enumerate(entries) for _ in e]
    cols = [c for e in entries for c in e]
    vals = [v for e in entries for v in e.values()]
    return sp.csr_matrix(
        (np.asarray(vals, np.float32), (rows, cols)), shape=(len(entries), width), dtype=np.float32
    )


def _region_xyz() -> dict[int, np.ndarray]:
    rows = list(Region.objects.filter(longitude__isnull=False).values_list("code", "longitude", "latitude"))
    xyz = unit_vectors(np.array([r[1] for r in rows]), np.array([r[2] for r in rows]))
    return {int(r[0]): xyz[i] for i, r in enumerate(rows)}


@dataclass
class PeopleData:
    ids: np.ndarray
    batch: ProfileBatch
    table: PeopleTable


def people_data(ids: Sequence[int], taxonomy: Taxonomy, *, today: date) -> PeopleData:
    """Profiles and table rows of the people ``ids`` (in that order; ids not found are dropped)."""
    occ, skl = taxonomy.occupation_index, taxonomy.skill_index
    people = {
        p["pk"]: p
        for p in Person.objects.filter(pk__in=ids).values(
            "pk",
            "home_region_id",
            "self_description",
            "major",
            "education",
            "employment_status",
            "is_seeking",
            "consent_matching",
            "expected_wage",
            "expected_wage_unit",
            "wants_full_time",
            "wants_part_time",
            "wants_gig",
            "wants_shared",
            "commute_radius_km",
            "accepts_anywhere",
            "available_from",
        )
    }
    ids = [i for i in ids if i in people]
    desired_occ = _grouped(
        Person.desired_occupations.through.objects.filter(person_id__in=ids).values(), "person_id"
    )
    desired_reg = _grouped(
        Person.desired_regions.through.objects.filter(person_id__in=ids).values(), "person_id"
    )
    skills = _grouped(
        PersonSkill.objects.filter(person_id__in=ids).values("person_id", "skill_id", "skill__name", "level"),
        "person_id",
    )
    certificates = _grouped(
        PersonCertificate.objects.filter(person_id__in=ids).values(
            "person_id", "name", "occupation_id", "level"
        ),
        "person_id",
    )
    history = _grouped(
        WorkHistory.objects.filter(person_id__in=ids).values(
            "person_id", "title", "description", "occupation_id"
        ),
        "person_id",
    )
    migrants = {
        m["person_id"]: m
        for m in MigrantRecord.objects.filter(person_id__in=ids, is_current=True).values(
            "person_id", "occupation_id", "expected_return_on", "returned_on"
        )
    }
    # Public-welfare posts are listed only for people the rule makes eligible (found daily).
    eligible = set(
        Support.objects.filter(person_id__in=ids)
        .exclude(welfare_grounds=[])
        .values_list("person_id", flat=True)
    )
    names = dict(Occupation.objects.values_list("pk", "name"))
    xyz_of = _region_xyz()  # fmt: skip

    texts, occupations, skill_weights = [], [], []
    n = len(ids)
    xyz = np.full((n, PLACES, 3), np.nan, np.float32)
    table = {
        "radius_km": np.zeros(n, np.float32), "anywhere": np.zeros(n, bool), "active": np.zeros(n, bool),
        "welfare_eligible": np.zeros(n, bool), "wage": np.full(n, np.nan, np.float32),
        "education": np.zeros(n, np.int8), "wants": np.zeros(n, np.uint8),
        "available_day": np.full(n, NO_DAY, np.int32),
    }  # fmt: skip
    cert_entries: list[dict[int, float]] = []
    refusals: list[dict[int, float]] = []
    refused: list[str] = []
    uncoded: list[int] = []  # people who declare no occupation: theirs are coded from their words
    licences = np.zeros(n, np.uint64)
    for row, pk in enumerate(ids):
        p = people[pk]
        # What the form leaves empty is read from the person's own words; what they refuse
        # counts against, not for.
        reading = read_text(p["self_description"])
        o: dict[int, float] = {}
        for d in desired_occ.get(pk, []):
            o[occ[d["occupation_id"]]] = 1.0
        words = [names[d["occupation_id"]] for d in desired_occ.get(pk, [])]
        s = {skl[k["skill_id"]]: 0.4 + 0.15 * k["level"] for k in skills.get(pk, []) if k["skill_id"] in skl}
        words += [k["skill__name"] for k in skills.get(pk, [])]
        ranks: dict[int, float] = {}
        held = set(reading.licences) | licences_for_work(reading.positive_text)
        for c in certificates.get(pk, []):
            words.append(c["name"])
            held |= licences_in(c["name"])
            if c["occupation_id"] in occ:
                i = occ[c["occupation_id"]]
                o[i] = max(o.get(i, 0.0), 0.8)
                if c["level"]:
                    ranks[i] = max(ranks.get(i, 0.0), 6.0 - c["level"])
        for h in history.get(pk, []):
            words += [h["title"], h["description"]]
            held |= licences_for_work(f"{h['title']} {h['description']}")
            if h["occupation_id"] in occ:
                i = occ[h["occupation_id"]]
                o[i] = max(o.get(i, 0.0), 0.7)
        migrant = migrants.get(pk)
        away = (
            migrant is not None
            and migrant["returned_on"] is None
            and p["employment_status"] == EmploymentStatus.MIGRANT
        )
        if migrant and migrant["occupation_id"] in occ:
            i = occ[migrant["occupation_id"]]
            o[i] = max(o.get(i, 0.0), 0.7)
        words += [p["major"], reading.positive_text]
        texts.append(" ".join(w for w in words if w))
        if not o:
            uncoded.append(row)
        occupations.append(o)
        skill_weights.append(s)
        cert_entries.append(ranks)
        refusals.append(concept_row(refused=reading.refused))
        refused.append(refused_words(reading.refused))
        licences[row] = held_mask(frozenset(held))

        places = [p["home_region_id"], *(d["region_id"] for d in desired_reg.get(pk, []))][:PLACES]
        for j, code in enumerate(places):
            if int(code) in xyz_of:
                xyz[row, j] = xyz_of[int(code)]
        table["radius_km"][row] = p["commute_radius_km"]
        table["anywhere"][row] = p["accepts_anywhere"]
        table["active"][row] = p["consent_matching"] and p["is_seeking"]
        table["welfare_eligible"][row] = pk in eligible
        wage = (p["expected_wage"], p["expected_wage_unit"]) if p["expected_wage"] else reading.wage
        table["wage"][row] = monthly(*wage) if wage else np.nan
        table["education"][row] = p["education"] or reading.education or 0
        wants = (
            p["wants_full_time"],
            p["wants_part_time"],
            p["wants_gig"],
            p["wants_shared"],
            pk in eligible,
        )
        table["wants"][row] = sum(1 << b for b, w in enumerate(wants) if w) | sum(
            1 << WORK_TYPES.index(kind) for kind in reading.work_types
        )
        available = [
            d for d in (p["available_from"], migrant["expected_return_on"] if away and migrant else None) if d
        ]
        table["available_day"][row] = day_number(max(available)) if available else NO_DAY
    for row, coded in zip(
        uncoded, taxonomy.coded([ids[r] for r in uncoded], [texts[r] for r in uncoded]), strict=True
    ):
        occupations[row] = coded
    return PeopleData(
        ids=np.asarray(ids, np.int64),
        batch=ProfileBatch(
            texts=texts,
            occupations=_sparse(occupations, len(taxonomy.occupation_ids)),
            skills=_sparse(skill_weights, len(taxonomy.skill_ids)),
            refusals=_sparse(refusals, len(CONCEPTS)),
            refused_words=refused,
            welfare=table["welfare_eligible"],
        ),
        table=PeopleTable(
            xyz=xyz,
            certificates=_sparse(cert_entries, len(taxonomy.occupation_ids)),
            licences=licences,
            **table,
        ),
    )


@dataclass
class VacancyData:
    ids: np.ndarray
    batch: ProfileBatch
    table: VacancyTable


def vacancy_data(ids: Sequence[int], taxonomy: Taxonomy, *, today: date) -> VacancyData:
    """Profiles and table rows of the vacancies ``ids`` (in that order; missing ones dropped)."""
    occ, skl = taxonomy.occupation_index, taxonomy.skill_index
    vacancies = {
        v["pk"]: v
        for v in Vacancy.objects.filter(pk__in=ids)
        .annotate(live=ExpressionWrapper(vacancy_is_live(today), output_field=BooleanField()))
        .values(
            "pk",
            "title",
            "description",
            "occupation_id",
            "occupation__name",
            "occupation__definition",
            "work_type",
            "live",
            "wage_min",
            "wage_max",
            "wage_unit",
            "education_min",
            "certificate_level_min",
            "licence",
            "region_id",
            "longitude",
            "latitude",
            "start_date",
            "valid_until",
        )
    }
    ids = [i for i in ids if i in vacancies]
    skills = _grouped(
        VacancySkill.objects.filter(vacancy_id__in=ids).values(
            "vacancy_id", "skill_id", "skill__name", "required"
        ),
        "vacancy_id",
    )
    xyz_of = _region_xyz()  # fmt: skip
    n = len(ids)
    texts, occupations, skill_weights, offers = [], [], [], []
    table: dict[str, np.ndarray] = {
        "licences": np.zeros(n, np.uint64),
        "xyz": np.full((n, 3), np.nan, np.float32), "active": np.zeros(n, bool),
        "valid_until_day": np.zeros(n, np.int32), "wage_min": np.full(n, np.nan, np.float32),
        "wage_max": np.full(n, np.nan, np.float32), "education_min": np.zeros(n, np.int8),
        "work_type": np.zeros(n, np.int8), "start_day": np.full(n, NO_DAY, np.int32),
        "certificate_min": np.zeros(n, np.int8), "occupation": np.zeros(n, np.int32),
    }  # fmt: skip
    for row, pk in enumerate(ids):
        v = vacancies[pk]
        own = skills.get(pk, [])
        # A post's own negations are what it does not ask: "不上夜班" offers no night shift.
        reading = read_text(f"{v['title']}，{v['description']}")
        # The book's definition of the post's occupation is part of what it says: "在宾馆清洁客房"
        # is how 客房服务员 reads there, and how people put it.
        words = [v["occupation__name"], v["occupation__definition"], *(s["skill__name"] for s in own)]
        texts.append(" ".join([*words, reading.positive_text]))
        offers.append(concept_row(offered_in=reading.positive_text))
        needed = reading.licences | licences_for_work(reading.positive_text) | ({v["licence"]} - {""})
        table["licences"][row] = required_mask(needed)
        occupations.append({occ[v["occupation_id"]]: 1.0} if v["occupation_id"] in occ else {})
        skill_weights.append(
            {skl[s["skill_id"]]: 1.0 if s["required"] else 0.5 for s in own if s["skill_id"] in skl}
        )
        if v["longitude"] is not None and v["latitude"] is not None:
            table["xyz"][row] = unit_vectors(np.array([v["longitude"]]), np.array([v["latitude"]]))[0]
        elif int(v["region_id"]) in xyz_of:
            table["xyz"][row] = xyz_of[int(v["region_id"])]
        table["active"][row] = v["live"]
        table["valid_until_day"][row] = day_number(v["valid_until"])
        table["wage_min"][row] = monthly(v["wage_min"], v["wage_unit"])
        table["wage_max"][row] = monthly(v["wage_max"], v["wage_unit"])
        table["education_min"][row] = v["education_min"] or reading.education or 0
        table["work_type"][row] = WORK_TYPES.index(v["work_type"])
        table["start_day"][row] = day_number(v["start_date"])
        table["certificate_min"][row] = 6 - v["certificate_level_min"] if v["certificate_level_min"] else 0
        table["occupation"][row] = occ.get(v["occupation_id"], 0)
    return VacancyData(
        ids=np.asarray(ids, np.int64),
        batch=ProfileBatch(
            texts=texts,
            occupations=_sparse(occupations, len(taxonomy.occupation_ids)),
            skills=_sparse(skill_weights, len(taxonomy.skill_ids)),
            refusals=_sparse(offers, len(CONCEPTS)),
            welfare=table["work_type"] == WORK_TYPES.index("public_welfare"),
        ),
        table=VacancyTable(**table),
    )
