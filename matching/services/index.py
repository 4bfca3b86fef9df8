"""Build, keep and update the match index of the live registries.

A process keeps one index in memory. It is built from scratch by ``index_rebuild`` (a task on the
slow queue, nightly and on demand) and saved under ``MATCHING_INDEX_DIR``; a process that starts
loads the saved copy and catches up on the people and vacancies changed since it was built, so a
worker restart never recomputes everything.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from jobs.models import MigrantRecord, Person, Support, Vacancy
from matching.ml.index import MatchIndex, RankStats, Side
from matching.ml.scoring import concat_tables
from matching.ml.vectors import FeatureSpace, ProfileBatch, occupation_groups
from matching.services.profiles import (
    PeopleData,
    Taxonomy,
    VacancyData,
    day_number,
    people_data,
    taxonomy_snapshot,
    vacancy_data,
)

log = logging.getLogger(__name__)
BATCH = 2000  # ids per query: below SQLite's limit on query parameters
CATCH_UP_OVERLAP = timedelta(minutes=1)
T = TypeVar("T", PeopleData, VacancyData)


@dataclass
class LiveIndex:
    """The index with what it needs to grow: the taxonomy it was built with and how far it has
    caught up with the registries."""

    index: MatchIndex
    taxonomy: Taxonomy
    built_at: datetime
    synced_at: datetime


_lock = threading.Lock()
_live: LiveIndex | None = None


def indexed_people() -> Any:
    """People the engine may match: consented and looking for work."""
    return Person.objects.filter(consent_matching=True, is_seeking=True)


def indexed_vacancies() -> Any:
    return Vacancy.objects.filter(status=Vacancy.Status.OPEN)


def _batched(ids: Sequence[int], load: Callable[[Sequence[int]], T]) -> Iterator[T]:
    for start in range(0, len(ids), BATCH):
        yield load(ids[start : start + BATCH])


def _joined(parts: list[T]) -> tuple[np.ndarray, ProfileBatch, Any]:
    ids = np.concatenate([p.ids for p in parts])
    batch = ProfileBatch(
        texts=[t for p in parts for t in p.batch.texts],
        occupations=sp.vstack([p.batch.occupations for p in parts], format="csr"),
        skills=sp.vstack([p.batch.skills for p in parts], format="csr"),
        refusals=sp.vstack([p.batch.refusal_matrix() for p in parts], format="csr"),
        refused_words=[w for p in parts for w in (p.batch.refused_words or [""] * len(p.batch))],
        welfare=np.concatenate(
            [np.zeros(len(p.batch), bool) if p.batch.welfare is None else p.batch.welfare for p in parts]
        ),
    )
    table = parts[0].table
    for p in parts[1:]:
        table = concat_tables(table, p.table)
    return ids, batch, table


def index_build(
    *, today: date | None = None, rank: bool = True, people: Any = None, vacancies: Any = None
) -> tuple[LiveIndex, RankStats]:
    """A new index over every indexed person and vacancy (or those of ``people`` and
    ``vacancies`` among them), with both ways' lists computed unless ``rank`` is False (the
    shards of a full re-scoring rank it)."""
    today = today or timezone.localdate()
    started = timezone.now()
    taxonomy = taxonomy_snapshot()
    people = indexed_people() if people is None else people & indexed_people()
    vacancies = indexed_vacancies() if vacancies is None else vacancies & indexed_vacancies()
    person_ids = list(people.order_by("pk").values_list("pk", flat=True))
    vacancy_ids = list(vacancies.order_by("pk").values_list("pk", flat=True))
    load_people = lambda ids: people_data(ids, taxonomy, today=today)  # noqa: E731
    load_vacancies = lambda ids: vacancy_data(ids, taxonomy, today=today)  # noqa: E731
    p_ids, p_batch, p_table = _joined(list(_batched(person_ids, load_people)) or [load_people([])])
    v_ids, v_batch, v_table = _joined(list(_batched(vacancy_ids, load_vacancies)) or [load_vacancies([])])
    space = FeatureSpace.fit(
        list(p_batch.texts) + list(v_batch.texts),
        matcher=taxonomy.matcher,
        n_occupations=len(taxonomy.occupation_ids),
        n_skills=len(taxonomy.skill_ids),
        groups=occupation_groups(taxonomy.occupation_codes),
    )
    k = settings.MATCHING_TOP_K
    index = MatchIndex(
        space,
        Side(p_ids, space.vectors(p_batch), p_table),
        Side(v_ids, space.vectors(v_batch), v_table),
        k=k,
        width=k + max(10, k // 2),
    )
    stats = index.rank_all(today=day_number(today)) if rank else RankStats()
    log.info("built the match index: %d people, %d vacancies", len(p_ids), len(v_ids))
    return LiveIndex(index=index, taxonomy=taxonomy, built_at=started, synced_at=started), stats


def index_save(live: LiveIndex) -> None:
    live.index.save(
        settings.MATCHING_INDEX_DIR,
        {
            "built_at": live.built_at.isoformat(),
            "synced_at": live.synced_at.isoformat(),
            # The concept columns are these rows in this order. The automaton that finds them in
            # text is rebuilt on load, so edited synonyms apply at once.
            "occupations": live.taxonomy.occupation_ids,
            "skills": live.taxonomy.skill_ids,
        },
    )


def index_install(live: LiveIndex) -> None:
    global _live
    with _lock:
        _live = live


def index_current(*, today: date | None = None) -> LiveIndex:
    """This process's index, loaded or built on first use and caught up with the registries."""
    global _live
    with _lock:
        if _live is None:
            _live = _load_saved() or index_build(today=today)[0]
        index_catch_up(_live, today=today)
        return _live


def index_reset() -> None:
    """Forget this process's index (the next use loads or builds one)."""
    global _live
    with _lock:
        _live = None


def _load_saved() -> LiveIndex | None:
    loaded = MatchIndex.load(settings.MATCHING_INDEX_DIR)
    if loaded is None:
        return None
    index, meta = loaded
    taxonomy = taxonomy_snapshot()
    if meta.get("occupations") != taxonomy.occupation_ids or meta.get("skills") != taxonomy.skill_ids:
        log.info("saved match index is for another taxonomy; rebuilding")
        return None
    index.space.matcher = taxonomy.matcher
    built = datetime.fromisoformat(meta["built_at"])
    log.info("loaded the saved match index built at %s", built.isoformat())
    return LiveIndex(
        index=index, taxonomy=taxonomy, built_at=built, synced_at=datetime.fromisoformat(meta["synced_at"])
    )


def index_catch_up(live: LiveIndex, *, today: date | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Apply the people and vacancies changed since the index last looked; return the ids
    applied (people, vacancies)."""
    # A row saved just before this moment may commit just after it: look back a little next
    # time too (applying a row twice is harmless).
    now = timezone.now() - CATCH_UP_OVERLAP
    since = live.synced_at
    # What the engine reads of a person or vacancy also lives in their migrant record, their
    # support row (eligible for public-welfare posts) and employer: a change there is a change of
    # the person or vacancy.
    people = sorted(
        set(Person.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
        | set(MigrantRecord.objects.filter(recorded_at__gte=since).values_list("person_id", flat=True))
        | set(Support.objects.filter(updated_at__gte=since).values_list("person_id", flat=True))
    )
    vacancies = list(
        Vacancy.objects.filter(Q(updated_at__gte=since) | Q(employer__updated_at__gte=since)).values_list(
            "pk", flat=True
        )
    )
    if people:
        index_apply_people(live, people, today=today)
    if vacancies:
        index_apply_vacancies(live, vacancies, today=today)
    live.synced_at = now
    return np.asarray(people, np.int64), np.asarray(vacancies, np.int64)


def index_apply_people(live: LiveIndex, ids: Sequence[int], *, today: date | None = None) -> np.ndarray:
    """Re-score the people ``ids`` (new, changed, no longer looking or deleted) both ways;
    return the ids of vacancies whose lists changed."""
    today = today or timezone.localdate()
    index = live.index
    current = set(indexed_people().filter(pk__in=ids).values_list("pk", flat=True))
    gone = np.asarray([i for i in ids if i not in current], np.int64)
    changed: list[np.ndarray] = []
    if len(gone):
        before = index.vacancy_lists.ids.copy()
        index.remove(person_ids=gone, today=day_number(today))
        changed.append(index.vacancies.ids[np.flatnonzero((before != index.vacancy_lists.ids).any(axis=1))])
    for part in _batched(sorted(current), lambda b: people_data(b, live.taxonomy, today=today)):
        rows = index.upsert_people(
            part.ids, index.space.vectors(part.batch), part.table, today=day_number(today)
        )
        changed.append(index.vacancies.ids[rows[rows < len(index.vacancies)]])
    return np.unique(np.concatenate(changed)) if changed else np.zeros(0, np.int64)


def index_apply_vacancies(live: LiveIndex, ids: Sequence[int], *, today: date | None = None) -> np.ndarray:
    """Re-score the vacancies ``ids`` both ways; return the ids of people whose lists changed."""
    today = today or timezone.localdate()
    index = live.index
    current = set(indexed_vacancies().filter(pk__in=ids).values_list("pk", flat=True))
    gone = np.asarray([i for i in ids if i not in current], np.int64)
    changed: list[np.ndarray] = []
    if len(gone):
        before = index.person_lists.ids.copy()
        index.remove(vacancy_ids=gone, today=day_number(today))
        changed.append(index.people.ids[np.flatnonzero((before != index.person_lists.ids).any(axis=1))])
    for part in _batched(sorted(current), lambda b: vacancy_data(b, live.taxonomy, today=today)):
        rows = index.upsert_vacancies(
            part.ids, index.space.vectors(part.batch), part.table, today=day_number(today)
        )
        changed.append(index.people.ids[rows[rows < len(index.people)]])
    return np.unique(np.concatenate(changed)) if changed else np.zeros(0, np.int64)
