"""Matching quality on the demo county, measured against the generator's hidden ground truth.

Each synthetic person was drawn from a target occupation and region (``SyntheticTruth``). The
right vacancies for a person are the open ones of that occupation in that region; the right
people for a vacancy are those drawn from its occupation and region.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils import timezone

from jobs.models import Occupation, SyntheticTruth, Vacancy
from matching.ml.evaluate import Metrics, metrics, variant_rankings
from matching.ml.text import normalise
from matching.services.index import index_build
from matching.services.profiles import day_number, people_data, vacancy_data

VARIANTS = ("tfidf", "+taxonomy", "+filters", "engine")


@dataclass(frozen=True)
class EvaluationRow:
    variant: str
    people: Metrics  # vacancies ranked for each person
    own_words: Metrics  # the same, for people who never wrote their trade's official name
    vacancies: Metrics  # people ranked for each vacancy


def matching_evaluate(*, today: date | None = None, k: int = 10) -> list[EvaluationRow]:
    """Recall@k, NDCG@k and MRR both ways for the plain TF-IDF baseline and each added part."""
    today = today or timezone.localdate()
    truth = {
        p: (o, r) for p, o, r in SyntheticTruth.objects.values_list("person_id", "occupation_id", "region_id")
    }
    if not truth:
        raise ValueError("No ground truth: load the demo county first (manage.py load_demo).")
    live, _stats = index_build(today=today)
    index = live.index
    p_ids = index.people.ids[index.people.alive]
    v_ids = index.vacancies.ids[index.vacancies.alive]
    people = people_data(list(p_ids), live.taxonomy, today=today)
    vacancies = vacancy_data(list(v_ids), live.taxonomy, today=today)
    site = {
        v: (o, r)
        for v, o, r in Vacancy.objects.filter(pk__in=list(v_ids)).values_list(
            "pk", "occupation_id", "region_id"
        )
    }
    by_place: dict[tuple[int, str], set[int]] = {}
    for v, place in site.items():
        by_place.setdefault(place, set()).add(v)
    people_of: dict[tuple[int, str], set[int]] = {}
    for p in p_ids.tolist():
        if p in truth:
            people_of.setdefault(truth[p], set()).add(p)
    for_person = [by_place.get(truth.get(p, (0, "")), set()) for p in p_ids.tolist()]
    for_vacancy = [people_of.get(site[v], set()) for v in v_ids.tolist()]
    names = {o: normalise(n) for o, n in Occupation.objects.values_list("pk", "name")}
    own_words = np.array(
        [
            p in truth and names[truth[p][0]] not in normalise(text)
            for p, text in zip(p_ids.tolist(), people.batch.texts, strict=True)
        ]
    )
    rankings = variant_rankings(index, people.batch.texts, vacancies.batch.texts, today=day_number(today))
    rows = []
    for variant in VARIANTS:
        person_lists, vacancy_lists = rankings[variant]
        rows.append(
            EvaluationRow(
                variant=variant,
                people=metrics(person_lists, for_person, k),
                own_words=metrics(
                    person_lists[own_words], [r for r, o in zip(for_person, own_words, strict=True) if o], k
                ),
                vacancies=metrics(vacancy_lists, for_vacancy, k),
            )
        )
    return rows
