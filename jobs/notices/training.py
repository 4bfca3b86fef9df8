"""Training offers from what people's near-miss matches ask for and they lack (a skill, or the
certificate level of the post's occupation): weekly over
the courses starting soon, and at once for a course just listed (for an employer's order, only
to those whose near miss is one of the employer's vacancies). A full course is offered to
nobody; the subsidy a course brings is told with it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from jobs.models import Person, PersonCertificate, TrainingCourse
from jobs.models.choices import CertificateLevel
from jobs.models.subsidies import OccasionKind, PaidTo, SubsidyPolicy
from jobs.notices.base import chunks, render, to_person
from jobs.notices.policies import Policies, policies_load
from jobs.notices.subsidies import amount_text
from jobs.selectors.public import not_full
from matching.models import Match
from matching.selectors import best_open_matches
from workers.models import NoticeKind
from workers.outbox import Draft, notices_write


def training_offers_write(
    *,
    person_ids: Sequence[int] | None = None,
    today: date | None = None,
    policies: Policies | None = None,
    course_ids: Sequence[int] | None = None,
) -> int:
    """Offer each person looking for work (all, or those given) the course with places left,
    starting soon in their city (all such courses, or those given), that teaches most of the
    skills their near-miss matches ask for and they lack; a course is offered to a person once.
    How soon and how near: ``policies``. Returns the offers written."""
    today = today or timezone.localdate()
    policies = policies or policies_load()
    courses = TrainingCourse.objects.filter(
        starts_on__gte=today, starts_on__lte=today + policies.training_horizon
    )
    if course_ids is not None:
        courses = courses.filter(pk__in=list(course_ids))
    courses = (
        not_full(courses).select_related("region", "order").prefetch_related("skills", "order__vacancies")
        .order_by("starts_on", "pk")
    )  # fmt: skip
    teaching = [
        (c, {s.name for s in c.skills.all()}, {v.pk for v in c.order.vacancies.all()} if c.order else None)
        for c in courses
    ]
    if not teaching:
        return 0
    certificate_subsidies = _certificate_subsidies()
    gaps = best_open_matches(today=today)
    if person_ids is not None:
        gaps = gaps.filter(person_id__in=list(person_ids))
    people = gaps.order_by("person_id").values_list("person_id", flat=True).distinct()
    written = 0
    for chunk in chunks(people.iterator()):
        lacking = _near_misses(gaps.filter(person_id__in=chunk), chunk)
        drafts: list[Draft] = []
        for person in Person.objects.filter(pk__in=list(lacking), is_seeking=True):
            near = []
            for course, skills, for_vacancies in teaching:
                if not policies.same_training_area(course.region_id, person.home_region_id):
                    continue
                misses = [
                    m for v, m in lacking[person.pk].items() if for_vacancies is None or v in for_vacancies
                ]
                taught = skills & set().union(*(m.skills for m in misses))
                certifies = any(m.closed_by_certificate(course) for m in misses)
                if taught or certifies:
                    near.append((course, taught, certifies))
            if not near:
                continue
            # The most skills taught, then a certificate asked for; the earliest of the best (max keeps the first).
            course, skills, certifies = max(near, key=lambda n: (len(n[1]), n[2]))
            subsidy = next((p for p in certificate_subsidies.get(course.certificate_level or 0, [])
                            if p.covers(person.home_region_id, course.ends_on)), None)  # fmt: skip
            title, body = render(
                NoticeKind.TRAINING, course=course.name, provider=course.provider,
                starts_on=f"{course.starts_on.month}月{course.starts_on.day}日", hours=course.hours,
                place=course.address or course.region.name, skills="、".join(sorted(skills)), certifies=certifies,
                free=course.subsidy_yuan >= course.fee_yuan, subsidy=course.subsidy_yuan,
                certificate=course.get_certificate_level_display() if course.certificate_level else "",
                certificate_subsidy=subsidy and f"{subsidy.name}（{amount_text(subsidy)}）",
            )  # fmt: skip
            drafts += to_person(person, NoticeKind.TRAINING, f"training:{person.pk}:{course.pk}", title, body,
                                course=course.pk)  # fmt: skip
        with transaction.atomic():
            written += notices_write(drafts)
    return written


@dataclass(frozen=True)
class NearMiss:
    """What keeps one of a person's good matches from being a full fit: the skills it asks for
    that they lack, and the certificate level it asks for (in its occupation) when theirs is
    lower or missing."""

    skills: frozenset[str]
    occupation_id: int | None = None
    certificate_min: int | None = None  # CertificateLevel: 5 初级 … 1 高级技师 (lower is higher)

    def closed_by_certificate(self, course: TrainingCourse) -> bool:
        return (
            self.certificate_min is not None and course.certificate_level is not None
            and course.occupation_id == self.occupation_id and course.certificate_level <= self.certificate_min
        )  # fmt: skip


def _near_misses(matches: QuerySet[Match], person_ids: list[int]) -> dict[int, dict[int, NearMiss]]:
    """person -> vacancy -> what the match misses, for the matches given."""
    held: dict[tuple[int, int], int] = {}  # (person, occupation) -> their highest level
    for pid, occupation, level in PersonCertificate.objects.filter(
        person_id__in=person_ids, level__isnull=False, occupation__isnull=False
    ).values_list("person_id", "occupation_id", "level"):
        if level is not None:  # filtered so; the type of the column allows none
            held[(pid, occupation)] = min(level, held.get((pid, occupation), level))
    found: dict[int, dict[int, NearMiss]] = defaultdict(dict)
    for pid, vid, explanation, occupation, minimum in matches.values_list(
        "person_id", "vacancy_id", "explanation", "vacancy__occupation_id", "vacancy__certificate_level_min"
    ):
        short = minimum is not None and held.get((pid, occupation), CertificateLevel.JUNIOR + 1) > minimum
        found[pid][vid] = NearMiss(frozenset(explanation.get("missing_skills") or []), occupation,
                                   minimum if short else None)  # fmt: skip
    return found


def _certificate_subsidies() -> dict[int, list[SubsidyPolicy]]:
    """Certificate level -> the policies in force that pay a person newly obtaining it."""
    found: dict[int, list[SubsidyPolicy]] = defaultdict(list)
    for policy in SubsidyPolicy.objects.filter(
        active=True, paid_to=PaidTo.PERSON, occasion=OccasionKind.CERTIFICATE
    ).select_related("area"):
        for c in policy.conditions:
            if c.get("fact") == "certificate_level" and c.get("op") == "any_of":
                for level in c["value"]:
                    found[level].append(policy)
    return found
