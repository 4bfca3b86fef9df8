from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from jobs.admin.scoping import AreaScopedAdmin, ReadOnlyAdmin
from matching.models import Match, MatchStatus, RescoreRun
from matching.selectors import match_reasons_for_staff
from matching.services.lifecycle import ORDER, match_set_status

# Who moved a match on, as MatchEvent.by records it.
MOVED_BY = {
    "person": _("the person"),
    "employer": _("the employer"),
    "staff": _("staff"),
    "system": _("the system"),
}


class MatchForm(forms.ModelForm):  # type: ignore[type-arg]
    """A match moves only forward (or is declined), as ``match_set_status`` allows: the choices
    are where it may go from here, and the service checks again on save."""

    class Meta:
        model = Match
        fields = ("status",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "status" not in self.fields:
            return
        current = MatchStatus(self.instance.status)
        allowed: list[MatchStatus] = (
            [current]
            if current in (MatchStatus.HIRED, MatchStatus.DECLINED)
            else [*ORDER[ORDER.index(current) :], MatchStatus.DECLINED]
        )
        field: Any = self.fields["status"]
        field.choices = [(s.value, s.label) for s in allowed]


@admin.register(Match)
class MatchAdmin(AreaScopedAdmin):
    """Matches are written by the engine; staff read them and see why a pair matched. Those who
    may change them move a match on through the same service as the apps (both sides told)."""

    area_path = "person__home_region"
    form = MatchForm
    list_display = (
        "person",
        "vacancy",
        "score_display",
        "person_rank",
        "vacancy_rank",
        "shown_first",
        "status",
        "updated_at",
    )
    list_filter = ("status", "shown_first")
    list_select_related = ("person", "vacancy")
    search_fields = ("person__name", "vacancy__title", "vacancy__employer__name")
    fields = (
        "person",
        "vacancy",
        "score_display",
        "person_rank",
        "vacancy_rank",
        "shown_first",
        "status",
        "status_changed_at",
        "reasons",
        "history",
    )
    readonly_fields = (
        "person",
        "vacancy",
        "score_display",
        "person_rank",
        "vacancy_rank",
        "shown_first",
        "status_changed_at",
        "reasons",
        "history",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Match, form: Any, change: bool) -> None:
        if "status" in form.changed_data:
            match_set_status(match=obj, status=form.cleaned_data["status"], by="staff")

    @admin.display(description=_("score"), ordering="score")
    def score_display(self, obj: Match) -> str:
        return f"{obj.score:.0%}"

    @admin.display(description=_("why"))
    def reasons(self, obj: Match) -> SafeString:
        return format_html_join("", "<div>{}</div>", ((r,) for r in match_reasons_for_staff(obj)))

    @admin.display(description=_("status history"))
    def history(self, obj: Match) -> SafeString:
        return format_html_join(
            "",
            "<div>{} · {} · {}</div>",
            (
                (f"{e.at:%Y-%m-%d %H:%M}", e.get_status_display(), MOVED_BY.get(e.by, e.by))
                for e in obj.events.all()
            ),
        )


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
