"""Warning-tier changes of a person, to their case worker."""

from __future__ import annotations

from django.utils import timezone, translation

from jobs.models import Person
from jobs.models.hardship import WarningTier
from jobs.models.support import Support
from jobs.notices.base import render, to_staff
from jobs.selectors.support import reasons_text
from workers.models import NoticeKind
from workers.outbox import notices_write

TIER_ORDER = [WarningTier.NONE, WarningTier.BLUE, WarningTier.YELLOW, WarningTier.RED]


def warning_tier_change_write(*, support: Support, old_tier: str) -> bool:
    """Tell the case worker that a person's tier changed, and what a raised tier asks of them.
    Nothing without a case worker or a change. Returns whether it was written."""
    if support.case_worker is None or support.tier == old_tier:
        return False
    person = Person.objects.select_related("home_region").get(pk=support.person_id)
    with translation.override("zh-hans"):
        old_label, new_label = str(WarningTier(old_tier).label), str(WarningTier(support.tier).label)
        # Staff's override says why in their words; the rules' reasons are the facts they found.
        reasons = support.override_reason or reasons_text(support.reasons)
    title, body = render(
        NoticeKind.WARNING_TIER, name=person.name, region=person.home_region.full_name, old_tier=old_label,
        tier=new_label, reasons=reasons,
        tier_is_raised=TIER_ORDER.index(WarningTier(support.tier)) > TIER_ORDER.index(WarningTier(old_tier)),
    )  # fmt: skip
    changed = (support.tier_since or timezone.now()).isoformat()
    key = f"warning_tier:{support.pk}:{support.tier}:{changed}"
    drafts = to_staff(support.case_worker, person.home_region_id, NoticeKind.WARNING_TIER, key, title, body,
                      person=person.pk, tier=support.tier)  # fmt: skip
    return notices_write(drafts) > 0
