"""Warning tiers: applied daily by the rules, overridden by staff for a while, every change logged
and the case worker told.

Every write here first locks the one row of rules, so that the daily run, a hand run after a
correction and a staff override never interleave: the second waits and then finds nothing to do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import WORKING_STATUSES, Person, Region, StaffProfile, SupportPlan, WarningTier
from jobs.models.hardship import PRIORITY_TIERS
from jobs.models.support import Support, SupportRules, TierChange
from jobs.notices.tiers import warning_tier_change_write
from jobs.selectors.support import facts_in_batches, people_to_assess, reasons_text, support_rules
from jobs.services.households import zero_households_refresh
from jobs.services.plans import case_worker_for, plan_open
from jobs.services.tier_rules import tier_for, welfare_grounds
from workers.celery_app import app
from workers.triggers import rescore_after_commit

log = logging.getLogger(__name__)


@dataclass
class RefreshReport:
    assessed: int = 0
    created: int = 0
    logged: int = 0  # rows of the tier log written
    expired: int = 0  # staff overrides that ended
    plans_closed: int = 0  # plans of people now in work
    households_opened: int = 0  # zero-employment households found (the daily run over everyone)
    households_closed: int = 0  # households with somebody in work again


def _set_tier(
    support: Support, tier: str, *, source: str, why: str, by: Any = None, always: bool = False
) -> TierChange | None:
    """Put ``tier`` in effect; a change (or, ``always``, a staff act or an expiry that leaves the
    tier as it was) is stamped and returned as its log row, not yet saved."""
    if support.tier == tier and not always:
        return None
    change = TierChange(
        support=support, from_tier=support.tier, to_tier=tier, why=why, source=source, changed_by=by
    )
    if support.tier != tier:
        support.tier, support.tier_since = tier, timezone.now()
    return change


def _changed(
    support: Support,
    change: TierChange | None,
    old_tier: str,
    rules: SupportRules,
    by: Any = None,
    today: date | None = None,
) -> bool:
    """A change logged; on a move into red or yellow, a case worker found when there is none and
    the plan opened when the person entered them from below; then the case worker told. Returns
    whether the person moved into or out of red and yellow, which the matching engine reads."""
    if change is None:
        return False
    change.save()
    priority = support.tier in PRIORITY_TIERS
    if priority and support.case_worker is None:
        support.case_worker = case_worker_for(support.person)
        if support.case_worker is not None:
            support.save(update_fields=["case_worker", "updated_at"])
            support.plans.filter(closed_on__isnull=True).update(case_worker=support.case_worker)
    if priority and old_tier not in PRIORITY_TIERS:
        plan_open(
            support=support,
            rules=rules,
            because=SupportPlan.Opened.RULES,
            today=today or timezone.localdate(),
            by=by,
        )
    warning_tier_change_write(support=support, old_tier=old_tier)
    return priority != (old_tier in PRIORITY_TIERS)


def _follow_rules(
    support: Support, tier: str, found: list[dict[str, Any]], grounds: list[str], today: date
) -> tuple[bool, TierChange | None, bool]:
    """Put what the rules found on the row: an override past its last day ends, and the tier in
    effect follows the rules unless an override still holds. Returns whether the row changed, the
    log row of a change (not yet saved) and whether an override expired."""
    before = (
        support.tier,
        support.rules_tier,
        support.reasons,
        support.override_tier,
        support.welfare_grounds,
    )
    expired = (
        bool(support.override_tier) and support.override_until is not None and support.override_until < today
    )
    if expired:
        support.override_tier, support.override_reason, support.override_until = "", "", None
        support.override_by = None
    support.rules_tier, support.reasons, support.welfare_grounds = tier, found, grounds
    change = None
    if not support.override_tier:
        source = TierChange.Source.EXPIRED if expired else TierChange.Source.RULES
        change = _set_tier(support, tier, source=source, why=reasons_text(found), always=expired)
    after = (
        support.tier,
        support.rules_tier,
        support.reasons,
        support.override_tier,
        support.welfare_grounds,
    )
    return support.pk is None or before != after, change, expired


@transaction.atomic
def support_refresh(*, today: date | None = None, person_ids: list[int] | None = None) -> RefreshReport:
    """Apply the rules to everyone they look at (or to ``person_ids`` among them): the tier by
    the rules and its reasons are kept; the tier in effect follows them unless a staff override
    still holds; an override past its last day ends. Run again the same day it changes nothing."""
    today = today or timezone.localdate()
    rules = support_rules(for_update=True)
    people = people_to_assess(rules=rules, today=today, person_ids=person_ids)
    report = RefreshReport()
    rescored: list[int] = []
    if person_ids is None:
        households = zero_households_refresh(rules=rules, today=today)
        report.households_opened, report.households_closed = households.opened, households.closed
    for batch in facts_in_batches(people=people, rules=rules, today=today):
        report.assessed += len(batch)
        on_file = {s.person_id: s for s in Support.objects.filter(person_id__in=[pk for pk, _s, _f in batch])}
        for person_id, in_scope, facts in batch:
            tier, reasons = tier_for(facts, rules, today) if in_scope else (WarningTier.NONE, [])
            found = [r.as_json() for r in reasons]
            grounds = welfare_grounds(facts, rules, today) if in_scope else []
            support = on_file.get(person_id)
            if support is None:
                if tier == WarningTier.NONE:
                    continue  # nobody is given a row for having no tier
                support = Support(person_id=person_id)
                report.created += 1
            old_tier, was_eligible = support.tier, bool(support.welfare_grounds)
            changed, change, expired = _follow_rules(support, tier, found, grounds, today)
            report.expired += expired
            if not changed:
                continue
            support.save()
            report.logged += change is not None
            # Public-welfare posts are listed for them, or no longer; or they are shown first on
            # employers' lists, or no longer.
            if _changed(support, change, old_tier, rules, today=today) or was_eligible != bool(grounds):
                rescored.append(person_id)
        # A plan ends when its person is in work: nothing of it is owed any more.
        working = [pk for pk, _s, facts in batch if facts.employment_status in WORKING_STATUSES]
        report.plans_closed += SupportPlan.objects.filter(
            support__person_id__in=working, closed_on__isnull=True
        ).update(closed_on=today, closed_because=SupportPlan.Closed.IN_WORK)
    rescore_after_commit(person_ids=rescored)
    return report


def support_override_check(*, rules: SupportRules, tier: str, reason: str, until: date | None) -> None:
    """What a staff override needs: a known tier, a reason, and a last day from today to the
    rules' longest override."""
    today = timezone.localdate()
    errors = {}
    if tier not in WarningTier.values:
        errors["override_tier"] = _("Tier set by staff: not a known tier")
    if not reason.strip():
        errors["override_reason"] = _("Why staff set it: required")
    if until is None:
        errors["override_until"] = _("Holds until: required")
    elif until < today:
        errors["override_until"] = _("Holds until: must not be in the past")
    elif until > today + timedelta(days=rules.override_days_most):
        errors["override_until"] = _("Holds until: at most %(days)d days from today") % {
            "days": rules.override_days_most
        }
    if errors:
        raise ValidationError(errors)


def support_case_worker_check(*, support: Support, case_worker: Any) -> None:
    """A case worker is a staff member marked as one, whose area holds the person's home."""
    if case_worker is None:
        return
    profile = (
        StaffProfile.objects.filter(user=case_worker, is_case_worker=True).select_related("area").first()
    )
    home = Region.objects.get(pk=support.person.home_region_id)
    if profile is None or not case_worker.is_active or not profile.area.contains(home):
        raise ValidationError({"case_worker": _("Case worker: not a case worker of this person's area")})


@transaction.atomic
def support_override(*, person: Person, tier: str, reason: str, until: date, by: Any) -> Support:
    """Staff put a person in ``tier`` until ``until`` (its last day), with their reason; the
    rules take over again the day after. Anyone of the staff member's area may be given one."""
    rules = support_rules(for_update=True)
    support_override_check(rules=rules, tier=tier, reason=reason, until=until)
    support = Support.objects.select_for_update().get_or_create(person=person)[0]
    support.override_tier, support.override_reason, support.override_until = tier, reason.strip(), until
    support.override_by = by
    old_tier = support.tier
    change = _set_tier(
        support, tier, source=TierChange.Source.STAFF, why=support.override_reason, by=by, always=True
    )
    support.save()
    if _changed(support, change, old_tier, rules, by):
        rescore_after_commit(person_ids=[person.pk])
    return support


@transaction.atomic
def support_override_end(*, person: Person, by: Any) -> Support | None:
    """Staff end their override early: the tier the rules found last is in effect again. None
    when the person was never followed."""
    rules = support_rules(for_update=True)
    support = Support.objects.select_for_update().filter(person=person).first()
    if support is None or not support.override_tier:
        return support
    support.override_tier, support.override_reason, support.override_until, support.override_by = (
        "",
        "",
        None,
        None,
    )
    old_tier = support.tier
    why = _("Staff ended their tier; by the rules: %(reasons)s") % {
        "reasons": reasons_text(support.reasons) or "—"
    }
    change = _set_tier(
        support, support.rules_tier, source=TierChange.Source.STAFF, why=why, by=by, always=True
    )
    support.save()
    if _changed(support, change, old_tier, rules, by):
        rescore_after_commit(person_ids=[person.pk])
    return support


@transaction.atomic
def support_case_worker_set(*, support: Support, case_worker: Any) -> Support:
    support_rules(for_update=True)
    support_case_worker_check(support=support, case_worker=case_worker)
    support.case_worker = case_worker
    support.save(update_fields=["case_worker", "updated_at"])
    support.plans.filter(closed_on__isnull=True).update(
        case_worker=case_worker
    )  # the open plan is theirs now
    return support


@transaction.atomic
def support_rules_save(*, rules: SupportRules, by: Any) -> SupportRules:
    """City staff change the numbers: checked, and everyone's tier found again by the new rules
    once committed (in the background: it reads the whole registry); a new exposure rank
    re-lists every vacancy's candidates."""
    before = support_rules(for_update=True)
    rules.pk = 1
    rules.full_clean()
    rules.updated_by = by
    rules.save()
    transaction.on_commit(lambda: _send("support.refresh"))
    if rules.exposure_rank != before.exposure_rank:
        transaction.on_commit(lambda: _send("matching.rescore"))
    return rules


def _send(task: str) -> None:
    try:
        app.send_task(task)
    except Exception:  # the broker's own errors vary; the nightly runs apply the rules anyway
        log.warning("could not queue %s; the nightly runs apply the new rules", task, exc_info=True)
