"""Keep the stored matches in step with the registries: all at once, or for what changed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils import timezone

from matching.services.index import (
    index_apply_people,
    index_apply_vacancies,
    index_build,
    index_current,
    index_install,
    index_save,
)
from matching.services.matches import exposure_scope, matches_store


def matches_rebuild(*, today: date | None = None) -> dict[str, int]:
    """Rebuild the index from scratch, save it, and rewrite every stored match."""
    today = today or timezone.localdate()
    live, stats = index_build(today=today)
    index_save(live)
    index_install(live)
    counts = matches_store(live, everyone=True, today=today)
    return {
        "people": int(live.index.people.alive.sum()),
        "vacancies": int(live.index.vacancies.alive.sum()),
        "candidates": stats.candidates,
        **counts,
    }


def matches_refresh_people(*, person_ids: Sequence[int], today: date | None = None) -> dict[str, int]:
    """Re-score these people both ways and store their lists and the vacancy lists they changed,
    or that the exposure rule moves for them."""
    today = today or timezone.localdate()
    live = index_current(today=today)
    vacancies = set(index_apply_people(live, person_ids, today=today).tolist())
    vacancies |= exposure_scope(live, person_ids, today=today)
    return matches_store(live, person_ids=person_ids, vacancy_ids=vacancies, today=today)


def matches_refresh_vacancies(*, vacancy_ids: Sequence[int], today: date | None = None) -> dict[str, int]:
    """Re-score these vacancies both ways and store their lists and the people lists they changed."""
    live = index_current(today=today)
    people = index_apply_vacancies(live, vacancy_ids, today=today)
    return matches_store(live, person_ids=people.tolist(), vacancy_ids=vacancy_ids, today=today)
