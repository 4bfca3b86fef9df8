"""Matching quality on a set of people's own words with officers' answers (by default
../shared/eval/matching-dev-zh.json): the engine and the set's plain TF-IDF reference, scored
in one run, both ways, as the set says (MRR, hit@1, hit@5, order of relevant over below).

    python bench/eval_dev_set.py [path/to/set.json]

The set is loaded into a fresh SQLite database through the registry's models: each vacancy's
occupation is the taxonomy occupation its text names (or a catch-all one), its skills and
certificate go into its description, each seeker's text is their self-description, with their
wage, education, work types, hardship categories and "anywhere" as a registration records them.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_SET = Path(__file__).resolve().parents[2] / "shared" / "eval" / "matching-dev-zh.json"
EDUCATION = {"none": 1, "primary": 1, "junior_high": 2, "senior_high": 3, "junior_college": 4, "bachelor": 5}
HARDSHIP = {"long_term_unemployed": "long_unemployed"}
TODAY = date(2026, 12, 1)


def score(
    ranked: dict[str, list[str]], relevant: dict[str, set[str]], below: dict[str, set[str]]
) -> dict[str, float]:
    """The set's four measures over each query's ranked list (what is not listed is missing)."""
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
    return {"MRR": float(np.mean(rr)), "hit@1": float(np.mean(hit1)), "hit@5": float(np.mean(hit5)),
            "order": good / pairs if pairs else 1.0, "pairs": pairs, "queries": len(relevant)}  # fmt: skip


def tfidf_reference(seeker_texts: Sequence[str], vacancy_texts: Sequence[str]) -> np.ndarray:
    """The set's baseline: char 1-3-gram TF-IDF, otherwise defaults, cosine, no filters."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit([*seeker_texts, *vacancy_texts])
    return (vectorizer.transform(seeker_texts) @ vectorizer.transform(vacancy_texts).T).toarray()


def load(data: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """Write the set into the registry; returns the row ids of vacancies and seekers by set id."""
    from django.utils import timezone

    from jobs.models import Employer, HardToEmployProfile, Occupation, Person, Vacancy
    from jobs.services.people import id_number_hash
    from jobs.validators import credit_code_check_char, id_check_char

    def credit_code(region: str) -> str:
        body = f"91{region}{len(region):09d}"
        return body + credit_code_check_char(body)

    occupations = list(Occupation.objects.all())
    catch_all, _ = Occupation.objects.get_or_create(
        code="unclassified", defaults={"name": "其他", "industry": "O"}
    )
    regions = {key: region["code"] for key, region in data["regions"].items()}
    employers = {key: Employer.objects.create(name=f"{key}用人单位", credit_code=credit_code(code), industry="C",
                                              region_id=code, status=Employer.Status.APPROVED)
                 for key, code in regions.items()}  # fmt: skip
    vacancies = {}
    for v in data["vacancies"]:
        text = f"{v['title']} {v['description']}"
        occupation = next((o for o in occupations if o.name in text or any(
            s and s in text for s in o.synonyms.split("、"))), catch_all)  # fmt: skip
        low, high, unit = v["wage"]
        vacancies[v["id"]] = Vacancy.objects.create(
            employer=employers[v["region"]], title=v["title"], occupation=occupation, headcount=3,
            description=f"{v['description']} 技能要求：{'、'.join(v['skills'])} {v.get('certificate') or ''}",
            wage_min=low, wage_max=high, wage_unit=unit, education_min=EDUCATION.get(v["education"]),
            work_type=v["type"], region_id=regions[v["region"]], valid_from=TODAY - timedelta(days=5),
            valid_until=TODAY + timedelta(days=60), status=Vacancy.Status.OPEN,
        ).pk  # fmt: skip
    seekers = {}
    for n, s in enumerate(data["seekers"]):
        body = f"{regions[s['region']]}19800101{n:03d}"
        number = body + id_check_char(body)
        types = set(s.get("work_types") or ["full_time", "part_time", "gig"])
        person = Person.objects.create(
            name=f"求职者{n}", id_number=number, id_number_hash=id_number_hash(number), birth_date=date(1980, 1, 1),
            sex="M", home_region_id=regions[s["region"]], education=EDUCATION.get(s["education"], 2),
            employment_status="unemployed", is_seeking=True, self_description=s["text"],
            expected_wage=s["expect"][0], expected_wage_unit=s["expect"][1], wants_full_time="full_time" in types,
            wants_part_time="part_time" in types, wants_gig="gig" in types, accepts_anywhere=bool(s.get("anywhere")),
            consent_matching=True, consent_recorded_at=timezone.now(),
        )  # fmt: skip
        if s.get("hardship"):
            profile = HardToEmployProfile.objects.create(
                person=person, registered_on=TODAY - timedelta(days=90)
            )
            for category in s["hardship"]:
                profile.categories.create(category=HARDSHIP.get(category, category))
        seekers[s["id"]] = person.pk
    return vacancies, seekers


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SET
    data = json.loads(path.read_text(encoding="utf-8"))
    folder = tempfile.mkdtemp(prefix="eval-dev-")
    os.environ.update({"DATABASE_URL": f"sqlite:///{folder}/eval.sqlite3", "VAR_DIR": folder,
                       "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING"})  # fmt: skip
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    from jobs.services.taxonomy import taxonomy_load
    from matching.services.index import index_build

    call_command("migrate", verbosity=0)
    taxonomy_load()
    vacancies, seekers = load(data)
    live, _stats = index_build(today=TODAY)
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
    print(f"{path.name}: {len(s_ids)} seekers, {len(v_ids)} vacancies")
    print("| side | variant | MRR | hit@1 | hit@5 | order |")
    print("|---|---|---|---|---|---|")
    for side, rel, bel, runs in (
        ("seeker → jobs", relevant, below, (("TF-IDF reference", tfidf_jobs), ("engine", engine_jobs))),
        (
            "vacancy → people",
            v_relevant,
            v_below,
            (("TF-IDF reference", tfidf_people), ("engine", engine_people)),
        ),
    ):
        for name, ranked in runs:
            m = score(ranked, rel, bel)
            print(f"| {side} | {name} | {m['MRR']:.3f} | {m['hit@1']:.2f} | {m['hit@5']:.2f} | "
                  f"{m['order']:.2f} ({m['pairs']} pairs, {m['queries']} queries) |")  # fmt: skip


if __name__ == "__main__":
    main()
