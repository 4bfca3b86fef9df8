"""What staff read at the desk (and through the staff API): the registries of their own area.
Every query starts from ``scope_to_area``, so that rows outside the area are never seen."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from jobs.models import (
    AssistanceRecord,
    Employer,
    MigrantRecord,
    Person,
    PlanItem,
    StaffProfile,
    Support,
    TrainingCourse,
    Vacancy,
    WarningTier,
)
from jobs.selectors.public import courses_upcoming, vacancies_public
from jobs.selectors.staff import scope_to_area
from jobs.services.people import id_number_hash, identity_lookup_spend, phone_hash
from jobs.validators import InvalidValue, normalize_id_number, parse_mobile

# The "1131" package: one policy briefing, one career guidance session, three job
# recommendations and one training offer, the items of a person's plan.
ASSISTANCE_1131 = {
    "policy_briefings": PlanItem.Kind.POLICY_BRIEFING,
    "guidance_sessions": PlanItem.Kind.CAREER_GUIDANCE,
    "job_recommendations": PlanItem.Kind.JOB_RECOMMENDATION,
    "training_offers": PlanItem.Kind.TRAINING_OFFER,
}
TIER_URGENCY = {WarningTier.RED: 0, WarningTier.YELLOW: 1, WarningTier.BLUE: 2}


def count_of(model: type[Model], link: str, **filters: Any) -> Coalesce:
    """How many ``model`` rows point at each listed row through ``link``, matching ``filters``.

    A correlated subquery rather than a JOIN and GROUP BY: it is computed for the rows on the
    page only, not aggregated over the whole registry first.
    """
    rows = model._default_manager.filter(**{link: OuterRef("pk")}, **filters).order_by()
    counted = rows.values(link).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def people_in_area(*, user: Any) -> QuerySet[Person]:
    """The labour registry as the staff member may see it, with what a list shows."""
    people = Person.objects.select_related("home_region", "support")
    return scope_to_area(people, user, "home_region").order_by("-created_at", "-pk")


def people_search(queryset: QuerySet[Person], term: str, *, user: Any) -> QuerySet[Person]:
    """Part of the name; or a full ID number or mobile number, matched exactly through their
    keyed hashes (the numbers themselves are stored encrypted and cannot be searched), each
    counted against the staff member's look-ups (``LookupsExhausted``)."""
    term = term.strip()
    candidate = normalize_id_number(term)
    if len(candidate) == 18:
        exact = {"id_number_hash": id_number_hash(candidate)}
    else:
        try:
            exact = {"phone_hash": phone_hash(parse_mobile(term))}
        except InvalidValue:
            return queryset.filter(name__icontains=term)
    identity_lookup_spend(user=user, number=next(iter(exact.values())))
    return queryset.filter(**exact)


def people_in_registry(queryset: QuerySet[Person], registry: str) -> QuerySet[Person]:
    """``labour``: everyone; ``migrant``: with a current migrant record; ``hardship``: in the
    hard-to-employ registry and not left it."""
    if registry == "migrant":
        # At most one current record a person (a constraint): no duplicate rows.
        return queryset.filter(migrant_records__is_current=True)
    if registry == "hardship":
        return queryset.filter(hardship__isnull=False, hardship__exited_on__isnull=True)
    return queryset


def person_in_area(*, user: Any, pk: int, for_update: bool = False) -> Person | None:
    """One person, with everything the detail shows; None when outside the area or absent."""
    people = scope_to_area(Person.objects.all(), user, "home_region").filter(pk=pk)
    if for_update:
        # Locked first (without joins: PostgreSQL will not lock the nullable side of one).
        if not people.select_for_update(of=("self",)).exists():
            return None
    current = MigrantRecord.objects.filter(is_current=True).select_related("work_region", "occupation")
    return (
        people.select_related(
            "home_region", "hukou_region", "registered_at_station", "hardship", "support__case_worker"
        )
        .prefetch_related(
            "desired_occupations",
            "hardship__categories",
            Prefetch("migrant_records", queryset=current, to_attr="current_migrant"),
        )
        .first()
    )


def assistance_of(*, person: Person) -> QuerySet[AssistanceRecord]:
    """The assistance ledger of a person, latest first (empty when never in the registry)."""
    return (
        AssistanceRecord.objects.filter(profile__person=person)
        .select_related("staff")
        .order_by("-delivered_on", "-pk")
    )


def warnings_in_area(*, user: Any) -> QuerySet[Support]:
    """People with a warning tier, red first, then yellow, then blue, longest at their tier
    first; each with how much of their open "1131" plan is done (``policy_briefings`` ...
    ``training_offers``), all in one query."""
    profiles = Support.objects.exclude(tier=WarningTier.NONE)
    urgency = Case(
        *[When(tier=tier, then=Value(rank)) for tier, rank in TIER_URGENCY.items()],
        default=Value(len(TIER_URGENCY)),
        output_field=IntegerField(),
    )
    counts = {
        name: count_of(
            PlanItem, "plan__support", kind=kind, done_on__isnull=False, plan__closed_on__isnull=True
        )
        for name, kind in ASSISTANCE_1131.items()
    }
    return (
        scope_to_area(profiles, user, "person__home_region")
        .select_related("person__home_region", "case_worker")
        .annotate(urgency=urgency, **counts)
        # Rows carried over without the time of their tier count as the longest at it.
        .order_by("urgency", F("tier_since").asc(nulls_first=True), "pk")
    )


def employers_in_area(*, user: Any) -> QuerySet[Employer]:
    """Employers of the area, oldest sign-up first (the approval queue's order), each with its
    number of open vacancies."""
    employers = Employer.objects.select_related("region").annotate(
        open_vacancies=count_of(Vacancy, "employer", status=Vacancy.Status.OPEN)
    )
    return scope_to_area(employers, user, "region").order_by("created_at", "pk")


def employer_in_area(*, user: Any, pk: int) -> Employer | None:
    return scope_to_area(Employer.objects.all(), user, "region").filter(pk=pk).first()


def vacancy_visible(*, user: Any, pk: int) -> Vacancy | None:
    """A vacancy staff may point a person to: one of their area's, or any open one listed."""
    return (
        scope_to_area(Vacancy.objects.all(), user, "region").filter(pk=pk).first()
        or vacancies_public().filter(pk=pk).first()
    )


def course_visible(*, user: Any, pk: int) -> TrainingCourse | None:
    """A course staff may offer a person: one of their area's, or any not yet started."""
    return (
        scope_to_area(TrainingCourse.objects.all(), user, "region").filter(pk=pk).first()
        or courses_upcoming().filter(pk=pk).first()
    )


def staff_profile_of(*, user: Any) -> StaffProfile | None:
    return StaffProfile.objects.select_related("area", "station").filter(user=user).first()
