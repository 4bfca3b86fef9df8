"""Filter checks that every audience's lists share: how a bad query parameter is told."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jobs.models import Occupation, Region
from jobs.selectors.regions import region_by_code


def _region_or_error(code: str, field: str) -> Region:
    region = region_by_code(code)
    if region is None:
        # The code goes in as a parameter, never into the message: it may hold a "%".
        error = forms.ValidationError(_("Region: no region has the code %(code)s"), params={"code": code})
        raise forms.ValidationError({field: error})
    return region


def _occupation_or_error(code: str) -> Occupation:
    occupation = Occupation.objects.filter(code=code).first()
    if occupation is None:
        error = forms.ValidationError(
            _("Occupation: no occupation has the code %(code)s"), params={"code": code}
        )
        raise forms.ValidationError({"occupation": error})
    return occupation


class FilterForm(forms.Form):
    """What every filter set checks: a number or a choice given empty is an error (the schema
    has no empty number), and a region or an occupation named by an unknown code is a 400
    naming the field, not an empty list."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for name, field in self.fields.items():
            if self.data.get(name) == "" and not isinstance(field, forms.CharField):
                message = _("%(field)s: give a value or leave the parameter out")
                self.add_error(name, forms.ValidationError(message, params={"field": name}))
        for name in ("region", "parent"):
            if data.get(name):
                data[name] = _region_or_error(data[name], name)
        if data.get("occupation"):
            data["occupation"] = _occupation_or_error(data["occupation"])
        return data


def single_values(params: Any) -> dict[str, str]:
    """Query parameters as one value each; a parameter given twice is a 400 naming it, not a
    silent choice of one of the two."""
    repeated = [name for name, values in params.lists() if len(values) > 1]
    if repeated:
        raise serializers.ValidationError({name: [_("Give this parameter once.")] for name in repeated})
    return {name: values[0] for name, values in params.lists()}
