"""What the job seeker pages read beyond what the API's selectors give: a person's
applications that have left their current list, and which of their matches an employer invited."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jobs.models import Person
from matching.models import Match
from matching.selectors import APPLIED_OR_LATER

# What a list shows of each (the employer's encrypted contact is left unread, as on the list).
SHOWN = ["score", "status", "status_changed_at", "invited_at", "explanation", "person_id", "vacancy__title",
         "vacancy__wage_min", "vacancy__wage_max", "vacancy__wage_unit", "vacancy__employer__name",
         "vacancy__region__full_name"]  # fmt: skip


def applications_off_list(*, person: Person) -> QuerySet[Match]:
    """The person's applications and invitations no longer on their list (the vacancy closed
    or filled, or others rank above it): they still want to know how each went."""
    return (
        Match.objects.filter(person=person, person_rank__isnull=True)
        .filter(Q(status__in=APPLIED_OR_LATER) | Q(invited_at__isnull=False))
        .select_related("vacancy__employer", "vacancy__region")
        .only(*SHOWN)
        .order_by("-status_changed_at", "-pk")
    )


def invited_match_ids(*, person: Person) -> set[int]:
    """The person's matches whose employer invited them to apply."""
    return set(Match.objects.filter(person=person, invited_at__isnull=False).values_list("pk", flat=True))
