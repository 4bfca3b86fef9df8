"""How reference data reads in every audience's answers: regions, occupations, skills and
training courses."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobs.models import Occupation, Region, Skill, TrainingCourse
from jobs.services.training import places_left


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
    places_left = serializers.SerializerMethodField()

    class Meta:
        model = TrainingCourse
        fields = [
            "id", "name", "provider", "occupation", "skills", "certificate_level", "region", "address",
            "starts_on", "ends_on", "hours", "capacity", "places_left", "fee_yuan", "subsidy_yuan", "kind",
        ]  # fmt: skip

    @extend_schema_field(serializers.IntegerField(help_text="Places not yet chosen: 0 when full"))
    def get_places_left(self, course: TrainingCourse) -> int:
        return places_left(course)
