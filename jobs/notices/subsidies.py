"""Subsidies a hire makes someone eligible for (政策找人): to both sides of the hire of someone
in the hard-to-employ registry. Which subsidies: ``jobs/data/policies.toml``."""

from __future__ import annotations

from jobs.models import HardToEmployProfile, Person, Vacancy
from jobs.notices.base import render, to_employer, to_person
from jobs.notices.policies import Policies, policies_load
from matching.models import Match
from workers.models import NoticeKind
from workers.outbox import notices_write


def subsidies_on_hire_write(
    *, match: Match, person: Person, vacancy: Vacancy, policies: Policies | None = None
) -> int:
    """On a hire of someone in the hard-to-employ registry: tell each side which subsidies it
    may claim for them (those for anyone in the registry, then those of their categories).
    Returns the notices written."""
    profile = HardToEmployProfile.objects.filter(person=person, exited_on__isnull=True).first()
    if profile is None:
        return 0
    policies = policies or policies_load()
    categories = set(profile.categories.values_list("category", flat=True))
    key = f"subsidy:hire:{match.pk}"
    drafts = []
    if subsidies := policies.subsidies_for(to="person", categories=categories):
        title, body = render(NoticeKind.SUBSIDY, to="person", subsidies=subsidies)
        drafts += to_person(person, NoticeKind.SUBSIDY, f"{key}:person", title, body, match=match.pk)
    if subsidies := policies.subsidies_for(to="employer", categories=categories):
        title, body = render(NoticeKind.SUBSIDY, to="employer", name=person.name, title=vacancy.title,
                             subsidies=subsidies)  # fmt: skip
        drafts += to_employer(vacancy.employer, NoticeKind.SUBSIDY, f"{key}:employer", title, body,
                              match=match.pk)  # fmt: skip
    return notices_write(drafts)
