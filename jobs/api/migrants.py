"""A job seeker who works away from home keeps their record up to date: where they work now,
when they expect to come home, and that they are back (which starts local matching and, if
they were insured elsewhere, the guidance on moving their social insurance)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs.api.access import IsSeeker, me
from jobs.api.conventions import check_if_match, etag, validated
from jobs.api.fields import (
    CodeField,
    RegionCode,
    RegistryDate,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
)
from jobs.models import Industry, MigrantRecord, Occupation
from jobs.selectors.migrants import migrant_record_current
from jobs.services.migrants import migrant_back_home, migrant_working_away


def _not_future(value: date, label: str) -> date:
    if value > timezone.localdate():
        raise serializers.ValidationError(_("%(field)s: must not be in the future") % {"field": label})
    return value


class WorkingAwayIn(serializers.Serializer[Any]):
    work_region = RegionCode()
    industry = StrictChoiceField(choices=Industry.choices, required=False)
    occupation = CodeField(queryset=Occupation.objects.all(), required=False, allow_null=True)
    employer_name = StrictCharField(max_length=100, required=False, allow_blank=True)
    started_on = RegistryDate()
    expected_return_on = RegistryDate(required=False, allow_null=True)
    insurance_region = RegionCode(required=False, allow_null=True)

    def validate_started_on(self, value: date) -> date:
        return _not_future(value, _("Working there since"))


class BackHomeIn(serializers.Serializer[Any]):
    returned_on = RegistryDate(required=False)
    intends_local_work = StrictBooleanField(required=False, allow_null=True)

    def validate_returned_on(self, value: date) -> date:
        return _not_future(value, _("Returned on"))


class MigrantOut(serializers.ModelSerializer[MigrantRecord]):
    work_region = serializers.CharField(source="work_region_id")
    work_region_name = serializers.CharField(source="work_region.full_name")
    occupation = serializers.CharField(source="occupation.code", allow_null=True, default=None)
    insurance_region = serializers.CharField(source="insurance_region_id", allow_null=True)

    class Meta:
        model = MigrantRecord
        fields = ["work_region", "work_region_name", "industry", "occupation", "employer_name", "started_on",
                  "expected_return_on", "returned_on", "intends_local_work", "insurance_region",
                  "recorded_at"]  # fmt: skip


def _current(request: Request) -> MigrantRecord | None:
    return migrant_record_current(person=me(request))


def _answer(record: MigrantRecord, status_code: int = status.HTTP_200_OK) -> Response:
    return Response(
        MigrantOut(record).data, status=status_code, headers={"ETag": etag(record, "recorded_at")}
    )


@extend_schema(tags=["seeker"])
class MyMigrantApi(APIView):
    """Where I work away from home. Each change is kept as history; the latest is current."""

    permission_classes = [IsSeeker]

    @extend_schema(
        summary="Where I work away from home now",
        responses={200: MigrantOut, 404: OpenApiResponse(description="No record of working away")},
    )
    def get(self, request: Request) -> Response:
        record = _current(request)
        if record is None:
            raise exceptions.NotFound()
        return _answer(record)

    @extend_schema(
        summary="I work away from home: where, since when, and when I expect to come back",
        request=WorkingAwayIn, responses={200: MigrantOut},
    )  # fmt: skip
    def put(self, request: Request) -> Response:
        data = validated(WorkingAwayIn, request)
        current = _current(request)
        if current is not None:  # the first record has nothing to be stale against
            check_if_match(request, current, "recorded_at")
        record = migrant_working_away(person=me(request), data=data)
        return _answer(record)


@extend_schema(tags=["seeker"], summary="I am back home", request=BackHomeIn, responses={200: MigrantOut})
class BackHomeApi(APIView):
    permission_classes = [IsSeeker]

    def post(self, request: Request) -> Response:
        data = validated(BackHomeIn, request)
        record = migrant_back_home(
            person=me(request),
            returned_on=data.get("returned_on") or timezone.localdate(),
            intends_local_work=data.get("intends_local_work", True),
        )
        return _answer(record)
