"""What anyone may read without signing in: open vacancies, the taxonomy, regions, courses.
Nothing here carries personal data or an employer's contact details."""

from __future__ import annotations

import math
from datetime import date

from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from jobs.models import TrainingCourse, Vacancy
from jobs.models.demand import vacancy_is_live
from jobs.models.training import HOLDS_A_PLACE
from matching.ml.scoring import MONTHLY

KM_PER_DEGREE = 111.2


def vacancies_public(*, today: date | None = None) -> QuerySet[Vacancy]:
    """The live vacancies, each with its best wage in yuan a month (null for piece rates), as
    the matching engine converts it."""
    today = today or timezone.localdate()
    monthly = Case(
        *[When(wage_unit=unit, then=F("wage_max") * Value(factor)) for unit, factor in MONTHLY.items()],
        default=None,
        output_field=FloatField(),
    )
    return (
        Vacancy.objects.filter(vacancy_is_live(today))
        .select_related("employer", "occupation", "region")
        .prefetch_related("skills__skill")
        .annotate(monthly_wage_max=monthly)
    )


def vacancies_near(
    queryset: QuerySet[Vacancy], *, latitude: float, longitude: float, radius_km: float
) -> QuerySet[Vacancy]:
    """Those within ``radius_km`` of a point, each with ``distance_sq`` (km², for ordering).
    The site's own coordinates, or else its region's centre. Distances are on a plane tangent
    at the point: within a few hundred metres of the great circle at commuting distances."""
    lat = Coalesce(F("latitude"), F("region__latitude"))
    lon = Coalesce(F("longitude"), F("region__longitude"))
    dy = (lat - Value(latitude)) * Value(KM_PER_DEGREE)
    dx = (lon - Value(longitude)) * Value(KM_PER_DEGREE * math.cos(math.radians(latitude)))
    return queryset.annotate(distance_sq=dx * dx + dy * dy).filter(distance_sq__lte=radius_km**2)


def with_places(courses: QuerySet[TrainingCourse]) -> QuerySet[TrainingCourse]:
    """Courses with ``taken``, the places held (chosen or completed)."""
    return courses.annotate(taken=Count("enrolments", filter=Q(enrolments__status__in=HOLDS_A_PLACE)))


def not_full(courses: QuerySet[TrainingCourse]) -> QuerySet[TrainingCourse]:
    """The courses with a place left: a full course is offered to nobody."""
    return with_places(courses).filter(taken__lt=F("capacity"))  # type: ignore[misc]  # the annotation of with_places


def courses_upcoming(*, today: date | None = None) -> QuerySet[TrainingCourse]:
    """Courses not yet started, soonest first, with the places held."""
    today = today or timezone.localdate()
    return (
        with_places(TrainingCourse.objects.filter(starts_on__gte=today))
        .select_related("occupation__parent", "region")
        .prefetch_related("skills")
        .order_by("starts_on", "pk")
    )
