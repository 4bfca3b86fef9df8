"""People, matches and notices for the notice tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from jobs.models import Person, Vacancy
from matching.models import Match
from tests.factories import PersonFactory
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
