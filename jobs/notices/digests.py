"""New matches told: one digest a person a day of their best matches not yet told, and one
candidate notice a vacancy a day of how many suitable people joined its list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from jobs.models import Person, Vacancy
from jobs.models.demand import vacancy_is_live
from jobs.notices.base import chunks, render, to_employer, to_person, wage
from matching.models import Match, MatchStatus
from matching.services.lifecycle import matches_mark_notified
from workers.models import Channel, Notice, NoticeKind
from workers.outbox import Draft, notices_write

DIGEST_SIZE = 3  # matches in one digest: enough to choose from, short enough for one SMS


def job_match_digests_write(*, person_ids: Iterable[int] | None = None, today: date | None = None) -> int:
    """Tell each person (all, or those given) about their best matches they have not been told
    of: one digest a day of up to ``DIGEST_SIZE`` matches, best first. The matches told are
    marked "notified" in the same transaction, so the next digest brings only newer ones; a
    person who had today's digest already waits for tomorrow's. Returns the digests written."""
    today = today or timezone.localdate()
    untold = Match.objects.filter(
        vacancy_is_live(today, prefix="vacancy__"), status=MatchStatus.PROPOSED, person_rank__isnull=False,
        person__consent_matching=True,
    )  # fmt: skip
    if person_ids is not None:
        untold = untold.filter(person_id__in=list(person_ids))
    people = untold.order_by("person_id").values_list("person_id", flat=True).distinct()
    return sum(_digests_for(chunk, untold, today) for chunk in chunks(people.iterator()))


@transaction.atomic
def _digests_for(person_ids: list[int], untold: QuerySet[Match], today: date) -> int:
    base = {pid: f"job_match:{pid}:{today.isoformat()}" for pid in person_ids}
    had = set(Notice.objects.filter(key__in=[f"{k}:{Channel.INBOX}" for k in base.values()]).values_list(
        "person_id", flat=True))  # fmt: skip
    best: dict[int, list[Match]] = {}
    for match in (
        untold.filter(person_id__in=[p for p in person_ids if p not in had])
        .select_related("vacancy", "vacancy__employer")
        .order_by("person_id", "person_rank")
    ):
        chosen = best.setdefault(match.person_id, [])
        if len(chosen) < DIGEST_SIZE:
            chosen.append(match)
    drafts: list[Draft] = []
    for person in Person.objects.filter(pk__in=best):
        matches = [
            {"title": m.vacancy.title, "employer": m.vacancy.employer.name, "wage": wage(m.vacancy),
             "distance": _km(m.explanation.get("distance_km"))}
            for m in best[person.pk]
        ]  # fmt: skip
        title, body = render(NoticeKind.JOB_MATCH, matches=matches)
        drafts += to_person(person, NoticeKind.JOB_MATCH, base[person.pk], title, body,
                            matches=[m.pk for m in best[person.pk]])  # fmt: skip
    notices_write(drafts)
    matches_mark_notified(matches=[m for chosen in best.values() for m in chosen])
    return len(best)


def _km(distance: float | None) -> int | None:
    """Whole kilometres, 0 for the same county: people are placed at their county's centre, so
    a distance under a kilometre means "in your county", not "next door"."""
    return None if distance is None else round(distance)


def candidate_digests_write(*, vacancy_ids: Iterable[int] | None = None, today: date | None = None) -> int:
    """Tell each employer how many suitable people joined the candidate list of each open
    vacancy (all, or those given) since it was last told: one notice a vacancy a day, without
    names or contact details, which the employer sees only once a candidate applies or accepts
    an invitation. Returns the vacancies told about."""
    today = today or timezone.localdate()
    vacancies = Vacancy.objects.filter(vacancy_is_live(today))
    if vacancy_ids is not None:
        vacancies = vacancies.filter(pk__in=list(vacancy_ids))
    written = 0
    for chunk in chunks(vacancies.order_by("pk").values_list("pk", flat=True).iterator()):
        told = dict(
            Notice.objects.filter(
                kind=NoticeKind.CANDIDATES, channel=Channel.INBOX, payload__vacancy__in=chunk
            )
            .values_list("payload__vacancy")
            .annotate(last=Max("created_at"))
        )
        fresh: dict[int, list[Match]] = {}
        listed = Match.objects.filter(vacancy_id__in=chunk, vacancy_rank__isnull=False).exclude(
            status=MatchStatus.DECLINED
        )
        for match in listed.order_by("vacancy_id", "vacancy_rank"):
            if match.vacancy_id not in told or match.created_at > told[match.vacancy_id]:
                fresh.setdefault(match.vacancy_id, []).append(match)
        drafts: list[Draft] = []
        for vacancy in Vacancy.objects.filter(pk__in=fresh).select_related("employer"):
            matches = fresh[vacancy.pk]
            skills = (matches[0].explanation.get("shared_skills") or [])[:2]
            title, body = render(NoticeKind.CANDIDATES, title=vacancy.title, count=len(matches),
                                 best_skills="、".join(skills))  # fmt: skip
            drafts += to_employer(vacancy.employer, NoticeKind.CANDIDATES,
                                  f"candidates:{vacancy.pk}:{today.isoformat()}", title, body,
                                  vacancy=vacancy.pk, count=len(matches))  # fmt: skip
        with transaction.atomic():
            notices_write(drafts)
        written += len(fresh)
    return written


def new_matches_tell(*, person_ids: Iterable[int] = (), vacancy_ids: Iterable[int] = ()) -> dict[str, int]:
    """After people or vacancies were re-scored: the digests of the people whose lists took
    something new, and the candidate notices of the vacancies whose lists did (each at most once
    a day, so that editing a vacancy five times does not send five messages)."""
    people, vacancies = set(person_ids), set(vacancy_ids)
    people |= set(
        Match.objects.filter(
            vacancy_id__in=vacancies, status=MatchStatus.PROPOSED, person_rank__isnull=False
        ).values_list("person_id", flat=True)
    )
    vacancies |= set(
        Match.objects.filter(person_id__in=set(person_ids), vacancy_rank__isnull=False).values_list(
            "vacancy_id", flat=True
        )
    )
    return {
        "digests": job_match_digests_write(person_ids=people),
        "candidates": candidate_digests_write(vacancy_ids=vacancies),
    }
