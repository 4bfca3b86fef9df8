"""What a job seeker types into the pages, checked by the registry's own rules (the same parse
functions the services use) so that a mistake is told beside its field before any service runs."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.api.public import SkillFilter
from jobs.models import (
    CertificateLevel,
    CourseKind,
    Education,
    Industry,
    Occupation,
    OccupationLevel,
    PersonCertificate,
    PersonSkill,
    Region,
    Skill,
    Vacancy,
    WageUnit,
    WorkType,
)
from jobs.models.people import EmploymentStatus
from jobs.selectors.regions import region_by_code, region_resolve
from jobs.validators import (
    InvalidValue,
    parse_credit_code,
    parse_id_number,
    parse_mobile,
    validate_registry_date,
)
from matching.selectors import EMPLOYER_OUTCOMES
from matching.services.coding import occupation_for_words

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


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, validators=[validate_registry_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip


def _number_field(label: Any, low: int, high: int, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=low, max_value=high, required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip


@dataclass(frozen=True)
class Held:
    """What a person's profile lists now, each kept only while its box stays ticked."""

    skills: list[PersonSkill]
    occupations: list[Occupation]
    regions: list[Region]
    certificates: list[PersonCertificate]


# The profile fields that go to the profile service as they are.
PROFILE_FIELDS = ("self_description", "expected_wage", "expected_wage_unit", "wants_full_time", "wants_part_time",
                  "wants_gig", "commute_radius_km", "accepts_anywhere", "available_from", "is_seeking",
                  "consent_contact", "notify_sms")  # fmt: skip
# As many as the API's profile takes.
MAX_SKILLS, MAX_OCCUPATIONS, MAX_REGIONS, MAX_CERTIFICATES = 30, 5, 5, 10


def _found_one(found: Any, text: str, none: Any, several: Any) -> Any:
    """The one row a look-up by everyday words finds: its exact name, or the only one."""
    if not found.is_valid():
        raise ValidationError(none)
    exact = found.qs.filter(name=text).first()
    if exact is not None:
        return exact
    rows = list(found.qs[:6])
    if len(rows) == 1:
        return rows[0]
    if not rows:
        raise ValidationError(none)
    raise ValidationError(several % {"names": "、".join(r.name for r in rows)})


class OccupationWordsForm(forms.Form):
    """A form with a field where people name an occupation in their own words: the words are
    coded, taken when the coding is sure, and otherwise the occupations they may mean are
    offered (``occupation_choices``) to choose one from (its code in ``<field>_code``)."""

    occupation_choices: Sequence[Occupation] = ()

    def occupation_named(self, field: str, text: str, code: str) -> Occupation | None:
        """The occupation the words in ``field`` name, or the one chosen for them; None, with
        an error on ``field``, when they fit none or several."""
        self.occupation_choices = []
        if code:
            chosen = Occupation.objects.filter(code=code, level=OccupationLevel.OCCUPATION).first()
            if chosen is None:
                self.add_error(field, _("Work: choose one of the occupations offered"))
            return chosen
        if not text:
            return None
        occupation, self.occupation_choices = occupation_for_words(text)
        if occupation is None:
            self.add_error(
                field,
                _("Work: which of these do you mean? Choose one below, or try other words")
                if self.occupation_choices
                else _("Work: no occupation is called so; try other words"),
            )
        return occupation


class ProfileForm(PlaceForm, OccupationWordsForm):
    """What a job seeker changes about the work they want, as the API's profile fields: the
    lists held are kept while ticked, and one of each may be added (the place picker adds a
    place where they want to work)."""

    self_description = forms.CharField(
        label=_("What work do you want, and what have you done?"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    add_occupation = forms.CharField(
        label=_("Add work you want"), max_length=50, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "occupation-names",
                                      "data-name-search": "occupation-names"}),
        help_text=_("Type it as you say it, e.g. 开铲车 or 电焊"),
    )  # fmt: skip
    # The occupation chosen among those offered for the words, and the words a suggestion
    # replaced as it was picked: what the coding learns from.
    add_occupation_code = forms.CharField(required=False, max_length=64)
    add_occupation_words = forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)
    expected_wage = _number_field(_("Wage you expect (yuan)"), 0, 1_000_000)
    expected_wage_unit = forms.ChoiceField(label=_("wage unit"), choices=WageUnit.choices)
    wants_full_time = forms.BooleanField(label=_("Full-time"), required=False)
    wants_part_time = forms.BooleanField(label=_("Part-time"), required=False)
    wants_gig = forms.BooleanField(label=_("Gig work"), required=False)
    commute_radius_km = _number_field(_("How far you will travel to work (km)"), 1, 200, required=True)
    accepts_anywhere = forms.BooleanField(label=_("I will work anywhere, also far from home"), required=False)
    available_from = _date_field(_("When you can start"))
    add_skill = forms.CharField(
        label=_("Add a skill"), max_length=50, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "skill-names",
                                      "data-name-search": "skill-names"}),
        help_text=_("Type it as you say it, e.g. 开铲车 or 电焊"),
    )  # fmt: skip
    add_skill_level = forms.TypedChoiceField(
        label=_("How well"), coerce=int, choices=PersonSkill.Level.choices, initial=PersonSkill.Level.ABLE
    )
    add_certificate = forms.CharField(label=_("Add a certificate"), max_length=100, required=False)
    add_certificate_level = forms.TypedChoiceField(
        label=_("level"), coerce=int, required=False, empty_value=None,
        choices=[("", "—"), *CertificateLevel.choices],
    )  # fmt: skip
    add_certificate_number = forms.CharField(label=_("certificate number"), max_length=64, required=False)
    add_certificate_issued_on = _date_field(_("issued on"))
    is_seeking = forms.BooleanField(label=_("I am looking for work"), required=False)
    consent_contact = forms.BooleanField(
        label=_("Employers may contact me about jobs I apply for or am invited to"), required=False
    )
    notify_sms = forms.BooleanField(label=_("Tell me of new jobs by SMS"), required=False)
    version = forms.CharField(widget=forms.HiddenInput)
    named: Sequence[tuple[str, Occupation]] = ()  # the person's words and the work chosen for them

    def clean_add_skill(self) -> Skill | None:
        text = self.cleaned_data["add_skill"].strip()
        if not text:
            return None
        found = SkillFilter({"q": text}, queryset=Skill.objects.order_by("name"))
        return _found_one(found, text, _("Skill: none is called so; try other words"),  # type: ignore[no-any-return]
                          _("Skill: several fit (%(names)s); type one of them"))  # fmt: skip

    def clean(self) -> dict[str, Any]:
        """The work added: named in the person's words, or chosen for them. Vacancies name
        occupations, never their groups: only those are taken."""
        data = super().clean()
        text, words = data.get("add_occupation", "").strip(), data.get("add_occupation_words", "").strip()
        data["add_occupation"] = self.occupation_named(
            "add_occupation", text, data.get("add_occupation_code", "")
        )
        said = text if data.get("add_occupation_code") else words
        chosen = data["add_occupation"]
        self.named = [(said, chosen)] if said and chosen is not None else []
        return data

    def clean_add_certificate_issued_on(self) -> date | None:
        issued = self.cleaned_data["add_certificate_issued_on"]
        if issued is not None and issued > timezone.localdate():
            raise ValidationError(_("Issued on: must not be in the future"))
        return issued  # type: ignore[no-any-return]

    def profile(self, held: Held, keep: Mapping[str, Collection[str]]) -> dict[str, Any]:
        """The cleaned form as the profile service takes it: what was kept ticked (``keep`` names
        the codes, or the certificates' ids, by list), and what was added."""
        data = {k: self.cleaned_data[k] for k in PROFILE_FIELDS}
        skills = [{"skill": s.skill, "level": s.level, "years": s.years}
                  for s in held.skills if s.skill.code in keep["skill"]]  # fmt: skip
        occupations = [o for o in held.occupations if o.code in keep["occupation"]]
        regions = [r for r in held.regions if r.code in keep["region"]]
        certificates = [{"name": c.name, "occupation": c.occupation, "level": c.level, "number": c.number,
                         "issued_on": c.issued_on}
                        for c in held.certificates if str(c.pk) in keep["certificate"]]  # fmt: skip
        skill, occupation, place = (
            self.cleaned_data["add_skill"],
            self.cleaned_data["add_occupation"],
            self.place(),
        )
        if skill is not None:
            skills = [s for s in skills if s["skill"] != skill]
            skills.append({"skill": skill, "level": self.cleaned_data["add_skill_level"], "years": 0})
        if occupation is not None and occupation not in occupations:
            occupations.append(occupation)
        if place is not None and place not in regions:
            regions.append(place)
        if self.cleaned_data["add_certificate"].strip():
            certificates.append({"name": self.cleaned_data["add_certificate"].strip(), "occupation": None,
                                 "level": self.cleaned_data["add_certificate_level"],
                                 "number": self.cleaned_data["add_certificate_number"].strip(),
                                 "issued_on": self.cleaned_data["add_certificate_issued_on"]})  # fmt: skip
        limits = (
            ("add_skill", skills, MAX_SKILLS, _("Skills: at most 30")),
            ("add_occupation", occupations, MAX_OCCUPATIONS, _("Work you want: at most 5")),
            ("county", regions, MAX_REGIONS, _("Places: at most 5")),
            ("add_certificate", certificates, MAX_CERTIFICATES, _("Certificates: at most 10")),
        )
        errors = {field: message for field, items, most, message in limits if len(items) > most}
        if errors:
            raise ValidationError(errors)
        return {**data, "skills": skills, "desired_occupations": occupations, "desired_regions": regions,
                "certificates": certificates}  # fmt: skip


class AwayForm(PlaceForm):
    """I work away from home now: where, since when, and when I expect to be back."""

    started_on = _date_field(_("Working there since"), required=True)
    expected_return_on = _date_field(_("When you expect to come home"))
    employer_name = forms.CharField(label=_("Who you work for"), max_length=100, required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        started, back = data.get("started_on"), data.get("expected_return_on")
        if started and started > timezone.localdate():
            self.add_error("started_on", _("%(field)s: must not be in the future") % {
                "field": _("Working there since")})  # fmt: skip
        if started and back and back < started:
            self.add_error("expected_return_on", _("When you expect to come home: not before you left"))
        return data

    def record(self) -> dict[str, Any]:
        """The cleaned form as the migrant service takes it."""
        fields = ("started_on", "expected_return_on", "employer_name")
        return {"work_region": self.place(), **{k: self.cleaned_data[k] for k in fields}}


class BackForm(forms.Form):
    intends_local_work = forms.BooleanField(label=_("I want work here now"), required=False, initial=True)


# --- employers ------------------------------------------------------------------------------------


class EmployerSignUpForm(PlaceForm):
    """An employer signs up with its unified social credit code; staff approve it before its
    vacancies are shown or matched."""

    phone = _phone_field()
    code = _code_field()
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false", "data-credit-code": ""}),
    )  # fmt: skip
    name = forms.CharField(label=_("Name of the employer"), max_length=100)
    industry = forms.ChoiceField(label=_("industry"), choices=[("", "—"), *Industry.choices])
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Your name"), max_length=64)

    field_order = ["phone", "code", "credit_code", "name", "industry", *PICKER_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].required = True

    def clean_phone(self) -> str:
        return _parsed(parse_mobile, self.cleaned_data["phone"])

    def clean_credit_code(self) -> str:
        return _parsed(parse_credit_code, self.cleaned_data["credit_code"])

    def registration(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in PICKER_FIELDS}
        return {**data, "region": self.place()}


class AccountForm(forms.Form):
    """A colleague who may sign in for the employer, once they prove the phone with a code."""

    name = forms.CharField(label=_("Colleague's name"), max_length=64)
    phone = _phone_field()

    def clean_phone(self) -> str:
        return _parsed(parse_mobile, self.cleaned_data["phone"])


class VacancyForm(PlaceForm, OccupationWordsForm):
    """A vacancy as an employer posts it, guided: the occupation found from everyday words
    (suggested from the title), the skills from the taxonomy, the wage with its unit."""

    title = forms.CharField(
        label=_("job title"), max_length=100,
        widget=forms.TextInput(attrs={"data-suggest-from-title": "id_occupation_name"}),
    )  # fmt: skip
    occupation_name = forms.CharField(
        label=_("occupation"), max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "occupation-names",
                                      "data-name-search": "occupation-names"}),
        help_text=_("Suggested from the title; or type it as you say it"),
    )  # fmt: skip
    occupation_name_code = forms.CharField(required=False, max_length=64)
    description = forms.CharField(
        label=_("description"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    skills = forms.CharField(
        label=_("Skills needed"), max_length=300, required=False,
        help_text=_("Separated by 、 as you say them, e.g. 开叉车、装卸"),
    )  # fmt: skip
    work_type = forms.ChoiceField(label=_("work type"), choices=WorkType.choices, initial=WorkType.FULL_TIME)
    headcount = _number_field(_("headcount"), 1, 10_000, required=True)
    wage_min = _number_field(_("minimum wage (yuan)"), 0, 1_000_000, required=True)
    wage_max = _number_field(_("maximum wage (yuan)"), 0, 1_000_000, required=True)
    wage_unit = forms.ChoiceField(label=_("wage unit"), choices=WageUnit.choices, initial=WageUnit.MONTH)
    address = forms.CharField(label=_("work site address"), max_length=200, required=False)
    start_date = _date_field(_("start date"))
    valid_from = _date_field(_("valid from"), required=True)
    valid_until = _date_field(_("valid until"), required=True)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["title", "occupation_name", "description", "skills", "work_type", "headcount"]

    def clean(self) -> dict[str, Any]:
        """The occupation named or chosen; the site's county as picked, or as the address names
        it ("湖北省京山市新市街道…")."""
        data = super().clean()
        if "occupation_name" in data:
            data["occupation_name"] = self.occupation_named(
                "occupation_name", data["occupation_name"].strip(), data.get("occupation_name_code", "")
            )
        if not data.get("county") and "county" not in self.errors:
            region = region_resolve(data.get("address") or "")
            if region is None:
                self.add_error("county", _("Work site: choose its county, or write an address that names it"))
            else:
                data["county"] = region.code
        return data

    def clean_skills(self) -> list[dict[str, Any]]:
        return [{"skill": skill, "level": PersonSkill.Level.ABLE, "required": i == 0}
                for i, skill in enumerate(_skills_named(self.cleaned_data["skills"]))]  # fmt: skip

    def vacancy(self) -> dict[str, Any]:
        """The cleaned form as the vacancy service takes it."""
        data = {k: v for k, v in self.cleaned_data.items()
                if k not in (*PICKER_FIELDS, "occupation_name", "occupation_name_code", "version")}  # fmt: skip
        return {**data, "occupation": self.cleaned_data["occupation_name"], "region": self.place()}


MAX_VACANCY_SKILLS = 20  # as the API takes, for a vacancy and a training order alike


def _skills_named(text: str) -> list[Skill]:
    """Skills typed as people say them, separated by 、: each found in the taxonomy, once."""
    skills = []
    for word in (t.strip() for t in re.split(r"[、,，;；\s]+", text)):
        if word:
            found = SkillFilter({"q": word}, queryset=Skill.objects.order_by("name"))
            skills.append(_found_one(found, word, _("Skill: none is called so; try other words"),
                                     _("Skill: several fit (%(names)s); type one of them")))  # fmt: skip
    if len(set(skills)) < len(skills):
        raise ValidationError(_("Skills: each skill once"))
    if len(skills) > MAX_VACANCY_SKILLS:
        raise ValidationError(_("Skills: at most 20"))
    return skills


def vacancy_initial(vacancy: Vacancy) -> dict[str, Any]:
    """A posted vacancy as its form shows it, to change."""
    fields = ("title", "description", "work_type", "headcount", "wage_min", "wage_max", "wage_unit", "address",
              "start_date", "valid_from", "valid_until")  # fmt: skip
    skills = "、".join(
        s.skill.name for s in vacancy.skills.select_related("skill").order_by("-required", "pk")
    )
    return {**{f: getattr(vacancy, f) for f in fields}, "occupation_name": vacancy.occupation.name,
            "skills": skills}  # fmt: skip


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(choices=[(s, s) for s in EMPLOYER_OUTCOMES])


class TrainingOrderForm(forms.Form):
    """A course an employer orders for its vacancies (企业下订单): the vacancies ticked from its
    own, the skills as it says them, the places, the dates and the provider it proposes."""

    vacancies = forms.MultipleChoiceField(
        label=_("For the vacancies"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vacancies: tick at least one vacancy the course is for"),
                        "invalid_choice": _("Vacancies: only your own vacancies, neither filled nor closed")},
    )  # fmt: skip
    skills = forms.CharField(
        label=_("Skills to teach"), max_length=300, required=False,
        help_text=_("Separated by 、 as you say them, e.g. 电焊、看图纸"),
    )  # fmt: skip
    certificate_level = forms.TypedChoiceField(
        label=_("Certificate to award"), choices=[("", _("None")), *CertificateLevel.choices],
        coerce=int, empty_value=None, required=False,
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("kind"), choices=CourseKind.choices, initial=CourseKind.SKILLS)
    places = _number_field(_("places"), 1, 500, required=True)
    starts_on = _date_field(_("starts on"), required=True)
    ends_on = _date_field(_("ends on"), required=True)
    provider = forms.CharField(label=_("Provider proposed"), max_length=100, required=False)
    note = forms.CharField(
        label=_("note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, vacancies: Sequence[Vacancy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vacancies"].choices = [(str(v.pk), v.title) for v in vacancies]  # type: ignore[attr-defined]
        self._vacancies = {str(v.pk): v for v in vacancies}

    def clean_skills(self) -> list[Skill]:
        return _skills_named(self.cleaned_data["skills"])

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Ends on: must not be before the start"))
        return data

    def order(self) -> dict[str, Any]:
        """The cleaned form as the training service takes it."""
        return {
            **self.cleaned_data,
            "vacancies": [self._vacancies[pk] for pk in self.cleaned_data["vacancies"]],
        }
