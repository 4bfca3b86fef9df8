"""Reading stored matches, and saying in words why a pair matched."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from jobs.models import Person, Vacancy
from matching.models import Match, MatchStatus


def matches_for_person(*, person: Person, limit: int = 20) -> QuerySet[Match]:
    """The person's current list, best first."""
    return (
        Match.objects.filter(person=person, person_rank__isnull=False)
        .select_related("vacancy__employer", "vacancy__region")
        .order_by("person_rank")[:limit]
    )


def candidates_for_vacancy(*, vacancy: Vacancy, limit: int = 20) -> QuerySet[Match]:
    """The vacancy's current list of people, best first."""
    return (
        Match.objects.filter(vacancy=vacancy, vacancy_rank__isnull=False)
        .select_related("person__home_region")
        .order_by("vacancy_rank")[:limit]
    )


def match_reasons(explanation: dict[str, Any]) -> list[str]:
    """The explanation of a match as short sentences for people."""
    reasons = []
    if explanation.get("shared_skills"):
        reasons.append(
            _("Skills in common: %(skills)s") % {"skills": "、".join(explanation["shared_skills"])}
        )
    if explanation.get("missing_skills"):
        reasons.append(
            _("Skills asked for but not listed: %(skills)s")
            % {"skills": "、".join(explanation["missing_skills"])}
        )
    if explanation.get("distance_km") is not None:
        reasons.append(_("About %(km)s km away") % {"km": explanation["distance_km"]})
    offered, expected = explanation.get("offered_wage"), explanation.get("expected_wage")
    if offered:
        low, high = (round(x) for x in offered)
        if expected:
            reasons.append(
                _("Pays %(low)s–%(high)s yuan a month; %(expected)s expected")
                % {"low": low, "high": high, "expected": round(expected)}
            )
        else:
            reasons.append(_("Pays %(low)s–%(high)s yuan a month") % {"low": low, "high": high})
    return reasons


APPLIED_OR_LATER = (MatchStatus.APPLIED, MatchStatus.INTERVIEWED, MatchStatus.HIRED)


def candidates_and_applicants(*, vacancy: Vacancy) -> QuerySet[Match]:
    """Those on the vacancy's list, best first, then those who applied from outside it."""
    return (
        Match.objects.filter(vacancy=vacancy)
        .filter(Q(vacancy_rank__isnull=False) | Q(status__in=APPLIED_OR_LATER))
        .select_related("person__home_region")
        .order_by(F("vacancy_rank").asc(nulls_last=True), "pk")
    )
