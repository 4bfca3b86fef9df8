"""Warning-tier changes of a person in the hard-to-employ registry, to their case worker."""

from __future__ import annotations

from django.utils import timezone, translation

from jobs.models import HardToEmployProfile, Person
from jobs.models.hardship import WarningTier
from jobs.notices.base import render, to_staff
from workers.models import NoticeKind
from workers.outbox import notices_write

TIER_ORDER = [WarningTier.NONE, WarningTier.BLUE, WarningTier.YELLOW, WarningTier.RED]


def warning_tier_change_write(*, profile: HardToEmployProfile, old_tier: str) -> bool:
    """Tell the case worker that a person's tier changed, and what a raised tier asks of them.
    Nothing without a case worker or a change. Returns whether it was written."""
    if profile.case_worker is None or profile.tier == old_tier:
        return False
    person = Person.objects.select_related("home_region").get(pk=profile.person_id)
    with translation.override("zh-hans"):
        old_label, new_label = str(WarningTier(old_tier).label), str(WarningTier(profile.tier).label)
    title, body = render(
        NoticeKind.WARNING_TIER, name=person.name, region=person.home_region.full_name, old_tier=old_label,
        tier=new_label, reasons=profile.tier_reasons,
        tier_is_raised=TIER_ORDER.index(WarningTier(profile.tier)) > TIER_ORDER.index(WarningTier(old_tier)),
    )  # fmt: skip
    changed = (profile.tier_updated_at or timezone.now()).isoformat()
    key = f"warning_tier:{profile.pk}:{profile.tier}:{changed}"
    drafts = to_staff(profile.case_worker, person.home_region_id, NoticeKind.WARNING_TIER, key, title, body,
                      person=person.pk, tier=profile.tier)  # fmt: skip
    return notices_write(drafts) > 0
