from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobs.models import MigrantRecord, Person
from jobs.models.people import EmploymentStatus
from jobs.notices.insurance import returnee_insurance_write
from jobs.services.people import person_profile_save
from jobs.services.returnees import returnee_call_plan
from workers.triggers import rescore_after_commit


@transaction.atomic
def migrant_record_save(*, record: MigrantRecord, recorded_by: Any = None) -> MigrantRecord:
    """Save a migrant record as the person's current one, retiring the previous current record,
    and re-score the person once committed (where they work and when they come home decide
    when they are available). Edits are written as new rows so the history of where and when
    someone worked is kept."""
    if record.pk is not None:
        record.pk = None  # an edit becomes a new history row
        record._state.adding = True
    MigrantRecord.objects.filter(person=record.person, is_current=True).update(is_current=False)
    record.is_current = True
    record.recorded_by = recorded_by
    record.save()
    rescore_after_commit(person_ids=[record.person_id])
    # Home again: guidance on moving insurance paid where they worked, and the case worker's
    # call (each once per return).
    returnee_insurance_write(record=record)
    returnee_call_plan(record=record)
    return record


@transaction.atomic
def migrant_working_away(*, person: Person, data: dict[str, Any]) -> MigrantRecord:
    """A person says where they work now (and when they expect to come home): a new current
    record, and their status becomes "working away from home"."""
    record = MigrantRecord(person=person, **data)
    record.full_clean(exclude=["person"])
    record = migrant_record_save(record=record)
    if person.employment_status != EmploymentStatus.MIGRANT:
        person_profile_save(person=person, data={"employment_status": EmploymentStatus.MIGRANT})
    return record


@transaction.atomic
def migrant_back_home(
    *, person: Person, returned_on: date, intends_local_work: bool | None, recorded_by: Any = None
) -> MigrantRecord:
    """A person is back (they say so, or staff record it): the current record gets its return
    date (as a new history row); if they want work here they are unemployed and looking, so
    matching starts for them at once, and a returnee insured elsewhere is told how to move
    their social insurance."""
    current = MigrantRecord.objects.select_for_update().filter(person=person, is_current=True).first()
    if current is None or current.returned_on is not None:
        raise ValidationError({"returned_on": _("Returned on: there is no record of working away to end")})
    current.returned_on = returned_on
    current.intends_local_work = intends_local_work
    current.full_clean(exclude=["person"])
    record = migrant_record_save(record=current, recorded_by=recorded_by)
    if intends_local_work:
        person_profile_save(
            person=person, data={"employment_status": EmploymentStatus.UNEMPLOYED, "is_seeking": True}
        )
    return record
