from __future__ import annotations

from typing import Any

from django.db import transaction

from jobs.data.taxonomy import OCCUPATIONS
from jobs.models import Occupation, Skill
from jobs.models.taxonomy import split_titles
from matching.ml.classification import read_classification


def titles_merged(existing: str, *more: str) -> str:
    """``existing`` titles with the titles of ``more`` that it lacks, "、"-separated."""
    titles = split_titles(existing)
    for text in more:
        titles += [t for t in split_titles(text) if t not in titles]
    return "、".join(titles)


def classification_load(occupation_model: Any) -> int:
    """Insert every group and occupation of the national classification that is not there yet,
    parents first, with the book's definition, tasks and everyday titles; return how many.

    Takes the model class so that migrations can pass their historical model."""
    present = dict(occupation_model.objects.values_list("code", "pk"))
    missing = [e for e in read_classification() if e.code not in present]
    for level in sorted({e.level for e in missing}):
        rows = [
            occupation_model(
                code=e.code, name=e.name, level=e.level, parent_id=present.get(e.parent or ""),
                definition=e.definition, tasks=e.tasks, synonyms="、".join(e.titles),
            )
            for e in missing
            if e.level == level
        ]  # fmt: skip
        occupation_model.objects.bulk_create(rows, batch_size=500)
        present.update(occupation_model.objects.filter(level=level).values_list("code", "pk"))
    return len(missing)


@transaction.atomic
def taxonomy_load() -> int:
    """Add the county's everyday titles to the classification's occupations and create the
    seed skills that are missing, linked to the occupations that use them. Staff edits are left
    alone: titles are only added, existing skills only gain links. The classification's rows are
    put back first if any is missing (a database emptied by hand or by a test). Returns the rows
    created."""
    created = classification_load(Occupation)
    for entry in OCCUPATIONS:
        occupation = Occupation.objects.get(code=entry["csco"])
        titles = titles_merged(occupation.synonyms, entry["title"], entry["synonyms"])
        if titles != occupation.synonyms or not occupation.industry:
            occupation.synonyms = titles
            occupation.industry = occupation.industry or entry["industry"]
            occupation.save(update_fields=["synonyms", "industry", "updated_at"])
        for code, name, synonyms in entry["skills"]:
            skill, made = Skill.objects.get_or_create(
                code=code, defaults={"name": name, "synonyms": synonyms}
            )
            created += made
            skill.occupations.add(occupation)
    return created
