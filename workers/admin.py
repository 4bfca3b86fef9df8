from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobs.admin.scoping import AreaScopedAdmin
from workers.models import Notice, NoticeStatus
from workers.outbox import notices_resend


@admin.register(Notice)
class NoticeAdmin(AreaScopedAdmin):
    """The outbox as staff see it: what went to whom and what failed, with a resend action.
    Notices are written by the service, never by hand; contact details stay on the person."""

    area_path = "region"
    list_display = (
        "created_at",
        "person",
        "employer",
        "user",
        "kind",
        "channel",
        "status",
        "attempts",
        "last_error",
    )
    list_filter = ("status", "channel", "kind")
    list_select_related = ("person", "employer", "user")
    search_fields = ("person__name", "employer__name", "key", "title")
    # Not ``to``: the old number of a phone change, which only the gateway needs; nor ``claim``,
    # the token of the delivery run holding the row, which means nothing to staff.
    readonly_fields = [f.name for f in Notice._meta.fields if f.name not in ("to", "claim")]
    date_hierarchy = "created_at"
    actions = ["resend"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed notices again"), permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Notice]) -> None:
        count = notices_resend(
            notice_ids=list(queryset.filter(status=NoticeStatus.FAILED).values_list("pk", flat=True))
        )
        self.message_user(
            request,
            ngettext("%(count)d notice queued again.", "%(count)d notices queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
