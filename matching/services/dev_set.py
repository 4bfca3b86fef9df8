"""Matching quality on a set of people's own words with officers' answers (the format of
``shared/eval/matching-dev-zh.json``): the set is registered through the registry's own services
(employers approved, vacancies posted with the occupation the coder suggests for their titles,
seekers registered with their consent) inside a transaction that is rolled back, the engine ranks
only those rows, and both sides are scored as the set says, beside its plain character TF-IDF
reference computed in the same run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db import transaction
from sklearn.feature_extraction.text import TfidfVectorizer

from jobs.models import Employer, HardToEmployProfile, Occupation, Person, Region, Vacancy
from jobs.selectors.consent import consent_current
from jobs.services.employers import employer_approve, employer_save
from jobs.services.hardship import hardship_profile_save
from jobs.services.staff_desk import person_register_at_station
from jobs.services.vacancies import vacancy_create
from jobs.validators import credit_code_check_char, id_check_char
from matching.services.coding import occupations_suggest
from matching.services.index import index_build

EDUCATION = {"none": 1, "primary": 1, "junior_high": 2, "senior_high": 3, "junior_college": 4, "bachelor": 5}
HARDSHIP = {"long_term_unemployed": "long_unemployed"}
# An occupation the coder finds nothing for is posted as the book's catch-all.
UNCLASSIFIED = "8-00-00-00"


@dataclass(frozen=True)
class SideScores:
    mrr: float
    hit1: float
    hit5: float
    order: float
    pairs: int
    queries: int


def dev_set_score(
    ranked: dict[str, list[str]], relevant: dict[str, set[str]], below: dict[str, set[str]]
) -> SideScores:
    """The set's four measures over each query's ranked list (what is not listed is missing; a
    missing relevant item loses each of its pairs, a missing below item ranks under all)."""
    rr, hit1, hit5, good, pairs = [], [], [], 0, 0
    for query, rel in relevant.items():
        order = ranked.get(query, [])
        position = {item: i for i, item in enumerate(order)}
        ranks = sorted(position[r] for r in rel if r in position)
        rr.append(1 / (ranks[0] + 1) if ranks else 0.0)
        hit1.append(bool(ranks) and ranks[0] == 0)
        hit5.append(bool(ranks) and ranks[0] < 5)
        for r in rel:
            for b in below.get(query, set()):
                pairs += 1
                good += r in position and position[r] < position.get(b, len(order))
    return SideScores(
        float(np.mean(rr)), float(np.mean(hit1)), float(np.mean(hit5)), good / pairs if pairs else 1.0,
        pairs, len(relevant),
    )  # fmt: skip


def tfidf_reference(seeker_texts: Sequence[str], vacancy_texts: Sequence[str]) -> np.ndarray:
    """The set's baseline: char 1-3-gram TF-IDF, otherwise defaults, cosine, no filters."""
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit([*seeker_texts, *vacancy_texts])
    return np.asarray((vectorizer.transform(seeker_texts) @ vectorizer.transform(vacancy_texts).T).toarray())


def _credit_code(region: str, n: int) -> str:
    body = f"91{region}{n:09d}"
    return body + credit_code_check_char(body)


def _register(data: dict[str, Any], today: date) -> tuple[dict[str, int], dict[str, int]]:
    """The set as the registry's rows; returns the row ids of vacancies and seekers by set id."""
    regions = {key: Region.objects.get(code=r["code"]) for key, r in data["regions"].items()}
    employers = {}
    for n, (key, region) in enumerate(regions.items()):
        employer = employer_save(employer=Employer(
            name=f"{region.name}用人单位", credit_code=_credit_code(region.code, n), industry="C", region=region,
        ))  # fmt: skip
        employers[key] = employer_approve(employer=employer)
    by_code = dict(Occupation.objects.values_list("code", "pk"))
    titles = [v["title"] for v in data["vacancies"]]
    vacancies = {}
    for v, suggested in zip(data["vacancies"], occupations_suggest(titles, k=1), strict=True):
        low, high, unit = v["wage"]
        code = suggested[0].code if suggested else UNCLASSIFIED
        vacancies[v["id"]] = vacancy_create(employer=employers[v["region"]], data={
            "title": v["title"], "occupation_id": by_code[code], "headcount": 3,
            "description": f"{v['description']} 技能要求：{'、'.join(v['skills'])} {v.get('certificate') or ''}",
            "wage_min": low, "wage_max": high, "wage_unit": unit, "education_min": EDUCATION.get(v["education"]),
            "work_type": v["type"], "region": regions[v["region"]], "valid_from": today - timedelta(days=5),
            "valid_until": today + timedelta(days=60),
        }).pk  # fmt: skip
    consent = consent_current()
    seekers = {}
    for n, s in enumerate(data["seekers"]):
        region = regions[s["region"]]
        body = f"{region.code}19800101{n:03d}"
        types = set(s.get("work_types") or ["full_time", "part_time", "gig"])
        person = person_register_at_station(
            staff=None, id_number=body + id_check_char(body), name=f"求职者{n}", home_region=region,
            education=EDUCATION.get(s["education"], 2), employment_status=Person.EmploymentStatus.UNEMPLOYED,
            is_seeking=True, self_description=s["text"], expected_wage=s["expect"][0],
            expected_wage_unit=s["expect"][1], wants_full_time="full_time" in types,
            wants_part_time="part_time" in types, wants_gig="gig" in types, accepts_anywhere=bool(s.get("anywhere")),
            consent_matching=True, consent_text_version=consent.version if consent else None,
        )  # fmt: skip
        if s.get("hardship"):
            hardship_profile_save(
                profile=HardToEmployProfile(person=person, registered_on=today - timedelta(days=90)),
                categories=[HARDSHIP.get(c, c) for c in s["hardship"]],
            )
        seekers[s["id"]] = person.pk
    return vacancies, seekers


def dev_set_evaluate(data: dict[str, Any], *, today: date) -> dict[tuple[str, str], SideScores]:
    """(side, variant) -> scores, for the sides "seeker" and "vacancy" and the variants
    "tfidf" and "engine". Nothing of the set is left in the registry."""
    with transaction.atomic():
        vacancies, seekers = _register(data, today)
        live, _stats = index_build(
            today=today,
            people=Person.objects.filter(pk__in=seekers.values()),
            vacancies=Vacancy.objects.filter(pk__in=vacancies.values()),
        )
        transaction.set_rollback(True)
    index = live.index
    vacancy_of = {pk: key for key, pk in vacancies.items()}
    seeker_of = {pk: key for key, pk in seekers.items()}
    engine_jobs = {seeker_of[int(p)]: [vacancy_of[int(v)] for v in row if v >= 0]
                   for p, row in zip(index.people.ids, index.person_lists.ids, strict=True)}  # fmt: skip
    engine_people = {vacancy_of[int(v)]: [seeker_of[int(p)] for p in row if p >= 0]
                     for v, row in zip(index.vacancies.ids, index.vacancy_lists.ids, strict=True)}  # fmt: skip
    s_ids, v_ids = [s["id"] for s in data["seekers"]], [v["id"] for v in data["vacancies"]]
    sim = tfidf_reference([s["text"] for s in data["seekers"]],
                          [" ".join([v["title"], *v["skills"], v["description"]]) for v in data["vacancies"]])  # fmt: skip
    tfidf_jobs = {s: [v_ids[j] for j in np.argsort(-sim[i], kind="stable")] for i, s in enumerate(s_ids)}
    tfidf_people = {v: [s_ids[i] for i in np.argsort(-sim[:, j], kind="stable")] for j, v in enumerate(v_ids)}
    relevant = {s["id"]: set(s["relevant"]) for s in data["seekers"]}
    below = {s["id"]: set(s["below"]) for s in data["seekers"]}
    v_relevant: dict[str, set[str]] = {}
    v_below: dict[str, set[str]] = {}
    for s in data["seekers"]:
        for v in s["relevant"]:
            v_relevant.setdefault(v, set()).add(s["id"])
        for v in s["below"]:
            v_below.setdefault(v, set()).add(s["id"])
    return {
        ("seeker", "tfidf"): dev_set_score(tfidf_jobs, relevant, below),
        ("seeker", "engine"): dev_set_score(engine_jobs, relevant, below),
        ("vacancy", "tfidf"): dev_set_score(tfidf_people, v_relevant, v_below),
        ("vacancy", "engine"): dev_set_score(engine_people, v_relevant, v_below),
    }
