from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet

from jobs.models import Person, Region, StaffProfile

M = TypeVar("M", bound=Model)


class Everywhere:
    """The area of superusers: no restriction."""


EVERYWHERE = Everywhere()


def staff_area(user: Any) -> Region | Everywhere | None:
    """The region a staff account may see, ``EVERYWHERE``, or None (sees nothing)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return EVERYWHERE
    # Asked several times per request (list, form, import rows): remember it on the user object,
    # which lives as long as the request.
    if not hasattr(user, "_staff_area"):
        profile = StaffProfile.objects.select_related("area").filter(user=user).first()
        user._staff_area = profile.area if profile else None
    area: Region | None = user._staff_area
    return area


def scope_to_area(queryset: QuerySet[M], user: Any, region_path: str) -> QuerySet[M]:
    """Rows whose region (reached through ``region_path``) lies inside the user's area. People
    who closed their account, and the rows reached through them (migrant and hard-to-employ
    records, matches, warnings and plans), are in nobody's lists: their anonymous row is for
    statistics only."""
    if queryset.model is Person:
        queryset = queryset.filter(closed_at__isnull=True)
    elif "person" in region_path.split("__"):
        steps = region_path.split("__")
        through = "__".join(steps[: steps.index("person") + 1])
        queryset = queryset.filter(**{f"{through}__closed_at__isnull": True})
    area = staff_area(user)
    if area is EVERYWHERE:
        return queryset
    if area is None:
        return queryset.none()
    assert isinstance(area, Region)
    return queryset.filter(**{f"{region_path}__code__startswith": area.prefix})


def area_allows(user: Any, region: Region | None) -> bool:
    area = staff_area(user)
    if area is EVERYWHERE:
        return True
    return isinstance(area, Region) and region is not None and area.contains(region)


def case_workers(*, station_id: int | None = None) -> QuerySet[Any]:
    """The active case workers (of a station, when given)."""
    workers = get_user_model().objects.filter(is_active=True, staff_profile__is_case_worker=True)
    return workers.filter(staff_profile__station_id=station_id) if station_id else workers
