"""Employers' training orders (read here; a course listed for one answers it) and the
enrolments in courses: made at the desk for someone who came in, as on their phone, and moved
on (completed, dropped out) by staff, each through the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.admin.scoping import AreaScopedAdmin, errors_on_form
from jobs.models import Person
from jobs.models.training import Enrolment, EnrolmentStatus, TrainingOrder
from jobs.selectors.public import courses_upcoming
from jobs.selectors.staff import scope_to_area
from jobs.services.training import (
    course_choice_check,
    course_choose,
    enrolment_check,
    enrolment_complete,
    enrolment_drop,
)


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


class DeskEnrolmentForm(forms.ModelForm):  # type: ignore[type-arg]
    """Someone enrolled at the station's desk: checked as their own choice on the phone is."""

    class Meta:
        model = Enrolment
        fields = ("person", "course")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person, course = data.get("person"), data.get("course")
        if person is not None and course is not None:
            errors_on_form(self, lambda: course_choice_check(person=person, course=course,
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
    autocomplete_fields = ("person",)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "person":  # of my area only: another's id is no choice, and so told nothing
            kwargs["queryset"] = scope_to_area(Person.objects.all(), request.user, "home_region")
        elif db_field.name == "course":  # any course not begun, wherever it is held, as on the phone
            kwargs["queryset"] = courses_upcoming()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def scoped_choices(self, form: Any) -> dict[str, str]:
        return {name: path for name, path in super().scoped_choices(form).items() if name != "course"}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("person", "course", "chosen_at", "recorded_by") if obj is not None else ()

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = DeskEnrolmentForm
        return super().get_form(request, obj, change, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Enrolment, form: Any, change: bool) -> None:
        if not change:
            saved = course_choose(
                person=obj.person, course=obj.course, today=timezone.localdate(), by=request.user
            )
            obj.pk, obj.chosen_at = saved.pk, saved.chosen_at  # the admin's message and redirect name it
            return
        status = form.cleaned_data["status"]
        if "status" not in form.changed_data:
            return
        if status == EnrolmentStatus.COMPLETED:
            enrolment_complete(enrolment=obj, completed_on=form.cleaned_data["completed_on"], by=request.user,
                               today=timezone.localdate())  # fmt: skip
        elif status == EnrolmentStatus.DROPPED:
            enrolment_drop(enrolment=obj, by=request.user)
