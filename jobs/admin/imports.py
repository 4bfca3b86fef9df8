from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobs.admin.scoping import ReadOnlyAdmin
from jobs.models import ImportJob


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
