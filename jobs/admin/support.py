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
from django.utils.translation import gettext_lazy as _

from jobs.admin.scoping import AreaScopedAdmin, StaffAdmin
from jobs.models import Support, SupportRules, TierChange
from jobs.selectors.staff import scope_to_area
from jobs.selectors.support import reasons_text, support_rules
from jobs.services.support import (
    support_case_worker_check,
    support_case_worker_set,
    support_override,
    support_override_check,
    support_override_end,
    support_rules_save,
)


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
    readonly_fields = ("person", "tier", "tier_since", "rules_tier", "reasons_display", "override_by")
    fieldsets = (
        (None, {"fields": ("person", "tier", "tier_since", "case_worker")}),
        (_("By the rules"), {"fields": ("rules_tier", "reasons_display")}),
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

    def save_model(self, request: HttpRequest, obj: Support, form: Any, change: bool) -> None:
        if {"override_tier", "override_reason", "override_until"} & set(form.changed_data):
            if obj.override_tier and obj.override_until:  # the form checked both are given
                support_override(person=obj.person, tier=obj.override_tier, reason=obj.override_reason,
                                 until=obj.override_until, by=request.user)  # fmt: skip
            else:
                support_override_end(person=obj.person, by=request.user)
        if "case_worker" in form.changed_data:
            support_case_worker_set(support=obj, case_worker=obj.case_worker)


@admin.register(SupportRules)
class SupportRulesAdmin(StaffAdmin):
    """One row: the numbers behind every tier. Station staff read them; city staff change them."""

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
