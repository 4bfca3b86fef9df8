from __future__ import annotations

from typing import Any

from django.db import transaction

from jobs.models import MigrantRecord
from workers.messages import returnee_insurance_write


@transaction.atomic
def migrant_record_save(*, record: MigrantRecord, recorded_by: Any = None) -> MigrantRecord:
    """Save a migrant record as the person's current one, retiring the previous current record.

    Edits are written as new rows so the history of where and when someone worked is kept.
    """
    if record.pk is not None:
        record.pk = None  # an edit becomes a new history row
        record._state.adding = True
    MigrantRecord.objects.filter(person=record.person, is_current=True).update(is_current=False)
    record.is_current = True
    record.recorded_by = recorded_by
    record.save()
    # Home again and insured where they worked: guidance on moving it (once per return).
    returnee_insurance_write(record=record)
    return record
