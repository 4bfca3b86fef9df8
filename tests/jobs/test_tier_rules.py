"""The warning-tier rules on their edges, without a database: months counted as calendar months,
exactly three and six months, a graduate exactly three months after leaving school."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta

import pytest

from jobs.services.tier_rules import Facts, add_months, full_months, reasons_for, tier_for


@dataclass
class Rules:
    """The defaults of the rules' one row (jobs.models.support.SupportRules)."""

    red_hardship_months: int = 6
    red_months: int = 12
    yellow_months: int = 3
    graduate_months: int = 3
    graduate_years: int = 2
    school_leaving_month: int = 7
    idle_days: int = 30


RULES = Rules()
SINCE = date(2026, 3, 31)


def unemployed(since: date = SINCE, **extra: object) -> Facts:
    return Facts(employment_status="unemployed", status_since=since, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # a shorter month ends on its last day
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 15), -12, date(2025, 3, 15)),
    ],
)
def test_a_month_later_is_the_same_day_or_the_last_of_a_shorter_month(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def test_whole_months_turn_on_the_day_and_not_before() -> None:
    assert full_months(SINCE, date(2026, 6, 29)) == 2
    assert full_months(SINCE, date(2026, 6, 30)) == 3  # June has no 31st: its last day completes it
    assert full_months(date(2026, 4, 1), date(2026, 4, 1)) == 0


def test_exactly_three_months_unemployed_is_yellow_and_a_day_less_is_blue() -> None:
    three = add_months(SINCE, 3)
    assert tier_for(unemployed(), RULES, three - timedelta(days=1))[0] == "blue"
    tier, reasons = tier_for(unemployed(), RULES, three)
    assert tier == "yellow" and [(r.rule, r.facts) for r in reasons] == [("unemployed", {"months": 3})]


def test_exactly_six_months_in_a_hardship_category_is_red_and_without_one_yellow() -> None:
    six = add_months(SINCE, 6)
    disabled = unemployed(categories=frozenset({"disability"}))
    assert tier_for(disabled, RULES, six - timedelta(days=1))[0] == "yellow"
    tier, reasons = tier_for(disabled, RULES, six)
    assert tier == "red" and reasons[0].facts == {"months": 6, "categories": ["disability"]}
    assert tier_for(unemployed(), RULES, six)[0] == "yellow"


def test_red_for_the_long_unemployed_begins_after_twelve_months() -> None:
    twelve = add_months(SINCE, 12)
    assert tier_for(unemployed(), RULES, twelve)[0] == "yellow"
    tier, reasons = tier_for(unemployed(), RULES, twelve + timedelta(days=1))
    assert tier == "red" and [r.rule for r in reasons] == ["long_unemployed"]


def test_a_graduate_exactly_three_months_after_leaving_school_is_yellow() -> None:
    # given someone registered unemployed a week ago, who left school on 1 July 2026
    graduate = unemployed(since=date(2026, 9, 24), graduation_year=2026)
    # then not the day before three months, yellow on the day, and the reason says how long
    assert tier_for(graduate, RULES, date(2026, 9, 30))[0] == "blue"
    tier, reasons = tier_for(graduate, RULES, date(2026, 10, 1))
    assert tier == "yellow" and [(r.rule, r.facts) for r in reasons] == [("graduate", {"months": 3})]
    # and no longer a graduate two years after leaving school (the months unemployed still count)
    assert "graduate" in {r.rule for r in reasons_for(graduate, RULES, date(2028, 6, 30))}
    assert "graduate" not in {r.rule for r in reasons_for(graduate, RULES, date(2028, 7, 1))}


def test_a_zero_employment_household_is_red_whatever_else() -> None:
    tier, reasons = tier_for(unemployed(zero_household=True), RULES, SINCE)
    assert tier == "red" and [r.rule for r in reasons] == ["zero_household"]


def test_a_gig_worker_with_no_work_for_thirty_days_is_blue() -> None:
    ended = date(2026, 5, 1)
    gig = Facts(employment_status="flexible", status_since=date(2025, 1, 1), last_work_ended_on=ended)
    assert tier_for(gig, RULES, ended + timedelta(days=29)) == ("none", [])
    tier, reasons = tier_for(gig, RULES, ended + timedelta(days=30))
    assert tier == "blue" and reasons[0].facts == {"since": "2026-05-01"}
    # nothing known of a gap when the work still runs or none is recorded
    assert (
        tier_for(Facts(employment_status="flexible", status_since=date(2025, 1, 1)), RULES, ended)[0]
        == "none"
    )


def test_someone_in_work_has_no_tier() -> None:
    assert tier_for(Facts(employment_status="employed", status_since=date(2020, 1, 1)), RULES, SINCE) == (
        "none",
        [],
    )


def test_the_rules_never_read_sex_age_ethnicity_or_household_registration() -> None:
    # what the rules can see is all in Facts: none of these is there to read
    read = {f.name for f in fields(Facts)}
    assert not {"sex", "birth_date", "age", "ethnicity", "hukou_region", "name"} & read
