"""People, matches and notices for the notice tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from jobs.models import Person, Skill, TrainingCourse, Vacancy
from matching.models import Match
from tests.factories import PersonFactory, SkillFactory, VacancyFactory, region
from workers.models import Notice

TODAY = date(2026, 11, 23)


def a_seeker(**extra: Any) -> Person:
    """Someone looking for work who agreed to matching and chose SMS."""
    fields = {"consent_matching": True, "consent_recorded_at": timezone.now(), "is_seeking": True,
              "notify_sms": True, **extra}  # fmt: skip
    return PersonFactory(**fields)  # type: ignore[no-any-return]


def match(person: Person, vacancy: Vacancy, rank: int, **extra: Any) -> Match:
    fields = {"score": 0.9 - rank / 100, "person_rank": rank, "vacancy_rank": rank,
              "explanation": {"distance_km": 3.4, "shared_skills": ["叉车驾驶"], "missing_skills": []}, **extra}  # fmt: skip
    return Match.objects.create(person=person, vacancy=vacancy, **fields)  # type: ignore[no-any-return]


def notices(kind: str, **where: Any) -> list[Notice]:
    return list(Notice.objects.filter(kind=kind, **where).order_by("channel"))


def lacking_welding() -> tuple[Person, Skill]:
    """A person in 京山 whose best match asks for welding, which they do not list."""
    welding = SkillFactory(name="电焊")
    person = a_seeker(home_region=region("420882"))
    match(person, VacancyFactory(status=Vacancy.Status.OPEN), 1,
          explanation={"missing_skills": ["电焊"], "shared_skills": []})  # fmt: skip
    return person, welding


def course(skill: Skill, *, region_code: str, starts_in: int, **extra: Any) -> TrainingCourse:
    """A course teaching ``skill`` in that region, starting ``starts_in`` days after TODAY."""
    fields = {"name": "电焊工培训班", "provider": "京山职校", "hours": 120, "capacity": 30, **extra}
    taught = TrainingCourse.objects.create(
        region=region(region_code), starts_on=TODAY + timedelta(days=starts_in),
        ends_on=TODAY + timedelta(days=starts_in + 30), **fields,
    )  # fmt: skip
    taught.skills.add(skill)
    return taught  # type: ignore[no-any-return]
