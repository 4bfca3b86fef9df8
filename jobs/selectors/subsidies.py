"""Reading subsidy entitlements: a person's, an employer's, a staff member's area, and how far
the policies have got per station and policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jobs.models import Employer, GigStation, Person
from jobs.models.subsidies import Entitlement, EntitlementStatus, PaidTo
from jobs.selectors.staff import scope_to_area
from jobs.services.plans import stations_by_county


def entitlements_of_person(*, person: Person) -> QuerySet[Entitlement]:
    """What a person may claim themselves (an employer's subsidies for hiring them are the
    employer's business)."""
    return (
        Entitlement.objects.filter(person=person, policy__paid_to=PaidTo.PERSON, told_at__isnull=False)
        .select_related("policy")
        .order_by("-occasion_on", "pk")
    )


def entitlements_of_employer(*, employer: Employer) -> QuerySet[Entitlement]:
    return (
        Entitlement.objects.filter(employer=employer, policy__paid_to=PaidTo.EMPLOYER, told_at__isnull=False)
        .select_related("policy", "person")
        .order_by("-occasion_on", "pk")
    )


def entitlements_in_area(*, user: Any) -> QuerySet[Entitlement]:
    """The entitlements of the people of the staff member's area (an employer's for hiring
    someone follow the person)."""
    return scope_to_area(Entitlement.objects.all(), user, "person__home_region").select_related(
        "policy", "person", "employer"
    )


STAGES = ("not_told", "told", "claimed", "paid", "refused")


def stage_of(status: str, told: bool) -> str:
    """Where an entitlement stands for the count: found but not told yet, told (not claimed),
    claimed (applied or approved), paid, refused."""
    if status == EntitlementStatus.ELIGIBLE:
        return "told" if told else "not_told"
    if status in (EntitlementStatus.APPLIED, EntitlementStatus.APPROVED):
        return "claimed"
    return str(status)


def subsidy_progress(*, user: Any) -> list[dict[str, Any]]:
    """Per station and policy of the area: how many entitlements are found but not told, told,
    claimed, paid and refused, and the yuan paid. A person's station is where they registered,
    else the one serving their county."""
    by_county = stations_by_county()
    names = dict(GigStation.objects.values_list("pk", "name"))
    rows: dict[tuple[int | None, int], dict[str, Any]] = {}
    for registered_at, county, policy, policy_name, status, told_at, amount in (
        entitlements_in_area(user=user)
        .order_by("policy__name", "policy_id")
        .values_list("person__registered_at_station_id", "person__home_region_id", "policy_id", "policy__name",
                     "status", "told_at", "amount_yuan")
    ):  # fmt: skip
        station: int | None = registered_at or by_county.get(county)
        row = rows.setdefault((station, policy), {
            "station": station, "station_name": names.get(station, "") if station else "", "policy": policy,
            "policy_name": policy_name, **dict.fromkeys(STAGES, 0), "paid_yuan": 0,
        })  # fmt: skip
        stage = stage_of(status, told_at is not None)
        row[stage] += 1
        if stage == "paid":
            row["paid_yuan"] += amount or 0
    return sorted(rows.values(), key=lambda r: (r["station_name"], r["policy_name"]))
