"""What the warning rules read (each person's facts, in batches) and what people and staff are
shown of a tier: its reasons in words and the help it brings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, Max, Min, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.models import (
    WORKING_STATUSES,
    HardshipCategory,
    HardshipRecord,
    HardToEmployProfile,
    MigrantRecord,
    Person,
    PlanItem,
    SupportPlan,
    Vacancy,
    WorkHistory,
    WorkType,
    ZeroEmploymentSpell,
)
from jobs.models.demand import vacancy_is_live
from jobs.models.hardship import PRIORITY_TIERS
from jobs.models.support import Support, SupportRules
from jobs.selectors.staff import scope_to_area
from jobs.services.tier_rules import UNEMPLOYED, Facts, add_months, is_recent_graduate
from matching.models import Match

BATCH = 1000


def support_rules(*, for_update: bool = False) -> SupportRules:
    """The rules in force: the one row, created with the defaults when missing. ``for_update``
    locks it: every support write does, so that the daily run and staff's acts never interleave."""
    rules, _created = SupportRules.objects.get_or_create(pk=1)
    return SupportRules.objects.select_for_update().get(pk=1) if for_update else rules


def priority_people() -> set[int]:
    """Ids of the people in red or yellow, whom the vacancies they suit list near the top."""
    return set(Support.objects.filter(tier__in=PRIORITY_TIERS).values_list("person_id", flat=True))


def household_work(*, rules: SupportRules, today: date, among: Any = None) -> QuerySet[Any]:
    """Per household (of ``among``, household ids, when given): how many members of working age
    are in work and out of work, when the last of them changed status, and since when the first
    of those in work has been."""
    oldest_born = add_months(today, -12 * (rules.working_age_to + 1))
    youngest_born = add_months(today, -12 * rules.working_age_from)
    members = Person.objects.filter(
        household__isnull=False,
        closed_at__isnull=True,
        birth_date__gt=oldest_born,
        birth_date__lte=youngest_born,
    )
    if among is not None:
        members = members.filter(household_id__in=among)
    working = Q(employment_status__in=WORKING_STATUSES)
    return (
        members.order_by()
        .values("household_id")
        .annotate(
            working=Count("pk", filter=working),
            out_of_work=Count("pk", filter=Q(employment_status=UNEMPLOYED)),
            last_change=Max("status_since"),
            first_in_work=Min("status_since", filter=working),
        )
    )


def zero_employment_households(*, rules: SupportRules, today: date, among: Any = None) -> QuerySet[Any]:
    """Households with somebody of working age out of work and nobody of working age in work
    (零就业家庭), as ids; ``among`` (household ids) limits the search. Students and people not
    in the labour force neither work nor count against it, as the policy reads: its members
    "with the ability and wish to work" are all unemployed."""
    return (
        household_work(rules=rules, today=today, among=among)
        .filter(working=0, out_of_work__gt=0)
        .values("household_id")
    )


def people_to_assess(
    *, rules: SupportRules, today: date, person_ids: list[int] | None = None
) -> QuerySet[Person]:
    """Whom the rules look at (of ``person_ids`` when given): everyone in the hard-to-employ
    registry; the registered unemployed of a key group (recent graduates, migrant workers,
    members of a zero-employment household); and whoever was followed before, so that their
    tier ends when it should. Closed accounts never."""
    people = Person.objects.filter(closed_at__isnull=True)
    among = None
    if person_ids is not None:
        people = people.filter(pk__in=person_ids)
        among = people.filter(household__isnull=False).values("household_id")
    registry = HardToEmployProfile.objects.filter(exited_on__isnull=True).values("person_id")
    followed = Support.objects.values("person_id")
    earliest_year = today.year - rules.graduate_years - 1  # is_recent_graduate decides the edge
    key_group = (
        Q(graduation_year__gte=earliest_year)
        | Q(pk__in=MigrantRecord.objects.values("person_id"))
        | Q(household__in=zero_employment_households(rules=rules, today=today, among=among))
    )
    return people.filter(
        Q(pk__in=registry) | Q(pk__in=followed) | (Q(employment_status=UNEMPLOYED) & key_group)
    )


def facts_in_batches(
    *, people: QuerySet[Person], rules: SupportRules, today: date
) -> Iterator[list[tuple[int, bool, Facts]]]:
    """``(person id, in scope, facts)`` for each person, a batch at a time with a few queries
    a batch. Out of scope: someone followed before who is neither in the registry nor a
    registered unemployed person of a key group any more; the rules give them no tier."""
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        rows = list(
            Person.objects.filter(pk__in=batch).values(
                "pk", "employment_status", "status_since", "graduation_year", "household_id"
            )
        )
        households = {r["household_id"] for r in rows if r["household_id"]}
        zero = set(
            zero_employment_households(rules=rules, today=today, among=households).values_list(
                "household_id", flat=True
            )
        )
        migrants = set(MigrantRecord.objects.filter(person_id__in=batch).values_list("person_id", flat=True))
        in_registry = set(
            HardToEmployProfile.objects.filter(person_id__in=batch, exited_on__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        categories: dict[int, set[str]] = defaultdict(set)
        for person_id, category in HardshipRecord.objects.filter(
            profile__person_id__in=batch, profile__exited_on__isnull=True
        ).values_list("profile__person_id", "category"):
            categories[person_id].add(category)
        work = {
            w["person_id"]: w
            for w in WorkHistory.objects.filter(person_id__in=batch)
            .order_by()
            .values("person_id")
            .annotate(
                running=Count("pk", filter=Q(ended_on__isnull=True) | Q(ended_on__gte=today)),
                last=Max("ended_on"),
            )
        }
        out = []
        for row in rows:
            pk, household = row["pk"], row["household_id"]
            recorded = categories.get(pk, set())
            # The household's members say it when they are on file; a category recorded by staff
            # says it for someone whose household is not.
            zero_household = (
                household in zero if household else HardshipCategory.ZERO_EMPLOYMENT_HOUSEHOLD in recorded
            )
            worked = work.get(pk)
            facts = Facts(
                employment_status=row["employment_status"],
                status_since=row["status_since"],
                categories=frozenset(recorded),
                zero_household=zero_household,
                graduation_year=row["graduation_year"],
                last_work_ended_on=worked["last"] if worked and not worked["running"] else None,
            )
            unemployed = row["employment_status"] == UNEMPLOYED
            key_group = (
                pk in migrants or zero_household or is_recent_graduate(row["graduation_year"], rules, today)
            )
            out.append((pk, pk in in_registry or (unemployed and key_group), facts))
        yield out


# --- in words -------------------------------------------------------------------------------


def _months(n: int) -> str:
    return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}


def reason_for_staff(reason: dict[str, Any]) -> str:
    """One fired rule as staff read it in a list: "失业 7 个月，属残疾人"."""
    facts, rule = reason.get("facts", {}), reason.get("rule")
    if rule == "unemployed_in_hardship":
        names = "、".join(
            str(HardshipCategory(c).label)
            for c in facts.get("categories", [])
            if c in HardshipCategory.values
        )
        return _("Unemployed %(months)s, in a hardship category (%(categories)s)") % {
            "months": _months(facts.get("months", 0)), "categories": names,
        }  # fmt: skip
    if rule == "zero_household":
        return _("Zero-employment household")
    if rule in ("long_unemployed", "unemployed"):
        return _("Unemployed %(months)s") % {"months": _months(facts.get("months", 0))}
    if rule == "graduate":
        return _("Left school %(months)s ago with no job") % {"months": _months(facts.get("months", 0))}
    if rule == "newly_unemployed":
        return _("Newly registered unemployed")
    if rule == "no_work":
        return _("No work since %(day)s") % {"day": facts.get("since", "")}
    return str(rule)


def reason_for_person(reason: dict[str, Any]) -> str:
    """The same in the person's own terms: what we know of their situation, never a label."""
    facts, rule = reason.get("facts", {}), reason.get("rule")
    if rule in ("unemployed_in_hardship", "long_unemployed", "unemployed"):
        return _("You have been looking for work for %(months)s") % {
            "months": _months(facts.get("months", 0))
        }
    if rule == "zero_household":
        return _("Nobody in your household has work at the moment")
    if rule == "graduate":
        return _("You left school %(months)s ago and are still looking for work") % {
            "months": _months(facts.get("months", 0))
        }
    if rule == "newly_unemployed":
        return _("You have registered as looking for work")
    if rule == "no_work":
        return _("You have had no work since %(day)s") % {"day": facts.get("since", "")}
    return ""


def welfare_grounds_text(grounds: list[str]) -> str:
    """The grounds for a public-welfare post as staff read them: "零就业家庭、残疾人"."""
    names = {
        **dict(HardshipCategory.choices),
        "long_unemployed": _("Unemployed longer than the rule's months"),
    }
    return "、".join(str(names.get(g, g)) for g in grounds)


def reasons_text(reasons: list[dict[str, Any]]) -> str:
    return "；".join(reason_for_staff(r) for r in reasons)


def help_for_tier(tier: str) -> list[str]:
    """What a tier brings, in the person's terms: every tier adds help, none takes any away."""
    jobs = _("Jobs that suit you, sent as soon as they open, and training courses with their subsidy")
    package = _(
        "A policy briefing, a career-guidance session, three job recommendations and a training or internship offer"
    )
    if tier == "red":
        return [
            _("A case worker of your gig station looks after you personally and will contact you"),
            package,
            _("Public-welfare posts are offered to you first where you are eligible"),
            jobs,
        ]
    if tier == "yellow":
        return [_("A case worker of your gig station will contact you"), package, jobs]
    if tier == "blue":
        return [jobs, _("You can come to your gig station for advice at any time")]
    return []


def support_of(*, person: Person) -> dict[str, Any]:
    """What a person is shown of their own support: the help and why, in plain words, what of
    their "1131" plan is planned and done, and who looks after them; never the tier's name.
    Under a staff override the reasons are not the rules' (and staff's own words about them,
    like the outcomes they record, stay with staff)."""
    support = (
        Support.objects.select_related("case_worker__staff_profile__station").filter(person=person).first()
    )
    plan = open_plan_of(person=person)
    if support is None or (support.tier == "none" and plan is None):
        return {"help": [], "reasons": [], "plan": [], "case_worker": None}
    reasons = [reason_for_person(r) for r in support.reasons] if not support.override_tier else []
    if not reasons or support.tier == "none":
        reasons = [_("Your gig station has arranged this help after looking at your situation")]
    worker = support.case_worker
    station = getattr(getattr(worker, "staff_profile", None), "station", None)
    return {
        "help": help_for_tier(support.tier) or help_for_tier("yellow")[1:],
        "reasons": [r for r in reasons if r],
        "plan": [] if plan is None else [
            {"what": item.get_kind_display(), "due_on": item.due_on, "done_on": item.done_on}
            for item in plan.items.all()
        ],
        "case_worker": None if worker is None else {
            "name": worker.get_full_name(),  # never the sign-in name
            "station": station.name if station else "",
            "station_phone": station.phone if station else "",
        },
    }  # fmt: skip


# --- 1131 plans -------------------------------------------------------------------------------


def plan_job_proposals(*, plan: SupportPlan, limit: int = 3) -> list[Match]:
    """The jobs the engine proposes for a plan's recommendations: the person's live matches
    not recommended yet, public-welfare posts first (the engine lists them only for people
    eligible), then best first."""
    today = timezone.localdate()
    sent = plan.items.filter(vacancy__isnull=False).values("vacancy_id")
    welfare = Case(When(vacancy__work_type=WorkType.PUBLIC_WELFARE, then=Value(0)), default=Value(1))
    return list(
        Match.objects.filter(vacancy_is_live(today, prefix="vacancy__"), person_id=plan.support.person_id,
                             person_rank__isnull=False)
        .exclude(vacancy_id__in=sent)
        .select_related("vacancy__employer", "vacancy__region")
        .order_by(welfare, "person_rank")[:limit]
    )  # fmt: skip


def plan_items_in_area(*, user: Any) -> QuerySet[PlanItem]:
    return scope_to_area(PlanItem.objects.all(), user, "plan__support__person__home_region")


def plan_completion(*, user: Any, today: date | None = None) -> dict[str, list[dict[str, Any]]]:
    """How the plans of the staff member's area stand, per station and per case worker: items
    due by today, how many of them are done (on time or late), how many are overdue, and the
    completion rate (done of due); the items not yet due are not counted against anyone."""
    today = today or timezone.localdate()
    # An item of a plan that closed undone (its person in work) is owed to nobody any more.
    due = plan_items_in_area(user=user).filter(
        Q(done_on__isnull=False) | Q(plan__closed_on__isnull=True), due_on__lte=today
    )
    counts = {
        "due": Count("pk"),
        "done": Count("pk", filter=Q(done_on__isnull=False)),
        "on_time": Count("pk", filter=Q(done_on__lte=F("due_on"))),
        "overdue": Count("pk", filter=Q(done_on__isnull=True, due_on__lt=today)),
    }

    def rows(by: str, name: str) -> list[dict[str, Any]]:
        found = due.order_by().values(by, name).annotate(**counts).order_by(name, by)
        return [{"id": r[by], "name": r[name] or "", **{k: r[k] for k in counts},
                 "rate": round(r["done"] / r["due"], 3) if r["due"] else None} for r in found]  # fmt: skip

    return {
        "stations": rows("plan__station_id", "plan__station__name"),
        "case_workers": rows("plan__case_worker_id", "plan__case_worker__username"),
    }


def open_plan_of(*, person: Person) -> SupportPlan | None:
    return (
        SupportPlan.objects.filter(support__person=person, closed_on__isnull=True)
        .select_related("station", "case_worker", "support")
        .prefetch_related("items__done_by")
        .first()
    )


# --- zero-employment households ---------------------------------------------------------------


def zero_households_in_area(*, user: Any) -> QuerySet[ZeroEmploymentSpell]:
    spells = ZeroEmploymentSpell.objects.select_related(
        "household__region", "station", "offered_to", "offer_vacancy"
    )
    return scope_to_area(spells, user, "household__region")


def zero_households_by_station(*, user: Any, today: date | None = None) -> list[dict[str, Any]]:
    """How many zero-employment households of the area remain, per station, and for how long
    (on average and the longest, in days), how many have had no offer yet and how many of those
    are past its due day."""
    today = today or timezone.localdate()
    rows: dict[Any, dict[str, Any]] = {}
    for station, name, became, offered, due in (
        zero_households_in_area(user=user)
        .filter(left_on__isnull=True)
        .order_by("station__name", "station_id")
        .values_list("station_id", "station__name", "became_on", "offered_on", "offer_due_on")
    ):
        row = rows.setdefault(station, {"id": station, "name": name or "", "remaining": 0, "days": [],
                                        "not_offered": 0, "offers_overdue": 0})  # fmt: skip
        row["remaining"] += 1
        row["days"].append((today - became).days)
        row["not_offered"] += offered is None
        row["offers_overdue"] += offered is None and due < today
    for row in rows.values():
        days = row.pop("days")
        row["average_days"], row["longest_days"] = round(sum(days) / len(days)), max(days)
    return list(rows.values())


def zero_household_offers(*, spell: ZeroEmploymentSpell) -> list[tuple[Person, Vacancy]]:
    """What to offer a zero-employment household: for each member out of work, the public-welfare
    posts among their live matches first, then their best matches (five at most each)."""
    today = timezone.localdate()
    welfare = Case(When(vacancy__work_type=WorkType.PUBLIC_WELFARE, then=Value(0)), default=Value(1))
    offers = []
    for person in Person.objects.filter(household_id=spell.household_id, closed_at__isnull=True,
                                        employment_status=UNEMPLOYED).order_by("pk"):  # fmt: skip
        matches = (
            Match.objects.filter(
                vacancy_is_live(today, prefix="vacancy__"), person=person, person_rank__isnull=False
            )
            .select_related("vacancy__employer", "vacancy__region")
            .order_by(welfare, "person_rank")[:5]
        )
        offers += [(person, m.vacancy) for m in matches]
    return offers
