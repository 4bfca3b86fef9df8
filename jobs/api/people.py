"""What a person says about themselves and the work they want, as a job seeker gives it in the
app and as staff give it at a desk."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from jobs.api.conventions import WholeItem
from jobs.api.fields import (
    CodeField,
    RegionCode,
    RegistryDate,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
)
from jobs.models import CertificateLevel, Education, Occupation, PersonSkill, Skill, WageUnit
from jobs.models.people import EmploymentStatus


class SkillIn(WholeItem):
    skill = CodeField(queryset=Skill.objects.all())
    level = StrictChoiceField(choices=PersonSkill.Level.choices, required=False)
    years = StrictIntegerField(min_value=0, max_value=60, required=False)


class CertificateIn(WholeItem):
    name = StrictCharField(max_length=100)
    occupation = CodeField(queryset=Occupation.objects.all(), required=False, allow_null=True)
    level = StrictChoiceField(choices=CertificateLevel.choices, required=False, allow_null=True)
    number = StrictCharField(max_length=64, required=False, allow_blank=True)
    issued_on = RegistryDate(required=False, allow_null=True)

    def validate_issued_on(self, value: date | None) -> date | None:
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError(_("Issued on: must not be in the future"))
        return value


class ProfileFields(serializers.Serializer[Any]):
    """What a seeker says about themselves and the work they want; shared by registration and
    profile updates."""

    name = StrictCharField(max_length=64)
    home_region = RegionCode()
    education = StrictChoiceField(choices=Education.choices)
    employment_status = StrictChoiceField(choices=EmploymentStatus.choices)
    self_description = StrictCharField(max_length=2000, allow_blank=True, required=False)
    desired_occupations = serializers.ListField(
        child=CodeField(queryset=Occupation.objects.all()),
        max_length=5, required=False,
    )  # fmt: skip
    desired_regions = serializers.ListField(child=RegionCode(), max_length=5, required=False)
    skills = SkillIn(many=True, required=False)
    certificates = CertificateIn(many=True, required=False)
    available_from = RegistryDate(required=False, allow_null=True)
    expected_wage = StrictIntegerField(min_value=0, max_value=1_000_000, required=False, allow_null=True)
    expected_wage_unit = StrictChoiceField(choices=WageUnit.choices, required=False)
    commute_radius_km = StrictIntegerField(min_value=1, max_value=200, required=False)
    accepts_anywhere = StrictBooleanField(required=False)
    wants_full_time = StrictBooleanField(required=False)
    wants_part_time = StrictBooleanField(required=False)
    wants_gig = StrictBooleanField(required=False)
    consent_contact = StrictBooleanField(required=False)
    notify_sms = StrictBooleanField(required=False)
    notify_email = StrictBooleanField(required=False)
    is_seeking = StrictBooleanField(required=False)

    def validate_skills(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > 30:
            raise serializers.ValidationError(_("Skills: at most 30"))
        if len({s["skill"] for s in value}) < len(value):
            raise serializers.ValidationError(_("Skills: each skill once"))
        return value

    def validate_certificates(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > 10:
            raise serializers.ValidationError(_("Certificates: at most 10"))
        return value
