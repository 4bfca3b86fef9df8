"""Warning tiers applied by the daily rules: who is looked at, the day counted in Asia/Shanghai,
zero-employment households, staff overrides that expire, a second run that changes nothing,
and what the person and each area's staff see."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import (
    HardToEmployProfile,
    Household,
    Person,
    PlanItem,
    SeekerAccount,
    Support,
    SupportPlan,
    TierChange,
)
from jobs.services.hardship import hardship_profile_save
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from jobs.services.support import support_case_worker_set, support_override, support_refresh
from jobs.services.tier_rules import add_months
from tests.factories import PersonFactory, region, staff_user
from workers.models import Notice, NoticeKind
from workers.tasks.support import support_refresh_all

pytestmark = pytest.mark.django_db


def in_registry(person: Person, *categories: str) -> HardToEmployProfile:
    return hardship_profile_save(
        profile=HardToEmployProfile(person=person, registered_on=date(2025, 1, 2)), categories=categories
    )


def tier_of(person: Person) -> str:
    support = Support.objects.filter(person=person).first()
    return support.tier if support else "none"


def test_the_day_is_counted_in_asia_shanghai() -> None:
    # given someone in the registry unemployed since 1 April
    person = PersonFactory(status_since=date(2026, 4, 1))
    # when the rules run at 23:30 on 30 June in Shanghai (15:30 UTC), then half an hour later
    with time_machine.travel(datetime(2026, 6, 30, 15, 30, tzinfo=UTC), tick=False):
        in_registry(person)
        assert tier_of(person) == "blue"
    with time_machine.travel(datetime(2026, 6, 30, 16, 30, tzinfo=UTC), tick=False):
        support_refresh()
    # then three months are complete on 1 July, Shanghai's date, while it is still 30 June in UTC
    assert tier_of(person) == "yellow"
    change = TierChange.objects.get(to_tier="yellow")
    assert (change.from_tier, change.source, change.why, change.changed_by) == (
        "blue",
        "rules",
        "失业 3 个月",
        None,
    )


def test_the_registered_unemployed_of_a_key_group_are_followed_and_nobody_else() -> None:
    today = timezone.localdate()
    graduate = PersonFactory(graduation_year=today.year - 1, status_since=today - timedelta(days=20))
    back_home = PersonFactory(status_since=today - timedelta(days=100))
    back_home.migrant_records.create(
        work_region=region("440300"), started_on=date(2020, 3, 1), returned_on=today
    )
    plain = PersonFactory(status_since=today - timedelta(days=400))  # unemployed, in no key group
    working = PersonFactory(employment_status="employed")
    in_registry(working, "disability")

    report = support_refresh()

    assert (
        tier_of(graduate) == "yellow" and tier_of(back_home) == "yellow"
    )  # left school a year ago; 3 months
    assert tier_of(plain) == "none" and not Support.objects.filter(person__in=[plain, working]).exists()
    assert report.assessed == 3 and report.created == 2


def test_a_household_whose_last_worker_loses_the_job_is_red_that_day_and_leaves_when_one_is_hired() -> None:
    # given a household of two: one registered unemployed for ten days, one in work
    today = timezone.localdate()
    home = Household.objects.create(region=region("420882"), address="京山市新市街道8号")
    first = PersonFactory(household=home, status_since=today - timedelta(days=10))
    second = PersonFactory(household=home, employment_status="employed")
    in_registry(first)
    assert tier_of(first) == "blue"

    # when the second loses the job, and the rules run that day
    Person.objects.filter(pk=second.pk).update(employment_status="unemployed", status_since=today)
    support_refresh()

    # then both are red for their household, the one not in the registry too
    for member in (first, second):
        support = Support.objects.get(person=member)
        assert support.tier == "red" and [r["rule"] for r in support.reasons] == ["zero_household"]

    # when one of them is hired
    Person.objects.filter(pk=second.pk).update(employment_status="employed", status_since=today)
    support_refresh()

    # then the household has left the list: the other is back to what their own months say
    assert tier_of(first) == "blue" and tier_of(second) == "none"
    assert TierChange.objects.filter(support__person=second).values_list("from_tier", "to_tier")[0] == (
        "red",
        "none",
    )


def test_a_household_member_too_young_or_too_old_to_work_does_not_count() -> None:
    today = timezone.localdate()
    home = Household.objects.create(region=region("420882"), address="京山市新市街道9号")
    person = PersonFactory(household=home, status_since=today - timedelta(days=10))
    # a working grandfather of 70 does not make the household one with somebody in work
    PersonFactory(household=home, employment_status="employed", birth_date=add_months(today, -12 * 70))
    in_registry(person)
    assert tier_of(person) == "red"


def test_a_staff_override_holds_to_its_last_day_and_then_the_rules_take_over() -> None:
    # given someone blue by the rules, and a case worker who puts them on red until tomorrow
    start = datetime(2026, 5, 10, 2, 0, tzinfo=UTC)
    worker = staff_user("caseworker", "420882", is_case_worker=True)
    person = PersonFactory(status_since=date(2026, 5, 1))
    with time_machine.travel(start, tick=False):
        in_registry(person)
        support = Support.objects.get(person=person)
        support_override(
            person=person, tier="red", reason="刚出院，需要重点帮扶", until=date(2026, 5, 11), by=worker
        )
        support_refresh()
        assert tier_of(person) == "red"
    # when the rules run on its last day, and the day after
    with time_machine.travel(start + timedelta(days=1), tick=False):
        support_refresh()
        assert tier_of(person) == "red"
    with time_machine.travel(start + timedelta(days=2), tick=False):
        report = support_refresh()
        again = support_refresh()

    # then the rules' tier is back, the override gone, and every step logged once, by whom
    support.refresh_from_db()
    assert (support.tier, support.override_tier, support.override_until, support.override_reason) == (
        "blue",
        "",
        None,
        "",
    )
    assert report.expired == 1 and again.logged == again.expired == 0
    log = list(
        TierChange.objects.order_by("changed_at", "pk").values_list(
            "from_tier", "to_tier", "source", "changed_by"
        )
    )
    assert log == [
        ("none", "blue", "rules", None),
        ("blue", "red", "staff", worker.pk),
        ("red", "blue", "expired", None),
    ]


@pytest.mark.parametrize(
    ("tier", "reason", "until", "field"),
    [
        ("red", " ", 10, "override_reason"),
        ("red", "核实中", -1, "override_until"),
        ("red", "核实中", 181, "override_until"),
        ("purple", "核实中", 10, "override_tier"),
    ],
)
def test_an_override_needs_a_known_tier_a_reason_and_a_last_day_within_the_rules(
    tier: str, reason: str, until: int, field: str
) -> None:
    person = PersonFactory()
    in_registry(person)
    with pytest.raises(ValidationError) as refused:
        support_override(person=person, tier=tier, reason=reason,
                         until=timezone.localdate() + timedelta(days=until), by=None)  # fmt: skip
    assert field in refused.value.message_dict
    assert Support.objects.get().override_tier == "" and TierChange.objects.count() == 1


def test_the_daily_task_run_twice_writes_no_second_log_row_or_notice() -> None:
    # given two people blue when they entered the registry, one with a case worker
    worker = staff_user("caseworker", "420882", is_case_worker=True)
    people = [PersonFactory(status_since=timezone.localdate() - timedelta(days=10)) for _ in range(2)]
    for person in people:
        in_registry(person)
    support_case_worker_set(support=Support.objects.get(person=people[0]), case_worker=worker)
    # whose records are then corrected: out of work seven and thirteen months
    for person, months in zip(people, (7, 13), strict=True):
        Person.objects.filter(pk=person.pk).update(status_since=add_months(timezone.localdate(), -months))

    # when the task runs twice
    first, second = support_refresh_all(), support_refresh_all()

    # then the first moved both and told the case worker; the second found nothing to do
    nothing = {
        "created": 0,
        "logged": 0,
        "expired": 0,
        "plans_closed": 0,
        "households_opened": 0,
        "households_closed": 0,
    }
    assert first["logged"] == 2 and second == {"assessed": 2, **nothing}
    assert [tier_of(p) for p in people] == ["yellow", "red"]
    assert TierChange.objects.count() == 4  # each one's first tier, then the move
    assert SupportPlan.objects.count() == 2 and PlanItem.objects.count() == 12  # one 1131 plan each
    assert Notice.objects.filter(kind=NoticeKind.WARNING_TIER, user=worker).count() == 1


def test_refresh_support_by_hand_reports_what_it_did() -> None:
    in_registry(PersonFactory(status_since=timezone.localdate() - timedelta(days=10)))
    out = StringIO()
    call_command("refresh_support", stdout=out)
    call_command("refresh_support", stdout=out)
    assert (
        out.getvalue().splitlines()
        == [
            "1 people assessed; 0 newly followed; 0 tier changes logged; 0 staff tiers expired; 0 plans closed; "
            "zero-employment households: 0 found, 0 with somebody in work again.",
        ]
        * 2
    )


def test_two_people_alike_but_for_sex_age_ethnicity_and_hukou_get_the_same_tier_and_reasons() -> None:
    since = add_months(timezone.localdate(), -4)
    one = PersonFactory(sex="M", birth_date=date(1970, 1, 1), ethnicity="汉族", status_since=since)
    other = PersonFactory(sex="F", birth_date=date(2000, 1, 1), ethnicity="土家族", hukou_region=region("110101"),
                          status_since=since)  # fmt: skip
    in_registry(one)
    in_registry(other)
    first, second = Support.objects.get(person=one), Support.objects.get(person=other)
    assert (first.tier, first.reasons) == (second.tier, second.reasons) == ("yellow", first.reasons)


# --- what people and staff see -----------------------------------------------------------------


def test_a_person_sees_the_help_and_why_in_plain_words_never_a_tier_or_staffs_notes(
    seeker: APIClient,
) -> None:
    # given a seeker unemployed seven months with a disability recorded, and a case worker
    person = SeekerAccount.objects.get().person
    Person.objects.filter(pk=person.pk).update(status_since=add_months(timezone.localdate(), -7))
    in_registry(person, "disability")
    worker = staff_user("caseworker", "420882", is_case_worker=True)
    type(worker).objects.filter(pk=worker.pk).update(first_name="刘")
    worker.refresh_from_db()
    support_case_worker_set(support=Support.objects.get(person=person), case_worker=worker)

    body = seeker.get("/api/v1/me/support/").json()

    assert body["reasons"] == ["您找工作已经 7 个月"]
    assert any("公益性岗位" in line for line in body["help"]) and body["case_worker"]["name"] == "刘"
    assert not [word for word in ("red", "红", "预警", "残疾", "困难", "caseworker") if word in str(body)]

    # and under a staff override the words staff wrote stay with staff
    support_override(person=person, tier="red", reason="家庭变故，情绪低落",
                     until=timezone.localdate() + timedelta(days=30), by=worker)  # fmt: skip
    body = seeker.get("/api/v1/me/support/").json()
    assert "家庭变故" not in str(body) and body["reasons"] == ["零工驿站根据您的情况为您安排了这些帮助"]


def test_a_person_with_no_tier_gets_empty_lists(seeker: APIClient) -> None:
    assert seeker.get("/api/v1/me/support/").json() == {
        "help": [],
        "reasons": [],
        "plan": [],
        "case_worker": None,
    }


def test_the_warnings_page_shows_a_station_only_its_own_people_and_the_rules_to_city_staff_alone() -> None:
    # given one person warned in 京山 and one in 钟祥
    ours = PersonFactory(name="京山的人", status_since=add_months(timezone.localdate(), -4))
    theirs = PersonFactory(name="钟祥的人", home_region=region("420881"), status_since=ours.status_since)
    in_registry(ours)
    in_registry(theirs)
    station, city = Client(), Client()
    station.force_login(staff_user("jingshan", "420882", groups=[STATION_STAFF]))
    city.force_login(staff_user("jingmen", "420800", groups=[CITY_STAFF]))

    # then the station sees only its own, and each sees the reasons in words
    page = station.get(reverse("admin:jobs_support_changelist"))
    assert (
        page.context["cl"].result_count == 1
        and "京山的人" in page.content.decode()
        and "失业 4 个月" in page.content.decode()
    )
    assert (
        station.get(
            reverse("admin:jobs_support_change", args=[Support.objects.get(person=theirs).pk])
        ).status_code
        == 302
    )
    assert city.get(reverse("admin:jobs_support_changelist")).context["cl"].result_count == 2
    # the rules' numbers: the station reads them, city staff change them
    rules_url = reverse("admin:jobs_supportrules_change", args=[1])
    city.get(reverse("admin:jobs_supportrules_changelist"))
    assert 'name="yellow_months"' not in station.get(rules_url).content.decode()
    assert 'name="yellow_months"' in city.get(rules_url).content.decode()


def test_city_staff_change_a_rule_and_a_contradiction_is_refused_beside_its_field(
    django_capture_on_commit_callbacks: Any,
) -> None:
    city = Client()
    city.force_login(staff_user("jingmen", "420800", groups=[CITY_STAFF]))
    rules_url = reverse("admin:jobs_supportrules_change", args=[1])
    form = {k: v for k, v in city.get(rules_url).context["adminform"].form.initial.items() if k != "id"}

    refused = city.post(rules_url, {**form, "yellow_months": 6})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["yellow_months"] == ["黄色失业月数：必须少于红色月数"]

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert city.post(rules_url, {**form, "yellow_months": 2}).status_code == 302
    assert len(queued) == 1  # everyone's tier found again by the new numbers, in the background
    from jobs.models import SupportRules

    assert SupportRules.objects.get().yellow_months == 2
