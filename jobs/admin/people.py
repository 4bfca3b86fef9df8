from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jobs.admin.reveal import RevealAdminMixin
from jobs.admin.scoping import CountyFilter, ReadOnlyAdmin, RegistryAdmin
from jobs.imports.resources import PersonResource
from jobs.models import (
    MigrantRecord,
    Person,
    PersonCertificate,
    PersonSkill,
    PhoneChange,
    RevealLog,
    WorkHistory,
)
from jobs.selectors.consent import consent_current
from jobs.selectors.regions import region_resolve
from jobs.selectors.staff_desk import people_search, staff_profile_of
from jobs.services.consent import CONSENTS, consent_record
from jobs.services.people import (
    REVEAL_PERMISSION,
    LookupsExhausted,
    identity_lookup_spend,
    person_reveal,
    person_set_identity,
)
from jobs.services.plans import plan_open_by_staff
from jobs.services.staff_desk import person_register_at_station, person_update_by_staff
from jobs.services.subsidies import subsidies_check
from matching.selectors import matches_for_person

# What the form holds besides the profile, taken out before the profile goes to the service.
IDENTITY_INPUTS = ("id_number_input", "phone_input", "consent_version")


def lookups_exhausted_message() -> str:
    return str(_("Look-ups by full number: this hour's allowance is used up; try again later"))


def _consent_field(name: str) -> forms.BooleanField:
    label = capfirst(getattr(Person._meta.get_field(name), "verbose_name", name))
    return forms.BooleanField(label=label, required=False)


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    """The ID number and phone are typed here but never shown back in full.

    The consents are the form's own fields, not written into the person by the form: the
    service records a change of them with its time and the version of the text shown beside
    them, which the form carries in a hidden field."""

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
    consent_matching = _consent_field("consent_matching")
    consent_contact = _consent_field("consent_contact")
    consent_version = forms.CharField(max_length=16, required=False, widget=forms.HiddenInput)

    class Meta:
        model = Person
        # The admin's fieldsets choose the rest.
        exclude = ("id_number", "phone", *CONSENTS)  # noqa: DJ006

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "home_region" in self.fields:
            # Staff may type the address instead: it is resolved to a region in clean().
            self.fields["home_region"].required = False
        for name in CONSENTS:
            self.initial.setdefault(name, getattr(self.instance, name))
        current = consent_current()
        self.initial.setdefault("consent_version", current.version if current else "")
        if current is None:
            self.fields["consent_matching"].help_text = _(
                "No consent text is published: consent cannot be recorded yet"
            )
        else:
            # Read to the person before they agree; the version goes with the form.
            self.fields["consent_matching"].help_text = format_html(
                '<div class="consent-text"><strong>{}</strong>{}</div>',
                _("The consent text (version %(version)s) the person agrees to:")
                % {"version": current.version},
                linebreaks(current.text, autoescape=True),
            )

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
        self.check_consent(data)
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

    def check_consent(self, data: dict[str, Any]) -> None:
        """Refuse here what the consent rule would refuse on save (consent given on no text, or
        on a version never published), so that it is shown beside the boxes."""
        consents = {name: data[name] for name in CONSENTS if name in data}
        try:
            consent_record(
                person=copy.copy(self.instance), data=consents, version=data.get("consent_version") or None
            )
        except ValidationError as exc:
            field = "consent_matching" if data.get("consent_matching") else "consent_contact"
            for errors in exc.message_dict.values():
                self.add_error(field, errors)


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
    rescore_people = "pk"  # for deletes; the services re-score a saved person, inlines included
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
        "support__tier",
    )
    list_select_related = ("home_region", "support")
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
    readonly_fields = (
        "identity", "identity_revealable", "birth_year", "sex", "consent_recorded_at", "consent_text_version",
        "current_matches", "migrant_record", "hardship_profile", "warning", "created_at", "updated_at",
    )  # fmt: skip
    fieldsets = (
        (_("Identity"), {"fields": ("name", "identity", "id_number_input", "phone_input", "birth_year", "sex", "ethnicity", "email")}),
        (_("Where"), {"fields": ("home_region", "address", "hukou_region", "household")}),
        (_("Education and work"), {"fields": ("education", "major", "graduation_year", "employment_status", "status_since", "is_seeking", "self_description")}),
        (_("Desired work"), {"fields": ("desired_occupations", "desired_regions", "expected_wage", "expected_wage_unit", "wants_full_time", "wants_part_time", "wants_gig", "wants_shared", "commute_radius_km", "accepts_anywhere", "available_from")}),
        (_("Consent and notices"), {"fields": ("consent_matching", "consent_contact", "consent_version", "consent_recorded_at", "consent_text_version", "notify_sms", "notify_wechat", "notify_email")}),
        (_("Matches and registries"), {"fields": ("current_matches", "migrant_record", "hardship_profile", "warning")}),
        (_("Record"), {"fields": ("source", "registered_at_station", "created_at", "updated_at")}),
    )  # fmt: skip

    @admin.display(description=_("birth year"))
    def birth_year(self, person: Person) -> str:
        return str(person.birth_year) if person.pk else "—"

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # Someone registering at the counter has come to look for work, at this clerk's station.
        profile = staff_profile_of(user=request.user)
        return {
            "is_seeking": True,
            "source": Person.Source.WALK_IN,
            "registered_at_station": profile.station_id if profile else None,
            **super().get_changeform_initial_data(request),
        }

    actions = ["open_plan"]

    @admin.action(description=_("Open a 1131 plan for the selected people"), permissions=["change"])
    def open_plan(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        # Anyone may need it, whatever the rules say of their tier; someone with an open plan keeps it.
        for person in queryset:
            plan_open_by_staff(person=person, by=request.user)
        self.message_user(request, _("Each of them has an open 1131 plan."), messages.SUCCESS)

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k not in IDENTITY_INPUTS}
        data["consent_text_version"] = form.cleaned_data.get("consent_version") or None
        id_number = form.cleaned_data.get("id_number_input") or None
        phone = form.cleaned_data.get("phone_input") or None
        if change:
            person_update_by_staff(staff=request.user, person=obj, id_number=id_number, phone=phone, **data)
            return
        person = person_register_at_station(
            staff=request.user, id_number=form.cleaned_data["id_number_input"], phone=phone, **data
        )
        # The admin goes on with its own object (the inlines are bound to it): it becomes the
        # registered person.
        for field in Person._meta.concrete_fields:
            setattr(obj, field.attname, getattr(person, field.attname))
        obj._state.adding, obj._state.db = False, person._state.db

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if any(f.model is PersonCertificate and f.has_changed() for f in formsets):
            subsidies_check(person_ids=[form.instance.pk])  # a certificate newly obtained may bring a subsidy

    @admin.display(description=_("current matches"))
    def current_matches(self, person: Person) -> SafeString | str:
        if person.pk is None:
            return "—"
        rows = [
            (reverse("admin:matching_match_change", args=[m.pk]), m.vacancy.title, f"{m.score:.0%}",
             m.get_status_display())
            for m in matches_for_person(person=person, limit=20)
        ]  # fmt: skip
        if not rows:
            return "—"
        return format_html(
            "<ol>{}</ol>", format_html_join("", '<li><a href="{}">{}</a> · {} · {}</li>', rows)
        )

    @admin.display(description=_("current migrant record"))
    def migrant_record(self, person: Person) -> SafeString | str:
        record = (
            MigrantRecord.objects.filter(person=person, is_current=True).select_related("work_region").first()
            if person.pk
            else None
        )
        if record is None:
            return "—"
        url = reverse("admin:jobs_migrantrecord_change", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record.work_region.name)

    @admin.display(description=_("hard-to-employ profile"))
    def hardship_profile(self, person: Person) -> SafeString | str:
        profile = getattr(person, "hardship", None) if person.pk else None
        if profile is None:
            return "—"
        url = reverse("admin:jobs_hardtoemployprofile_change", args=[profile.pk])
        return format_html(
            '<a href="{}">{}</a>', url, _("In the registry since %(day)s") % {"day": profile.registered_on}
        )

    @admin.display(description=_("warning"))
    def warning(self, person: Person) -> SafeString | str:
        support = getattr(person, "support", None) if person.pk else None
        if support is None:
            return "—"
        url = reverse("admin:jobs_support_change", args=[support.pk])
        return format_html('<a href="{}">{}</a>', url, support.get_tier_display())

    @admin.display(description=_("ID number"))
    def masked_id_number(self, person: Person) -> str:
        return person.id_number_masked

    @admin.display(description=_("mobile number"))
    def masked_phone(self, person: Person) -> str:
        return person.phone_masked

    @admin.display(description=_("home region"), ordering="home_region")
    def home_area(self, person: Person) -> str:
        return person.home_region.name

    @admin.display(description=_("warning tier"), ordering="support__tier")
    def warning_tier(self, person: Person) -> str:
        support = getattr(person, "support", None)
        return support.get_tier_display() if support else "—"

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
