"""Gig-station and city staff: what the admin does that an app or another government system
needs. Staff reach only their own area: anything outside it is "not found", never
"forbidden", and is left out of every list. ID numbers and phones are masked everywhere but in
a reveal, which needs its own permission and is logged."""

from __future__ import annotations

import hashlib
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from jobs.api.access import PublicApi
from jobs.api.conventions import check_if_match, etag, validated
from jobs.api.fields import (
    RegistryDate,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
)
from jobs.api.filters import FilterForm
from jobs.api.people import ProfileFields
from jobs.api.subsidies import EntitlementOut
from jobs.models import (
    AssistanceRecord,
    Employer,
    GigStation,
    HardToEmployProfile,
    MigrantRecord,
    Occupation,
    Person,
    PlanItem,
    Region,
    Support,
    SupportPlan,
    WarningTier,
    WelfarePlacement,
    WorkType,
    ZeroEmploymentSpell,
)
from jobs.models.people import EmploymentStatus
from jobs.models.returnees import ReturnCampaign, ReturneeCall
from jobs.models.subsidies import Entitlement, EntitlementStatus
from jobs.models.training import Enrolment
from jobs.selectors.migrants import campaigns_of_staff
from jobs.selectors.staff import area_allows, scope_to_area, staff_area
from jobs.selectors.staff_desk import (
    TIER_URGENCY,
    assistance_of,
    employer_in_area,
    employers_in_area,
    people_in_area,
    people_in_registry,
    people_search,
    person_in_area,
    staff_profile_of,
    warnings_in_area,
)
from jobs.selectors.subsidies import entitlements_in_area, subsidy_progress
from jobs.selectors.support import (
    open_plan_of,
    plan_completion,
    plan_items_in_area,
    plan_job_proposals,
    reason_for_staff,
    zero_households_by_station,
    zero_households_in_area,
)
from jobs.services.employers import employer_approve
from jobs.services.households import zero_household_offer
from jobs.services.people import REVEAL_PERMISSION, person_reveal
from jobs.services.plans import plan_item_done, plan_open_by_staff
from jobs.services.returnees import (
    campaign_approve,
    campaign_cancel,
    campaign_window_set,
    returnee_call_done,
)
from jobs.services.staff_desk import (
    assistance_record_add,
    person_register_at_station,
    person_update_by_staff,
    staff_sign_in,
)
from jobs.services.subsidies import entitlement_apply, entitlement_decide
from jobs.services.support import support_override, support_override_end
from jobs.services.training import enrolment_complete
from jobs.services.welfare import welfare_placement_record
from jobs.validators import mask_id_number, mask_mobile, normalize_credit_code

APPROVE_PERMISSION = "jobs.change_employer"
MAX_ID = 2_147_483_647  # the largest id a row can have (a 32-bit key)

# --- permissions and throttles ---------------------------------------------------------------


class IsStaff(BasePermission):
    """Signed in (token or admin session), active, and given an area (or a superuser)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return staff_area(request.user) is not None


class MayReveal(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm(REVEAL_PERMISSION))


class MayApproveEmployers(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm(APPROVE_PERMISSION))


class StaffSignInNameThrottle(ScopedRateThrottle):
    """Password guesses for one account, from however many addresses."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        data = request.data
        username = data.get("username") if isinstance(data, dict) else None
        if not isinstance(username, str) or not username:
            return None
        ident = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
        return self.cache_format % {"scope": f"{self.scope}_name", "ident": ident}


def _person(request: Request, pk: int, *, for_update: bool = False) -> Person:
    person = person_in_area(user=request.user, pk=pk, for_update=for_update)
    if person is None:
        raise exceptions.NotFound()
    return person


# --- serializers ---------------------------------------------------------------------------


class RegionBrief(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ["code", "name", "full_name"]


class StationBrief(serializers.ModelSerializer[GigStation]):
    class Meta:
        model = GigStation
        fields = ["id", "name"]


def _name_of(user: Any) -> str | None:
    return None if user is None else (user.get_full_name() or user.get_username())


class StaffOut(serializers.Serializer[Any]):
    username = serializers.CharField()
    name = serializers.CharField()
    area = RegionBrief(allow_null=True, help_text="Null for superusers, who see everywhere")
    station = StationBrief(allow_null=True)
    is_case_worker = serializers.BooleanField()
    may_reveal = serializers.BooleanField()
    may_approve_employers = serializers.BooleanField()


def _staff(user: Any) -> dict[str, Any]:
    profile, area = staff_profile_of(user=user), staff_area(user)
    return {
        "username": user.get_username(),
        "name": user.get_full_name(),
        "area": RegionBrief(area).data if isinstance(area, Region) else None,
        "station": StationBrief(profile.station).data if profile and profile.station else None,
        "is_case_worker": bool(profile and profile.is_case_worker),
        "may_reveal": user.has_perm(REVEAL_PERMISSION),
        "may_approve_employers": user.has_perm(APPROVE_PERMISSION),
    }


class StaffSignInIn(serializers.Serializer[Any]):
    username = StrictCharField(max_length=150)
    password = StrictCharField(max_length=128, trim_whitespace=False)


class StaffSignedInOut(serializers.Serializer[Any]):
    token = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)
    staff = StaffOut()


class MaskedIdentity(serializers.ModelSerializer[Person]):
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    def get_id_number(self, person: Person) -> str:
        return mask_id_number(person.id_number or "")

    def get_phone(self, person: Person) -> str:
        return mask_mobile(person.phone or "")


class PersonRowOut(MaskedIdentity):
    """As the admin's list: no sex, ethnicity, birth date or household registration."""

    home_region = RegionBrief()
    tier = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "name", "id_number", "phone", "home_region", "employment_status", "is_seeking",
                  "tier"]  # fmt: skip

    @extend_schema_field(serializers.ChoiceField(choices=WarningTier.choices, allow_null=True))
    def get_tier(self, person: Person) -> str | None:
        support = getattr(person, "support", None)
        return support.tier if support else None


class HardshipOut(serializers.ModelSerializer[HardToEmployProfile]):
    categories: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="category", many=True, read_only=True
    )

    class Meta:
        model = HardToEmployProfile
        fields = ["categories", "registered_on", "exited_on", "exit_reason"]


class SupportOut(serializers.ModelSerializer[Support]):
    """The tier in effect; what the rules found, each reason in words; a staff override."""

    reasons = serializers.SerializerMethodField()
    case_worker = serializers.SerializerMethodField()

    class Meta:
        model = Support
        fields = ["tier", "tier_since", "rules_tier", "reasons", "override_tier", "override_reason",
                  "override_until", "case_worker", "welfare_grounds"]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, support: Support) -> list[str]:
        return [reason_for_staff(r) for r in support.reasons]

    def get_case_worker(self, support: Support) -> str | None:
        return _name_of(support.case_worker)


class MigrantRecordOut(serializers.ModelSerializer[MigrantRecord]):
    work_region = RegionBrief()
    occupation: serializers.SlugRelatedField[Occupation] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = MigrantRecord
        fields = ["work_region", "industry", "occupation", "employer_name", "started_on", "expected_return_on",
                  "returned_on", "intends_local_work"]  # fmt: skip


class PersonOut(MaskedIdentity):
    """Everything the admin's form shows, the ID number and phone still masked; with where the
    person stands in the hard-to-employ and migrant registries."""

    home_region = RegionBrief()
    hukou_region = RegionBrief(allow_null=True)
    desired_occupations: serializers.SlugRelatedField[Occupation] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    registered_at_station = StationBrief(allow_null=True)
    birth_year = serializers.IntegerField(
        read_only=True, help_text="Not the date: it would complete the masked ID number"
    )
    hardship = HardshipOut(allow_null=True, read_only=True, help_text="Null when never in that registry")
    support = SupportOut(allow_null=True, read_only=True, help_text="Null when the rules never gave a tier")
    migrant = serializers.SerializerMethodField(help_text="The current migrant record; null if none")

    class Meta:
        model = Person
        fields = [
            "id", "name", "id_number", "phone", "birth_year", "sex", "ethnicity", "email", "home_region",
            "hukou_region", "address", "education", "major", "graduation_year", "employment_status",
            "status_since", "is_seeking", "self_description", "desired_occupations", "expected_wage",
            "expected_wage_unit", "wants_full_time", "wants_part_time", "wants_gig", "wants_shared",
            "commute_radius_km", "accepts_anywhere", "available_from", "consent_matching", "consent_contact",
            "consent_recorded_at", "consent_text_version", "notify_sms", "notify_wechat", "notify_email",
            "source", "registered_at_station", "hardship", "support", "migrant", "created_at",
            "updated_at",
        ]  # fmt: skip

    @extend_schema_field(MigrantRecordOut(allow_null=True))
    def get_migrant(self, person: Person) -> dict[str, Any] | None:
        current = person.current_migrant  # type: ignore[attr-defined]  # prefetched by person_in_area
        return MigrantRecordOut(current[0]).data if current else None


class PersonIn(ProfileFields):
    """A walk-in's registration; in a change, any of these fields alone (``phone`` is the phone
    on file, "" clears it; someone with an account keeps signing in with their own). Giving
    consent needs the version of the text the person agreed to."""

    id_number = StrictCharField(max_length=18)
    phone = StrictCharField(max_length=20, required=False, allow_blank=True)
    address = StrictCharField(max_length=200, required=False, allow_blank=True)
    major = StrictCharField(max_length=64, required=False, allow_blank=True)
    is_seeking = StrictBooleanField(default=True)
    consent_matching = StrictBooleanField(required=False)
    consent_text_version = StrictCharField(max_length=16, required=False)


class RevealIn(serializers.Serializer[Any]):
    purpose = StrictCharField(max_length=200)


class RevealedOut(serializers.Serializer[Any]):
    id_number = serializers.CharField()
    phone = serializers.CharField()


class AssistanceIn(serializers.Serializer[Any]):
    kind = StrictChoiceField(choices=AssistanceRecord.Kind.choices)
    delivered_on = RegistryDate(help_text="Not in the future")
    vacancy = StrictIntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    course = StrictIntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    note = StrictCharField(max_length=2000, required=False, allow_blank=True)


class AssistanceOut(serializers.ModelSerializer[AssistanceRecord]):
    staff = serializers.SerializerMethodField()

    class Meta:
        model = AssistanceRecord
        fields = ["id", "kind", "delivered_on", "staff", "vacancy", "course", "note"]

    def get_staff(self, record: AssistanceRecord) -> str | None:
        return _name_of(record.staff)


class WarningOut(SupportOut):
    class WarnedPerson(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        name = serializers.CharField()
        home_region = RegionBrief()

    class Delivered(serializers.Serializer[Any]):
        """How much of the open "1131" plan is done: one policy briefing, one guidance session,
        three job recommendations and one training offer are owed."""

        policy_briefings = serializers.IntegerField()
        guidance_sessions = serializers.IntegerField()
        job_recommendations = serializers.IntegerField()
        training_offers = serializers.IntegerField()

    person = WarnedPerson()
    assistance_1131 = Delivered(source="*")

    class Meta:
        model = Support
        fields = ["id", "person", "tier", "tier_since", "reasons", "override_tier", "override_until",
                  "case_worker", "assistance_1131"]  # fmt: skip


class TierIn(serializers.Serializer[Any]):
    """Named as the fields of ``SupportOut`` they set."""

    override_tier = StrictChoiceField(choices=WarningTier.choices)
    override_reason = StrictCharField(max_length=200)
    override_until = RegistryDate(help_text="The last day it holds; the rules take over the day after")


class PlanItemOut(serializers.ModelSerializer[PlanItem]):
    done_by = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = ["id", "kind", "due_on", "done_on", "done_by", "vacancy", "course", "outcome"]

    def get_done_by(self, item: PlanItem) -> str | None:
        return _name_of(item.done_by)


class ProposalOut(serializers.Serializer[Any]):
    vacancy = serializers.IntegerField(source="vacancy_id")
    title = serializers.CharField(source="vacancy.title")
    employer = serializers.CharField(source="vacancy.employer.name")
    region = serializers.CharField(source="vacancy.region.full_name")
    public_welfare = serializers.SerializerMethodField()

    def get_public_welfare(self, match: Any) -> bool:
        return bool(match.vacancy.work_type == WorkType.PUBLIC_WELFARE)


class PlanOut(serializers.ModelSerializer[SupportPlan]):
    """The open "1131" plan, its items, and the jobs the engine proposes to send."""

    station = serializers.CharField(source="station.name", allow_null=True, default=None)
    case_worker = serializers.SerializerMethodField()
    items = PlanItemOut(many=True)
    proposals = serializers.SerializerMethodField()

    class Meta:
        model = SupportPlan
        fields = [
            "id",
            "opened_on",
            "opened_because",
            "station",
            "case_worker",
            "closed_on",
            "items",
            "proposals",
        ]

    def get_case_worker(self, plan: SupportPlan) -> str | None:
        return _name_of(plan.case_worker)

    @extend_schema_field(ProposalOut(many=True))
    def get_proposals(self, plan: SupportPlan) -> Any:
        return ProposalOut(plan_job_proposals(plan=plan), many=True).data


class PlanItemDoneIn(serializers.Serializer[Any]):
    done_on = RegistryDate(required=False, help_text="Today unless said; a job is sent today")
    outcome = StrictCharField(max_length=200, required=False, allow_blank=True)
    course = StrictIntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    vacancy = StrictIntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True,
                                 help_text="The job a job recommendation sends (one of the proposals, or any open one)")  # fmt: skip


class CompletionRowOut(serializers.Serializer[Any]):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    due = serializers.IntegerField()
    done = serializers.IntegerField()
    on_time = serializers.IntegerField()
    overdue = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class CompletionOut(serializers.Serializer[Any]):
    stations = CompletionRowOut(many=True)
    case_workers = CompletionRowOut(many=True)


class ZeroHouseholdOut(serializers.ModelSerializer[ZeroEmploymentSpell]):
    class Member(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        name = serializers.CharField()
        employment_status = serializers.CharField()

    address = serializers.CharField(source="household.address")
    region = RegionBrief(source="household.region")
    station = serializers.CharField(source="station.name", allow_null=True, default=None)
    members = serializers.SerializerMethodField()

    class Meta:
        model = ZeroEmploymentSpell
        fields = ["id", "address", "region", "station", "members", "became_on", "offer_due_on", "offered_on",
                  "offer", "offer_vacancy", "offered_to", "left_on"]  # fmt: skip

    @extend_schema_field(Member(many=True))
    def get_members(self, spell: ZeroEmploymentSpell) -> Any:
        people = [p for p in spell.household.members.all() if p.closed_at is None]
        return [{"id": p.pk, "name": p.name, "employment_status": p.employment_status} for p in people]


class ZeroStationOut(serializers.Serializer[Any]):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    remaining = serializers.IntegerField()
    average_days = serializers.IntegerField()
    longest_days = serializers.IntegerField()
    not_offered = serializers.IntegerField()
    offers_overdue = serializers.IntegerField()


class ZeroOfferIn(serializers.Serializer[Any]):
    person = StrictIntegerField(min_value=1, max_value=MAX_ID, help_text="A member of the household")
    vacancy = StrictIntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="An open vacancy: a public-welfare post, or any as a priority match",
    )


class WelfarePlacementIn(serializers.Serializer[Any]):
    vacancy = StrictIntegerField(min_value=1, max_value=MAX_ID, help_text="A public-welfare post")
    starts_on = RegistryDate(help_text="Not in the future")
    ends_on = RegistryDate(help_text="The last day of the subsidised term")


class WelfarePlacementOut(serializers.ModelSerializer[WelfarePlacement]):
    class Meta:
        model = WelfarePlacement
        fields = ["id", "vacancy", "starts_on", "ends_on", "recorded_at"]


class EmployerRowOut(serializers.ModelSerializer[Employer]):
    region = RegionBrief()
    open_vacancies = serializers.IntegerField()
    contact_phone = serializers.SerializerMethodField()

    class Meta:
        model = Employer
        fields = ["id", "name", "credit_code", "industry", "region", "status", "open_vacancies", "contact_name",
                  "contact_phone", "created_at", "updated_at"]  # fmt: skip

    def get_contact_phone(self, employer: Employer) -> str:
        return employer.contact_phone_masked


# --- filters --------------------------------------------------------------------------------


class StaffFilterForm(FilterForm):
    """Besides the checks of every filter: a region filter must lie inside the staff member's
    area (asking about another area is a mistake worth hearing about, not an empty list)."""

    user: Any = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        region = data.get("region")
        if isinstance(region, Region) and not area_allows(self.user, region):
            self.add_error("region", forms.ValidationError(_("Region: outside your area")))
        return data


class StaffFilter(django_filters.FilterSet):
    region_path = "region"
    region = django_filters.CharFilter(
        method="by_region", max_length=6, help_text="Region code (6 digits), inside your area; includes the regions inside it"
    )  # fmt: skip

    @property
    def form(self) -> Any:
        form = super().form
        form.user = getattr(self.request, "user", None)
        return form

    def by_region(self, queryset: QuerySet[Any], name: str, value: Region) -> QuerySet[Any]:
        return queryset.filter(**{f"{self.region_path}__code__startswith": value.prefix})


REGISTRIES = [
    ("labour", _("Labour registry")),
    ("migrant", _("Migrant worker registry")),
    ("hardship", _("Hard-to-employ registry")),
]


class PersonFilter(StaffFilter):
    region_path = "home_region"
    q = django_filters.CharFilter(
        method="search", max_length=50, help_text="Part of the name, or a full ID number or mobile number"
    )
    registry = django_filters.ChoiceFilter(
        choices=REGISTRIES, method="by_registry",
        help_text="labour: everyone; migrant: working away now; hardship: in the hard-to-employ registry",
    )  # fmt: skip
    employment_status = django_filters.ChoiceFilter(choices=EmploymentStatus.choices)
    tier = django_filters.ChoiceFilter(choices=WarningTier.choices, field_name="support__tier")

    class Meta:
        model = Person
        fields: list[str] = []
        form = StaffFilterForm

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return people_search(queryset, value, user=self.request.user)

    def by_registry(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return people_in_registry(queryset, value)


class WarningFilter(django_filters.FilterSet):
    tier = django_filters.ChoiceFilter(choices=[(t, WarningTier(t).label) for t in TIER_URGENCY])

    class Meta:
        model = Support
        fields: list[str] = []
        form = FilterForm


class EmployerFilter(StaffFilter):
    q = django_filters.CharFilter(
        method="search", max_length=50, help_text="Part of the name, or the full credit code"
    )
    status = django_filters.ChoiceFilter(choices=Employer.Status.choices)

    class Meta:
        model = Employer
        fields: list[str] = []
        form = StaffFilterForm

    def search(self, queryset: QuerySet[Employer], name: str, value: str) -> QuerySet[Employer]:
        return queryset.filter(Q(name__icontains=value) | Q(credit_code=normalize_credit_code(value)))


# --- views ---------------------------------------------------------------------------------


@extend_schema(
    tags=["staff"], summary="Sign in as staff with username and password",
    request=StaffSignInIn, responses={200: StaffSignedInOut},
)  # fmt: skip
class StaffSignInApi(PublicApi):
    # Password guesses from one address, and for one account from however many addresses.
    throttle_classes = [AnonRateThrottle, ScopedRateThrottle, StaffSignInNameThrottle]
    throttle_scope = "staff_sign_in"

    def post(self, request: Request) -> Response:
        result = staff_sign_in(**validated(StaffSignInIn, request), request=request)
        body = {"token": result.token, "expiry": result.expiry, "staff": _staff(result.user)}
        return Response(body)


@extend_schema(tags=["staff"])
class PeopleApi(generics.ListAPIView[Person]):
    permission_classes = [IsStaff]
    serializer_class = PersonRowOut
    filterset_class = PersonFilter
    queryset = Person.objects.none()  # for the schema; the real one is the staff member's area

    def get_queryset(self) -> QuerySet[Person]:
        return people_in_area(user=self.request.user)

    @extend_schema(summary="Search the registries of my area (ID numbers and phones masked)")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Register a walk-in in the labour registry", request=PersonIn,
                   responses={201: PersonOut})  # fmt: skip
    def post(self, request: Request) -> Response:
        person = person_register_at_station(staff=request.user, **validated(PersonIn, request))
        person = _person(request, person.pk)
        return Response(
            PersonOut(person).data, status=status.HTTP_201_CREATED, headers={"ETag": etag(person)}
        )


@extend_schema(tags=["staff"])
class PersonApi(APIView):
    """A person of my area. A change must name the version it was made from (``If-Match``
    with the ``ETag`` of the last read), so that two desks do not overwrite each other unseen."""

    permission_classes = [IsStaff]

    @extend_schema(summary="A person in full (ID number and phone masked)", responses={200: PersonOut})
    def get(self, request: Request, pk: int) -> Response:
        person = _person(request, pk)
        return Response(PersonOut(person).data, headers={"ETag": etag(person)})

    @extend_schema(summary="Change a person's profile", request=PersonIn, responses={200: PersonOut})
    def patch(self, request: Request, pk: int) -> Response:
        data = validated(PersonIn, request, partial=True)
        with transaction.atomic():
            # Locked while compared and changed: two changes from one version cannot both pass.
            person = _person(request, pk, for_update=True)
            check_if_match(request, person)
            person_update_by_staff(staff=request.user, person=person, **data)
        person = _person(request, pk)
        return Response(PersonOut(person).data, headers={"ETag": etag(person)})


@extend_schema(tags=["staff"], summary="A person's full ID number and phone (permission needed; logged)",
               request=RevealIn, responses={200: RevealedOut})  # fmt: skip
class PersonRevealApi(APIView):
    permission_classes = [IsStaff, MayReveal]

    def post(self, request: Request, pk: int) -> Response:
        person = _person(request, pk)
        data = validated(RevealIn, request)
        revealed = person_reveal(
            staff=request.user, person=person, purpose=data["purpose"], ip_address=request.META.get("REMOTE_ADDR")
        )  # fmt: skip
        return Response(revealed, headers={"Cache-Control": "no-store"})


@extend_schema(tags=["staff"])
class AssistanceApi(generics.ListAPIView[AssistanceRecord]):
    permission_classes = [IsStaff]
    serializer_class = AssistanceOut
    queryset = AssistanceRecord.objects.none()  # for the schema; the real one is the person's

    def get_queryset(self) -> QuerySet[AssistanceRecord]:
        return assistance_of(person=_person(self.request, self.kwargs["pk"]))

    @extend_schema(summary="Assistance given to a hard-to-employ person, latest first")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Record assistance given to a hard-to-employ person", request=AssistanceIn,
                   responses={201: AssistanceOut})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        person = _person(request, pk)
        record = assistance_record_add(staff=request.user, person=person, **validated(AssistanceIn, request))
        return Response(AssistanceOut(record).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["staff"])
class PersonTierApi(APIView):
    """A person's tier set by staff for a while, with their reason; or ended early."""

    permission_classes = [IsStaff]

    @extend_schema(summary="Set a person's tier until a day", request=TierIn, responses={200: SupportOut})
    def put(self, request: Request, pk: int) -> Response:
        data = validated(TierIn, request)
        support = support_override(person=_person(request, pk), tier=data["override_tier"],
                                   reason=data["override_reason"], until=data["override_until"], by=request.user)  # fmt: skip
        return Response(SupportOut(support).data)

    @extend_schema(
        summary="End the tier staff set: the rules' is in effect again", responses={200: SupportOut}
    )
    def delete(self, request: Request, pk: int) -> Response:
        support = support_override_end(person=_person(request, pk), by=request.user)
        if support is None:
            raise exceptions.NotFound()
        return Response(SupportOut(support).data)


@extend_schema(tags=["staff"])
class PersonPlanApi(APIView):
    """A person's open "1131" plan."""

    permission_classes = [IsStaff]

    @extend_schema(summary="The open 1131 plan, with the jobs proposed to send", responses={200: PlanOut})
    def get(self, request: Request, pk: int) -> Response:
        plan = open_plan_of(person=_person(request, pk))
        if plan is None:
            raise exceptions.NotFound()
        return Response(PlanOut(plan).data)

    @extend_schema(summary="Open a 1131 plan for anyone (the open one if there is)", request=None,
                   responses={200: PlanOut})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        return Response(PlanOut(plan_open_by_staff(person=_person(request, pk), by=request.user)).data)


@extend_schema(tags=["staff"], summary="Record a 1131 item done (a job recommendation sends its job)",
               request=PlanItemDoneIn, responses={200: PlanItemOut})  # fmt: skip
class PlanItemDoneApi(APIView):
    permission_classes = [IsStaff]

    def post(self, request: Request, pk: int) -> Response:
        item = plan_items_in_area(user=request.user).filter(pk=pk).first()
        if item is None:
            raise exceptions.NotFound()
        item = plan_item_done(item=item, by=request.user, **validated(PlanItemDoneIn, request))
        return Response(PlanItemOut(item).data)


@extend_schema(tags=["staff"], summary="1131 items due by today and done, per station and case worker",
               responses={200: CompletionOut})  # fmt: skip
class PlanCompletionApi(APIView):
    permission_classes = [IsStaff]

    def get(self, request: Request) -> Response:
        return Response(CompletionOut(plan_completion(user=request.user)).data)


@extend_schema(
    tags=["staff"],
    summary="Zero-employment households of my area still with nobody in work, the longest first",
)
class ZeroHouseholdsApi(generics.ListAPIView[ZeroEmploymentSpell]):
    permission_classes = [IsStaff]
    serializer_class = ZeroHouseholdOut
    queryset = ZeroEmploymentSpell.objects.none()  # for the schema; the real one is the area's

    def get_queryset(self) -> QuerySet[ZeroEmploymentSpell]:
        return (
            zero_households_in_area(user=self.request.user)
            .filter(left_on__isnull=True)
            .prefetch_related("household__members")
            .order_by("became_on", "pk")
        )


@extend_schema(tags=["staff"], summary="Zero-employment households remaining per gig station, and for how long",
               responses={200: ZeroStationOut(many=True)})  # fmt: skip
class ZeroHouseholdsByStationApi(APIView):
    permission_classes = [IsStaff]

    def get(self, request: Request) -> Response:
        return Response(ZeroStationOut(zero_households_by_station(user=request.user), many=True).data)


@extend_schema(tags=["staff"], summary="Offer a member of a zero-employment household a job (once)",
               request=ZeroOfferIn, responses={200: ZeroHouseholdOut})  # fmt: skip
class ZeroHouseholdOfferApi(APIView):
    permission_classes = [IsStaff]

    def post(self, request: Request, pk: int) -> Response:
        spell = zero_households_in_area(user=request.user).filter(pk=pk).first()
        if spell is None:
            raise exceptions.NotFound()
        data = validated(ZeroOfferIn, request)
        person = Person.objects.filter(pk=data["person"]).first()
        if person is None:
            raise ValidationError({"person": _("Person: not a member of this household")})
        spell = zero_household_offer(spell=spell, person=person, vacancy=data["vacancy"], by=request.user)
        return Response(ZeroHouseholdOut(spell).data)


@extend_schema(tags=["staff"])
class WelfarePlacementsApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(summary="A person's public-welfare placements, latest first",
                   responses={200: WelfarePlacementOut(many=True)})  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        placements = _person(request, pk).welfare_placements.order_by("-starts_on", "-pk")
        return Response(WelfarePlacementOut(placements, many=True).data)

    @extend_schema(summary="Place an eligible person in a public-welfare post for a subsidised term",
                   request=WelfarePlacementIn, responses={201: WelfarePlacementOut})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        person = _person(request, pk)
        placement = welfare_placement_record(
            person=person, by=request.user, **validated(WelfarePlacementIn, request)
        )
        return Response(WelfarePlacementOut(placement).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["staff"], summary="People with a warning tier, red first, with 1131 progress")
class WarningsApi(generics.ListAPIView[Support]):
    permission_classes = [IsStaff]
    serializer_class = WarningOut
    filterset_class = WarningFilter
    queryset = Support.objects.none()  # for the schema; the real one is the area's

    def get_queryset(self) -> QuerySet[Support]:
        return warnings_in_area(user=self.request.user)


@extend_schema(tags=["staff"], summary="Employers of my area, oldest sign-up first")
class EmployersApi(generics.ListAPIView[Employer]):
    permission_classes = [IsStaff]
    serializer_class = EmployerRowOut
    filterset_class = EmployerFilter
    queryset = Employer.objects.none()  # for the schema; the real one is the area's

    def get_queryset(self) -> QuerySet[Employer]:
        return employers_in_area(user=self.request.user)


@extend_schema(tags=["staff"], summary="Approve an employer: its vacancies are then listed and matched",
               request=None, responses={200: EmployerRowOut})  # fmt: skip
class EmployerApproveApi(APIView):
    permission_classes = [IsStaff, MayApproveEmployers]

    def post(self, request: Request, pk: int) -> Response:
        employer = employer_in_area(user=request.user, pk=pk)
        if employer is None:
            raise exceptions.NotFound()
        employer_approve(employer=employer)
        return Response(EmployerRowOut(employers_in_area(user=request.user).get(pk=pk)).data)


class StaffEntitlementOut(EntitlementOut):
    person = serializers.SerializerMethodField()
    employer = serializers.SerializerMethodField()

    class Meta(EntitlementOut.Meta):
        fields = [*EntitlementOut.Meta.fields, "occasion_key", "found_at", "person", "employer"]

    @extend_schema_field(serializers.DictField())
    def get_person(self, e: Entitlement) -> dict[str, Any]:
        return {"id": e.person_id, "name": e.person.name}

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_employer(self, e: Entitlement) -> dict[str, Any] | None:
        return None if e.employer is None else {"id": e.employer_id, "name": e.employer.name}


class StaffEntitlementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=EntitlementStatus.choices)
    policy = django_filters.CharFilter(field_name="policy__key")

    class Meta:
        model = Entitlement
        fields: list[str] = []
        form = FilterForm


@extend_schema(tags=["staff"], summary="Subsidy entitlements of the people of my area, the newest first")
class StaffSubsidiesApi(generics.ListAPIView[Entitlement]):
    permission_classes = [IsStaff]
    serializer_class = StaffEntitlementOut
    filterset_class = StaffEntitlementFilter
    queryset = Entitlement.objects.none()  # for the schema; the real one is the area's

    def get_queryset(self) -> QuerySet[Entitlement]:
        return entitlements_in_area(user=self.request.user).order_by("-found_at", "-pk")


def _in_my_area(request: Request, pk: int) -> Entitlement:
    entitlement = entitlements_in_area(user=request.user).filter(pk=pk).first()
    if entitlement is None:
        raise exceptions.NotFound()
    return entitlement


@extend_schema(tags=["staff"], summary="Record that the claimant applied (at the desk, on paper)", request=None,
               responses={200: StaffEntitlementOut})  # fmt: skip
class StaffSubsidyApplyApi(APIView):
    permission_classes = [IsStaff]

    def post(self, request: Request, pk: int) -> Response:
        entitlement = entitlement_apply(entitlement=_in_my_area(request, pk), by=request.user)
        return Response(StaffEntitlementOut(entitlement).data)


class DecideIn(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=[EntitlementStatus.APPROVED, EntitlementStatus.PAID, EntitlementStatus.REFUSED]
    )
    amount_yuan = serializers.IntegerField(
        required=False, min_value=0, max_value=1_000_000,
        help_text="On approval: the amount, when not the policy's (required when the policy gives none)",
    )  # fmt: skip
    paid_on = serializers.DateField(required=False, help_text="On payment: the day paid")
    reason = serializers.CharField(required=False, default="", max_length=200, help_text="On refusal: why")


class MayDecide(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm("jobs.decide_entitlement"))


@extend_schema(tags=["staff"], summary="Approve, pay or refuse a subsidy claim", request=DecideIn,
               responses={200: StaffEntitlementOut})  # fmt: skip
class StaffSubsidyDecideApi(APIView):
    permission_classes = [IsStaff, MayDecide]

    def post(self, request: Request, pk: int) -> Response:
        data = validated(DecideIn, request)
        entitlement = entitlement_decide(entitlement=_in_my_area(request, pk), by=request.user, **data)
        return Response(StaffEntitlementOut(entitlement).data)


class ProgressOut(serializers.Serializer[Any]):
    station = serializers.IntegerField(allow_null=True)
    station_name = serializers.CharField()
    policy = serializers.IntegerField()
    policy_name = serializers.CharField()
    not_told = serializers.IntegerField(help_text="Found eligible, not told yet (the policy is not telling)")
    told = serializers.IntegerField(help_text="Told, not claimed")
    claimed = serializers.IntegerField(help_text="Applied or approved")
    paid = serializers.IntegerField()
    refused = serializers.IntegerField()
    paid_yuan = serializers.IntegerField()


@extend_schema(tags=["staff"], summary="Subsidies per gig station and policy: not told, told, claimed, paid",
               responses={200: ProgressOut(many=True)})  # fmt: skip
class StaffSubsidyProgressApi(APIView):
    permission_classes = [IsStaff]

    def get(self, request: Request) -> Response:
        return Response(ProgressOut(subsidy_progress(user=request.user), many=True).data)


# --- returning migrant workers -----------------------------------------------------------------


class CampaignOut(serializers.ModelSerializer[ReturnCampaign]):
    class Meta:
        model = ReturnCampaign
        fields = ["id", "holiday", "title", "area", "holiday_on", "send_from", "send_until", "status", "expected",
                  "audience", "done", "told", "approved_at", "started_at", "finished_at"]  # fmt: skip


class WindowIn(serializers.Serializer[Any]):
    send_from = serializers.DateField()
    send_until = serializers.DateField()


class MayApproveCampaigns(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm("jobs.approve_campaign"))


class MayChangeCampaigns(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm("jobs.change_returncampaign"))


def _campaign(request: Request, pk: int) -> ReturnCampaign:
    """A campaign the member of staff decides: another city's is not found, their own city's
    followed from a county is refused."""
    campaign = campaigns_of_staff(request.user).filter(pk=pk).first()
    if campaign is None:
        raise exceptions.NotFound()
    if not area_allows(request.user, campaign.area):
        raise exceptions.PermissionDenied(_("Campaign: decided by the staff of its city"))
    return campaign


@extend_schema(
    tags=["staff"], summary="Welcome-home campaigns, the latest holiday first, with each send's progress"
)
class StaffCampaignsApi(generics.ListAPIView[ReturnCampaign]):
    """The campaigns of the cities in my area, and of my own city."""

    permission_classes = [IsStaff]
    serializer_class = CampaignOut
    queryset = ReturnCampaign.objects.none()  # for the schema; the real one is my area's

    def get_queryset(self) -> QuerySet[ReturnCampaign]:
        return campaigns_of_staff(self.request.user)


@extend_schema(tags=["staff"], summary="Change the window a prepared campaign is to be sent in", request=WindowIn,
               responses={200: CampaignOut})  # fmt: skip
class StaffCampaignWindowApi(APIView):
    permission_classes = [IsStaff, MayChangeCampaigns]

    def post(self, request: Request, pk: int) -> Response:
        data = validated(WindowIn, request)
        campaign = campaign_window_set(campaign=_campaign(request, pk), today=timezone.localdate(), **data)
        return Response(CampaignOut(campaign).data)


@extend_schema(tags=["staff"], summary="Approve a prepared campaign in its window", request=None,
               responses={200: CampaignOut})  # fmt: skip
class StaffCampaignApproveApi(APIView):
    permission_classes = [IsStaff, MayApproveCampaigns]

    def post(self, request: Request, pk: int) -> Response:
        campaign = campaign_approve(
            campaign=_campaign(request, pk), by=request.user, today=timezone.localdate()
        )
        return Response(CampaignOut(campaign).data)


@extend_schema(
    tags=["staff"], summary="Cancel a campaign not yet done", request=None, responses={200: CampaignOut}
)
class StaffCampaignCancelApi(APIView):
    permission_classes = [IsStaff, MayApproveCampaigns]

    def post(self, request: Request, pk: int) -> Response:
        return Response(CampaignOut(campaign_cancel(campaign=_campaign(request, pk))).data)


class ReturneeCallOut(serializers.ModelSerializer[ReturneeCall]):
    person_name = serializers.CharField(source="person.name")
    case_worker = serializers.CharField(source="case_worker.username", allow_null=True, default=None)

    class Meta:
        model = ReturneeCall
        fields = ["id", "person", "person_name", "returned_on", "due_on", "station", "case_worker", "done_on",
                  "outcome"]  # fmt: skip


class ReturneeCallFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=[("open", "not made yet"), ("done", "made")], method="by_state", help_text="open or done"
    )

    def by_state(self, queryset: QuerySet[ReturneeCall], name: str, value: str) -> QuerySet[ReturneeCall]:
        return queryset.filter(done_on__isnull=value == "open")

    class Meta:
        model = ReturneeCall
        fields: list[str] = []
        form = FilterForm


@extend_schema(
    tags=["staff"], summary="Calls owed to the returnees of my area, those not made first, the most due first"
)
class StaffReturneeCallsApi(generics.ListAPIView[ReturneeCall]):
    permission_classes = [IsStaff]
    serializer_class = ReturneeCallOut
    filterset_class = ReturneeCallFilter
    queryset = ReturneeCall.objects.none()  # for the schema; the real one is the area's

    def get_queryset(self) -> QuerySet[ReturneeCall]:
        calls = scope_to_area(ReturneeCall.objects.all(), self.request.user, "person__home_region")
        return calls.select_related("person", "case_worker").order_by(
            F("done_on").desc(nulls_first=True), "due_on", "pk"
        )


class CallDoneIn(serializers.Serializer[Any]):
    done_on = serializers.DateField(required=False, help_text="The day called; today unless said")
    outcome = serializers.CharField(max_length=300, help_text="What came of the call")


@extend_schema(tags=["staff"], summary="Record the call made to a returnee", request=CallDoneIn,
               responses={200: ReturneeCallOut})  # fmt: skip
class StaffReturneeCallDoneApi(APIView):
    permission_classes = [IsStaff]

    def post(self, request: Request, pk: int) -> Response:
        data = validated(CallDoneIn, request)
        call = (
            scope_to_area(ReturneeCall.objects.all(), request.user, "person__home_region")
            .filter(pk=pk)
            .first()
        )
        if call is None:
            raise exceptions.NotFound()
        today = timezone.localdate()
        call = returnee_call_done(call=call, done_on=data.get("done_on", today), outcome=data["outcome"],
                                  by=request.user, today=today)  # fmt: skip
        return Response(ReturneeCallOut(call).data)


# --- training ----------------------------------------------------------------------------------


class CompleteIn(serializers.Serializer[Any]):
    completed_on = serializers.DateField(required=False, help_text="The day completed; today unless said")


class StaffEnrolmentOut(serializers.ModelSerializer[Enrolment]):
    person_name = serializers.CharField(source="person.name")
    course_name = serializers.CharField(source="course.name")

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "person",
            "person_name",
            "course",
            "course_name",
            "status",
            "chosen_at",
            "completed_on",
        ]


@extend_schema(tags=["staff"], summary="Record a course completed: what it teaches joins the person's profile",
               request=CompleteIn, responses={200: StaffEnrolmentOut})  # fmt: skip
class StaffEnrolmentCompleteApi(APIView):
    permission_classes = [IsStaff]

    def post(self, request: Request, pk: int) -> Response:
        data = validated(CompleteIn, request)
        found = (
            scope_to_area(Enrolment.objects.all(), request.user, "person__home_region").filter(pk=pk).first()
        )
        if found is None:
            raise exceptions.NotFound()
        today = timezone.localdate()
        enrolment = enrolment_complete(enrolment=found, completed_on=data.get("completed_on", today),
                                       by=request.user, today=today)  # fmt: skip
        return Response(
            StaffEnrolmentOut(Enrolment.objects.select_related("person", "course").get(pk=enrolment.pk)).data
        )
