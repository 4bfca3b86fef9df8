"""A match's life after it is listed: told, viewed, applied for, interviewed, hired or declined.
Every change of status goes through here, with a ``MatchEvent`` saying who made it, and tells
whoever must hear of it."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models.demand import vacancy_is_live
from jobs.notices.applications import application_update_write, invitation_write
from jobs.services.subsidies import subsidies_check
from matching.models import Match, MatchEvent, MatchStatus
from matching.selectors import APPLIED_OR_LATER, EMPLOYER_OUTCOMES

# Forward only; "declined" ends any match that has not ended in a hire.
ORDER = [
    MatchStatus.PROPOSED,
    MatchStatus.NOTIFIED,
    MatchStatus.VIEWED,
    MatchStatus.INTERESTED,
    MatchStatus.APPLIED,
    MatchStatus.INTERVIEWED,
    MatchStatus.HIRED,
]


@transaction.atomic
def match_set_status(*, match: Match, status: str, by: str) -> Match:
    """Move a match forward (or decline it) and record who did it."""
    current = Match.objects.select_for_update().get(pk=match.pk)
    if status not in MatchStatus.values:
        raise ValidationError({"status": _("Status: unknown value %(value)s") % {"value": status}})
    if current.status in (MatchStatus.HIRED, MatchStatus.DECLINED) or (
        status != MatchStatus.DECLINED
        and ORDER.index(MatchStatus(status)) <= ORDER.index(MatchStatus(current.status))
    ):
        raise ValidationError(
            {"status": _("Status: a match cannot go from %(old)s to %(new)s") % {
                "old": MatchStatus(current.status).label, "new": MatchStatus(status).label}}
        )  # fmt: skip
    current.status = status
    current.status_changed_at = timezone.now()
    current.save(update_fields=["status", "status_changed_at", "updated_at"])
    MatchEvent.objects.create(match=current, status=status, by=by)
    application_update_write(match=current, by=by)
    if status == MatchStatus.HIRED:
        subsidies_check(match_ids=[current.pk])  # what the hire entitles each side to, told once
    return current


@transaction.atomic
def match_invite(*, match: Match) -> Match:
    """The employer invites the person to apply; they are told once, however often this runs."""
    current = Match.objects.select_for_update().get(pk=match.pk)
    if current.status in (MatchStatus.HIRED, MatchStatus.DECLINED):
        raise ValidationError({"status": _("Status: a match that has ended cannot be invited")})
    if current.invited_at is None:
        current.invited_at = timezone.now()
        current.save(update_fields=["invited_at", "updated_at"])
        invitation_write(match=current)
    return current


def matches_mark_notified(*, matches: Sequence[Match], by: str = "system") -> int:
    """The person has been told of these matches (a digest): those still "proposed" become
    "notified", each with its event; any that moved on meanwhile are left as they are. Set-based,
    for digest runs over thousands of people: one locking read, one update, one insert. Returns
    how many moved. Tells nobody: telling is what the caller just did."""
    ids = [m.pk for m in matches]
    if not ids:
        return 0
    with transaction.atomic():
        # Locked, so that a match the person applies for meanwhile is not set back to "notified".
        moving = list(
            Match.objects.select_for_update()
            .filter(pk__in=ids, status=MatchStatus.PROPOSED)
            .values_list("pk", flat=True)
        )
        now = timezone.now()
        Match.objects.filter(pk__in=moving).update(
            status=MatchStatus.NOTIFIED, status_changed_at=now, updated_at=now
        )
        MatchEvent.objects.bulk_create(
            [MatchEvent(match_id=pk, status=MatchStatus.NOTIFIED, by=by) for pk in moving]
        )
    return len(moving)


@transaction.atomic
def match_apply(*, match: Match) -> Match:
    """The person applies for the match's vacancy. Applying again (a retry, a second tap) changes
    nothing and answers the match as it is: no second event, no second notice to the employer."""
    current = Match.objects.select_for_update().get(pk=match.pk)
    if current.status in APPLIED_OR_LATER:
        return current
    # Applying shows the employer the person's name and phone: not for a post no longer open.
    if not Match.objects.filter(
        vacancy_is_live(timezone.localdate(), prefix="vacancy__"), pk=current.pk
    ).exists():
        raise ValidationError({"status": _("Status: the vacancy is no longer open")})
    return match_set_status(match=current, status=MatchStatus.APPLIED, by="person")


@transaction.atomic
def match_outcome_record(*, match: Match, status: str) -> Match:
    """The employer records an interview, a hire or a rejection: only of someone who applied."""
    current = Match.objects.select_for_update().get(pk=match.pk)
    if status not in EMPLOYER_OUTCOMES:
        raise ValidationError({"status": _("Status: unknown value %(value)s") % {"value": status}})
    if current.status not in APPLIED_OR_LATER:
        raise ValidationError({"status": _("Status: the candidate has not applied")})
    return match_set_status(match=current, status=status, by="employer")
