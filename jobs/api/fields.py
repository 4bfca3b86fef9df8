"""Input fields that take JSON's own types only: ``true`` for a boolean, ``5`` for a number,
``"5"`` for text or a code. DRF's defaults also take "true", 1 or "5" for one another, which
the schema does not allow, and an app that sends them has a bug worth hearing about."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jobs.models import Region
from jobs.selectors.regions import region_by_code
from jobs.validators import validate_registry_date


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": _("Must be true or false.")}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)  # type: ignore[no-any-return]


class StrictFloatField(serializers.FloatField):
    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        return super().to_internal_value(data)  # type: ignore[no-any-return]


class StrictChoiceField(serializers.ChoiceField):
    """A choice among numbers takes the number, not its text."""

    def to_internal_value(self, data: Any) -> Any:
        numeric = all(isinstance(key, int) for key in self.choices)
        if isinstance(data, bool) or (numeric and not isinstance(data, int)):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


# For model serializers of input: the same strictness for the fields they make themselves.
STRICT_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: StrictCharField,
    models.TextField: StrictCharField,
    models.BooleanField: StrictBooleanField,
    models.IntegerField: StrictIntegerField,
    models.PositiveIntegerField: StrictIntegerField,
    models.PositiveSmallIntegerField: StrictIntegerField,
    models.FloatField: StrictFloatField,
}


class RegistryDate(serializers.DateField):
    """A date a registry can mean: from 1950 to ten years ahead (the rule of the registry's
    own date fields)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_registry_date)


class CodeField(serializers.SlugRelatedField[Any]):
    """An object named by its code, as JSON's string ("6-18-02-04"), as the schema says."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class RegionCode(CodeField):
    """A region code; a retired one (still in ID numbers and old papers) names its successor."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Region.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Region:
        if not isinstance(data, str):
            self.fail("invalid")
        region = region_by_code(data)
        if region is None:
            self.fail("does_not_exist", slug_name="code", value=data)
        return region
