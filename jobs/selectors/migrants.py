"""A person's record of working away from home."""

from __future__ import annotations

from django.db.models import QuerySet

from jobs.models import MigrantRecord, Person


def migrant_record_current(*, person: Person) -> MigrantRecord | None:
    """The person's current record of working away (each change is kept; the latest is current)."""
    return (
        MigrantRecord.objects.filter(person=person, is_current=True)
        .select_related("work_region", "occupation")
        .first()
    )


def people_away() -> QuerySet[Person]:
    """The people working away now, as their current record says (none since closed)."""
    return Person.objects.filter(
        closed_at__isnull=True, migrant_records__is_current=True, migrant_records__returned_on__isnull=True
    )
