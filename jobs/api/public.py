"""Public endpoints: open vacancies with filters, occupation and skill look-up, regions and
training courses. Read-only, no sign-in, throttled per IP."""

from __future__ import annotations

import math
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from jobs.api.access import PublicApi
from jobs.api.catalogue import CourseOut, OccupationOut, RegionOut, SkillOut
from jobs.api.fields import RegionCode
from jobs.api.filters import FilterForm, single_values
from jobs.api.subsidies import PolicyOut
from jobs.models import (
    ConsentText,
    Occupation,
    Region,
    Skill,
    TrainingCourse,
    Vacancy,
    VacancySkill,
    WorkType,
)
from jobs.models.insurance import InsuranceTransferRule
from jobs.models.subsidies import SubsidyPolicy
from jobs.selectors.consent import consent_current, consent_versions_published
from jobs.selectors.insurance import transfers_needed
from jobs.selectors.public import courses_upcoming, vacancies_near, vacancies_public
from matching.services.coding import occupations_suggest

# --- serializers ---------------------------------------------------------------------------


class VacancyOut(serializers.ModelSerializer[Vacancy]):
    class NamedOut(serializers.Serializer[Any]):
        code = serializers.CharField()
        name = serializers.CharField()

    class EmployerBrief(serializers.Serializer[Any]):
        name = serializers.CharField()
        industry = serializers.CharField()

    class SkillNeeded(serializers.ModelSerializer[VacancySkill]):
        code = serializers.CharField(source="skill.code")
        name = serializers.CharField(source="skill.name")

        class Meta:
            model = VacancySkill
            fields = ["code", "name", "level", "required"]

    employer = EmployerBrief()
    occupation = NamedOut()
    region = NamedOut()
    skills = SkillNeeded(many=True)
    monthly_wage_max = serializers.FloatField(allow_null=True)
    distance_km = serializers.SerializerMethodField()

    class Meta:
        model = Vacancy
        fields = [
            "id", "title", "employer", "occupation", "description", "work_type", "headcount", "filled_count",
            "wage_min", "wage_max", "wage_unit", "monthly_wage_max", "education_min", "certificate_level_min",
            "region", "address", "latitude", "longitude", "start_date", "valid_until", "skills", "distance_km",
            "updated_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_distance_km(self, vacancy: Vacancy) -> float | None:
        squared = getattr(vacancy, "distance_sq", None)
        return None if squared is None else round(math.sqrt(squared), 1)


class ConsentVersionOut(serializers.ModelSerializer[ConsentText]):
    class Meta:
        model = ConsentText
        fields = ["version", "published_on"]


class SuggestQuery(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=200, help_text="What the person or employer wrote")
    k = serializers.IntegerField(min_value=1, max_value=10, default=5, help_text="How many codes")


class SuggestionOut(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="National occupation classification code")
    name = serializers.CharField()
    level = serializers.IntegerField(help_text="1 major group, 2 medium, 3 minor, 4 occupation")
    confidence = serializers.FloatField(help_text="0 to 1; about 0.3 and up is sure enough")


class SuggestionsOut(serializers.Serializer[Any]):
    results = SuggestionOut(many=True)


class TransferQuery(serializers.Serializer[Any]):
    from_region = RegionCode(help_text="Where the person is insured now")
    to_region = RegionCode(help_text="Where they now live or work")
    returning = serializers.BooleanField(default=False, help_text="A migrant worker coming home")


class TransferRuleOut(serializers.ModelSerializer[InsuranceTransferRule]):
    class Meta:
        model = InsuranceTransferRule
        fields = ["scheme", "office", "documents", "takes", "online", "document", "article"]


class TransfersOut(serializers.Serializer[Any]):
    needed = serializers.BooleanField(help_text="Whether any scheme must be moved for this move")
    rules = TransferRuleOut(many=True, help_text="One per scheme to move, as the rules in force say")


class ConsentOut(serializers.Serializer[Any]):
    version = serializers.CharField(help_text="Name this as consent_text_version when consent is given")
    text = serializers.CharField(help_text="The text shown to people now")
    published_on = serializers.DateField()
    versions = ConsentVersionOut(many=True, help_text="Every version published so far, newest first")


# --- filters --------------------------------------------------------------------------------


def _bounded(low: float, high: float, **kwargs: Any) -> django_filters.NumberFilter:
    """A number filter whose bounds are checked and also written into the schema."""
    kind = type("BoundedNumberFilter", (django_filters.NumberFilter,), {})
    documented = extend_schema_field({"type": "number", "minimum": low, "maximum": high})(kind)
    return documented(min_value=low, max_value=high, **kwargs)  # type: ignore[no-any-return]


class VacancyFilterForm(FilterForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        point = [data.get(name) for name in ("latitude", "longitude", "radius_km")]
        if any(v is not None for v in point) and any(v is None for v in point):
            raise forms.ValidationError(
                {"radius_km": _("Radius: give latitude, longitude and radius_km together")}
            )
        raw = self.data.get("ordering")
        if raw is not None and any(not part.strip() for part in str(raw).split(",")):
            raise forms.ValidationError(
                {"ordering": _("Ordering: one or more field names, separated by commas")}
            )
        if any(o.lstrip("-") == "distance" for o in data.get("ordering") or []) and point[2] is None:
            raise forms.ValidationError({"ordering": _("Ordering: by distance needs a point and a radius")})
        return data


class VacancyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", max_length=50, help_text="Words in the title or description"
    )
    occupation = django_filters.CharFilter(method="by_occupation", max_length=64, help_text="Occupation code")
    region = django_filters.CharFilter(
        method="by_region", max_length=6, help_text="Region code (6 digits); includes the regions inside it"
    )
    work_type = django_filters.ChoiceFilter(choices=WorkType.choices)
    min_monthly_wage = _bounded(
        0, 1_000_000, field_name="monthly_wage_max", lookup_expr="gte",
        help_text="Best wage at least this, in yuan a month (piece rates are left out)",
    )  # fmt: skip
    latitude = _bounded(-90, 90, method="near")
    longitude = _bounded(-180, 180, method="near")
    radius_km = _bounded(1, 500, method="near", help_text="With latitude and longitude: within this distance")
    ordering = django_filters.OrderingFilter(
        fields=(("updated_at", "updated_at"), ("monthly_wage_max", "wage"), ("distance_sq", "distance")),
        help_text="updated_at, wage or distance (with a point); a minus sign for descending",
    )

    class Meta:
        model = Vacancy
        fields: list[str] = []
        form = VacancyFilterForm

    def search(self, queryset: QuerySet[Vacancy], name: str, value: str) -> QuerySet[Vacancy]:
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def by_occupation(self, queryset: QuerySet[Vacancy], name: str, value: Occupation) -> QuerySet[Vacancy]:
        return queryset.filter(occupation=value)

    def by_region(self, queryset: QuerySet[Vacancy], name: str, value: Region) -> QuerySet[Vacancy]:
        return queryset.filter(region__code__startswith=value.prefix)

    def near(self, queryset: QuerySet[Vacancy], name: str, value: float) -> QuerySet[Vacancy]:
        if name != "radius_km":  # applied once, with all three, when the radius comes
            return queryset
        data = self.form.cleaned_data
        return vacancies_near(
            queryset, latitude=float(data["latitude"]), longitude=float(data["longitude"]),
            radius_km=float(value),
        )  # fmt: skip

    def filter_queryset(self, queryset: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
        # The point before the ordering, which may order by its distance.
        data = self.form.cleaned_data
        if data.get("radius_km") is not None:
            queryset = self.near(queryset, "radius_km", data["radius_km"])
        for name, value in data.items():
            if value is not None and name not in ("latitude", "longitude", "radius_km"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset


class NameFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=50, help_text="Part of the name or a synonym")

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(name__icontains=value) | Q(synonyms__icontains=value))


class OccupationFilter(NameFilter):
    class Meta:
        model = Occupation
        fields = ["industry", "level"]
        form = FilterForm


class SkillFilter(NameFilter):
    occupation = django_filters.CharFilter(method="by_occupation", max_length=64, help_text="Occupation code")

    class Meta:
        model = Skill
        fields: list[str] = []
        form = FilterForm

    def by_occupation(self, queryset: QuerySet[Skill], name: str, value: Occupation) -> QuerySet[Skill]:
        return queryset.filter(occupations=value)

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Skills named so; where none is, the skills of the occupations named so: "电焊" names
        no skill but is what people call the welder's trade."""
        named = super().search(queryset, name, value)
        if named.exists():
            return named
        trade = Q(occupations__name__icontains=value) | Q(occupations__synonyms__icontains=value)
        return queryset.filter(pk__in=queryset.filter(trade).values("pk"))


class RegionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=50)
    parent = django_filters.CharFilter(method="by_parent", max_length=6, help_text="Code of the region above")
    level = django_filters.ChoiceFilter(choices=Region.Level.choices)

    class Meta:
        model = Region
        fields: list[str] = []
        form = FilterForm

    def by_parent(self, queryset: QuerySet[Region], name: str, value: Region) -> QuerySet[Region]:
        return queryset.filter(parent=value)


class CourseFilter(django_filters.FilterSet):
    occupation = django_filters.CharFilter(method="by_occupation", max_length=64, help_text="Occupation code")
    region = django_filters.CharFilter(method="by_region", max_length=6, help_text="Region code (6 digits)")
    skill = django_filters.CharFilter(field_name="skills__code", max_length=64, help_text="Skill code")

    class Meta:
        model = TrainingCourse
        fields: list[str] = []
        form = FilterForm

    def by_occupation(
        self, queryset: QuerySet[TrainingCourse], name: str, value: Occupation
    ) -> QuerySet[TrainingCourse]:
        return queryset.filter(occupation=value)

    def by_region(
        self, queryset: QuerySet[TrainingCourse], name: str, value: Region
    ) -> QuerySet[TrainingCourse]:
        return queryset.filter(region__code__startswith=value.prefix)


# --- views ---------------------------------------------------------------------------------


@extend_schema(tags=["public"], summary="Open vacancies")
class VacancyListApi(PublicApi, generics.ListAPIView[Vacancy]):
    serializer_class = VacancyOut
    filterset_class = VacancyFilter

    def get_queryset(self) -> QuerySet[Vacancy]:
        return vacancies_public().order_by("-updated_at", "-pk")


@extend_schema(tags=["public"], summary="One open vacancy")
class VacancyDetailApi(PublicApi, generics.RetrieveAPIView[Vacancy]):
    serializer_class = VacancyOut

    def get_queryset(self) -> QuerySet[Vacancy]:
        return vacancies_public()


@extend_schema(tags=["public"], summary="Occupations, by name or everyday synonym")
class OccupationListApi(PublicApi, generics.ListAPIView[Occupation]):
    serializer_class = OccupationOut
    filterset_class = OccupationFilter
    queryset = Occupation.objects.select_related("parent").order_by("name", "code")


@extend_schema(tags=["public"], summary="Occupation codes for what somebody wrote, best first",
               parameters=[SuggestQuery], responses={200: SuggestionsOut})  # fmt: skip
class OccupationSuggestApi(PublicApi):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "occupation_suggest"

    def get(self, request: Request) -> Response:
        query = SuggestQuery(data=single_values(request.query_params))
        query.is_valid(raise_exception=True)
        suggestions = occupations_suggest([query.validated_data["text"]], k=query.validated_data["k"])[0]
        return Response(SuggestionsOut({"results": suggestions}).data)


@extend_schema(tags=["public"], summary="Skills, by name or synonym, or those of an occupation")
class SkillListApi(PublicApi, generics.ListAPIView[Skill]):
    serializer_class = SkillOut
    filterset_class = SkillFilter
    queryset = Skill.objects.order_by("name")


@extend_schema(tags=["public"], summary="Administrative regions")
class RegionListApi(PublicApi, generics.ListAPIView[Region]):
    serializer_class = RegionOut
    filterset_class = RegionFilter
    queryset = Region.objects.order_by("code")


@extend_schema(tags=["public"], summary="Training courses not yet started")
class CourseListApi(PublicApi, generics.ListAPIView[TrainingCourse]):
    serializer_class = CourseOut
    filterset_class = CourseFilter

    def get_queryset(self) -> QuerySet[TrainingCourse]:
        return courses_upcoming()


@extend_schema(tags=["public"], summary="The consent text shown now, and the versions published",
               responses={200: ConsentOut})  # fmt: skip
class ConsentApi(PublicApi):
    def get(self, request: Request) -> Response:
        current = consent_current()
        if current is None:  # none published yet: nobody can give consent
            raise exceptions.NotFound()
        body = {"version": current.version, "text": current.text, "published_on": current.published_on,
                "versions": consent_versions_published()}  # fmt: skip
        return Response(ConsentOut(body).data)


@extend_schema(tags=["public"], summary="The subsidy policies in force, each with its document and article")
class PoliciesApi(PublicApi, generics.ListAPIView[SubsidyPolicy]):
    serializer_class = PolicyOut
    queryset = SubsidyPolicy.objects.filter(active=True).order_by("occasion", "paid_to", "key")


@extend_schema(tags=["public"], summary="What moving social insurance between two places takes, scheme by scheme",
               parameters=[TransferQuery], responses={200: TransfersOut})  # fmt: skip
class InsuranceTransferApi(PublicApi):
    def get(self, request: Request) -> Response:
        query = TransferQuery(data=single_values(request.query_params))
        query.is_valid(raise_exception=True)
        data = query.validated_data
        rules = transfers_needed(from_code=data["from_region"].code, to_code=data["to_region"].code,
                                 returning=data["returning"])  # fmt: skip
        return Response(TransfersOut({"needed": bool(rules), "rules": rules}).data)
