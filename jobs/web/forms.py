"""What a job seeker types into the pages, checked by the registry's own rules (the same parse
functions the services use) so that a mistake is told beside its field before any service runs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.models import Education, Region
from jobs.models.people import EmploymentStatus
from jobs.selectors.regions import region_by_code
from jobs.validators import InvalidValue, parse_id_number, parse_mobile

# What the picker's three lists are called in a form; the deepest one chosen is the place.
PICKER_FIELDS = ("province", "city", "county")


def _parsed(parse: Any, value: str) -> str:
    try:
        result = parse(value)
    except InvalidValue as exc:
        raise ValidationError(exc.message) from None
    return result if isinstance(result, str) else result.number


def _phone_field() -> forms.CharField:
    return forms.CharField(
        label=_("Mobile number"), max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
    )  # fmt: skip


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code"), max_length=6, min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )  # fmt: skip


class PhoneForm(forms.Form):
    """The phone a sign-in code is sent to."""

    phone = _phone_field()

    def clean_phone(self) -> str:
        return _parsed(parse_mobile, self.cleaned_data["phone"])


class SignInForm(PhoneForm):
    code = _code_field()


class RegionChoice(forms.CharField):
    """One list of the place picker: a region code, or nothing."""

    def __init__(self, label: Any) -> None:
        super().__init__(label=label, required=False, max_length=6, widget=forms.Select)


class PlaceForm(forms.Form):
    """The place picker: province, then city, then county. The deepest one chosen is the place."""

    province = RegionChoice(_("Province"))
    city = RegionChoice(_("City"))
    county = RegionChoice(_("County"))

    def place(self) -> Region | None:
        for name in reversed(PICKER_FIELDS):
            code = self.cleaned_data.get(name)
            if code:
                return region_by_code(code)
        return None

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for name in PICKER_FIELDS:
            if data.get(name) and region_by_code(data[name]) is None:
                self.add_error(name, _("Region: no region has the code %(code)s") % {"code": data[name]})
        return data


class SignUpForm(PlaceForm):
    """A job seeker's registration: who they are, where they live, and what work they want, in
    their own words; everything else comes later, on their profile."""

    phone = _phone_field()
    code = _code_field()
    name = forms.CharField(
        label=pgettext_lazy("person", "name"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = forms.CharField(
        label=_("ID number"), max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false", "data-id-number": ""}),
    )  # fmt: skip
    education = forms.TypedChoiceField(
        label=_("education"), coerce=int, choices=[("", "—"), *Education.choices]
    )
    employment_status = forms.ChoiceField(
        label=_("What you do now"), choices=[("", "—"), *EmploymentStatus.choices]
    )
    self_description = forms.CharField(
        label=_("What work do you want, and what have you done?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In your own words, as you would tell a friend: what you can do, for how long, "
                    "what you do not want."),
    )  # fmt: skip
    consent_matching = forms.BooleanField(
        label=_("I agree to be matched with jobs as the text above says"),
        error_messages={"required": _("Consent to matching: needed to register")},
    )
    consent_contact = forms.BooleanField(
        label=_("Employers may contact me about jobs I apply for or am invited to"), required=False
    )
    consent_text_version = forms.CharField(max_length=16, widget=forms.HiddenInput)

    field_order = ["phone", "code", "name", "id_number", *PICKER_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].required = True

    def clean_phone(self) -> str:
        return _parsed(parse_mobile, self.cleaned_data["phone"])

    def clean_id_number(self) -> str:
        return _parsed(parse_id_number, self.cleaned_data["id_number"])

    def registration(self) -> dict[str, Any]:
        """The cleaned form as the registration service takes it."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in PICKER_FIELDS}
        return {**data, "home_region": self.place()}


# Where a service's field errors are shown on the form, when the form calls the field otherwise.
SERVICE_FIELDS = {"home_region": "county"}


def form_add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal beside the fields it names (or above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        name = SERVICE_FIELDS.get(field, field)
        form.add_error(name if name in form.fields else None, messages)
