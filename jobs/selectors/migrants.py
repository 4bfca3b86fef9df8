"""A person's record of working away from home."""

from __future__ import annotations

from jobs.models import MigrantRecord, Person


def migrant_record_current(*, person: Person) -> MigrantRecord | None:
    """The person's current record of working away (each change is kept; the latest is current)."""
    return (
        MigrantRecord.objects.filter(person=person, is_current=True)
        .select_related("work_region", "occupation")
        .first()
    )
