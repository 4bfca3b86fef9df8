from __future__ import annotations

from django.db import transaction

from jobs.data.taxonomy import OCCUPATIONS
from jobs.models import Occupation, Skill


@transaction.atomic
def taxonomy_load() -> int:
    """Create the seed occupations and skills that are missing; staff edits are left alone."""
    created = 0
    for entry in OCCUPATIONS:
        occupation, made = Occupation.objects.get_or_create(
            code=entry["code"],
            defaults={"name": entry["name"], "industry": entry["industry"], "synonyms": entry["synonyms"]},
        )
        created += made
        for code, name, synonyms in entry["skills"]:
            skill, made = Skill.objects.get_or_create(
                code=code, defaults={"name": name, "synonyms": synonyms}
            )
            created += made
            skill.occupations.add(occupation)
    return created
