"""What a signed-in job seeker reads about themselves beyond their own rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from jobs.models import Enrolment, Person, TrainingCourse
from jobs.selectors.public import courses_upcoming, not_full
from matching.selectors import missing_skills


def seeker_of_user(*, user: Any) -> Person | None:
    """The job seeker who signs in as ``user``; None for anyone else (staff, an employer)."""
    return Person.objects.filter(account__user=user).first()


def courses_for_person(
    *, person: Person, today: date | None = None
) -> list[tuple[TrainingCourse, list[str]]]:
    """Courses not yet started and not full in the person's city, those teaching most of the
    skills their best matches ask for and they lack first, then the soonest; each with those
    skills."""
    missing = missing_skills(person_ids=[person.pk]).get(person.pk, set())
    city = not_full(courses_upcoming(today=today).filter(region__code__startswith=person.home_region_id[:4]))
    taught = [(course, sorted(s.name for s in course.skills.all() if s.name in missing)) for course in city]
    return sorted(taught, key=lambda ct: -len(ct[1]))  # stable: the soonest first among equals


def enrolments_of_person(*, person: Person) -> list[Enrolment]:
    """The courses a person chose, the latest first."""
    return list(
        Enrolment.objects.filter(person=person).select_related("course__region").order_by("-chosen_at", "-pk")
    )
