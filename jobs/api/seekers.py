"""Job seekers: sign-in codes, registration, sign-in and out, their own profile, matches and
notices. A seeker reaches only their own data: every query starts from the signed-in person."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.models import AuthToken
from knox.views import LogoutView
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from jobs.api.access import IsSeeker, PublicApi, me
from jobs.api.auth import TokenAuthentication
from jobs.api.catalogue import CourseOut
from jobs.api.conventions import SignInIn, StatusOut, check_if_match, etag, validated
from jobs.api.fields import (
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
)
from jobs.api.notices import NoticeListApi, NoticeOut, NoticeReadApi
from jobs.api.people import ProfileFields
from jobs.api.subsidies import EntitlementOut
from jobs.models import (
    CodePurpose,
    Occupation,
    Person,
    PersonCertificate,
    PersonSkill,
    Region,
    TrainingCourse,
)
from jobs.models.subsidies import Entitlement
from jobs.models.training import Enrolment
from jobs.selectors.exports import person_export
from jobs.selectors.notices import inbox_of_person
from jobs.selectors.seekers import courses_for_person
from jobs.selectors.subsidies import entitlements_of_person
from jobs.selectors.support import support_of
from jobs.services.accounts import (
    CodeNotSent,
    TooSoon,
    phone_code_send,
    seeker_delete,
    seeker_phone_change,
    seeker_register,
    seeker_sign_in,
)
from jobs.services.people import seeker_profile_update
from jobs.services.subsidies import entitlement_apply
from jobs.services.training import course_choose
from jobs.validators import mask_id_number, mask_mobile
from matching.models import Match, MatchStatus
from matching.selectors import match_of_person, match_reasons, matches_for_person
from matching.services.lifecycle import match_apply, match_set_status
from workers.models import Notice

# --- serializers ---------------------------------------------------------------------------


class CodeIn(serializers.Serializer[Any]):
    phone = StrictCharField(max_length=20)
    # A code serves what it was asked for only: a job seeker's sign-in or registration (the
    # default), an employer's, or a new sign-in phone (``POST /me/phone/``).
    purpose = StrictChoiceField(choices=CodePurpose.choices, required=False)


class RegisterIn(ProfileFields):
    phone = StrictCharField(max_length=20)
    code = StrictCharField(max_length=6)
    id_number = StrictCharField(max_length=18)
    consent_matching = StrictBooleanField()
    consent_text_version = StrictCharField(max_length=16)

    def validate_consent_matching(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Consent to matching: needed to register"))
        return value


class PersonSkillOut(serializers.ModelSerializer[PersonSkill]):
    skill = serializers.CharField(source="skill.code")
    name = serializers.CharField(source="skill.name")

    class Meta:
        model = PersonSkill
        fields = ["skill", "name", "level", "years"]


class PersonCertificateOut(serializers.ModelSerializer[PersonCertificate]):
    occupation = serializers.CharField(source="occupation.code", allow_null=True, default=None)

    class Meta:
        model = PersonCertificate
        fields = ["name", "occupation", "level", "number", "issued_on"]


class ProfileOut(serializers.ModelSerializer[Person]):
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    home_region = serializers.CharField(source="home_region_id")
    desired_occupations: serializers.SlugRelatedField[Occupation] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    desired_regions: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    skills = PersonSkillOut(many=True, read_only=True)
    certificates = PersonCertificateOut(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "name", "id_number", "phone", "home_region", "education", "employment_status", "is_seeking",
            "self_description", "desired_occupations", "desired_regions", "skills", "certificates",
            "available_from", "expected_wage", "expected_wage_unit", "commute_radius_km",
            "accepts_anywhere", "wants_full_time", "wants_part_time", "wants_gig", "consent_matching",
            "consent_contact", "consent_recorded_at", "consent_text_version", "notify_sms", "notify_email",
            "updated_at",
        ]  # fmt: skip

    def get_id_number(self, person: Person) -> str:
        return mask_id_number(person.id_number)

    def get_phone(self, person: Person) -> str:
        return mask_mobile(person.phone or "")


class SignedInOut(serializers.Serializer[Any]):
    token = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)
    profile = ProfileOut()


class MatchOut(serializers.ModelSerializer[Match]):
    class VacancyBrief(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        title = serializers.CharField()
        employer = serializers.CharField(source="employer.name")
        region = serializers.CharField(source="region.full_name")
        wage_min = serializers.IntegerField()
        wage_max = serializers.IntegerField()
        wage_unit = serializers.CharField()

    vacancy = VacancyBrief()
    reasons = serializers.SerializerMethodField()
    rank = serializers.IntegerField(source="person_rank")

    class Meta:
        model = Match
        fields = ["id", "vacancy", "score", "rank", "status", "reasons", "explanation"]

    def get_reasons(self, match: Match) -> list[str]:
        return match_reasons(match.explanation)


# --- views ---------------------------------------------------------------------------------


@extend_schema(
    tags=["accounts"], summary="Send a sign-in code by SMS",
    request=CodeIn,
    responses={
        202: inline_serializer("CodeOut", {"expires_in": serializers.IntegerField()}),
        503: OpenApiResponse(description="The SMS gateway did not take the message"),
    },
)  # fmt: skip
class PhoneCodeApi(PublicApi):
    # Besides each phone's own allowance: one address may not ask for codes for many phones.
    throttle_classes = [AnonRateThrottle, ScopedRateThrottle]
    throttle_scope = "phone_codes"

    def post(self, request: Request) -> Response:
        data = validated(CodeIn, request)
        try:
            valid = phone_code_send(**data)
        except TooSoon as e:
            raise exceptions.Throttled(wait=e.wait) from None
        except CodeNotSent:
            raise SmsUnavailable() from None
        return Response({"expires_in": valid}, status=status.HTTP_202_ACCEPTED)


def _signed_in(result: Any, status_code: int) -> Response:
    body = {"token": result.token, "expiry": result.expiry, "profile": ProfileOut(result.person).data}
    return Response(body, status=status_code)


@extend_schema(
    tags=["accounts"], summary="Register as a job seeker", request=RegisterIn, responses={201: SignedInOut}
)
class SeekerRegisterApi(PublicApi):
    def post(self, request: Request) -> Response:
        return _signed_in(seeker_register(**validated(RegisterIn, request)), status.HTTP_201_CREATED)


@extend_schema(
    tags=["accounts"], summary="Sign in with a code",
    request=SignInIn,
    responses={200: SignedInOut},
)  # fmt: skip
class SignInApi(PublicApi):
    def post(self, request: Request) -> Response:
        return _signed_in(seeker_sign_in(**validated(SignInIn, request)), status.HTTP_200_OK)


@extend_schema(tags=["accounts"], summary="Sign out (this token)", request=None, responses={204: None})
class SignOutApi(LogoutView):
    authentication_classes = [TokenAuthentication]


@extend_schema(tags=["seeker"])
class MeApi(APIView):
    """My profile. A change must name the version it was made from (``If-Match`` with the
    ``ETag`` of the last read), so that two devices do not overwrite each other unseen."""

    permission_classes = [IsSeeker]

    @extend_schema(summary="My profile", responses={200: ProfileOut})
    def get(self, request: Request) -> Response:
        person = me(request)
        return Response(ProfileOut(person).data, headers={"ETag": etag(person)})

    @extend_schema(
        summary="Close my account: who I am is erased, an anonymous row stays", responses={204: None}
    )
    def delete(self, request: Request) -> Response:
        seeker_delete(person=me(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Change my profile", request=ProfileFields, responses={200: ProfileOut})
    def patch(self, request: Request) -> Response:
        data = validated(ProfileFields, request, partial=True)
        person = me(request)
        check_if_match(request, person)
        person = seeker_profile_update(person=person, data=data)
        return Response(ProfileOut(person).data, headers={"ETag": etag(person)})


@extend_schema(
    tags=["seeker"],
    summary="Sign in with another phone from now on (a code sent to it, asked with purpose new_phone)",
    request=SignInIn, responses={200: ProfileOut},
)  # fmt: skip
class MyPhoneApi(APIView):
    """My sign-in phone moves to the new one, and the phone on file with it; my other devices
    are signed out; I am told on the old phone and in my inbox."""

    permission_classes = [IsSeeker]

    def post(self, request: Request) -> Response:
        data = validated(SignInIn, request)
        token = request.auth if isinstance(request.auth, AuthToken) else None  # None: a session
        person = seeker_phone_change(person=me(request), current_token=token, **data)
        return Response(ProfileOut(person).data, headers={"ETag": etag(person)})


class SmsUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "sms_unavailable"


@extend_schema(tags=["seeker"], summary="My matches, best first, with reasons")
class MyMatchesApi(generics.ListAPIView[Match]):
    permission_classes = [IsSeeker]
    serializer_class = MatchOut
    queryset = Match.objects.none()  # for the schema; the real one is the signed-in person's

    def get_queryset(self) -> QuerySet[Match]:
        return matches_for_person(person=me(self.request), limit=100)


@extend_schema(tags=["seeker"], summary="My notices, newest first")
class MyNoticesApi(NoticeListApi):
    permission_classes = [IsSeeker]

    def inbox(self, request: Request) -> QuerySet[Notice]:
        return inbox_of_person(person=me(request))


@extend_schema(
    tags=["seeker"], summary="Mark one of my notices read", request=None, responses={200: NoticeOut}
)
class MyNoticeReadApi(NoticeReadApi):
    permission_classes = [IsSeeker]

    def inbox(self, request: Request) -> QuerySet[Notice]:
        return inbox_of_person(person=me(request))


def _my_match(request: Request, pk: int) -> Match:
    match = match_of_person(person=me(request), pk=pk)
    if match is None:
        raise exceptions.NotFound()
    return match


@extend_schema(tags=["seeker"], summary="Apply for a match's vacancy (the employer then sees my contact; again: no change)",
               request=None, responses={200: StatusOut})  # fmt: skip
class ApplyApi(APIView):
    permission_classes = [IsSeeker]

    def post(self, request: Request, pk: int) -> Response:
        match = match_apply(match=_my_match(request, pk))
        return Response({"status": match.status})


@extend_schema(tags=["seeker"], summary="Interested in a match, not applying yet (the employer sees it, not my contact)",
               request=None, responses={200: StatusOut})  # fmt: skip
class InterestApi(APIView):
    permission_classes = [IsSeeker]

    def post(self, request: Request, pk: int) -> Response:
        match = match_set_status(match=_my_match(request, pk), status=MatchStatus.INTERESTED, by="person")
        return Response({"status": match.status})


@extend_schema(tags=["seeker"], summary="Not interested in a match", request=None, responses={200: StatusOut})
class DeclineApi(APIView):
    permission_classes = [IsSeeker]

    def post(self, request: Request, pk: int) -> Response:
        match = match_set_status(match=_my_match(request, pk), status=MatchStatus.DECLINED, by="person")
        return Response({"status": match.status})


@extend_schema(tags=["seeker"], summary="Everything held about me, to take away",
               responses={200: OpenApiResponse(description="My data as JSON")})  # fmt: skip
class MyDataApi(APIView):
    permission_classes = [IsSeeker]

    def get(self, request: Request) -> Response:
        return Response(
            person_export(person=me(request)),
            headers={"Content-Disposition": 'attachment; filename="my-data.json"'},
        )


class MyCourseOut(CourseOut):
    teaches_what_i_lack = serializers.SerializerMethodField()

    class Meta(CourseOut.Meta):
        fields = [*CourseOut.Meta.fields, "teaches_what_i_lack"]

    def get_teaches_what_i_lack(self, course: TrainingCourse) -> list[str]:
        return self.context["lacking"][course.pk]  # type: ignore[no-any-return]


class MySupportOut(serializers.Serializer[dict[str, Any]]):
    class CaseWorker(serializers.Serializer[dict[str, Any]]):
        name = serializers.CharField(help_text="Empty when the case worker gave no name")
        station = serializers.CharField()
        station_phone = serializers.CharField()

    class PlanItem(serializers.Serializer[dict[str, Any]]):
        what = serializers.CharField()
        due_on = serializers.DateField(help_text="By when it is planned")
        done_on = serializers.DateField(allow_null=True)

    help = serializers.ListField(child=serializers.CharField(), help_text="What I can have, in plain words")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why, in plain words")
    plan = PlanItem(
        many=True, help_text="My open 1131 plan: what is planned for me, by when, and what is done"
    )
    case_worker = CaseWorker(allow_null=True)


@extend_schema(tags=["seeker"])
class MySupportApi(APIView):
    """The extra help I can have, why, and who looks after me; never the name of a tier. Empty
    lists when I need none."""

    permission_classes = [IsSeeker]

    @extend_schema(summary="The help I can have and why", responses={200: MySupportOut})
    def get(self, request: Request) -> Response:
        return Response(MySupportOut(support_of(person=me(request))).data)


@extend_schema(
    tags=["seeker"], summary="Courses in my city, those teaching the skills my best matches ask for first"
)
class MyCoursesApi(generics.ListAPIView[TrainingCourse]):
    permission_classes = [IsSeeker]
    serializer_class = MyCourseOut
    queryset = TrainingCourse.objects.none()  # for the schema; the real list is ranked for me

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ranked = courses_for_person(person=me(request))
        page = self.paginate_queryset([course for course, _ in ranked])
        context = {**self.get_serializer_context(), "lacking": {c.pk: skills for c, skills in ranked}}
        return self.get_paginated_response(MyCourseOut(page, many=True, context=context).data)


@extend_schema(tags=["seeker"], summary="Subsidies I may claim, and how my claims stand")
class MySubsidiesApi(generics.ListAPIView[Entitlement]):
    permission_classes = [IsSeeker]
    serializer_class = EntitlementOut
    queryset = Entitlement.objects.none()  # for the schema; the real one is mine

    def get_queryset(self) -> QuerySet[Entitlement]:
        return entitlements_of_person(person=me(self.request))


@extend_schema(tags=["seeker"], summary="Apply for a subsidy I may claim", request=None,
               responses={200: EntitlementOut})  # fmt: skip
class MySubsidyApplyApi(APIView):
    permission_classes = [IsSeeker]

    def post(self, request: Request, pk: int) -> Response:
        entitlement = entitlements_of_person(person=me(request)).filter(pk=pk).first()
        if entitlement is None:
            raise exceptions.NotFound()
        return Response(EntitlementOut(entitlement_apply(entitlement=entitlement, person=me(request))).data)


class EnrolmentOut(serializers.ModelSerializer[Enrolment]):
    course = CourseOut()

    class Meta:
        model = Enrolment
        fields = ["id", "course", "status", "chosen_at", "completed_on"]


@extend_schema(tags=["seeker"], summary="The courses I chose, and how each went")
class MyEnrolmentsApi(generics.ListAPIView[Enrolment]):
    permission_classes = [IsSeeker]
    serializer_class = EnrolmentOut
    queryset = Enrolment.objects.none()  # for the schema; the real one is mine

    def get_queryset(self) -> QuerySet[Enrolment]:
        return (
            Enrolment.objects.filter(person=me(self.request))
            .select_related("course__occupation__parent", "course__region").prefetch_related("course__skills")
            .order_by("-chosen_at", "-pk")
        )  # fmt: skip


@extend_schema(tags=["seeker"], summary="Choose a course not yet begun that has a place left", request=None,
               responses={201: EnrolmentOut})  # fmt: skip
class MyCourseChooseApi(APIView):
    permission_classes = [IsSeeker]

    def post(self, request: Request, pk: int) -> Response:
        course = TrainingCourse.objects.filter(pk=pk).first()
        if course is None:
            raise exceptions.NotFound()
        enrolment = course_choose(person=me(request), course=course, today=timezone.localdate())
        return Response(EnrolmentOut(enrolment).data, status=status.HTTP_201_CREATED)
