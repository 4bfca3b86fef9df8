"""Admin for the demand, migrant and hard-to-employ registries and the reference data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobs.admin.reveal import RevealAdminMixin
from jobs.admin.scoping import AreaScopedAdmin, RegistryAdmin, SiteCountyFilter, StaffAdmin
from jobs.imports.resources import (
    EmployerResource,
    HardshipResource,
    MigrantRecordResource,
    VacancyResource,
)
from jobs.models import (
    WORKING_STATUSES,
    AssistanceRecord,
    ConsentText,
    Employer,
    GigStation,
    HardshipRecord,
    HardToEmployProfile,
    Household,
    MigrantRecord,
    Occupation,
    OccupationTitle,
    Person,
    Region,
    RegionAlias,
    Skill,
    StaffProfile,
    TrainingCourse,
    Vacancy,
    VacancySkill,
    WarningTier,
)
from jobs.selectors.staff_desk import count_of
from jobs.services.consent import consent_text_publish
from jobs.services.employers import (
    employer_approve,
    employer_contact_reveal,
    employer_save,
    employer_set_contact_phone,
)
from jobs.services.hardship import hardship_profile_save
from jobs.services.migrants import migrant_record_save
from jobs.services.people import REVEAL_PERMISSION
from jobs.services.support import support_refresh
from jobs.services.training import course_save
from jobs.services.vacancies import vacancy_save
from jobs.validators import normalize_credit_code
from matching.services.coding import SUGGESTED, occupation_title_learn, title_taught


class EmployerForm(forms.ModelForm):  # type: ignore[type-arg]
    """The contact phone is typed here but never shown back in full, like a person's."""

    contact_phone_input = forms.CharField(
        label=_("mobile number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to keep the number on file"),
    )

    class Meta:
        model = Employer
        exclude = ("contact_phone",)  # noqa: DJ006 - the admin's fields choose the rest

    def clean_credit_code(self) -> str:
        return normalize_credit_code(self.cleaned_data["credit_code"])

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        phone = data.get("contact_phone_input")
        if phone:
            try:
                employer_set_contact_phone(employer=self.instance, phone=phone)
            except ValidationError as exc:
                self.add_error("contact_phone_input", exc.message_dict["contact_phone"])
        return data


@admin.register(Employer)
class EmployerAdmin(RevealAdminMixin, RegistryAdmin):
    area_path = "region"

    def rescored(self, objs: list[Any]) -> tuple[list[int], list[int]]:
        # A deleted employer takes its vacancies out of matching.
        return [], list(Vacancy.objects.filter(employer__in=objs).values_list("pk", flat=True))

    form = EmployerForm
    resource_classes = [EmployerResource]
    # The number on file is shown masked; staff who may reveal get a button to a logged reveal.
    fields = (
        "name", "credit_code", "industry", "region", "address", "staff_count", "contact_name",
        "contact_phone_masked", "contact_phone_input", "description", "status",
    )  # fmt: skip
    readonly_fields = ("contact_phone_masked", "contact_phone_revealable")
    list_display = (
        "name",
        "credit_code",
        "industry",
        "region",
        "status",
        "open_vacancies",
        "contact_phone_masked",
    )
    list_filter = (SiteCountyFilter, "status", "industry")
    list_select_related = ("region",)
    search_fields = ("name", "credit_code")
    autocomplete_fields = ("region",)
    actions = ["approve"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Employer]:
        return (
            super()
            .get_queryset(request)
            .annotate(_open=count_of(Vacancy, "employer", status=Vacancy.Status.OPEN))
        )

    @admin.display(description=_("open vacancies"), ordering="_open")
    def open_vacancies(self, employer: Any) -> int:
        return int(employer._open)

    @admin.display(description=_("contact phone"))
    def contact_phone_masked(self, employer: Employer) -> str:
        return employer.contact_phone_masked

    @admin.display(description=_("contact phone"))
    def contact_phone_revealable(self, employer: Employer) -> str:
        return self.revealable(employer)

    def masked(self, employer: Employer) -> str:
        return employer.contact_phone_masked or "—"

    def reveal(self, request: HttpRequest, employer: Employer, purpose: str) -> list[tuple[str, str, str]]:
        phone = employer_contact_reveal(
            staff=request.user, employer=employer, purpose=purpose, ip_address=request.META.get("REMOTE_ADDR")
        )
        return [(str(_("contact phone")), phone, "revealed-phone")]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)
        if obj is None or not request.user.has_perm(REVEAL_PERMISSION):
            return fields
        return [("contact_phone_revealable" if f == "contact_phone_masked" else f) for f in fields]

    def save_model(self, request: HttpRequest, obj: Employer, form: Any, change: bool) -> None:
        # An approval or a suspension typed into the form opens or closes its vacancies too.
        employer_save(employer=obj)

    @admin.action(description=_("Approve the selected employers"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Employer]) -> None:
        pending = list(queryset.filter(status=Employer.Status.PENDING))
        for employer in pending:  # each one's vacancies are then listed and matched
            employer_approve(employer=employer)
        self.message_user(request, _("%(n)d employers approved.") % {"n": len(pending)})


class VacancySkillInline(admin.TabularInline):  # type: ignore[type-arg]
    model = VacancySkill
    extra = 0
    autocomplete_fields = ("skill",)


@admin.register(Vacancy)
class VacancyAdmin(RegistryAdmin):
    class Media:
        js = ["admin/jobs/occupation-suggest.js"]  # the occupations the title suggests

    area_path = "region"
    rescore_vacancies = "pk"  # for deletes; vacancy_save re-scores a saved one
    resource_classes = [VacancyResource]
    inlines = [VacancySkillInline]
    list_display = (
        "title",
        "employer",
        "occupation",
        "work_type",
        "region",
        "headcount",
        "filled_count",
        "wage_range",
        "valid_until",
        "status",
    )
    list_filter = (SiteCountyFilter, "status", "work_type", "wage_unit", "education_min")
    list_select_related = ("employer", "occupation", "region")
    search_fields = ("title", "employer__name", "occupation__name")
    autocomplete_fields = ("employer", "occupation", "region")
    date_hierarchy = "valid_until"

    def save_model(self, request: HttpRequest, obj: Vacancy, form: Any, change: bool) -> None:
        # The form has set the fields; the inline saves the skills, before the re-scoring runs
        # on commit.
        vacancy_save(vacancy=obj, data={})

    @admin.display(description=_("wage"))
    def wage_range(self, vacancy: Vacancy) -> str:
        return f"{vacancy.wage_min}–{vacancy.wage_max} {vacancy.get_wage_unit_display()}"


@admin.register(MigrantRecord)
class MigrantRecordAdmin(RegistryAdmin):
    area_path = "person__home_region"
    rescore_people = "person_id"  # deletes: the expected return date is when they are available
    resource_classes = [MigrantRecordResource]
    list_display = (
        "person",
        "work_region",
        "industry",
        "started_on",
        "expected_return_on",
        "returned_on",
        "intends_local_work",
        "is_current",
    )
    list_filter = ("is_current", "industry", "intends_local_work")
    list_select_related = ("person", "work_region")
    search_fields = ("person__name", "employer_name")
    autocomplete_fields = ("person", "work_region", "occupation", "insurance_region")
    date_hierarchy = "expected_return_on"
    readonly_fields = ("recorded_at", "recorded_by")

    def get_queryset(self, request: HttpRequest) -> QuerySet[MigrantRecord]:
        return super().get_queryset(request).select_related("person__home_region")

    def save_model(self, request: HttpRequest, obj: MigrantRecord, form: Any, change: bool) -> None:
        migrant_record_save(record=obj, recorded_by=request.user)


class HardshipRecordInline(admin.TabularInline):  # type: ignore[type-arg]
    model = HardshipRecord
    extra = 0


class AssistanceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AssistanceRecord
    extra = 0
    autocomplete_fields = ("vacancy", "course", "staff")


@admin.register(HardToEmployProfile)
class HardToEmployAdmin(RegistryAdmin):
    area_path = "person__home_region"
    resource_classes = [HardshipResource]
    inlines = [HardshipRecordInline, AssistanceInline]
    list_display = (
        "person",
        "warning_tier",
        "categories_display",
        "assistance_1131",
        "registered_on",
        "exited_on",
    )
    list_filter = ("person__support__tier", "categories__category", ("exited_on", admin.EmptyFieldListFilter))
    list_select_related = ("person__support",)
    search_fields = ("person__name",)
    autocomplete_fields = ("person",)

    def save_model(self, request: HttpRequest, obj: HardToEmployProfile, form: Any, change: bool) -> None:
        hardship_profile_save(profile=obj, refresh=False)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The categories are saved with the rows below the form, after the profile: the tier
        # the rules give follows from them.
        support_refresh(person_ids=[form.instance.person_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HardToEmployProfile]) -> None:
        people = list(queryset.values_list("person_id", flat=True))
        super().delete_queryset(request, queryset)
        support_refresh(person_ids=people)  # out of the registry: the rules' tier and grounds follow

    def delete_model(self, request: HttpRequest, obj: HardToEmployProfile) -> None:
        super().delete_model(request, obj)
        support_refresh(person_ids=[obj.person_id])

    @admin.display(description=_("warning tier"), ordering="person__support__tier")
    def warning_tier(self, profile: HardToEmployProfile) -> str:
        support = getattr(profile.person, "support", None)
        return str(support.get_tier_display() if support else WarningTier.NONE.label)

    def get_queryset(self, request: HttpRequest) -> QuerySet[HardToEmployProfile]:
        kinds = AssistanceRecord.Kind
        return (
            super()
            .get_queryset(request)
            .prefetch_related("categories")
            .annotate(
                _policy=count_of(AssistanceRecord, "profile", kind=kinds.POLICY_BRIEFING),
                _guidance=count_of(AssistanceRecord, "profile", kind=kinds.CAREER_GUIDANCE),
                _jobs=count_of(AssistanceRecord, "profile", kind=kinds.JOB_RECOMMENDATION),
                _training=count_of(AssistanceRecord, "profile", kind=kinds.TRAINING_OFFER),
            )
        )

    @admin.display(description=_("categories"))
    def categories_display(self, profile: HardToEmployProfile) -> str:
        return "、".join(c.get_category_display() for c in profile.categories.all())

    @admin.display(description=_("1131 delivered (briefing/guidance/jobs/training)"))
    def assistance_1131(self, profile: Any) -> str:
        # Targets: one policy briefing, one guidance session, three job recommendations, one
        # training offer. Shown as "delivered/target" so gaps stand out in the list.
        return f"{min(profile._policy, 1)}/1 · {min(profile._guidance, 1)}/1 · {min(profile._jobs, 3)}/3 · {min(profile._training, 1)}/1"


@admin.register(Household)
class HouseholdAdmin(AreaScopedAdmin):
    area_path = "region"
    list_display = ("id", "address", "region", "member_count", "employed_members")
    list_select_related = ("region",)
    search_fields = ("address",)
    autocomplete_fields = ("region",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Household]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _members=count_of(Person, "household"),
                _employed=count_of(Person, "household", employment_status__in=WORKING_STATUSES),
            )
        )

    @admin.display(description=_("members"), ordering="_members")
    def member_count(self, household: Any) -> int:
        return int(household._members)

    @admin.display(description=_("employed members"), ordering="_employed")
    def employed_members(self, household: Any) -> int:
        return int(household._employed)


@admin.register(TrainingCourse)
class TrainingCourseAdmin(AreaScopedAdmin):
    area_path = "region"
    list_display = (
        "name",
        "provider",
        "occupation",
        "region",
        "starts_on",
        "ends_on",
        "capacity",
        "subsidy_yuan",
        "kind",
        "order",
    )
    list_filter = ("certificate_level", "kind")
    list_select_related = ("occupation", "region")
    search_fields = ("name", "provider")
    autocomplete_fields = ("occupation", "region", "skills", "order")
    date_hierarchy = "starts_on"

    def save_model(self, request: HttpRequest, obj: TrainingCourse, form: Any, change: bool) -> None:
        course_save(course=obj)


@admin.register(GigStation)
class GigStationAdmin(AreaScopedAdmin):
    area_path = "region"
    list_display = ("name", "region", "address", "phone", "opening_hours")
    list_select_related = ("region",)
    search_fields = ("name", "address")
    autocomplete_fields = ("region",)


@admin.register(StaffProfile)
class StaffProfileAdmin(StaffAdmin):
    """Who works where: only superusers assign areas, so nobody can widen their own."""

    list_display = ("user", "station", "area", "is_case_worker")
    list_select_related = ("user", "station", "area")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user", "station", "area")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


class ReferenceAdmin(StaffAdmin):
    """Shared reference data: every staff member may read it; editing needs model permissions."""

    search_fields = ("name", "synonyms", "code")
    list_display: tuple[str, ...] = ("name", "code", "synonyms")


@admin.register(ConsentText)
class ConsentTextAdmin(StaffAdmin):
    """The versions of the consent text. City staff publish a new one; none is edited or deleted
    once saved, since people's consents name it."""

    list_display = ("version", "published_on")
    ordering = ("-published_on",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ConsentText, form: Any, change: bool) -> None:
        consent_text_publish(text=obj)


@admin.register(Occupation)
class OccupationAdmin(ReferenceAdmin):
    """The national classification: its rows come from the book; staff add everyday titles."""

    list_display = ("code", "name", "level", "parent", "synonyms")
    list_filter = ("level",)
    ordering = ("code",)
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)


class OccupationTitleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OccupationTitle
        fields = ("title", "occupation")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        title, occupation = data.get("title"), data.get("occupation")
        if title and occupation and title_taught(title, occupation) is None:
            message = _(
                "Title: the classification already gives this occupation that title, or it names no work"
            )
            raise ValidationError({"title": message})
        return data


@admin.register(OccupationTitle)
class OccupationTitleAdmin(StaffAdmin):
    """Titles learned from staff, employers and job seekers. A job seeker's title is suggested to
    everybody once enough people gave it; staff may confirm one at once, or delete mischief.
    Who gave a title is not shown."""

    list_display = ("title", "occupation", "source", "confirmations", "suggested", "updated_at")
    list_filter = ("source",)
    search_fields = ("title", "occupation__name", "occupation__code")
    list_select_related = ("occupation",)
    autocomplete_fields = ("occupation",)
    form = OccupationTitleForm
    ordering = ("-updated_at",)
    actions = ["confirm"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OccupationTitle]:
        return (
            super().get_queryset(request).annotate(is_suggested=ExpressionWrapper(SUGGESTED, BooleanField()))
        )

    @admin.display(boolean=True, description=_("suggested to everybody"), ordering="is_suggested")
    def suggested(self, obj: OccupationTitle) -> bool:
        return bool(obj.is_suggested)  # type: ignore[attr-defined]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A title is confirmed, added or deleted, never rewritten: the list stays readable.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: OccupationTitle, form: Any, change: bool) -> None:
        learned = occupation_title_learn(
            title=obj.title, occupation=obj.occupation, source=OccupationTitle.Source.STAFF
        )
        obj.pk = learned.pk if learned is not None else None

    @admin.action(
        description=_("Confirm the selected titles: suggest them to everybody"), permissions=["change"]
    )
    def confirm(self, request: HttpRequest, queryset: QuerySet[OccupationTitle]) -> None:
        for learned in queryset.select_related("occupation"):
            occupation_title_learn(
                title=learned.title, occupation=learned.occupation, source=OccupationTitle.Source.STAFF
            )
        self.message_user(request, _("Confirmed: %(n)d titles") % {"n": queryset.count()})


@admin.register(Skill)
class SkillAdmin(ReferenceAdmin):
    autocomplete_fields = ("occupations",)


@admin.register(Region)
class RegionAdmin(StaffAdmin):
    list_display = ("code", "full_name", "level", "longitude", "latitude", "coordinate_source")
    list_filter = ("level", "coordinate_source")
    search_fields = ("code", "name", "full_name")
    ordering = ("code",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RegionAlias)
class RegionAliasAdmin(StaffAdmin):
    list_display = ("code", "name", "region")
    list_select_related = ("region",)
    search_fields = ("code", "name")
