"""Subsidy policies (city staff change them; everyone reads them) and the entitlements found,
which staff move on through the same services as the API: an application recorded at the desk,
and, for those permitted, approval, payment or refusal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobs.admin.scoping import AreaRuleAdmin, AreaScopedAdmin
from jobs.models.subsidies import Entitlement, EntitlementStatus, SubsidyPolicy
from jobs.notices.subsidies import amount_text
from jobs.selectors.subsidies import subsidy_progress
from jobs.services.subsidies import (
    NEXT,
    entitlement_apply,
    entitlement_decide,
    entitlement_decision_check,
    subsidy_policy_save,
)


@admin.register(SubsidyPolicy)
class SubsidyPolicyAdmin(AreaRuleAdmin):
    """Every staff member reads every policy; city staff change those for the people of their
    area (a national one, with no area, only staff of everywhere). A policy with entitlements is
    never deleted (they name it): take it out of force."""

    list_display = ("name", "area", "paid_to", "occasion", "amount_display", "tell", "active", "updated_at")
    list_filter = ("active", "paid_to", "occasion")
    list_select_related = ("area",)
    autocomplete_fields = ("area",)
    search_fields = ("name", "document", "key")
    readonly_fields = ("updated_at", "updated_by")

    @admin.display(description=_("amount"))
    def amount_display(self, policy: SubsidyPolicy) -> str:
        return amount_text(policy)

    def save_model(self, request: HttpRequest, obj: SubsidyPolicy, form: Any, change: bool) -> None:
        subsidy_policy_save(policy=obj, by=request.user)


class EntitlementForm(forms.ModelForm):  # type: ignore[type-arg]
    """The next step of a claim: the status (only those that may follow, deciding only for
    those permitted), with the amount on approval, the day on payment, the reason on refusal."""

    class Meta:
        model = Entitlement
        fields = ("status", "amount_yuan", "paid_on", "refusal_reason")

    def __init__(self, *args: Any, may_decide: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = EntitlementStatus(self.instance.status)
        allowed = [current]
        if current == EntitlementStatus.ELIGIBLE:
            allowed.append(EntitlementStatus.APPLIED)
        elif may_decide:
            allowed += sorted(NEXT.get(current, set()), key=list(EntitlementStatus).index)
        field: Any = self.fields["status"]
        field.choices = [(s.value, s.label) for s in allowed]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if status == self.initial.get("status") and {"amount_yuan", "paid_on", "refusal_reason"} & set(
            self.changed_data
        ):
            self.add_error("status", _("Status: choose the step the amount, the day or the reason is for"))
        if status and status != self.initial.get("status") and status != EntitlementStatus.APPLIED:
            entitlement_decision_check(
                entitlement=Entitlement.objects.get(pk=self.instance.pk), status=status,
                amount_yuan=data.get("amount_yuan"), paid_on=data.get("paid_on"),
                reason=data.get("refusal_reason") or "",
            )  # fmt: skip
        return data


@admin.register(Entitlement)
class EntitlementAdmin(AreaScopedAdmin):
    area_path = "person__home_region"
    form = EntitlementForm
    list_display = (
        "policy",
        "person",
        "employer",
        "occasion_on",
        "told_at",
        "status",
        "amount_yuan",
        "paid_on",
    )
    list_filter = ("status", "policy", ("told_at", admin.EmptyFieldListFilter))
    list_select_related = ("policy", "person", "employer")
    search_fields = ("person__name", "employer__name", "policy__name")
    readonly_fields = ("policy", "occasion_key", "occasion_on", "person", "employer", "found_at", "told_at",
                       "applied_at", "applied_by", "decided_at", "decided_by")  # fmt: skip
    fields = (*readonly_fields, "status", "amount_yuan", "paid_on", "refusal_reason")
    change_list_template = "admin/jobs/entitlement/change_list.html"

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        may_decide = request.user.has_perm("jobs.decide_entitlement")

        class Bound(form):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, may_decide=may_decide, **kw)

        return Bound

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # found by the daily check only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a deleted one would be found, told and paid again

    def save_model(self, request: HttpRequest, obj: Entitlement, form: Any, change: bool) -> None:
        status = form.cleaned_data["status"]
        if status == form.initial.get("status"):
            return
        if status == EntitlementStatus.APPLIED:
            entitlement_apply(entitlement=obj, by=request.user)
        else:
            entitlement_decide(entitlement=obj, status=status, by=request.user,
                               amount_yuan=form.cleaned_data.get("amount_yuan"),
                               paid_on=form.cleaned_data.get("paid_on"),
                               reason=form.cleaned_data.get("refusal_reason") or "")  # fmt: skip

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        progress = subsidy_progress(user=request.user)
        return super().changelist_view(request, {**(extra_context or {}), "progress": progress})
