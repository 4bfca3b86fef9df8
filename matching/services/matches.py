"""Stored matches: the index's lists written as ``Match`` rows. What happens to a match after
it is listed (its status) is ``matching.services.lifecycle``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date

import numpy as np
from django.db import transaction
from django.utils import timezone

from matching.ml.explain import Explanation, explain
from matching.ml.index import Side
from matching.ml.licences import NAMES as LICENCE_NAMES
from matching.ml.topk import TopLists
from matching.models import Match, MatchStatus
from matching.services.index import LiveIndex
from matching.services.profiles import day_number

WRITE_BATCH = 1000


def _explanation_json(e: Explanation, live: LiveIndex) -> dict[str, object]:
    names, taxonomy = live.taxonomy.skill_names, live.taxonomy
    data = asdict(e)
    data["shared_skills"] = [names[i] for i in e.shared_skills]
    data["missing_skills"] = [names[i] for i in e.missing_skills]
    column = e.shared_occupation
    data["shared_occupation"] = (
        None
        if column is None
        else {
            "code": taxonomy.occupation_codes[column],
            "name": taxonomy.occupation_names[column],
            "level": taxonomy.occupation_levels[column],
        }
    )
    data["missing_licences"] = [LICENCE_NAMES[code] for code in e.missing_licences]
    data["offered_wage"] = list(e.offered_wage) if e.offered_wage else None
    del data["passes_filters"]
    return data


def _ranks(lists: TopLists, side: Side, ids: set[int], k: int) -> dict[tuple[int, int], tuple[int, float]]:
    """(list owner id, target id) -> (place on the owner's list, score), for the owners ``ids``."""
    wanted = np.fromiter(ids, np.int64, len(ids))
    rows = side.rows_of(wanted)
    owners, rows = wanted[rows >= 0], rows[rows >= 0]
    return {
        (int(owner), target): (rank, score)
        for owner, entries in zip(owners.tolist(), lists.take(rows).head(k), strict=True)
        for rank, (target, score) in enumerate(entries, start=1)
    }


@transaction.atomic
def matches_store(
    live: LiveIndex,
    *,
    person_ids: Iterable[int] = (),
    vacancy_ids: Iterable[int] = (),
    everyone: bool = False,
    today: date | None = None,
) -> dict[str, int]:
    """Write the current lists of the given people and vacancies (or of ``everyone``) as Match
    rows: new pairs created; ranks, scores and explanations of changed pairs updated; pairs that
    fell off both lists deleted unless they went beyond "proposed" (those are history). Pairs
    whose place and score did not change are not written. Returns counts."""
    today = today or timezone.localdate()
    index, k = live.index, live.index.k
    people, vacancies = index.people, index.vacancies
    if everyone:
        person_scope = set(people.ids[people.alive].tolist())
        vacancy_scope = set(vacancies.ids[vacancies.alive].tolist())
        existing = Match.objects.all()
    else:
        person_scope, vacancy_scope = set(person_ids), set(vacancy_ids)
        existing = Match.objects.filter(person_id__in=person_scope) | Match.objects.filter(
            vacancy_id__in=vacancy_scope
        )
    stored = {
        (p, v): (pk, status, pr, vr, score)
        for pk, p, v, status, pr, vr, score in existing.values_list(
            "pk", "person_id", "vacancy_id", "status", "person_rank", "vacancy_rank", "score"
        )
    }
    listed = set(_ranks(index.person_lists, people, person_scope, k))
    listed |= {(p, v) for (v, p) in _ranks(index.vacancy_lists, vacancies, vacancy_scope, k)}
    pairs = set(stored) | listed
    # Each pair's place on both lists, including lists outside the scope, so a new row is right.
    by_person = _ranks(index.person_lists, people, {p for p, _ in pairs}, k)
    by_vacancy = {
        (p, v): r for (v, p), r in _ranks(index.vacancy_lists, vacancies, {v for _, v in pairs}, k).items()
    }

    fresh: list[tuple[int, int, int | None, int | None]] = []
    moved: list[Match] = []
    delete: list[int] = []
    for pair in sorted(pairs):
        person_rank, score = by_person.get(pair, (None, None))
        vacancy_rank, other_score = by_vacancy.get(pair, (None, None))
        score = score if score is not None else other_score
        old = stored.get(pair)
        if score is None:  # on neither list now
            if old and old[1] == MatchStatus.PROPOSED:
                delete.append(old[0])
            elif old and (old[2], old[3]) != (None, None):
                moved.append(Match(pk=old[0], person_rank=None, vacancy_rank=None))
        elif old is None or abs(old[4] - score) > 1e-6:
            fresh.append((*pair, person_rank, vacancy_rank))
        elif (old[2], old[3]) != (person_rank, vacancy_rank):
            moved.append(Match(pk=old[0], person_rank=person_rank, vacancy_rank=vacancy_rank))

    p_rows = people.rows_of(np.array([f[0] for f in fresh], np.int64))
    v_rows = vacancies.rows_of(np.array([f[1] for f in fresh], np.int64))
    now = timezone.now()
    rows = [
        Match(
            person_id=pid, vacancy_id=vid, person_rank=pr, vacancy_rank=vr,
            score=min(max(e.score, 0.0), 1.0), explanation=_explanation_json(e, live),
            status_changed_at=now, created_at=now, updated_at=now,
        )
        for (pid, vid, pr, vr), e in zip(fresh, explain(index, p_rows, v_rows, today=day_number(today)), strict=True)
    ]  # fmt: skip
    # One upsert for new and re-scored pairs: status and history of existing rows are untouched.
    Match.objects.bulk_create(
        rows,
        batch_size=WRITE_BATCH,
        update_conflicts=True,
        unique_fields=["person", "vacancy"],
        update_fields=["person_rank", "vacancy_rank", "score", "explanation", "updated_at"],
    )
    for m in moved:
        m.updated_at = now
    Match.objects.bulk_update(moved, ["person_rank", "vacancy_rank", "updated_at"], batch_size=WRITE_BATCH)
    for start in range(0, len(delete), WRITE_BATCH):
        Match.objects.filter(pk__in=delete[start : start + WRITE_BATCH]).delete()
    created = sum(1 for f in fresh if f[:2] not in stored)
    return {"created": created, "updated": len(fresh) - created + len(moved), "deleted": len(delete)}
