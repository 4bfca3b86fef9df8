"""A person's record of working away from home, the people away now, and the welcome-home
campaigns to them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jobs.models import MigrantRecord, Person, Region
from jobs.models.returnees import ReturnCampaign
from jobs.selectors.staff import EVERYWHERE, staff_area


def migrant_record_current(*, person: Person) -> MigrantRecord | None:
    """The person's current record of working away (each change is kept; the latest is current)."""
    return (
        MigrantRecord.objects.filter(person=person, is_current=True)
        .select_related("work_region", "occupation")
        .first()
    )


def people_away(*, area: Region | None = None) -> QuerySet[Person]:
    """The people working away now, as their current record says (none since closed); of one
    city or county (their home in it) when ``area`` is given."""
    away = Person.objects.filter(
        closed_at__isnull=True, migrant_records__is_current=True, migrant_records__returned_on__isnull=True
    )
    return away if area is None else away.filter(home_region__code__startswith=area.prefix)


def home_cities_of_people_away() -> list[Region]:
    """The cities the people away come from (``Region.city``: 京山 → 荆门; 东莞, with no
    counties, and 仙桃, run by its province, are their own)."""
    homes = Region.objects.filter(pk__in=people_away().values("home_region")).select_related("parent")
    return sorted({h.city for h in homes}, key=lambda r: r.code)


def campaigns_of_staff(user: Any) -> QuerySet[ReturnCampaign]:
    """The welcome-home campaigns a member of staff follows: those of the cities in their area,
    and their own city's when their area is a county in it. A campaign from before campaigns had
    a city is everyone's."""
    area = staff_area(user)
    campaigns = ReturnCampaign.objects.select_related("area").order_by("-holiday_on", "area_id", "-pk")
    if area is EVERYWHERE:
        return campaigns
    if not isinstance(area, Region):
        return campaigns.none()
    return campaigns.filter(Q(area__code__startswith=area.prefix) | Q(area=area.city) | Q(area__isnull=True))
