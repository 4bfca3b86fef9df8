"""The "1131" plan of a person in red or yellow: opened with its due days, a case worker found for
a red tier that has none, each item done by a named staff member with what came of it, and the
three job recommendations sent to the person."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import GigStation, Person, PlanItem, Region, StaffProfile, Support, SupportPlan, SupportRules
from jobs.models.demand import vacancy_is_live
from jobs.notices.plans import job_recommendation_write
from jobs.selectors.staff_desk import course_visible, vacancy_visible
from jobs.selectors.support import support_rules

# What a plan holds: each kind, the rule giving its due day, and how many.
ITEMS = [
    (PlanItem.Kind.POLICY_BRIEFING, "policy_briefing_days", 1),
    (PlanItem.Kind.CAREER_GUIDANCE, "career_guidance_days", 1),
    (PlanItem.Kind.JOB_RECOMMENDATION, "job_recommendation_days", 3),
    (PlanItem.Kind.TRAINING_OFFER, "training_offer_days", 1),
]


def stations_by_county() -> dict[str, int]:
    """The station of each county (its first), for the people and households of the county."""
    stations: dict[str, int] = {}
    for pk, region in GigStation.objects.order_by("pk").values_list("pk", "region_id"):
        stations.setdefault(region, pk)
    return stations


def station_id_of(person: Person, by_county: dict[str, int] | None = None) -> int | None:
    """The station a person belongs to: where they registered, else the one serving their
    county (``by_county``: ``stations_by_county()``, when asked for many people)."""
    county = by_county if by_county is not None else stations_by_county()
    return person.registered_at_station_id or county.get(person.home_region_id)


def station_of(person: Person) -> GigStation | None:
    pk = station_id_of(person)
    return GigStation.objects.filter(pk=pk).first() if pk else None


def case_worker_for(person: Person) -> Any:
    """The active case worker of the person's station whose area holds the person's home, with
    the fewest open plans (the longest-standing first on a tie); None when there is none."""
    station = station_of(person)
    if station is None:
        return None
    home = Region.objects.get(pk=person.home_region_id)
    profiles = (
        StaffProfile.objects.filter(station=station, is_case_worker=True, user__is_active=True)
        .annotate(open_plans=Count("user__plans", filter=Q(user__plans__closed_on__isnull=True)))
        .order_by("open_plans", "user_id")
        .select_related("user", "area")
    )
    return next((p.user for p in profiles if p.area.contains(home)), None)


def plan_open(
    *, support: Support, rules: SupportRules, because: str, today: date, by: Any = None
) -> SupportPlan:
    """The person's open plan, or a new one with every item due ``rules``' days from today,
    their case worker's."""
    plan = support.plans.filter(closed_on__isnull=True).first()
    if plan is not None:
        return plan
    station = station_of(Person.objects.get(pk=support.person_id))
    plan = SupportPlan.objects.create(support=support, station=station, case_worker=support.case_worker,
                                      opened_on=today, opened_because=because, opened_by=by)  # fmt: skip
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, kind=kind, due_on=today + timedelta(days=getattr(rules, days)))
        for kind, days, count in ITEMS
        for _n in range(count)
    )
    return plan


@transaction.atomic
def plan_open_by_staff(*, person: Person, by: Any) -> SupportPlan:
    """Staff give anyone of their area a plan, whatever their tier."""
    support_rules(for_update=True)
    support = Support.objects.get_or_create(person=person)[0]
    return plan_open(support=support, rules=support_rules(), because=SupportPlan.Opened.STAFF,
                     today=timezone.localdate(), by=by)  # fmt: skip


def plan_item_check(
    *, item: PlanItem, by: Any, done_on: date, course: int | None = None, vacancy: int | None = None
) -> tuple[Any, Any]:
    """What doing an item needs: open, not done, done on a day from the plan's opening to today;
    a job recommendation sends an open vacancy the staff member may see and the plan has not
    sent yet, and only it does; a course (the staff member's to see) only with a training offer.
    Returns the course and vacancy found."""
    errors = {}
    if item.done_on is not None:
        errors["done_on"] = _("Done on: this item is done already")
    elif item.plan.closed_on is not None:
        errors["done_on"] = _("Done on: the plan is closed")
    elif done_on > timezone.localdate():
        errors["done_on"] = _("Done on: must not be in the future")
    elif done_on < item.plan.opened_on:
        errors["done_on"] = _("Done on: must not be before the plan opened")
    is_job = item.kind == PlanItem.Kind.JOB_RECOMMENDATION
    found_vacancy = vacancy_visible(user=by, pk=vacancy) if vacancy is not None else None
    if is_job and vacancy is None:
        errors["vacancy"] = _("Vacancy: a job recommendation is done by sending one")
    elif vacancy is not None and not is_job:
        errors["vacancy"] = _("Vacancy: only a job recommendation sends a vacancy")
    elif vacancy is not None and (
        found_vacancy is None
        or not type(found_vacancy).objects.filter(vacancy_is_live(timezone.localdate()), pk=vacancy).exists()
    ):
        errors["vacancy"] = _("Vacancy: no such open vacancy")
    elif vacancy is not None and item.plan.items.filter(vacancy_id=vacancy).exists():
        errors["vacancy"] = _("Vacancy: recommended in this plan already")
    found_course = course_visible(user=by, pk=course) if course is not None else None
    if course is not None and (found_course is None or item.kind != PlanItem.Kind.TRAINING_OFFER):
        errors["course"] = _("Course: no such course")
    if errors:
        raise ValidationError(errors)
    return found_course, found_vacancy


@transaction.atomic
def plan_item_done(
    *,
    item: PlanItem,
    by: Any,
    outcome: str = "",
    done_on: date | None = None,
    course: int | None = None,
    vacancy: int | None = None,
) -> PlanItem:
    """An item done by ``by``, with what came of it: a briefing, a guidance session, a training
    offer (with its course, when there is one); a job recommendation sends its vacancy, done
    today, and the person is told once, in the app and by the channels they chose. When the
    last item is done the plan closes."""
    item = PlanItem.objects.select_for_update().select_related("plan__support").get(pk=item.pk)
    if vacancy is not None:
        done_on = timezone.localdate()
    done_on = done_on or timezone.localdate()
    item.course, item.vacancy = plan_item_check(
        item=item, by=by, done_on=done_on, course=course, vacancy=vacancy
    )
    item.done_on, item.done_by, item.outcome = done_on, by, outcome.strip()
    item.save()
    plan = item.plan
    if not plan.items.filter(done_on__isnull=True).exists():
        # Done when the last of it was, whatever order the days were recorded in.
        plan.closed_on = max(d for d in plan.items.values_list("done_on", flat=True) if d)
        plan.closed_because = SupportPlan.Closed.DONE
        plan.save(update_fields=["closed_on", "closed_because"])
    if item.vacancy is not None:
        job_recommendation_write(person=plan.support.person, vacancy=item.vacancy, key=f"plan_item:{item.pk}")
    return item
