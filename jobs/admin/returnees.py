"""Welcome-home campaigns (prepared by the daily run; staff set the window, those permitted
approve or cancel, everyone follows the send's progress) and the calls owed to returnees
(recorded done by the station's staff)."""

from __future__ import annotations

from copy import copy
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.admin.scoping import AreaScopedAdmin, StaffAdmin, errors_on_form
from jobs.models.returnees import CampaignStatus, ReturnCampaign, ReturneeCall
from jobs.selectors.migrants import campaigns_of_staff
from jobs.selectors.staff import area_allows, case_workers
from jobs.services.returnees import (
    campaign_approve,
    campaign_cancel,
    campaign_window_check,
    campaign_window_set,
    returnee_call_assign,
    returnee_call_check,
    returnee_call_done,
)


def _refused(exc: ValidationError) -> str:
    return "；".join(str(m) for messages_ in exc.message_dict.values() for m in messages_)


@admin.register(ReturnCampaign)
class ReturnCampaignAdmin(StaffAdmin):
    list_display = ("title", "area", "holiday_on", "send_from", "send_until", "status", "expected", "progress",
                    "approved_by")  # fmt: skip
    list_filter = ("status", "holiday")
    list_select_related = ("area", "approved_by")
    fields = ("title", "area", "holiday_on", "send_from", "send_until", "status", "expected", "progress", "told",
              "approved_by", "approved_at", "started_at", "finished_at")  # fmt: skip
    actions = ["approve", "cancel"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReturnCampaign]:
        return campaigns_of_staff(request.user)

    @admin.display(description=_("progress"))
    def progress(self, campaign: ReturnCampaign) -> str:
        if campaign.audience is None:
            return "—"
        share = 100 * campaign.done // campaign.audience if campaign.audience else 100
        return f"{campaign.done} / {campaign.audience}（{share}%）"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f for f in self.fields if f not in ("send_from", "send_until")]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the daily run prepares them, one per homecoming

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # what a person was told names its campaign: cancel instead

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only a prepared campaign's window changes; the rest are followed, not edited.
        # A station's staff follow their city's campaign; its city's staff decide it.
        return super().has_change_permission(request, obj) and (
            obj is None or (obj.status == CampaignStatus.PREPARED and area_allows(request.user, obj.area))
        )

    def has_approve_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("jobs.approve_campaign")

    def save_model(self, request: HttpRequest, obj: ReturnCampaign, form: Any, change: bool) -> None:
        campaign_window_set(campaign=obj, send_from=obj.send_from, send_until=obj.send_until,
                            today=timezone.localdate())  # fmt: skip

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)

        class WindowChecked(form):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                data: dict[str, Any] = super().clean() or {}
                if data.get("send_from") and data.get("send_until"):
                    probe = copy(self.instance)  # the form's values are set on the row after clean()
                    probe.send_from, probe.send_until = data["send_from"], data["send_until"]
                    errors_on_form(self, lambda: campaign_window_check(probe, timezone.localdate()))
                return data

        return WindowChecked

    @admin.action(description=_("Approve the selected campaigns in their windows"), permissions=["approve"])
    def approve(self, request: HttpRequest, queryset: QuerySet[ReturnCampaign]) -> None:
        self._each(request, queryset, lambda c: campaign_approve(campaign=c, by=request.user,
                                                                 today=timezone.localdate()))  # fmt: skip

    @admin.action(description=_("Cancel the selected campaigns"), permissions=["approve"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[ReturnCampaign]) -> None:
        self._each(request, queryset, lambda c: campaign_cancel(campaign=c))

    def _each(self, request: HttpRequest, queryset: QuerySet[ReturnCampaign], act: Any) -> None:
        for campaign in queryset:
            if not area_allows(request.user, campaign.area):
                self.message_user(
                    request, f"{campaign}：{_('Campaign: decided by the staff of its city')}", messages.ERROR
                )
                continue
            try:
                act(campaign)
            except ValidationError as exc:
                self.message_user(request, f"{campaign}：{_refused(exc)}", messages.ERROR)
            else:
                self.message_user(request, f"{campaign}：{ReturnCampaign.objects.get(pk=campaign.pk).get_status_display()}",
                                  messages.SUCCESS)  # fmt: skip


class CallDoneForm(forms.ModelForm):  # type: ignore[type-arg]
    """The call made (its day and outcome), or, for a call nobody holds yet (its station had
    no case worker for the person's home), the case worker who will make it."""

    class Meta:
        model = ReturneeCall
        fields = ("case_worker", "done_on", "outcome")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "case_worker" in self.fields:
            field: Any = self.fields["case_worker"]
            field.queryset = case_workers(station_id=self.instance.station_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") and not data.get("done_on"):
            self.add_error("done_on", _("Called on: the day of the call"))
        if self.instance.done_on is None and data.get("done_on"):
            errors_on_form(self, lambda: returnee_call_check(
                call=ReturneeCall.objects.get(pk=self.instance.pk), done_on=data["done_on"],
                outcome=data.get("outcome") or "", today=timezone.localdate(),
            ))  # fmt: skip
        return data


class CallOverdue(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Overdue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(done_on__isnull=True, due_on__lt=timezone.localdate())
        return queryset


@admin.register(ReturneeCall)
class ReturneeCallAdmin(AreaScopedAdmin):
    area_path = "person__home_region"
    form = CallDoneForm
    list_display = ("person", "returned_on", "due_on", "station", "case_worker", "done_on", "outcome")
    list_filter = (CallOverdue, ("done_on", admin.EmptyFieldListFilter), "station")
    list_select_related = ("person", "station", "case_worker")
    search_fields = ("person__name",)
    readonly_fields = ("person", "returned_on", "due_on", "station", "done_by")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        done = obj is not None and obj.done_on is not None
        return (*self.readonly_fields, "case_worker", "done_on", "outcome") if done else self.readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # planned when someone is recorded as back

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ReturneeCall, form: Any, change: bool) -> None:
        if "case_worker" in form.changed_data:
            returnee_call_assign(call=obj, case_worker=obj.case_worker)
        if obj.done_on is not None and "done_on" in form.changed_data:
            returnee_call_done(call=obj, done_on=obj.done_on, outcome=obj.outcome, by=request.user,
                               today=timezone.localdate())  # fmt: skip
