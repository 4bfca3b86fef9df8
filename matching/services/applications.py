"""What a job seeker and an employer may do with a match between them, over the one status
change (``match_set_status``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matching.models import Match, MatchStatus
from matching.selectors import APPLIED_OR_LATER, EMPLOYER_OUTCOMES
from matching.services.matches import match_set_status


@transaction.atomic
def match_apply(*, match: Match) -> Match:
    """The person applies for the match's vacancy. Applying again (a retry, a second tap) changes
    nothing and answers the match as it is: no second event, no second notice to the employer."""
    current = Match.objects.select_for_update().get(pk=match.pk)
    if current.status in APPLIED_OR_LATER:
        return current
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
