"""Admin for the warning tiers: what the rules found for each person, staff's overrides, the
case worker, the log of every change; and the rules' numbers, which city staff set."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.admin.scoping import AreaScopedAdmin, StaffAdmin
from jobs.models import (
    HardshipCategory,
    Person,
    PlanItem,
    Support,
    SupportPlan,
    SupportRules,
    TierChange,
    WelfarePlacement,
    ZeroEmploymentSpell,
)
from jobs.selectors.staff import scope_to_area
from jobs.selectors.staff_desk import count_of
from jobs.selectors.support import (
    plan_completion,
    plan_job_proposals,
    reasons_text,
    support_rules,
    welfare_grounds_text,
    zero_household_offers,
    zero_households_by_station,
)
from jobs.services.households import zero_household_offer, zero_household_offer_check
from jobs.services.plans import plan_item_check, plan_item_done
from jobs.services.support import (
    support_case_worker_check,
    support_case_worker_set,
    support_override,
    support_override_check,
    support_override_end,
    support_rules_save,
)
from jobs.services.welfare import welfare_placement_check, welfare_placement_record


class TierChangeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TierChange
    extra = 0
    fields = ("changed_at", "from_tier", "to_tier", "why", "source", "changed_by")
    readonly_fields = fields
    can_delete = False
    ordering = ("-changed_at", "-pk")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SupportForm(forms.ModelForm):  # type: ignore[type-arg]
    """Staff set a tier for a while (or clear theirs by emptying it) and name the case worker;
    the same checks as the service, so that a mistake shows beside its field."""

    class Meta:
        model = Support
        fields = ("override_tier", "override_reason", "override_until", "case_worker")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not data.get("override_tier"):
            # An emptied tier hands back to the rules: its reason and last day go with it.
            data["override_reason"], data["override_until"] = "", None
            self.instance.override_reason, self.instance.override_until = "", None
        if data.get("override_tier"):
            try:
                support_override_check(rules=support_rules(), tier=data["override_tier"],
                                       reason=data.get("override_reason") or "", until=data.get("override_until"))  # fmt: skip
            except ValidationError as exc:
                self._add(exc)
        if "case_worker" in self.changed_data:
            try:
                support_case_worker_check(support=self.instance, case_worker=data.get("case_worker"))
            except ValidationError as exc:
                self._add(exc)
        return data

    def _add(self, exc: ValidationError) -> None:
        for field, errors in exc.message_dict.items():
            self.add_error(field if field in self.fields else None, errors)


class OverrideFilter(admin.SimpleListFilter):
    title = _("tier set by staff")
    parameter_name = "override"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.exclude(override_tier="")
        if self.value() == "no":
            return queryset.filter(override_tier="")
        return queryset


@admin.register(Support)
class SupportAdmin(AreaScopedAdmin):
    area_path = "person__home_region"
    form = SupportForm
    inlines = [TierChangeInline]
    list_display = ("person", "tier", "reasons_display", "rules_tier", "override_tier", "override_until",
                    "case_worker", "tier_since")  # fmt: skip
    list_filter = ("tier", "rules_tier", OverrideFilter)
    list_select_related = ("person", "case_worker")
    search_fields = ("person__name",)
    readonly_fields = ("person", "tier", "tier_since", "rules_tier", "reasons_display", "welfare_display",
                       "override_by")  # fmt: skip
    fieldsets = (
        (None, {"fields": ("person", "tier", "tier_since", "case_worker")}),
        (_("By the rules"), {"fields": ("rules_tier", "reasons_display", "welfare_display")}),
        (_("Set by staff"), {
            "fields": ("override_tier", "override_reason", "override_until", "override_by"),
            "description": _("A tier staff set holds until its last day; the rules take over the day after. "
                             "Empty the tier to hand back to the rules now."),
        }),
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the rules give people their row; staff act on it

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the log of a person's tiers is kept

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "case_worker":
            workers = get_user_model().objects.filter(staff_profile__is_case_worker=True, is_active=True)
            kwargs["queryset"] = scope_to_area(workers, request.user, "staff_profile__area").order_by(
                "username"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("reasons"))
    def reasons_display(self, support: Support) -> str:
        return reasons_text(support.reasons) or "—"

    @admin.display(description=_("grounds for a public-welfare post"))
    def welfare_display(self, support: Support) -> str:
        return welfare_grounds_text(support.welfare_grounds) or "—"

    def save_model(self, request: HttpRequest, obj: Support, form: Any, change: bool) -> None:
        if {"override_tier", "override_reason", "override_until"} & set(form.changed_data):
            if obj.override_tier and obj.override_until:  # the form checked both are given
                support_override(person=obj.person, tier=obj.override_tier, reason=obj.override_reason,
                                 until=obj.override_until, by=request.user)  # fmt: skip
            else:
                support_override_end(person=obj.person, by=request.user)
        if "case_worker" in form.changed_data:
            support_case_worker_set(support=obj, case_worker=obj.case_worker)


class SupportRulesForm(forms.ModelForm):  # type: ignore[type-arg]
    welfare_categories = forms.MultipleChoiceField(
        label=_("public-welfare posts: hardship categories"), choices=HardshipCategory.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People in the hard-to-employ registry in one of these categories"),
    )  # fmt: skip

    class Meta:
        model = SupportRules
        exclude: tuple[str, ...] = ()


@admin.register(SupportRules)
class SupportRulesAdmin(StaffAdmin):
    """One row: the numbers behind every tier. Station staff read them; city staff change them."""

    form = SupportRulesForm

    list_display = ("__str__", "red_hardship_months", "red_months", "yellow_months", "graduate_months",
                    "idle_days", "updated_at", "updated_by")  # fmt: skip
    readonly_fields = ("updated_at", "updated_by")

    def get_queryset(self, request: HttpRequest) -> QuerySet[SupportRules]:
        support_rules()  # the row exists before anyone looks for it
        return super().get_queryset(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: SupportRules, form: Any, change: bool) -> None:
        support_rules_save(rules=obj, by=request.user)


class PlanItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PlanItem
    extra = 0
    fields = ("kind", "due_on", "done_on", "done_by", "vacancy", "course", "outcome")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SupportPlan)
class SupportPlanAdmin(AreaScopedAdmin):
    """Plans as the station follows them; above the list, how many items due are done, per
    station and per case worker."""

    area_path = "support__person__home_region"
    inlines = [PlanItemInline]
    change_list_template = "admin/jobs/supportplan/change_list.html"
    list_display = ("person", "station", "case_worker", "opened_on", "progress", "overdue", "closed_on",
                    "closed_because")  # fmt: skip
    list_filter = (("closed_on", admin.EmptyFieldListFilter), "station", "opened_because")
    list_select_related = ("support__person", "station", "case_worker")
    search_fields = ("support__person__name",)
    fields = ("person", "station", "case_worker", "opened_on", "opened_because", "opened_by", "closed_on",
              "closed_because")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a plan opens with a tier, or by the action on the labour registry

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[SupportPlan]:
        today = timezone.localdate()
        return (
            super()
            .get_queryset(request)
            .annotate(
                _done=count_of(PlanItem, "plan", done_on__isnull=False),
                _items=count_of(PlanItem, "plan"),
                _overdue=count_of(PlanItem, "plan", done_on__isnull=True, due_on__lt=today),
            )
        )

    @admin.display(description=_("person"), ordering="support__person__name")
    def person(self, plan: SupportPlan) -> str:
        return plan.support.person.name

    @admin.display(description=_("done"))
    def progress(self, plan: Any) -> str:
        return f"{plan._done}/{plan._items}"

    @admin.display(description=_("overdue"), ordering="_overdue")
    def overdue(self, plan: Any) -> int:
        return int(plan._overdue) if plan.closed_on is None else 0

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        return super().changelist_view(
            request, {**(extra_context or {}), "completion": plan_completion(user=request.user)}
        )


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Overdue")), ("due", _("Not done"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        open_items = queryset.filter(done_on__isnull=True, plan__closed_on__isnull=True)
        if self.value() == "yes":
            return open_items.filter(due_on__lt=timezone.localdate())
        if self.value() == "due":
            return open_items
        return queryset


class PlanItemForm(forms.ModelForm):  # type: ignore[type-arg]
    """Done by the staff member saving it; a job recommendation sends one of the jobs the
    engine proposes, and the course of a training offer is one of the area's."""

    send = forms.ChoiceField(label=_("job to send"), required=False, widget=forms.RadioSelect)
    user: Any = None

    class Meta:
        model = PlanItem
        fields = ("done_on", "course", "outcome")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.kind != PlanItem.Kind.JOB_RECOMMENDATION or self.instance.done_on is not None:
            del self.fields["send"]  # declared, so in every form of the class: only a job sends one
        else:
            self.fields["send"].required = True
            self.fields["send"].choices = [  # type: ignore[attr-defined]
                (
                    str(m.vacancy_id),
                    f"{m.vacancy.title}（{m.vacancy.employer.name}，{m.vacancy.region.full_name}）",
                )
                for m in plan_job_proposals(plan=self.instance.plan)
            ]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        item = self.instance
        vacancy = int(data["send"]) if data.get("send") else None
        if item.kind == PlanItem.Kind.JOB_RECOMMENDATION:
            data["done_on"] = timezone.localdate()  # a job is recommended when it is sent
        try:
            plan_item_check(item=item, by=self.user, done_on=data.get("done_on") or timezone.localdate(),
                            course=data["course"].pk if data.get("course") else None, vacancy=vacancy)  # fmt: skip
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                shown = {"vacancy": "send"}.get(field, field)
                self.add_error(shown if shown in self.fields else None, errors)
        data["vacancy"] = vacancy
        return data


@admin.register(PlanItem)
class PlanItemAdmin(AreaScopedAdmin):
    """Every item of the area's plans, overdue ones to be found at once; an open one is done here."""

    area_path = "plan__support__person__home_region"
    form = PlanItemForm
    list_display = ("person", "kind", "due_on", "done_on", "done_by", "case_worker", "station", "outcome")
    list_filter = (OverdueFilter, "kind", "plan__station", "plan__case_worker")
    list_select_related = ("plan__support__person", "plan__station", "plan__case_worker", "done_by")
    search_fields = ("plan__support__person__name",)
    autocomplete_fields = ("course",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        shown = ["person", "kind", "due_on", "case_worker"]
        if obj is not None and obj.done_on is None:
            editable = ["send"] if obj.kind == PlanItem.Kind.JOB_RECOMMENDATION else ["done_on"]
            editable += ["course"] if obj.kind == PlanItem.Kind.TRAINING_OFFER else []
            return [*shown, *editable, "outcome"]
        return [*shown, "done_on", "done_by", "vacancy", "course", "outcome"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = ["person", "kind", "due_on", "case_worker"]
        if obj is not None and obj.done_on is not None:
            readonly += ["done_on", "done_by", "vacancy", "course", "outcome"]
        return readonly

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})  # whose area the checks are in

    @admin.display(description=_("person"))
    def person(self, item: PlanItem) -> str:
        return item.plan.support.person.name

    @admin.display(description=_("case worker"))
    def case_worker(self, item: PlanItem) -> str:
        return str(item.plan.case_worker or "—")

    @admin.display(description=_("gig station"))
    def station(self, item: PlanItem) -> str:
        return str(item.plan.station or "—")

    def save_model(self, request: HttpRequest, obj: PlanItem, form: Any, change: bool) -> None:
        data = form.cleaned_data
        plan_item_done(item=obj, by=request.user, outcome=data.get("outcome") or "", done_on=data.get("done_on"),
                       course=data["course"].pk if data.get("course") else None, vacancy=data.get("vacancy"))  # fmt: skip


class ZeroOfferForm(forms.ModelForm):  # type: ignore[type-arg]
    """An offer to a member: one of the public-welfare posts or best matches the engine lists
    for the household's members out of work."""

    make_offer = forms.ChoiceField(label=_("offer"), required=False, widget=forms.RadioSelect)
    user: Any = None

    class Meta:
        model = ZeroEmploymentSpell
        fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        spell = self.instance
        if spell.pk is None or spell.left_on or spell.offered_on:
            del self.fields["make_offer"]
            return
        self.fields["make_offer"].choices = [  # type: ignore[attr-defined]
            (f"{person.pk}:{vacancy.pk}", f"{person.name} ← {vacancy.title}（{vacancy.employer.name}，"
                                           f"{vacancy.get_work_type_display()}）")
            for person, vacancy in zero_household_offers(spell=spell)
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("make_offer"):
            person_id, vacancy_id = (int(part) for part in data["make_offer"].split(":"))
            data["offer_to"], data["offer_vacancy"] = Person.objects.get(pk=person_id), vacancy_id
            try:
                zero_household_offer_check(
                    spell=self.instance, person=data["offer_to"], vacancy=vacancy_id, by=self.user
                )
            except ValidationError as exc:
                self.add_error("make_offer", [e for errors in exc.message_dict.values() for e in errors])
        return data


class OfferOverdueFilter(admin.SimpleListFilter):
    title = _("offer overdue")
    parameter_name = "offer_overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(
                left_on__isnull=True, offered_on__isnull=True, offer_due_on__lt=timezone.localdate()
            )
        return queryset


@admin.register(ZeroEmploymentSpell)
class ZeroEmploymentSpellAdmin(AreaScopedAdmin):
    """The area's zero-employment households, found daily; above the list, how many remain per
    station and for how long. An open one without an offer is offered a post here."""

    area_path = "household__region"
    form = ZeroOfferForm
    change_list_template = "admin/jobs/zeroemploymentspell/change_list.html"
    list_display = ("household", "station", "became_on", "days", "offer_due_on", "offered_on", "offer",
                    "offered_to", "left_on")  # fmt: skip
    list_filter = (("left_on", admin.EmptyFieldListFilter), OfferOverdueFilter, "station", "offer")
    list_select_related = ("household", "station", "offered_to")
    search_fields = ("household__address",)
    readonly_fields = ("household", "members", "station", "became_on", "offer_due_on", "offered_on", "offer",
                       "offer_vacancy", "offered_to", "offered_by", "left_on")  # fmt: skip

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            [*self.readonly_fields, "make_offer"]
            if obj and not obj.offered_on and not obj.left_on
            else self.readonly_fields
        )

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # found by the daily rules

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("days with nobody in work"))
    def days(self, spell: ZeroEmploymentSpell) -> int:
        return ((spell.left_on or timezone.localdate()) - spell.became_on).days

    @admin.display(description=_("members"))
    def members(self, spell: ZeroEmploymentSpell) -> str:
        people = spell.household.members.filter(closed_at__isnull=True).order_by("pk")
        return "、".join(f"{p.name}（{p.get_employment_status_display()}）" for p in people) or "—"

    def save_model(self, request: HttpRequest, obj: ZeroEmploymentSpell, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if data.get("offer_to"):
            zero_household_offer(
                spell=obj, person=data["offer_to"], vacancy=data["offer_vacancy"], by=request.user
            )

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        remaining = zero_households_by_station(user=request.user)
        return super().changelist_view(request, {**(extra_context or {}), "remaining": remaining})


class WelfarePlacementForm(forms.ModelForm):  # type: ignore[type-arg]
    user: Any = None

    class Meta:
        model = WelfarePlacement
        fields = ("person", "vacancy", "starts_on", "ends_on")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if all(data.get(f) for f in self.Meta.fields):
            try:
                welfare_placement_check(person=data["person"], vacancy=data["vacancy"].pk, starts_on=data["starts_on"],
                                        ends_on=data["ends_on"], by=self.user)  # fmt: skip
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
        return data


@admin.register(WelfarePlacement)
class WelfarePlacementAdmin(AreaScopedAdmin):
    """Placements in public-welfare posts: recorded here by the same service as the API; kept,
    never edited (a term that changes is a new placement)."""

    area_path = "person__home_region"
    form = WelfarePlacementForm
    list_display = ("person", "vacancy", "starts_on", "ends_on", "recorded_by", "recorded_at")
    list_select_related = ("person", "vacancy", "recorded_by")
    list_filter = ("starts_on", "ends_on")
    search_fields = ("person__name",)
    autocomplete_fields = ("person", "vacancy")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("person", "vacancy", "starts_on", "ends_on", "recorded_by") if obj else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: WelfarePlacement, form: Any, change: bool) -> None:
        if not change:
            placed = welfare_placement_record(person=obj.person, vacancy=obj.vacancy_id, starts_on=obj.starts_on,
                                              ends_on=obj.ends_on, by=request.user)  # fmt: skip
            obj.pk = placed.pk
