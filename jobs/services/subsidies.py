"""Policies find people (政策找人): the occasions that can make someone eligible for a subsidy
(hires through the service, vocational certificates newly obtained) checked against every
policy in force, each eligible person or employer told once per policy and occasion, and their
claim recorded until it is paid or refused, once per occasion."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import (
    WORKING_STATUSES,
    Enrolment,
    EnrolmentStatus,
    HardshipRecord,
    HardToEmployProfile,
    Person,
    PersonCertificate,
)
from jobs.models.subsidies import Entitlement, EntitlementStatus, OccasionKind, OncePer, PaidTo, SubsidyPolicy
from jobs.notices.subsidies import entitlements_told_write
from jobs.selectors.support import support_rules
from jobs.services.subsidy_rules import Occasion, eligible
from matching.models import Match, MatchStatus
from workers.celery_app import app

log = logging.getLogger(__name__)

# How far back the daily check looks for occasions: a claim is made within a year of them.
LOOKBACK_DAYS = 365
# What staff may decide of a claim: approve or refuse an application, pay or refuse an approval.
NEXT = {
    EntitlementStatus.APPLIED: {EntitlementStatus.APPROVED, EntitlementStatus.REFUSED},
    EntitlementStatus.APPROVED: {EntitlementStatus.PAID, EntitlementStatus.REFUSED},
}


@dataclass
class CheckReport:
    occasions: int = 0
    found: int = 0  # entitlements new this run
    told: int = 0  # entitlements told this run (found now, or earlier while a policy was not telling)


def _registry(person_ids: Iterable[int]) -> dict[int, tuple[date, date | None, frozenset[str]]]:
    """person -> (registered on, left on, categories) for those ever in the hard-to-employ registry."""
    profiles = {
        p.person_id: p for p in HardToEmployProfile.objects.filter(person_id__in=set(person_ids)).only(
            "person_id", "registered_on", "exited_on")
    }  # fmt: skip
    categories: dict[int, set[str]] = defaultdict(set)
    for person_id, category in HardshipRecord.objects.filter(profile__person_id__in=profiles).values_list(
        "profile__person_id", "category"
    ):
        categories[person_id].add(category)
    return {pk: (p.registered_on, p.exited_on, frozenset(categories[pk])) for pk, p in profiles.items()}


def _occasion(
    kind: str, key: str, day: date, person: Person, registry: dict[int, Any], **facts: Any
) -> Occasion:
    registered_on, left_on, categories = registry.get(person.pk, (None, None, frozenset()))
    in_registry = registered_on is not None and registered_on <= day and (left_on is None or day <= left_on)
    return Occasion(
        kind=kind, key=key, day=day, person_id=person.pk, region=person.home_region_id,
        education=person.education, in_registry=in_registry, categories=categories if in_registry else frozenset(),
        graduation_year=person.graduation_year, **facts,
    )  # fmt: skip


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


PERSON_FACTS = ("person__graduation_year", "person__education", "person__home_region_id")


def _hires(since: date, person_ids: list[int] | None, match_ids: list[int] | None) -> list[Occasion]:
    hires = Match.objects.filter(
        status=MatchStatus.HIRED, status_changed_at__date__gte=since - timedelta(days=1),
        person__closed_at__isnull=True,
    )  # fmt: skip
    if match_ids is not None:
        hires = hires.filter(pk__in=match_ids)
    if person_ids is not None:
        hires = hires.filter(person_id__in=person_ids)
    hires = (
        hires.select_related("person", "vacancy")
        .only("status_changed_at", *PERSON_FACTS, "vacancy__employer_id", "vacancy__work_type")
        .order_by("status_changed_at", "pk")
    )
    rows = list(hires)
    registry = _registry(m.person_id for m in rows)
    occasions = []
    for m in rows:
        day = _local_day(m.status_changed_at)
        if day >= since:
            occasions.append(_occasion(
                OccasionKind.HIRE, f"hire:{m.pk}", day, m.person, registry,
                employer_id=m.vacancy.employer_id, employed=True, work_type=m.vacancy.work_type,
            ))  # fmt: skip
    return occasions


def _employer_on(hires: list[tuple[date, int]], day: date) -> int | None:
    """The employer of the latest of a person's hires (day, employer) on or before ``day``."""
    before = [employer for hired_on, employer in sorted(hires) if hired_on <= day]
    return before[-1] if before else None


def _certificates(since: date, person_ids: list[int] | None) -> list[Occasion]:
    """A certificate level newly obtained, once per person, occupation (or certificate name) and
    level: recorded twice, or re-entered when a profile is saved again, it is one occasion. The
    employer, for a policy that pays employers, is the one that hired the person through the
    service before the certificate, while they are in work."""
    certificates = PersonCertificate.objects.filter(
        level__isnull=False, issued_on__gte=since, person__closed_at__isnull=True
    )
    if person_ids is not None:
        certificates = certificates.filter(person_id__in=person_ids)
    rows = list(certificates.select_related("person").order_by("issued_on", "pk"))
    registry = _registry(c.person_id for c in rows)
    hires: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for person_id, at, employer in Match.objects.filter(
        person_id__in={c.person_id for c in rows}, status=MatchStatus.HIRED
    ).values_list("person_id", "status_changed_at", "vacancy__employer_id"):
        hires[person_id].append((_local_day(at), employer))
    occasions: dict[str, Occasion] = {}
    for c in rows:
        assert c.issued_on is not None and c.level is not None
        what = f"o{c.occupation_id}" if c.occupation_id else c.name.strip()
        key = f"certificate:{c.person_id}:{what}:{c.level}"[:80]
        employed = c.person.employment_status in WORKING_STATUSES
        occasions.setdefault(key, _occasion(
            OccasionKind.CERTIFICATE, key, c.issued_on, c.person, registry, certificate_level=c.level,
            employed=employed, employer_id=_employer_on(hires[c.person_id], c.issued_on) if employed else None,
        ))  # fmt: skip
    return list(occasions.values())


def _courses(since: date, person_ids: list[int] | None) -> list[Occasion]:
    """A course completed: the employer, for a policy that pays the training employer, is the
    one that ordered the course (企业下订单)."""
    done = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED, completed_on__gte=since, person__closed_at__isnull=True
    )
    if person_ids is not None:
        done = done.filter(person_id__in=person_ids)
    rows = list(done.select_related("person", "course__order").order_by("completed_on", "pk"))
    registry = _registry(e.person_id for e in rows)
    return [
        _occasion(
            OccasionKind.COURSE, f"course:{e.pk}", e.completed_on, e.person, registry, course_kind=e.course.kind,
            employed=e.person.employment_status in WORKING_STATUSES,
            employer_id=e.course.order.employer_id if e.course.order else None,
        )
        for e in rows
        if e.completed_on is not None
    ]  # fmt: skip


def claim_key(policy: SubsidyPolicy, occasion: Occasion) -> str:
    """What the policy pays once for, on this occasion."""
    if policy.once_per == OncePer.PERSON:
        return f"person:{occasion.person_id}"
    if policy.once_per == OncePer.PERSON_EMPLOYER:
        return f"person:{occasion.person_id}:employer:{occasion.employer_id}"
    return occasion.key


def _applies(policy: SubsidyPolicy, occasion: Occasion, leaving_month: int) -> bool:
    return (
        (policy.paid_to == PaidTo.PERSON or occasion.employer_id is not None)
        and policy.covers(occasion.region, occasion.day)
        and eligible(policy.conditions, occasion, leaving_month=leaving_month)
    )


@transaction.atomic
def subsidies_check(
    *, today: date | None = None, person_ids: list[int] | None = None, match_ids: list[int] | None = None
) -> CheckReport:
    """Check the occasions of the last year (of ``person_ids`` or the hires ``match_ids`` only,
    when given: the event that made them) against every policy in force for the person's area
    and the occasion's day; record each new entitlement, once per policy and what it pays once
    for, and tell each person or employer of theirs not yet told (one notice per recipient and
    occasion). Run again, it finds and tells nothing new."""
    today = today or timezone.localdate()
    since = today - timedelta(days=LOOKBACK_DAYS)
    leaving_month = support_rules().school_leaving_month
    policies: dict[str, list[SubsidyPolicy]] = defaultdict(list)
    for policy in SubsidyPolicy.objects.filter(active=True).select_related("area"):
        policies[policy.occasion].append(policy)
    occasions = _hires(since, person_ids, match_ids) if policies[OccasionKind.HIRE] else []
    if policies[OccasionKind.CERTIFICATE] and match_ids is None:
        occasions += _certificates(since, person_ids)
    if policies[OccasionKind.COURSE] and match_ids is None:
        occasions += _courses(since, person_ids)
    report = CheckReport(occasions=len(occasions))
    found: dict[tuple[int, str], Entitlement] = {}
    for o in occasions:  # in the order they happened: the first occasion is the one paid for
        for policy in policies[o.kind]:
            if _applies(policy, o, leaving_month):
                found.setdefault((policy.pk, claim_key(policy, o)), Entitlement(
                    policy=policy, occasion_key=o.key, claim_key=claim_key(policy, o), occasion_on=o.day,
                    person_id=o.person_id, employer_id=o.employer_id if policy.paid_to == PaidTo.EMPLOYER else None,
                ))  # fmt: skip
    known: set[tuple[int, str]] = set()
    keys = sorted({key for _policy, key in found})
    for start in range(0, len(keys), 1000):
        known.update(
            Entitlement.objects.filter(claim_key__in=keys[start : start + 1000]).values_list(
                "policy_id", "claim_key"
            )
        )
    new = [e for key, e in found.items() if key not in known]
    # A check running at the same time may record one first: the constraint keeps one.
    Entitlement.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    report.found = len(new)
    told_people = person_ids if match_ids is None else sorted({o.person_id for o in occasions})
    report.told = _tell_untold(person_ids=told_people)
    return report


def _tell_untold(*, person_ids: list[int] | None) -> int:
    """Tell everyone (or the people ``person_ids``) of their entitlements not yet told and not
    yet claimed, of the policies that tell: one notice per recipient and occasion."""
    untold = Entitlement.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        told_at__isnull=True, status=EntitlementStatus.ELIGIBLE, policy__active=True, policy__tell=True
    )
    if person_ids is not None:
        untold = untold.filter(person_id__in=person_ids)
    rows = list(untold.select_related("policy", "person", "employer").order_by("occasion_on", "pk"))
    if rows:
        entitlements_told_write(entitlements=rows)
        Entitlement.objects.filter(pk__in=[e.pk for e in rows]).update(told_at=timezone.now())
    return len(rows)


def _claimant_check(entitlement: Entitlement, *, person: Person | None, employer: Any) -> None:
    mine = (
        entitlement.employer_id == getattr(employer, "pk", None)
        if entitlement.policy.paid_to == PaidTo.EMPLOYER
        else entitlement.person_id == getattr(person, "pk", None)
    )
    if not mine:
        raise ValidationError({"entitlement": _("Subsidy: not one you may claim")})


@transaction.atomic
def entitlement_apply(
    *, entitlement: Entitlement, person: Person | None = None, employer: Any = None, by: Any = None
) -> Entitlement:
    """The claimant (the person, or the employer for a policy that pays employers) applies; staff
    may record it for them (``by``)."""
    entitlement = (
        Entitlement.objects.select_for_update(of=("self",)).select_related("policy").get(pk=entitlement.pk)
    )
    if by is None:
        _claimant_check(entitlement, person=person, employer=employer)
    if entitlement.status != EntitlementStatus.ELIGIBLE:
        raise ValidationError({"status": _("Status: this claim was made already")})
    return _move(entitlement, EntitlementStatus.APPLIED, by=by)


def entitlement_decision_check(
    *, entitlement: Entitlement, status: str, amount_yuan: int | None = None, paid_on: date | None = None,
    reason: str = "",
) -> None:  # fmt: skip
    """What a decision needs: a claim that may move to ``status``; on approval an amount (the
    policy's, unless given); on payment the day, not in the future; on refusal a reason."""
    errors = {}
    if status not in NEXT.get(EntitlementStatus(entitlement.status), set()):
        errors["status"] = _("Status: a claim %(from)s cannot become %(to)s") % {
            "from": EntitlementStatus(entitlement.status).label, "to": EntitlementStatus(status).label}  # fmt: skip
    elif (
        status == EntitlementStatus.APPROVED
        and amount_yuan is None
        and entitlement.policy.amount_yuan is None
    ):
        errors["amount_yuan"] = _("Amount: required, the policy gives none")
    elif status == EntitlementStatus.PAID and paid_on is None:
        errors["paid_on"] = _("Paid on: required")
    elif status == EntitlementStatus.PAID and paid_on is not None and paid_on > timezone.localdate():
        errors["paid_on"] = _("Paid on: must not be in the future")
    elif status == EntitlementStatus.REFUSED and not reason.strip():
        errors["refusal_reason"] = _("Why refused: required")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def entitlement_decide(
    *, entitlement: Entitlement, status: str, by: Any, amount_yuan: int | None = None,
    paid_on: date | None = None, reason: str = "",
) -> Entitlement:  # fmt: skip
    """Staff approve a claim (at the policy's amount unless they give one), pay it or refuse
    it. A paid or refused claim is final: nobody is paid twice for one occasion."""
    entitlement = (
        Entitlement.objects.select_for_update(of=("self",)).select_related("policy").get(pk=entitlement.pk)
    )
    entitlement_decision_check(entitlement=entitlement, status=status, amount_yuan=amount_yuan, paid_on=paid_on,
                               reason=reason)  # fmt: skip
    if status == EntitlementStatus.APPROVED:
        entitlement.amount_yuan = amount_yuan if amount_yuan is not None else entitlement.policy.amount_yuan
    elif status == EntitlementStatus.PAID:
        entitlement.paid_on = paid_on
    elif status == EntitlementStatus.REFUSED:
        entitlement.refusal_reason = reason.strip()[:200]
    return _move(entitlement, status, by=by)


def _move(entitlement: Entitlement, status: str, *, by: Any) -> Entitlement:
    now = timezone.now()
    entitlement.status = status
    if status == EntitlementStatus.APPLIED:
        entitlement.applied_at, entitlement.applied_by = now, by
    else:
        entitlement.decided_at, entitlement.decided_by = now, by
    entitlement.save()
    return entitlement


@transaction.atomic
def subsidy_policy_save(*, policy: SubsidyPolicy, by: Any) -> SubsidyPolicy:
    """City staff add or change a policy: checked (its conditions among them), then those it
    makes eligible are found at once."""
    policy.full_clean()
    policy.updated_by = by
    policy.save()
    transaction.on_commit(_send_check)
    return policy


def _send_check() -> None:
    try:
        app.send_task("subsidies.check")
    except Exception:  # the broker's own errors vary; the daily check applies the policy anyway
        log.warning("could not queue the subsidy check; the daily check applies the policy", exc_info=True)
