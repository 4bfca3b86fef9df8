"""The warning-tier rules, as plain functions of a person's facts: no database here, so that every
edge (exactly three months, the last day of a short month) is tested on its own.

Only what a person did or lived through enters: how long they have been out of work, the
hardship categories staff or the person recorded, their household having nobody in work, school
left with no job, gig work dried up. The person's sex, age, ethnicity and household registration
are never read here: "older worker" is a category someone records (its definition, by age and
sex, is the national one staff apply), and which members of a household count towards it being
a zero-employment household is the policy's working age, read where households are counted.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

RED, YELLOW, BLUE, NONE = "red", "yellow", "blue", "none"
URGENCY = {NONE: 0, BLUE: 1, YELLOW: 2, RED: 3}

UNEMPLOYED = "unemployed"
# Work that ends: a gig worker's or a fixed-term employee's; with none recorded running, they may
# be out of work whatever their status says.
MAY_RUN_OUT = frozenset({"flexible", "employed"})


class Thresholds(Protocol):
    red_hardship_months: int
    red_months: int
    yellow_months: int
    graduate_months: int
    graduate_years: int
    school_leaving_month: int
    idle_days: int


class WelfareRule(Protocol):
    welfare_zero_household: bool
    welfare_categories: list[str]
    welfare_unemployed_months: int


@dataclass(frozen=True)
class Facts:
    employment_status: str
    status_since: date
    categories: frozenset[str] = frozenset()  # hardship categories on record, in the registry now
    zero_household: bool = False
    graduation_year: int | None = None
    # The end of the latest recorded work; None when some recorded work still runs or none is
    # recorded (then nothing is known of a gap).
    last_work_ended_on: date | None = None


@dataclass(frozen=True)
class Reason:
    rule: str
    tier: str
    facts: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "tier": self.tier, "facts": self.facts}


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later; the month's last day when it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def full_months(since: date, today: date) -> int:
    """Whole calendar months from ``since`` to ``today``: 3 on the day three months after."""
    months = (today.year - since.year) * 12 + today.month - since.month
    while months > 0 and add_months(since, months) > today:
        months -= 1
    return max(months, 0)


def left_school_on(graduation_year: int | None, rules: Thresholds) -> date | None:
    return date(graduation_year, rules.school_leaving_month, 1) if graduation_year else None


def is_recent_graduate(graduation_year: int | None, rules: Thresholds, today: date) -> bool:
    """A graduate of the key group: left school, and not longer ago than the rules' years."""
    left = left_school_on(graduation_year, rules)
    return left is not None and left <= today < add_months(left, 12 * rules.graduate_years)


def reasons_for(facts: Facts, rules: Thresholds, today: date) -> list[Reason]:
    """Every rule that fires, most urgent first."""
    found: list[Reason] = []
    unemployed = facts.employment_status == UNEMPLOYED
    months = full_months(facts.status_since, today) if unemployed else 0
    hardship = sorted(facts.categories)
    if unemployed and hardship and months >= rules.red_hardship_months:
        found.append(Reason("unemployed_in_hardship", RED, {"months": months, "categories": hardship}))
    if facts.zero_household and unemployed:  # its students and retired are not what is wrong
        found.append(Reason("zero_household", RED))
    if unemployed and add_months(facts.status_since, rules.red_months) < today:
        found.append(Reason("long_unemployed", RED, {"months": months}))
    if unemployed and months >= rules.yellow_months:
        found.append(Reason("unemployed", YELLOW, {"months": months}))
    left = left_school_on(facts.graduation_year, rules)
    if (
        unemployed
        and left is not None
        and is_recent_graduate(facts.graduation_year, rules, today)
        and add_months(left, rules.graduate_months) <= today
    ):
        found.append(Reason("graduate", YELLOW, {"months": full_months(left, today)}))
    if unemployed and months < rules.yellow_months:
        found.append(Reason("newly_unemployed", BLUE, {"since": facts.status_since.isoformat()}))
    ended = facts.last_work_ended_on
    if (
        facts.employment_status in MAY_RUN_OUT
        and ended is not None
        and (today - ended).days >= rules.idle_days
    ):
        found.append(Reason("no_work", BLUE, {"since": ended.isoformat()}))
    return sorted(found, key=lambda r: -URGENCY[r.tier])


def tier_for(facts: Facts, rules: Thresholds, today: date) -> tuple[str, list[Reason]]:
    """The most urgent tier any rule gives, with the rules of that tier (the reasons shown);
    no tier when none fires."""
    found = reasons_for(facts, rules, today)
    if not found:
        return NONE, []
    tier = found[0].tier
    return tier, [r for r in found if r.tier == tier]


def welfare_grounds(facts: Facts, rule: WelfareRule, today: date) -> list[str]:
    """Why someone out of work may have a public-welfare post (公益性岗位), by the rule's
    grounds: a member of a zero-employment household, a hardship category the rule names
    (older and disabled people by default), unemployed longer than the rule's months. Empty:
    not eligible."""
    if facts.employment_status != UNEMPLOYED:
        return []
    grounds = {"zero_household"} if rule.welfare_zero_household and facts.zero_household else set()
    grounds |= facts.categories & set(rule.welfare_categories)  # "zero_household" is a category too
    if add_months(facts.status_since, rule.welfare_unemployed_months) < today:
        grounds.add("long_unemployed")
    return sorted(grounds)
