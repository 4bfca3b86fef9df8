"""Stored matches: the index's lists written as ``Match`` rows, and their status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.ml.explain import Explanation, explain
from matching.ml.index import Side
from matching.ml.topk import TopLists
from matching.models import Match, MatchEvent, MatchStatus
from matching.services.index import LiveIndex
from matching.services.profiles import day_number

WRITE_BATCH = 1000
# Forward only; "declined" ends any match that has not ended in a hire.
ORDER = [
    MatchStatus.PROPOSED,
    MatchStatus.NOTIFIED,
    MatchStatus.VIEWED,
    MatchStatus.APPLIED,
    MatchStatus.INTERVIEWED,
    MatchStatus.HIRED,
]


def _explanation_json(e: Explanation, live: LiveIndex) -> dict[str, object]:
    names = live.taxonomy.skill_names
    data = asdict(e)
    data["shared_skills"] = [names[i] for i in e.shared_skills]
    data["missing_skills"] = [names[i] for i in e.missing_skills]
    data["offered_wage"] = list(e.offered_wage) if e.offered_wage else None
    del data["passes_filters"]
    return data


def _ranks(lists: TopLists, side: Side, ids: set[int], k: int) -> dict[tuple[int, int], int]:
    """(list owner id, target id) -> place on the owner's list, for the owners ``ids``."""
    rows = side.rows_of(np.fromiter(ids, np.int64, len(ids)))
    owners, rows = np.fromiter(ids, np.int64, len(ids))[rows >= 0], rows[rows >= 0]
    return {
        (int(owner), target): rank
        for owner, entries in zip(owners, lists.take(rows).head(k), strict=True)
        for rank, (target, _score) in enumerate(entries, start=1)
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
    rows: new pairs created, ranks, scores and explanations updated, and pairs that fell off
    both lists deleted unless they went beyond "proposed" (those are history). Returns counts."""
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
    by_pair = {
        (m.person_id, m.vacancy_id): m
        for m in existing.only("pk", "person_id", "vacancy_id", "status", "person_rank", "vacancy_rank")
    }
    listed_by_person = _ranks(index.person_lists, people, person_scope, k)
    listed_by_vacancy = {
        (p, v): r for (v, p), r in _ranks(index.vacancy_lists, vacancies, vacancy_scope, k).items()
    }
    pairs = sorted(set(by_pair) | set(listed_by_person) | set(listed_by_vacancy))
    # Each pair's place on both lists, including lists outside the scope, so a new row is right.
    person_rank = _ranks(index.person_lists, people, {p for p, _ in pairs}, k)
    vacancy_rank = {
        (p, v): r for (v, p), r in _ranks(index.vacancy_lists, vacancies, {v for _, v in pairs}, k).items()
    }
    p_rows = people.rows_of(np.array([p for p, _ in pairs], np.int64))
    v_rows = vacancies.rows_of(np.array([v for _, v in pairs], np.int64))
    both = (p_rows >= 0) & (v_rows >= 0)
    explained = iter(explain(index, p_rows[both], v_rows[both], today=day_number(today)))

    create: list[Match] = []
    update: list[Match] = []
    delete: list[int] = []
    for (pid, vid), in_index in zip(pairs, both, strict=True):
        match = by_pair.get((pid, vid)) or Match(person_id=pid, vacancy_id=vid)
        match.person_rank = person_rank.get((pid, vid))
        match.vacancy_rank = vacancy_rank.get((pid, vid))
        if in_index:
            e = next(explained)
            match.score = min(max(e.score, 0.0), 1.0)
            match.explanation = _explanation_json(e, live)
        if match.person_rank is None and match.vacancy_rank is None:
            if match.pk and match.status == MatchStatus.PROPOSED:
                delete.append(match.pk)
            elif match.pk:
                update.append(match)
        else:
            (update if match.pk else create).append(match)
    now = timezone.now()
    for m in update:
        m.updated_at = now
    Match.objects.bulk_create(create, batch_size=WRITE_BATCH)
    Match.objects.bulk_update(
        update, ["person_rank", "vacancy_rank", "score", "explanation", "updated_at"], batch_size=WRITE_BATCH
    )
    for start in range(0, len(delete), WRITE_BATCH):
        Match.objects.filter(pk__in=delete[start : start + WRITE_BATCH]).delete()
    return {"created": len(create), "updated": len(update), "deleted": len(delete)}


@transaction.atomic
def match_set_status(*, match: Match, status: str, by: str) -> Match:
    """Move a match forward (or decline it) and record who did it."""
    current = Match.objects.select_for_update().get(pk=match.pk)
    if status not in MatchStatus.values:
        raise ValidationError({"status": _("Status: unknown value %(value)s") % {"value": status}})
    if current.status in (MatchStatus.HIRED, MatchStatus.DECLINED) or (
        status != MatchStatus.DECLINED
        and ORDER.index(MatchStatus(status)) <= ORDER.index(MatchStatus(current.status))
    ):
        raise ValidationError(
            {"status": _("Status: a match cannot go from %(old)s to %(new)s") % {
                "old": MatchStatus(current.status).label, "new": MatchStatus(status).label}}
        )  # fmt: skip
    current.status = status
    current.status_changed_at = timezone.now()
    current.save(update_fields=["status", "status_changed_at", "updated_at"])
    MatchEvent.objects.create(match=current, status=status, by=by)
    return current
