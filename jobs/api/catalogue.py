"""How reference data reads in every audience's answers: regions, occupations, skills and
training courses."""

from __future__ import annotations

from rest_framework import serializers

from jobs.models import Occupation, Region, Skill, TrainingCourse


class RegionOut(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ["code", "name", "full_name", "level", "parent", "latitude", "longitude"]


class OccupationOut(serializers.ModelSerializer[Occupation]):
    # Groups named by their classification code, as every occupation is.
    serializer_related_field = serializers.SlugRelatedField
    synonyms = serializers.ListField(child=serializers.CharField(), source="synonym_list")

    class Meta:
        model = Occupation
        fields = ["code", "name", "level", "parent", "industry", "synonyms"]
        read_only_fields = ["parent"]
        extra_kwargs = {"parent": {"slug_field": "code"}}


class SkillOut(serializers.ModelSerializer[Skill]):
    synonyms = serializers.ListField(child=serializers.CharField(), source="synonym_list")

    class Meta:
        model = Skill
        fields = ["code", "name", "synonyms"]


class CourseOut(serializers.ModelSerializer[TrainingCourse]):
    occupation = OccupationOut(allow_null=True)
    skills = SkillOut(many=True)
    region = RegionOut()

    class Meta:
        model = TrainingCourse
        fields = [
            "id", "name", "provider", "occupation", "skills", "certificate_level", "region", "address",
            "starts_on", "ends_on", "hours", "capacity", "fee_yuan", "subsidy_yuan",
        ]  # fmt: skip
