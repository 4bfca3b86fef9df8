"""Stored matches: the index's lists written as ``Match`` rows. What happens to a match after
it is listed (its status) is ``matching.services.lifecycle``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date

import numpy as np
from django.db import transaction
from django.utils import timezone

from jobs.selectors.support import priority_people, support_rules
from matching.ml.explain import Explanation, explain
from matching.ml.exposure import promote
from matching.ml.index import MatchIndex, Side
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


def _vacancy_ranks(
    index: MatchIndex, ids: set[int], *, priority: set[int], at: int, today: int
) -> tuple[dict[tuple[int, int], tuple[int, float, bool]], set[int]]:
    """(person id, vacancy id) -> (place on the vacancy's list, score, shown first), for the
    vacancies ``ids``, each list with its best red or yellow person moved up to place ``at``
    when none is that high already; and the ids of the vacancies whose lists that moved."""
    wanted = np.fromiter(ids, np.int64, len(ids))
    rows = index.vacancies.rows_of(wanted)
    owners, rows = wanted[rows >= 0], rows[rows >= 0]
    best = index.best_among(np.fromiter(priority, np.int64, len(priority)), rows, today=today)
    out: dict[tuple[int, int], tuple[int, float, bool]] = {}
    moved: set[int] = set()
    for position, (owner, entries) in enumerate(
        zip(owners.tolist(), index.vacancy_lists.take(rows).head(index.k), strict=True)
    ):
        lifted = promote(entries, best.get(position), priority, at=at, k=index.k)
        if lifted is not None:
            entries = lifted
            moved.add(owner)
        for rank, (person, score) in enumerate(entries, start=1):
            out[(person, owner)] = (rank, score, lifted is not None and person == best[position][0])
    return out, moved


def exposure_scope(live: LiveIndex, person_ids: Iterable[int], *, today: date) -> set[int]:
    """The vacancies whose lists a change of these people can move by the exposure rule: every
    vacancy a red or yellow one of them suits, however far down, and those they were shown
    first on before."""
    ids = set(person_ids)
    flagged = np.fromiter(ids & priority_people(), np.int64)
    suited = live.index.vacancies_suited(flagged, today=day_number(today))
    before = Match.objects.filter(person_id__in=ids, shown_first=True).values_list("vacancy_id", flat=True)
    return set(suited.tolist()) | set(before)


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
    whose place and score did not change are not written. On each vacancy's list a red or yellow
    person it suits is placed within the rules' ``exposure_rank`` (``_vacancy_ranks``). Returns
    counts."""
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
        (p, v): (pk, status, pr, vr, shown, score)
        for pk, p, v, status, pr, vr, shown, score in existing.values_list(
            "pk", "person_id", "vacancy_id", "status", "person_rank", "vacancy_rank", "shown_first", "score"
        )
    }
    person_listed = _ranks(index.person_lists, people, person_scope, k)
    # Each pair's place on both lists, including lists outside the scope, so a new row is right.
    by_vacancy, lifted = _vacancy_ranks(
        index, vacancy_scope | {v for _, v in stored} | {v for _, v in person_listed},
        priority=priority_people(), at=support_rules().exposure_rank, today=day_number(today),
    )  # fmt: skip
    pairs = set(stored) | set(person_listed) | {pair for pair in by_vacancy if pair[1] in vacancy_scope}
    by_person = _ranks(index.person_lists, people, {p for p, _ in pairs}, k)

    fresh: list[tuple[int, int, int | None, int | None, bool]] = []
    moved: list[Match] = []
    delete: list[int] = []
    for pair in sorted(pairs):
        person_rank, score = by_person.get(pair, (None, None))
        vacancy_rank, other_score, shown_first = by_vacancy.get(pair, (None, None, False))
        score = score if score is not None else other_score
        old = stored.get(pair)
        if score is None:  # on neither list now
            if old and old[1] == MatchStatus.PROPOSED:
                delete.append(old[0])
            elif old and (old[2], old[3], old[4]) != (None, None, False):
                moved.append(Match(pk=old[0], person_rank=None, vacancy_rank=None, shown_first=False))
        elif old is None or abs(old[5] - score) > 1e-6:
            fresh.append((*pair, person_rank, vacancy_rank, shown_first))
        elif (old[2], old[3], old[4]) != (person_rank, vacancy_rank, shown_first):
            moved.append(
                Match(pk=old[0], person_rank=person_rank, vacancy_rank=vacancy_rank, shown_first=shown_first)
            )

    p_rows = people.rows_of(np.array([f[0] for f in fresh], np.int64))
    v_rows = vacancies.rows_of(np.array([f[1] for f in fresh], np.int64))
    now = timezone.now()
    rows = [
        Match(
            person_id=pid, vacancy_id=vid, person_rank=pr, vacancy_rank=vr, shown_first=shown,
            score=min(max(e.score, 0.0), 1.0), explanation=_explanation_json(e, live),
            status_changed_at=now, created_at=now, updated_at=now,
        )
        for (pid, vid, pr, vr, shown), e in zip(fresh, explain(index, p_rows, v_rows, today=day_number(today)), strict=True)
    ]  # fmt: skip
    # One upsert for new and re-scored pairs: status and history of existing rows are untouched.
    Match.objects.bulk_create(
        rows,
        batch_size=WRITE_BATCH,
        update_conflicts=True,
        unique_fields=["person", "vacancy"],
        update_fields=["person_rank", "vacancy_rank", "shown_first", "score", "explanation", "updated_at"],
    )
    for m in moved:
        m.updated_at = now
    Match.objects.bulk_update(
        moved, ["person_rank", "vacancy_rank", "shown_first", "updated_at"], batch_size=WRITE_BATCH
    )
    for start in range(0, len(delete), WRITE_BATCH):
        Match.objects.filter(pk__in=delete[start : start + WRITE_BATCH]).delete()
    created = sum(1 for f in fresh if f[:2] not in stored)
    return {
        "created": created,
        "updated": len(fresh) - created + len(moved),
        "deleted": len(delete),
        # How often the exposure rule moved a list: of the vacancies' lists stored, those it did.
        "lists": len(vacancy_scope),
        "lists_lifted": len(lifted & vacancy_scope),
    }
