"""The hard-to-employ registry: saving a profile, and the person's tier found again at once."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from jobs.models import HardshipRecord, HardToEmployProfile
from jobs.services.support import support_refresh


@transaction.atomic
def hardship_profile_save(
    *, profile: HardToEmployProfile, categories: Iterable[str] = (), refresh: bool = True
) -> HardToEmployProfile:
    """Save a profile as staff or an import set it, with ``categories`` added to those it has:
    checked; the person's warning tier and grounds for a public-welfare post follow from the
    rules now rather than the next morning (``refresh=False`` when the caller adds more first:
    the admin's category rows), and a change of those grounds re-scores them."""
    profile.full_clean(exclude=["person"], validate_unique=False)
    profile.save()
    HardshipRecord.objects.bulk_create(
        [HardshipRecord(profile=profile, category=c) for c in categories], ignore_conflicts=True
    )
    if refresh:
        support_refresh(person_ids=[profile.person_id])
    return profile
