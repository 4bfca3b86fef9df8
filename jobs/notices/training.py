"""Training offers from the skills people's best matches ask for and they lack."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from jobs.models import Person, TrainingCourse
from jobs.notices.base import chunks, render, to_person
from jobs.notices.policies import Policies, policies_load
from matching.selectors import best_open_matches, missing_skills
from workers.models import NoticeKind
from workers.outbox import Draft, notices_write


def training_offers_write(
    *, person_ids: Sequence[int] | None = None, today: date | None = None, policies: Policies | None = None
) -> int:
    """Offer each person looking for work (all, or those given) the course, starting soon in
    their city, that teaches most of the skills their best matches ask for and they lack; a
    course is offered to a person once. How soon and how near: ``policies``. Returns the offers
    written."""
    today = today or timezone.localdate()
    policies = policies or policies_load()
    courses = list(
        TrainingCourse.objects.filter(starts_on__gte=today, starts_on__lte=today + policies.training_horizon)
        .select_related("region")
        .prefetch_related("skills")
        .order_by("starts_on", "pk")
    )
    if not courses:
        return 0
    teaching = [(course, {s.name for s in course.skills.all()}) for course in courses]
    gaps = best_open_matches()
    if person_ids is not None:
        gaps = gaps.filter(person_id__in=list(person_ids))
    people = gaps.order_by("person_id").values_list("person_id", flat=True).distinct()
    written = 0
    for chunk in chunks(people.iterator()):
        missing = missing_skills(person_ids=chunk)
        drafts: list[Draft] = []
        for person in Person.objects.filter(pk__in=missing, is_seeking=True):
            near = [
                (c, s & missing[person.pk])
                for c, s in teaching
                if policies.same_training_area(c.region_id, person.home_region_id)
            ]
            near = [(c, s) for c, s in near if s]
            if not near:
                continue
            course, skills = max(
                near, key=lambda cs: len(cs[1])
            )  # the earliest of the best: max keeps the first
            title, body = render(
                NoticeKind.TRAINING, course=course.name, provider=course.provider,
                starts_on=f"{course.starts_on.month}月{course.starts_on.day}日", hours=course.hours,
                place=course.address or course.region.name, skills="、".join(sorted(skills)),
                free=course.subsidy_yuan >= course.fee_yuan, subsidy=course.subsidy_yuan,
            )  # fmt: skip
            drafts += to_person(person, NoticeKind.TRAINING, f"training:{person.pk}:{course.pk}", title, body,
                                course=course.pk)  # fmt: skip
        with transaction.atomic():
            written += notices_write(drafts)
    return written
