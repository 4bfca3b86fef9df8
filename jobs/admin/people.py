from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.admin.reveal import RevealAdminMixin
from jobs.admin.scoping import CountyFilter, ReadOnlyAdmin, RegistryAdmin
from jobs.imports.resources import PersonResource
from jobs.models import Person, PersonCertificate, PersonSkill, PhoneChange, RevealLog, WorkHistory
from jobs.selectors.regions import region_resolve
from jobs.selectors.staff_desk import people_search
from jobs.services.accounts import person_phone_change_record
from jobs.services.people import (
    REVEAL_PERMISSION,
    LookupsExhausted,
    identity_lookup_spend,
    person_reveal,
    person_set_identity,
)


def lookups_exhausted_message() -> str:
    return str(_("Look-ups by full number: this hour's allowance is used up; try again later"))


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    """The ID number and phone are typed here but never shown back in full."""

    staff: Any = None  # the signed-in staff member, set by the admin for each request

    id_number_input = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        help_text=_("18 digits; leave empty to keep the number on file"),
    )
    phone_input = forms.CharField(
        label=_("mobile number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to keep the number on file"),
    )

    class Meta:
        model = Person
        exclude = ("id_number", "phone")  # noqa: DJ006 - the admin's fieldsets choose the rest

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "home_region" in self.fields:
            # Staff may type the address instead: it is resolved to a region in clean().
            self.fields["home_region"].required = False

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if "home_region" in self.fields and not data.get("home_region"):
            region = region_resolve(data.get("address") or "")
            if region is None:
                self.add_error(
                    "home_region", _("Home region: choose one, or type an address that names the county")
                )
            else:
                data["home_region"] = self.instance.home_region = region
        if (data.get("consent_matching") or data.get("consent_contact")) and not data.get(
            "consent_recorded_at"
        ):
            # Consent given at the counter is recorded as given now, on the staff form's wording.
            data["consent_recorded_at"] = self.instance.consent_recorded_at = timezone.now()
            data["consent_text_version"] = self.instance.consent_text_version = "staff-form"
        id_number = data.get("id_number_input") or None
        if self.instance.pk is None and not id_number:
            self.add_error("id_number_input", _("ID number: required for a new person"))
            return data
        if id_number:
            try:
                identity_lookup_spend(
                    user=self.staff, number=id_number
                )  # the answer says whether it is on file
            except LookupsExhausted:
                self.add_error("id_number_input", lookups_exhausted_message())
                return data
        try:
            person_set_identity(
                person=self.instance, id_number=id_number, phone=data.get("phone_input") or None
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(f"{field}_input", errors)
        return data


class PersonSkillInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PersonSkill
    extra = 0
    autocomplete_fields = ("skill",)


class PersonCertificateInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PersonCertificate
    extra = 0
    autocomplete_fields = ("occupation",)


class WorkHistoryInline(admin.StackedInline):  # type: ignore[type-arg]
    model = WorkHistory
    extra = 0
    autocomplete_fields = ("occupation", "region")


@admin.register(Person)
class PersonAdmin(RevealAdminMixin, RegistryAdmin):
    area_path = "home_region"
    rescore_people = "pk"
    resource_classes = [PersonResource]
    form = PersonForm
    inlines = [PersonSkillInline, PersonCertificateInline, WorkHistoryInline]
    list_display = (
        "name", "masked_id_number", "masked_phone", "home_area", "employment_status",
        "is_seeking", "warning_tier",
    )  # fmt: skip
    list_filter = (
        CountyFilter,
        "employment_status",
        "is_seeking",
        "education",
        "consent_matching",
        "source",
        "hardship__tier",
    )
    list_select_related = ("home_region", "hardship")
    search_fields = ("name",)
    search_help_text = _("Search by name, or by a full ID number or mobile number")
    autocomplete_fields = (
        "home_region",
        "hukou_region",
        "household",
        "desired_occupations",
        "desired_regions",
        "registered_at_station",
    )
    readonly_fields = ("identity", "identity_revealable", "birth_year", "sex", "created_at", "updated_at")
    fieldsets = (
        (_("Identity"), {"fields": ("name", "identity", "id_number_input", "phone_input", "birth_year", "sex", "ethnicity", "email")}),
        (_("Where"), {"fields": ("home_region", "address", "hukou_region", "household")}),
        (_("Education and work"), {"fields": ("education", "major", "graduation_year", "employment_status", "status_since", "is_seeking", "self_description")}),
        (_("Desired work"), {"fields": ("desired_occupations", "desired_regions", "expected_wage", "expected_wage_unit", "wants_full_time", "wants_part_time", "wants_gig", "wants_shared", "commute_radius_km", "accepts_anywhere", "available_from")}),
        (_("Consent and notices"), {"fields": ("consent_matching", "consent_contact", "consent_recorded_at", "consent_text_version", "notify_sms", "notify_wechat", "notify_email")}),
        (_("Record"), {"fields": ("source", "registered_at_station", "created_at", "updated_at")}),
    )  # fmt: skip

    @admin.display(description=_("birth year"))
    def birth_year(self, person: Person) -> str:
        return str(person.birth_year) if person.pk else "—"

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        person_phone_change_record(person=obj, by=request.user)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("ID number"))
    def masked_id_number(self, person: Person) -> str:
        return person.id_number_masked

    @admin.display(description=_("mobile number"))
    def masked_phone(self, person: Person) -> str:
        return person.phone_masked

    @admin.display(description=_("home region"), ordering="home_region")
    def home_area(self, person: Person) -> str:
        return person.home_region.name

    @admin.display(description=_("warning tier"), ordering="hardship__tier")
    def warning_tier(self, person: Person) -> str:
        hardship = getattr(person, "hardship", None)
        return hardship.get_tier_display() if hardship else "—"

    @admin.display(description=_("ID number and phone on file"))
    def identity(self, person: Person) -> str:
        return f"{person.id_number_masked} / {person.phone_masked or '—'}" if person.pk else "—"

    @admin.display(description=_("ID number and phone on file"))
    def identity_revealable(self, person: Person) -> str:
        return self.revealable(person)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        form.staff = request.user  # a class made for this request
        return form

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not request.user.has_perm(REVEAL_PERMISSION):
            return fieldsets
        swap = {"identity": "identity_revealable"}
        return [
            (name, {**opts, "fields": [swap.get(str(f), f) for f in opts["fields"]]})
            for name, opts in fieldsets
        ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Person], search_term: str
    ) -> tuple[QuerySet[Person], bool]:
        if not search_term.strip():
            return queryset, False
        try:
            return people_search(queryset, search_term, user=request.user), False
        except LookupsExhausted:
            messages.error(request, lookups_exhausted_message())
            return queryset.none(), False

    def masked(self, person: Person) -> str:
        return self.identity(person)

    def reveal(self, request: HttpRequest, person: Person, purpose: str) -> list[tuple[str, str, str]]:
        revealed = person_reveal(
            staff=request.user, person=person, purpose=purpose, ip_address=request.META.get("REMOTE_ADDR")
        )
        return [
            (str(_("ID number")), revealed["id_number"], "revealed-id-number"),
            (str(_("mobile number")), revealed["phone"], "revealed-phone"),
        ]


@admin.register(RevealLog)
class RevealLogAdmin(ReadOnlyAdmin):
    """Read-only audit trail; only superusers and auditors with the view permission see it."""

    list_display = ("at", "staff", "person", "employer", "fields", "purpose", "ip_address")
    list_select_related = ("staff", "person", "employer")
    list_filter = ("fields",)
    search_fields = ("staff__username", "purpose")
    date_hierarchy = "at"


@admin.register(PhoneChange)
class PhoneChangeAdmin(ReadOnlyAdmin):
    """Read-only audit trail of phone changes, numbers masked: superusers and auditors given its view
    permission see it."""

    list_display = ("at", "person", "which", "changed_by", "old_phone", "new_phone")
    list_select_related = ("person", "changed_by")
    list_filter = ("which",)
