"""Employers' training orders (read here; a course listed for one answers it) and the
enrolments in courses, whose completion staff record through the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.admin.scoping import AreaScopedAdmin, errors_on_form
from jobs.models.training import Enrolment, EnrolmentStatus, TrainingOrder
from jobs.services.training import enrolment_check, enrolment_complete, enrolment_drop


@admin.register(TrainingOrder)
class TrainingOrderAdmin(AreaScopedAdmin):
    area_path = "employer__region"
    list_display = ("employer", "kind", "places", "starts_on", "ends_on", "provider", "status", "ordered_at")
    list_filter = ("status", "kind")
    list_select_related = ("employer",)
    search_fields = ("employer__name", "provider")
    readonly_fields = ("employer", "vacancies", "skills", "certificate_level", "kind", "places", "starts_on",
                       "ends_on", "provider", "note", "status", "ordered_at")  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the employer orders; staff answer by listing a course for the order

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EnrolmentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Enrolment
        fields = ("status", "completed_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["status"]
        if self.instance.status != EnrolmentStatus.CHOSEN:
            field.choices = [(self.instance.status, self.instance.get_status_display())]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if status == EnrolmentStatus.COMPLETED and not data.get("completed_on"):
            self.add_error("completed_on", _("Completed on: the day the course was completed"))
        elif status and "status" in self.changed_data:
            done_on = data.get("completed_on") if status == EnrolmentStatus.COMPLETED else None
            enrolment = Enrolment.objects.select_related("course").get(pk=self.instance.pk)
            errors_on_form(self, lambda: enrolment_check(enrolment=enrolment, completed_on=done_on,
                                                         today=timezone.localdate()))  # fmt: skip
        return data


@admin.register(Enrolment)
class EnrolmentAdmin(AreaScopedAdmin):
    area_path = "person__home_region"
    form = EnrolmentForm
    list_display = ("person", "course", "status", "chosen_at", "completed_on")
    list_filter = ("status",)
    list_select_related = ("person", "course")
    search_fields = ("person__name", "course__name")
    readonly_fields = ("person", "course", "chosen_at", "recorded_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a person chooses a course while it has places (the service counts them)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Enrolment, form: Any, change: bool) -> None:
        status = form.cleaned_data["status"]
        if "status" not in form.changed_data:
            return
        if status == EnrolmentStatus.COMPLETED:
            enrolment_complete(enrolment=obj, completed_on=form.cleaned_data["completed_on"], by=request.user,
                               today=timezone.localdate())  # fmt: skip
        elif status == EnrolmentStatus.DROPPED:
            enrolment_drop(enrolment=obj, by=request.user)
