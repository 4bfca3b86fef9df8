from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin

from jobs.imports.background import import_job_start
from jobs.imports.files import registry_of
from jobs.imports.forms import ColumnNamedExportForm, LimitedImportForm
from jobs.imports.uploads import upload_delete, upload_save
from jobs.models import ImportUpload, Region
from jobs.selectors.staff import area_allows, scope_to_area
from workers.triggers import rescore_after_commit


class StaffAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Every admin of ours: pages that stay usable on a phone at the station's counter."""

    class Media:
        css = {"all": ["admin/jobs/narrow-screens.css"]}

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:  # fmt: skip
        """A save the form allowed but the service then refused (someone else changed the row,
        or took the last place, between the two) is told as a message on the form opened again.
        The change form's transaction has rolled it all back, so nothing is half written."""
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refused:
            for message in refused.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdmin(StaffAdmin):
    """Rows the service writes and staff only read (audit trails, runs)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def errors_on_form(form: Any, check: Any) -> None:
    """Run a service's check (a callable raising ValidationError) from a form's clean(), its
    errors shown on the form's fields: the rule stays the service's, the error a form error."""
    try:
        check()
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)


class AreaRuleAdmin(StaffAdmin):
    """Rules every staff member reads and changes only for their own area: ``rule_area`` names
    the rule's region field. A rule with no region holds everywhere, so only staff of
    everywhere change it or set one so; rules are never deleted (what they decided names them):
    they are taken out of force."""

    rule_area: str = "area"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or area_allows(request.user, getattr(obj, self.rule_area))
        )

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        user, field = request.user, self.rule_area

        class InMyArea(form):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                data: dict[str, Any] = super().clean() or {}
                if field in self.fields and not area_allows(user, data.get(field)):
                    label = capfirst(self.fields[field].label or field)
                    self.add_error(field, _("%(column)s: a region within your area") % {"column": label})
                return data

        InMyArea.__name__ = form.__name__
        return InMyArea


class AreaScopedAdmin(StaffAdmin):
    """Staff of a gig station see and edit only rows of their own area; city staff see the city.

    ``area_path`` leads from the model to the Region that decides where a row belongs. Rows
    outside the area are absent from lists, searches, exports and direct URLs alike.

    Forms (the row's and its inlines') refuse what the autocompletes hide: a region outside the
    area, or a newly chosen row of another area-scoped admin (a vacancy's employer, a person's
    household) that lies outside it. Hiding a row from the autocomplete alone is not enough: its
    id can be typed into the request.
    """

    area_path: str = "region"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope_to_area(super().get_queryset(request), request.user, self.area_path)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        area_field, _sep, rest = self.area_path.partition("__")
        own = {area_field: rest} if area_field in form.base_fields else {}
        return area_checked(form, request.user, own=own, chosen=self.scoped_choices(form))

    def get_formsets_with_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = area_checked(formset.form, request.user, chosen=self.scoped_choices(formset.form))
            yield formset, inline

    def scoped_choices(self, form: Any) -> dict[str, str]:
        """The form's fields that choose rows of an area-scoped admin (as its autocomplete
        does), each with the path from such a row to its region."""
        paths = {}
        for name, field in form.base_fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            try:
                related = self.admin_site.get_model_admin(queryset.model)
            except NotRegistered:
                continue
            if isinstance(related, AreaScopedAdmin):
                paths[name] = related.area_path
        return paths


def area_checked(form: Any, user: Any, *, own: dict[str, str] | None = None, chosen: dict[str, str]) -> Any:
    """``form``, whose clean() refuses a region outside ``user``'s area. Each field maps to the
    path from its value to the region ("" when the value is a region): the row's own (``own``)
    is always checked, any of ``chosen`` only when changed, so that a row linked by someone with
    a wider area stays editable for the rest."""
    always = own or {}
    if not always and not chosen:
        return form

    class AreaCheckedForm(form):  # type: ignore[misc, valid-type]
        def clean(self) -> dict[str, Any]:
            data: dict[str, Any] = super().clean()
            changed = {name: path for name, path in chosen.items() if name in self.changed_data}
            for name, path in {**changed, **always}.items():
                value = data.get(name)
                values = list(value) if isinstance(value, QuerySet) else [value]
                if any(v is not None and not area_allows(user, _region(v, path)) for v in values):
                    label = capfirst(self.fields[name].label or name)
                    message = _("%(column)s: outside your area of responsibility") % {"column": label}
                    self.add_error(name, message)
            return data

    AreaCheckedForm.__name__ = form.__name__
    return AreaCheckedForm


def _region(obj: Any, path: str) -> Any:
    for part in path.split("__") if path else []:
        obj = getattr(obj, part, None)
    return obj


class RegistryAdmin(ImportExportMixin, AreaScopedAdmin):
    """Area-scoped admin with spreadsheet import/export that knows who is importing.

    A row is saved by the service for the change (each admin's ``save_model``), which queues its
    re-scoring; a row deleted here has the people and vacancies it touched re-scored once the
    transaction commits: ``rescore_people`` and ``rescore_vacancies`` name the attribute that
    holds their id ("pk" for the row itself), or ``rescored`` is overridden."""

    list_per_page = 50
    show_full_result_count = False  # counting millions of rows on every page load is slow
    rescore_people: str | None = None
    rescore_vacancies: str | None = None

    def rescored(self, objs: list[Any]) -> tuple[list[int], list[int]]:
        return (
            [getattr(o, self.rescore_people) for o in objs] if self.rescore_people else [],
            [getattr(o, self.rescore_vacancies) for o in objs] if self.rescore_vacancies else [],
        )

    def _rescore(self, objs: list[Any]) -> None:
        people, vacancies = self.rescored(objs)
        rescore_after_commit(person_ids=people, vacancy_ids=vacancies)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._rescore([obj])  # the ids now; the queue after the commit
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._rescore(list(queryset))
        super().delete_queryset(request, queryset)

    def get_resource_kwargs(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {**kwargs, "user": request.user}

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    # --- Import limits: what one web request may take; the rest goes to a background import ---

    import_form_class = LimitedImportForm
    export_form_class = ColumnNamedExportForm

    def get_import_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_import_context_data(**kwargs)
        context["import_limits"] = {
            "upload_mb": settings.IMPORT_MAX_UPLOAD_MB,
            "rows": settings.IMPORT_MAX_ROWS,
        }
        return context

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and self.has_import_permission(request):
            if "background_upload" in request.POST:
                return self.background_import_start(request)
            form = self.create_import_form(request)
            if form.is_valid() and form.too_many_rows:
                return self.background_import_offer(request, form)
        response: Any = super().import_action(request, **kwargs)
        # A preview that cannot be confirmed needs its upload no more; one that is never
        # confirmed is left to the sweep.
        name = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if name and not (response.context_data or {}).get("confirm_form"):
            upload_delete(name=name)
        return response  # type: ignore[no-any-return]

    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        # The upload goes however the import ends, a failure included.
        try:
            return super().process_import(request, **kwargs)  # type: ignore[no-any-return]
        finally:
            upload_delete(name=os.path.basename(request.POST.get("import_file_name", "")))

    def background_import_offer(self, request: HttpRequest, form: LimitedImportForm) -> HttpResponse:
        """A file too long to preview: keep it (encrypted) and offer to import it in the
        background; if staff walk away, the sweep deletes it."""
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            "title": _("Import"),
            "opts": self.model._meta,
            "background_offer": {
                "upload": upload_save(data=form.content),
                "file_name": form.cleaned_data["import_file"].name,
                "file_format": form.file_format,
            },
        }
        return TemplateResponse(request, [self.import_template_name], context)

    def background_import_start(self, request: HttpRequest) -> HttpResponse:
        upload = ImportUpload.objects.filter(name=request.POST.get("background_upload", "")).first()
        if upload is None:
            messages.error(request, _("File: the upload has expired; upload it again"))
            return HttpResponseRedirect(request.path)
        job = import_job_start(
            user=request.user,
            registry=registry_of(self.get_import_resource_classes(request)[0]),
            upload=upload,
            file_name=request.POST.get("file_name", "")[:255],
            file_format=request.POST.get("file_format", ""),
        )
        messages.success(
            request, _("The file is being imported in the background; this page shows its progress")
        )
        return HttpResponseRedirect(reverse("admin:jobs_importjob_change", args=[job.pk]))


class CountyFilter(admin.SimpleListFilter):
    """Filter by county, offering only the counties that occur in the rows the user may see."""

    title = gettext_lazy("county")
    parameter_name = "county"
    region_path = "home_region"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        queryset = model_admin.get_queryset(request)
        codes = queryset.order_by().values_list(self.region_path, flat=True).distinct()[:200]
        return [(r.code, r.name) for r in Region.objects.filter(code__in=list(codes)).order_by("code")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(**{self.region_path: self.value()})
        return queryset


class SiteCountyFilter(CountyFilter):
    region_path = "region"
