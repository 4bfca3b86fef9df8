from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from jobs.admin.scoping import AreaScopedAdmin, ReadOnlyAdmin
from matching.models import Match, MatchEvent, RescoreRun
from matching.selectors import match_reasons


class MatchEventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = MatchEvent
    extra = 0
    can_delete = False
    readonly_fields = ("status", "by", "at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Match)
class MatchAdmin(AreaScopedAdmin):
    """Matches are written by the engine; staff read them and see why a pair matched."""

    area_path = "person__home_region"
    list_display = (
        "person",
        "vacancy",
        "score_display",
        "person_rank",
        "vacancy_rank",
        "status",
        "updated_at",
    )
    list_filter = ("status",)
    list_select_related = ("person", "vacancy")
    search_fields = ("person__name", "vacancy__title", "vacancy__employer__name")
    readonly_fields = (
        "person",
        "vacancy",
        "score",
        "person_rank",
        "vacancy_rank",
        "status",
        "status_changed_at",
        "reasons",
        "explanation",
    )
    inlines = [MatchEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("score"), ordering="score")
    def score_display(self, obj: Match) -> str:
        return f"{obj.score:.2f}"

    @admin.display(description=_("why"))
    def reasons(self, obj: Match) -> SafeString:
        return format_html_join("", "<div>{}</div>", ((r,) for r in match_reasons(obj.explanation)))


@admin.register(RescoreRun)
class RescoreRunAdmin(ReadOnlyAdmin):
    """Full re-scorings as they run: shards done of how many, and what each shard covers."""

    list_display = ("started_at", "status", "progress", "people", "vacancies", "finished_at", "error")
    list_filter = ("status",)
    readonly_fields = [f.name for f in RescoreRun._meta.fields] + ["progress"]
    show_full_result_count = False

    @admin.display(description=_("progress"))
    def progress(self, run: RescoreRun) -> str:
        percent = 100 * run.shards_done // run.shards_total if run.shards_total else 0
        return f"{run.shards_done}/{run.shards_total} ({percent}%)"
