"""Employers: sign-up by credit code (approved by staff before anything goes live), sign-in,
their own profile and vacancies. An employer reaches only its own vacancies."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs.api.access import PublicApi
from jobs.api.conventions import SignInIn, StatusOut, WholeItem, check_if_match, etag, validated
from jobs.api.fields import (
    STRICT_MAPPING,
    CodeField,
    RegionCode,
    RegistryDate,
    StrictCharField,
    StrictChoiceField,
    StrictFloatField,
    StrictIntegerField,
)
from jobs.api.notices import NoticeListApi, NoticeOut, NoticeReadApi
from jobs.api.subsidies import EntitlementOut
from jobs.models import (
    CertificateLevel,
    Education,
    Employer,
    EmployerAccount,
    Industry,
    Occupation,
    Skill,
    Vacancy,
    VacancySkill,
    WageUnit,
    WorkType,
)
from jobs.models.demand import LICENCE_CHOICES
from jobs.models.subsidies import Entitlement
from jobs.models.training import CourseKind, TrainingOrder
from jobs.selectors.employers import (
    account_of_employer,
    accounts_of_employer,
    training_orders_of_employer,
    vacancies_of_employer,
    vacancy_of_employer,
)
from jobs.selectors.notices import inbox_of_employer
from jobs.selectors.subsidies import entitlements_of_employer
from jobs.services.accounts import (
    employer_account_add,
    employer_account_remove,
    employer_register,
    employer_sign_in,
)
from jobs.services.employers import employer_profile_update
from jobs.services.subsidies import entitlement_apply
from jobs.services.training import training_order_place
from jobs.services.vacancies import vacancy_close, vacancy_create, vacancy_update
from jobs.validators import mask_mobile
from matching.models import Match, MatchStatus
from matching.selectors import (
    EMPLOYER_OUTCOMES,
    INVITED,
    candidate_of_employer,
    candidate_person,
    candidate_stage,
    candidates_and_applicants,
    explanation_for_employer,
    match_reasons,
)
from matching.services.lifecycle import match_invite, match_outcome_record
from workers.models import Notice


class IsEmployer(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and hasattr(user, "employer_account"))


def my_employer(request: Request) -> Employer:
    return request.user.employer_account.employer  # type: ignore[union-attr]


class EmployerOut(serializers.ModelSerializer[Employer]):
    region = serializers.CharField(source="region_id")
    contact_phone = serializers.SerializerMethodField()

    class Meta:
        model = Employer
        fields = ["name", "credit_code", "industry", "region", "address", "contact_name", "contact_phone",
                  "description", "status", "updated_at"]  # fmt: skip

    def get_contact_phone(self, employer: Employer) -> str:
        return employer.contact_phone_masked


class EmployerRegisterIn(SignInIn):
    credit_code = StrictCharField(max_length=18)
    name = StrictCharField(max_length=100)
    industry = StrictChoiceField(choices=Industry.choices)
    region = RegionCode()
    address = StrictCharField(max_length=200, required=False, allow_blank=True)
    contact_name = StrictCharField(max_length=64, required=False, allow_blank=True)


class EmployerSignedInOut(serializers.Serializer[Any]):
    token = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)
    employer = EmployerOut()


def _signed_in(result: Any, status_code: int) -> Response:
    body = {"token": result.token, "expiry": result.expiry, "employer": EmployerOut(result.employer).data}
    return Response(body, status=status_code)


@extend_schema(tags=["employer"], summary="Sign up an employer", request=EmployerRegisterIn,
               responses={201: EmployerSignedInOut})  # fmt: skip
class EmployerRegisterApi(PublicApi):
    def post(self, request: Request) -> Response:
        data = validated(EmployerRegisterIn, request)
        result = employer_register(**data)
        return _signed_in(result, status.HTTP_201_CREATED)


@extend_schema(tags=["employer"], summary="Sign in as an employer's staff member", request=SignInIn,
               responses={200: EmployerSignedInOut})  # fmt: skip
class EmployerSignInApi(PublicApi):
    def post(self, request: Request) -> Response:
        data = validated(SignInIn, request)
        result = employer_sign_in(**data)
        return _signed_in(result, status.HTTP_200_OK)


class EmployerProfileIn(serializers.Serializer[Any]):
    address = StrictCharField(max_length=200, allow_blank=True, required=False)
    contact_name = StrictCharField(max_length=64, allow_blank=True, required=False)
    contact_phone = StrictCharField(max_length=20, allow_blank=True, required=False)
    description = StrictCharField(max_length=4000, allow_blank=True, required=False)
    staff_count = StrictIntegerField(min_value=1, max_value=1_000_000, allow_null=True, required=False)


@extend_schema(tags=["employer"])
class MyEmployerApi(APIView):
    permission_classes = [IsEmployer]

    @extend_schema(summary="My employer", responses={200: EmployerOut})
    def get(self, request: Request) -> Response:
        employer = my_employer(request)
        return Response(EmployerOut(employer).data, headers={"ETag": etag(employer)})

    @extend_schema(summary="Change my employer's description and contact", request=EmployerProfileIn,
                   responses={200: EmployerOut})  # fmt: skip
    def patch(self, request: Request) -> Response:
        data = validated(EmployerProfileIn, request, partial=True)
        employer = my_employer(request)
        check_if_match(request, employer)
        employer = employer_profile_update(employer=employer, data=data)
        return Response(EmployerOut(employer).data, headers={"ETag": etag(employer)})


class AccountOut(serializers.ModelSerializer[EmployerAccount]):
    phone = serializers.SerializerMethodField()
    is_me = serializers.SerializerMethodField()
    verified = serializers.SerializerMethodField()

    class Meta:
        model = EmployerAccount
        fields = ["id", "name", "phone", "is_me", "verified", "created_at"]

    def get_verified(self, account: EmployerAccount) -> bool:
        """False until the colleague signs in with a code sent to their phone."""
        return account.verified_at is not None

    def get_phone(self, account: EmployerAccount) -> str:
        return mask_mobile(account.phone or "")

    def get_is_me(self, account: EmployerAccount) -> bool:
        return account.user_id == self.context["request"].user.pk  # type: ignore[no-any-return]


class AccountIn(serializers.Serializer[Any]):
    name = StrictCharField(max_length=64)
    phone = StrictCharField(max_length=20)


@extend_schema(tags=["employer"])
class MyAccountsApi(generics.ListAPIView[EmployerAccount]):
    """Who may sign in for my employer: each colleague signs in with a code sent to their own
    phone (asked with purpose ``employer``); one added is pending until they do."""

    permission_classes = [IsEmployer]
    serializer_class = AccountOut
    queryset = EmployerAccount.objects.none()  # for the schema; the real one is my employer's

    def get_queryset(self) -> QuerySet[EmployerAccount]:
        return accounts_of_employer(employer=my_employer(self.request))

    @extend_schema(summary="My employer's accounts")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Let a colleague sign in for my employer", request=AccountIn, responses={201: AccountOut}
    )
    def post(self, request: Request) -> Response:
        account = employer_account_add(employer=my_employer(request), **validated(AccountIn, request))
        return Response(
            AccountOut(account, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


@extend_schema(
    tags=["employer"], summary="End a colleague's sign-in (not the last account)", responses={204: None}
)
class MyAccountApi(APIView):
    permission_classes = [IsEmployer]

    def delete(self, request: Request, pk: int) -> Response:
        account = account_of_employer(employer=my_employer(request), pk=pk)
        if account is None:
            raise exceptions.NotFound()
        employer_account_remove(account=account)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SkillNeededIn(WholeItem, serializers.ModelSerializer[VacancySkill]):
    serializer_field_mapping = STRICT_MAPPING
    skill = CodeField(queryset=Skill.objects.all())

    class Meta:
        model = VacancySkill
        fields = ["skill", "level", "required"]
        extra_kwargs = {"level": {"min_value": 1, "max_value": 4}}


class VacancyIn(serializers.Serializer[Any]):
    title = StrictCharField(max_length=100)
    occupation = CodeField(queryset=Occupation.objects.all())
    description = StrictCharField(max_length=4000, required=False, allow_blank=True)
    work_type = StrictChoiceField(choices=WorkType.choices, required=False)
    headcount = StrictIntegerField(min_value=1, max_value=10_000)
    wage_min = StrictIntegerField(min_value=0, max_value=1_000_000)
    wage_max = StrictIntegerField(min_value=0, max_value=1_000_000)
    wage_unit = StrictChoiceField(choices=WageUnit.choices, required=False)
    education_min = StrictChoiceField(choices=Education.choices, required=False, allow_null=True)
    licence = StrictChoiceField(choices=LICENCE_CHOICES, required=False, allow_blank=True)
    region = RegionCode()
    address = StrictCharField(max_length=200, required=False, allow_blank=True)
    latitude = StrictFloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = StrictFloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    start_date = RegistryDate(required=False, allow_null=True)
    valid_from = RegistryDate()
    valid_until = RegistryDate()
    skills = SkillNeededIn(many=True, required=False)

    def validate_skills(self, value: list[Any]) -> list[Any]:
        if len(value) > 20:
            raise serializers.ValidationError(_("Skills: at most 20"))
        return value


class MyVacancyOut(serializers.ModelSerializer[Vacancy]):
    occupation = serializers.CharField(source="occupation.code")
    region = serializers.CharField(source="region_id")

    class Meta:
        model = Vacancy
        fields = ["id", "title", "occupation", "description", "work_type", "headcount", "filled_count",
                  "wage_min", "wage_max", "wage_unit", "education_min", "licence", "region", "address",
                  "latitude", "longitude", "start_date", "valid_from", "valid_until", "status", "created_at",
                  "updated_at"]  # fmt: skip


@extend_schema(tags=["employer"])
class MyVacanciesApi(generics.ListAPIView[Vacancy]):
    permission_classes = [IsEmployer]
    serializer_class = MyVacancyOut
    queryset = Vacancy.objects.none()  # for the schema; the real one is the signed-in employer's

    def get_queryset(self) -> QuerySet[Vacancy]:
        return vacancies_of_employer(employer=my_employer(self.request))

    @extend_schema(summary="My vacancies, newest first")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Post a vacancy", request=VacancyIn, responses={201: MyVacancyOut})
    def post(self, request: Request) -> Response:
        data = validated(VacancyIn, request)
        vacancy = vacancy_create(employer=my_employer(request), data=data)
        return Response(MyVacancyOut(vacancy).data, status=status.HTTP_201_CREATED)


def _my_vacancy(request: Request, pk: int) -> Vacancy:
    vacancy = vacancy_of_employer(employer=my_employer(request), pk=pk)
    if vacancy is None:
        raise exceptions.NotFound()
    return vacancy


def _vacancy_answer(vacancy: Vacancy) -> Response:
    return Response(MyVacancyOut(vacancy).data, headers={"ETag": etag(vacancy)})


@extend_schema(tags=["employer"])
class MyVacancyApi(APIView):
    permission_classes = [IsEmployer]

    @extend_schema(summary="One of my vacancies", responses={200: MyVacancyOut})
    def get(self, request: Request, pk: int) -> Response:
        return _vacancy_answer(_my_vacancy(request, pk))

    @extend_schema(summary="Change my vacancy (skills, when given, replace the ones held)", request=VacancyIn,
                   responses={200: MyVacancyOut})  # fmt: skip
    def patch(self, request: Request, pk: int) -> Response:
        data = validated(VacancyIn, request, partial=True)
        vacancy = _my_vacancy(request, pk)
        check_if_match(request, vacancy)
        return _vacancy_answer(vacancy_update(vacancy=vacancy, data=data))


@extend_schema(tags=["employer"], summary="Close my vacancy (it leaves every list)", request=None,
               responses={200: MyVacancyOut})  # fmt: skip
class CloseVacancyApi(APIView):
    permission_classes = [IsEmployer]

    def post(self, request: Request, pk: int) -> Response:
        return _vacancy_answer(vacancy_close(vacancy=_my_vacancy(request, pk)))


class CandidateOut(serializers.ModelSerializer[Match]):
    """A candidate for my vacancy. Name and phone only once they applied (and so agreed to be
    contacted about it); never sex, age, ethnicity or household registration."""

    class PersonBrief(serializers.Serializer[Any]):
        name = serializers.CharField()
        phone = serializers.CharField(allow_null=True)
        education = serializers.IntegerField()
        region = serializers.CharField()

    person = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()
    rank = serializers.IntegerField(source="vacancy_rank", allow_null=True)
    status = serializers.ChoiceField(
        choices=MatchStatus.choices, read_only=True,
        help_text="The match's lifecycle status (an invitation does not change it: see stage)",
    )  # fmt: skip
    invited_at = serializers.DateTimeField(
        allow_null=True, read_only=True, help_text="When my employer invited them to apply; null if never"
    )
    stage = serializers.SerializerMethodField(
        help_text="Where the candidate stands for me: invited from my invitation until they apply "
        "(or the match ends), otherwise the status"
    )
    explanation = serializers.SerializerMethodField(
        help_text="Why it matched (without what the person refuses)"
    )

    class Meta:
        model = Match
        fields = ["id", "person", "score", "rank", "status", "stage", "invited_at", "reasons", "explanation"]

    @extend_schema_field(PersonBrief)
    def get_person(self, match: Match) -> dict[str, Any]:
        return candidate_person(match=match)

    @extend_schema_field(serializers.ChoiceField(choices=[INVITED, *MatchStatus.values]))
    def get_stage(self, match: Match) -> str:
        return candidate_stage(match=match)

    def get_reasons(self, match: Match) -> list[str]:
        return match_reasons(match.explanation, for_person=False)

    @extend_schema_field(serializers.JSONField)
    def get_explanation(self, match: Match) -> dict[str, Any]:
        return explanation_for_employer(match.explanation)


@extend_schema(tags=["employer"], summary="Candidates for my vacancy, best first, then applicants")
class CandidatesApi(generics.ListAPIView[Match]):
    permission_classes = [IsEmployer]
    serializer_class = CandidateOut
    queryset = Match.objects.none()  # for the schema; the real one is the vacancy's

    def get_queryset(self) -> QuerySet[Match]:
        return candidates_and_applicants(vacancy=_my_vacancy(self.request, self.kwargs["pk"]))


def _my_candidate(request: Request, pk: int) -> Match:
    match = candidate_of_employer(employer=my_employer(request), pk=pk)
    if match is None:
        raise exceptions.NotFound()
    return match


@extend_schema(tags=["employer"], summary="Invite a candidate to apply (they are told once; their contact shows once they do)",
               request=None, responses={200: CandidateOut})  # fmt: skip
class InviteApi(APIView):
    permission_classes = [IsEmployer]

    def post(self, request: Request, pk: int) -> Response:
        match = match_invite(match=_my_candidate(request, pk))
        return Response(CandidateOut(match).data)


class OutcomeIn(serializers.Serializer[Any]):
    status = StrictChoiceField(choices=[(s, MatchStatus(s).label) for s in EMPLOYER_OUTCOMES])


@extend_schema(tags=["employer"], summary="Record an interview, a hire or a rejection", request=OutcomeIn,
               responses={200: StatusOut})  # fmt: skip
class OutcomeApi(APIView):
    permission_classes = [IsEmployer]

    def post(self, request: Request, pk: int) -> Response:
        match = _my_candidate(request, pk)
        data = validated(OutcomeIn, request)
        match = match_outcome_record(match=match, status=data["status"])
        return Response({"status": match.status})


@extend_schema(tags=["employer"], summary="My employer's notices, newest first")
class EmployerNoticesApi(NoticeListApi):
    permission_classes = [IsEmployer]

    def inbox(self, request: Request) -> QuerySet[Notice]:
        return inbox_of_employer(employer=my_employer(request))


@extend_schema(tags=["employer"], summary="Mark one of my employer's notices read", request=None,
               responses={200: NoticeOut})  # fmt: skip
class EmployerNoticeReadApi(NoticeReadApi):
    permission_classes = [IsEmployer]

    def inbox(self, request: Request) -> QuerySet[Notice]:
        return inbox_of_employer(employer=my_employer(request))


class EmployerEntitlementOut(EntitlementOut):
    person = serializers.CharField(
        source="person.name", help_text="Whom it is for: the person hired or trained"
    )

    class Meta(EntitlementOut.Meta):
        fields = [*EntitlementOut.Meta.fields, "person"]


@extend_schema(tags=["employer"], summary="Subsidies my employer may claim, and how its claims stand")
class EmployerSubsidiesApi(generics.ListAPIView[Entitlement]):
    permission_classes = [IsEmployer]
    serializer_class = EmployerEntitlementOut
    queryset = Entitlement.objects.none()  # for the schema; the real one is my employer's

    def get_queryset(self) -> QuerySet[Entitlement]:
        return entitlements_of_employer(employer=my_employer(self.request))


@extend_schema(tags=["employer"], summary="Apply for a subsidy my employer may claim", request=None,
               responses={200: EmployerEntitlementOut})  # fmt: skip
class EmployerSubsidyApplyApi(APIView):
    permission_classes = [IsEmployer]

    def post(self, request: Request, pk: int) -> Response:
        employer = my_employer(request)
        entitlement = entitlements_of_employer(employer=employer).filter(pk=pk).first()
        if entitlement is None:
            raise exceptions.NotFound()
        return Response(
            EmployerEntitlementOut(entitlement_apply(entitlement=entitlement, employer=employer)).data
        )


class TrainingOrderIn(serializers.Serializer[Any]):
    vacancies = serializers.ListField(
        child=StrictIntegerField(),
        min_length=1,
        max_length=20,
        help_text="Ids of my vacancies the course is for",
    )
    skills = serializers.ListField(
        child=CodeField(queryset=Skill.objects.all()), max_length=20, required=False
    )
    certificate_level = StrictChoiceField(choices=CertificateLevel.choices, required=False, allow_null=True)
    kind = StrictChoiceField(choices=CourseKind.choices, required=False)
    places = StrictIntegerField(min_value=1, max_value=500)
    starts_on = RegistryDate()
    ends_on = RegistryDate()
    provider = StrictCharField(
        max_length=100, required=False, allow_blank=True, help_text="The provider proposed"
    )
    note = StrictCharField(max_length=300, required=False, allow_blank=True)


class TrainingOrderOut(serializers.ModelSerializer[TrainingOrder]):
    skills: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    course = serializers.SerializerMethodField(help_text="The course listed for it, once there is one")

    class Meta:
        model = TrainingOrder
        fields = ["id", "vacancies", "skills", "certificate_level", "kind", "places", "starts_on", "ends_on",
                  "provider", "note", "status", "ordered_at", "course"]  # fmt: skip

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_course(self, order: TrainingOrder) -> int | None:
        return getattr(getattr(order, "course", None), "pk", None)


@extend_schema(tags=["employer"])
class EmployerTrainingOrdersApi(generics.ListAPIView[TrainingOrder]):
    """Training my employer ordered for its vacancies (企业下订单), the latest first."""

    permission_classes = [IsEmployer]
    serializer_class = TrainingOrderOut
    queryset = TrainingOrder.objects.none()  # for the schema; the real one is my employer's

    def get_queryset(self) -> QuerySet[TrainingOrder]:
        return training_orders_of_employer(employer=my_employer(self.request))

    @extend_schema(summary="Order a course for my vacancies: the skills, places, dates and provider proposed",
                   request=TrainingOrderIn, responses={201: TrainingOrderOut})  # fmt: skip
    def post(self, request: Request) -> Response:
        employer = my_employer(request)
        data = validated(TrainingOrderIn, request)
        ids = data.pop("vacancies")
        vacancies = list(Vacancy.objects.filter(pk__in=ids, employer=employer))
        if len(vacancies) != len(set(ids)):  # another employer's, or none: not said which
            raise serializers.ValidationError({"vacancies": [_("Vacancies: only your own vacancies")]})
        order = training_order_place(employer=employer, vacancies=vacancies, skills=data.pop("skills", []),
                                     today=timezone.localdate(), **data)  # fmt: skip
        return Response(TrainingOrderOut(order).data, status=status.HTTP_201_CREATED)
