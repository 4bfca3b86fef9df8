"""The hard-to-employ registry: saving a profile and the one rule of a tier change."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jobs.models import HardToEmployProfile, WarningTier
from jobs.notices.tiers import warning_tier_change_write
from workers.triggers import rescore_after_commit


@transaction.atomic
def hardship_profile_save(*, profile: HardToEmployProfile) -> HardToEmployProfile:
    """Save a profile as staff or an import set it: checked; a changed tier is stamped with its
    time and the case worker told; the person re-scored once committed (public-welfare posts
    are for the hard-to-employ only)."""
    on_file = HardToEmployProfile.objects.filter(pk=profile.pk).values_list("tier", flat=True).first()
    old_tier = on_file or WarningTier.NONE
    profile.tier = profile.tier or WarningTier.NONE
    profile.full_clean(exclude=["person", "case_worker"], validate_unique=False)
    if profile.tier != old_tier:
        profile.tier_updated_at = timezone.now()
    profile.save()
    warning_tier_change_write(profile=profile, old_tier=old_tier)
    rescore_after_commit(person_ids=[profile.person_id])
    return profile


def hardship_tier_set(*, profile: HardToEmployProfile, tier: str, reasons: str) -> HardToEmployProfile:
    """Change a person's warning tier, with the reasons for it."""
    profile.tier, profile.tier_reasons = tier, reasons
    return hardship_profile_save(profile=profile)
