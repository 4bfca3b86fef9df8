"""Reading stored matches, and saying in words why a pair matched."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.models import Employer, OccupationLevel, Person, Vacancy
from jobs.models.demand import vacancy_is_live
from matching.models import Match, MatchStatus


def matches_for_person(*, person: Person, limit: int = 20) -> QuerySet[Match]:
    """The person's current list, best first, with what a list shows of each vacancy (the
    busiest read of the apps: the rest of the vacancy and its employer, with the employer's
    encrypted contact phone, is left unread)."""
    shown = ["score", "person_rank", "status", "explanation", "person_id", "vacancy__title",
             "vacancy__wage_min", "vacancy__wage_max", "vacancy__wage_unit", "vacancy__employer__name",
             "vacancy__region__full_name"]  # fmt: skip
    return (
        Match.objects.filter(person=person, person_rank__isnull=False)
        .select_related("vacancy__employer", "vacancy__region")
        .only(*shown)
        .order_by("person_rank")[:limit]
    )


def candidates_for_vacancy(*, vacancy: Vacancy, limit: int = 20) -> QuerySet[Match]:
    """The vacancy's current list of people, best first."""
    return (
        Match.objects.filter(vacancy=vacancy, vacancy_rank__isnull=False)
        .select_related("person__home_region")
        .order_by("vacancy_rank")[:limit]
    )


# What a person may refuse in their own words, as a reason says it.
REFUSED = {
    "night_shift": gettext_lazy("night shifts"),
    "factory": gettext_lazy("factory work"),
    "sales": gettext_lazy("sales work"),
    "travel": gettext_lazy("travelling for work"),
    "standing": gettext_lazy("standing all day"),
    "heavy_work": gettext_lazy("heavy work"),
}


def distance_reason(km: float) -> str:
    """A distance as a reason says it. People are placed at their county's centre (the region
    data stops at counties), and so are sites without coordinates of their own: every distance
    is an estimate, and 0.0 means "in the same county", not "next door"."""
    if km < 0.05:
        return _("In the same county: the distance is estimated from the county seat")
    return _("About %(km)s km away (estimated from the county seat)") % {"km": round(km, 1)}


def match_reasons(explanation: dict[str, Any], *, for_person: bool = True) -> list[str]:
    """The explanation of a match as short sentences for people: what matched first (the
    occupation, skills, distance, wage), then what is missing or against it. What the person
    said they refuse is told to them (and staff) only: an employer never reads the person's
    words, and some refusals come from words about their health (腰伤, 拄拐)."""
    reasons = []
    occupation = explanation.get("shared_occupation")
    if occupation:
        level, name = occupation.get("level", OccupationLevel.OCCUPATION), occupation["name"]
        if level == OccupationLevel.OCCUPATION:
            reasons.append(_("The same occupation: %(name)s") % {"name": name})
        elif level == OccupationLevel.MINOR:
            reasons.append(_("In the same group of occupations: %(name)s") % {"name": name})
        else:
            reasons.append(_("In the same field of work: %(name)s") % {"name": name})
    if explanation.get("shared_skills"):
        reasons.append(
            _("Skills in common: %(skills)s") % {"skills": "、".join(explanation["shared_skills"])}
        )
    km = explanation.get("distance_km")
    if km is not None:
        reasons.append(distance_reason(km))
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
    if explanation.get("missing_skills"):
        reasons.append(
            _("Skills asked for but not listed: %(skills)s")
            % {"skills": "、".join(explanation["missing_skills"])}
        )
    if explanation.get("missing_licences"):
        reasons.append(
            _("Needs a licence not on record: %(licences)s")
            % {"licences": "、".join(explanation["missing_licences"])}
        )
    refused = [str(REFUSED[r]) for r in explanation.get("refused") or [] if r in REFUSED]
    if refused and for_person:
        reasons.append(_("Involves what you said you do not want: %(what)s") % {"what": "、".join(refused)})
    return reasons


def match_reasons_for_staff(match: Match) -> list[str]:
    """Why a pair matched, as staff read it: everything the person reads, and whether the
    exposure rule placed the person higher on the vacancy's list (employers are never told)."""
    reasons = match_reasons(match.explanation)
    if match.shown_first:
        reasons.append(
            _(
                "Shown first for support: placed higher on the vacancy's list than the score alone would, "
                "as a person followed for help; the score is unchanged"
            )
        )
    return reasons


def explanation_for_employer(explanation: dict[str, Any]) -> dict[str, Any]:
    """A match's explanation as an employer may read it: without what the person refuses."""
    return {k: v for k, v in explanation.items() if k != "refused"}


APPLIED_OR_LATER = (MatchStatus.APPLIED, MatchStatus.INTERVIEWED, MatchStatus.HIRED)
# What a person's list shows of each match (the employer's encrypted contact is left unread).
SHOWN_TO_PERSON = ["score", "status", "status_changed_at", "invited_at", "explanation", "person_id",
                   "vacancy__title", "vacancy__wage_min", "vacancy__wage_max", "vacancy__wage_unit",
                   "vacancy__employer__name", "vacancy__region__full_name"]  # fmt: skip


def applications_off_list(*, person: Person) -> QuerySet[Match]:
    """The person's applications and invitations no longer on their list (the vacancy closed
    or filled, or others rank above it): they still want to know how each went."""
    return (
        Match.objects.filter(person=person, person_rank__isnull=True)
        .filter(Q(status__in=APPLIED_OR_LATER) | Q(invited_at__isnull=False))
        .select_related("vacancy__employer", "vacancy__region")
        .only(*SHOWN_TO_PERSON)
        .order_by("-status_changed_at", "-pk")
    )


def invited_match_ids(*, person: Person) -> set[int]:
    """The person's matches whose employer invited them to apply."""
    return set(Match.objects.filter(person=person, invited_at__isnull=False).values_list("pk", flat=True))


# What an employer records of a candidate who applied.
EMPLOYER_OUTCOMES = (MatchStatus.INTERVIEWED, MatchStatus.HIRED, MatchStatus.DECLINED)
INVITED = "invited"


def match_of_person(*, person: Person, pk: int) -> Match | None:
    """One of the person's own matches, the only ones they may act on; None for anyone else's."""
    return Match.objects.filter(pk=pk, person=person).first()


def candidate_of_employer(*, employer: Employer, pk: int) -> Match | None:
    """A match to one of the employer's vacancies, the only ones it may act on; None otherwise."""
    return (
        Match.objects.filter(pk=pk, vacancy__employer=employer).select_related("person__home_region").first()
    )


def candidate_person(*, match: Match) -> dict[str, Any]:
    """What an employer sees of a candidate: name and phone only once they applied (and so agreed
    to be contacted about it), the name masked before; never sex, age, ethnicity or household
    registration."""
    person = match.person
    applied = match.status in APPLIED_OR_LATER
    return {
        "name": person.name if applied else person.name[:1] + "*" * max(len(person.name) - 1, 1),
        "phone": person.phone if applied else None,
        "education": person.education,
        "region": person.home_region.full_name,
    }


def candidate_stage(*, match: Match) -> str:
    """Where a candidate stands for the employer: ``invited`` from its invitation until they apply
    (or the match ends), otherwise the match's status."""
    if match.invited_at is not None and match.status not in (*APPLIED_OR_LATER, MatchStatus.DECLINED):
        return INVITED
    return str(match.status)


def best_open_matches(*, today: date | None = None) -> QuerySet[Match]:
    """Each person's five best matches to live vacancies, but those they declined."""
    live = vacancy_is_live(today or timezone.localdate(), prefix="vacancy__")
    return Match.objects.filter(live, person_rank__lte=5).exclude(status=MatchStatus.DECLINED)


def missing_skills(*, person_ids: list[int]) -> dict[int, set[str]]:
    """The skills that each person's best open matches ask for and they do not list."""
    missing: dict[int, set[str]] = {}
    rows = best_open_matches().filter(person_id__in=person_ids).values_list("person_id", "explanation")
    for pid, explanation in rows:
        missing.setdefault(pid, set()).update(explanation.get("missing_skills") or [])
    return missing


def candidates_and_applicants(*, vacancy: Vacancy) -> QuerySet[Match]:
    """Those on the vacancy's list, best first, then those who applied from outside it; never
    someone who has closed their account."""
    return (
        Match.objects.filter(vacancy=vacancy, person__closed_at__isnull=True)
        .filter(Q(vacancy_rank__isnull=False) | Q(status__in=APPLIED_OR_LATER))
        .select_related("person__home_region")
        .order_by(F("vacancy_rank").asc(nulls_last=True), "pk")
    )
