from __future__ import annotations

import io
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from jobs.admin.scoping import ReadOnlyAdmin
from jobs.imports.files import REGISTRIES
from jobs.models import ImportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Columns of long numbers: kept as text, or a spreadsheet shows an ID number as 4.20882E+17.
TEXT_COLUMNS = {"人员编号", "身份证号", "手机号", "联系电话", "统一社会信用代码", "单位统一社会信用代码"}


def import_template(registry: str, user: Any) -> bytes:
    """An empty xlsx file with the headers of the registry's export (which imports back), its
    number columns formatted as text."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    headers = REGISTRIES[registry](user=user).get_export_headers()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = registry  # type: ignore[union-attr]
    sheet.append(headers)  # type: ignore[union-attr]
    for index, header in enumerate(headers, 1):
        if header in TEXT_COLUMNS:
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].number_format = "@"  # type: ignore[union-attr]
            sheet.column_dimensions[letter].width = 22  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    """Background imports, each seen by the staff member who started it (superusers see all)."""

    list_display = ["file_name", "registry", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status", "registry"]
    readonly_fields = (
        "file_name", "registry", "status", "progress", "rows_new", "rows_updated", "error_list",
        "created_by", "created_at", "finished_at",
    )  # fmt: skip
    list_select_related = ["created_by"]

    def get_urls(self) -> list[Any]:
        # The import pages of every registry link here for their empty template.
        template = path(
            "template/<str:registry>/",
            self.admin_site.admin_view(self.template_view),
            name="jobs_importjob_template",
        )
        return [template, *super().get_urls()]

    def template_view(self, request: HttpRequest, registry: str) -> HttpResponse:
        if registry not in REGISTRIES:
            raise Http404
        response = HttpResponse(import_template(registry, request.user), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{registry}-template.xlsx"'
        return response

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportJob]:
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(created_by=request.user.pk)

    # Every staff member follows their own imports, whatever their role.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    @admin.display(description=_("rows checked"))
    def progress(self, job: ImportJob) -> str:
        return f"{job.rows_checked} / {job.rows_total}"

    @admin.display(description=_("errors"))
    def error_list(self, job: ImportJob) -> str:
        return "\n".join(job.errors) or "—"
