"""Subsidies as data: the policies of the documents loaded by a migration, those eligible found
on a hire or a new certificate and daily, each told once per policy and occasion, and a claim
moved on to paid or refused once. The edges: a graduate exactly two years out, a certificate
level obtained twice, the daily check run twice."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import (
    EmployerAccount,
    Entitlement,
    EntitlementStatus,
    Occupation,
    Person,
    PersonCertificate,
    SeekerAccount,
    SubsidyPolicy,
    Vacancy,
    WorkType,
)
from jobs.models.choices import CertificateLevel, Education
from jobs.services.people import person_profile_save
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from jobs.services.subsidies import subsidies_check
from jobs.services.subsidy_rules import HIRE, Occasion, conditions_errors, eligible, years_after_school
from matching.models import Match, MatchStatus
from matching.services.lifecycle import match_set_status
from tests.api.conftest import as_token
from tests.factories import EmployerFactory, PersonFactory, VacancyFactory, region, staff_user
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAYE = "420281"  # 大冶市, in 黄石市: the graduate and hard-to-employ policies are Huangshi's
GRADUATE = ["高校毕业生一次性就业补贴"]
GRADUATES_EMPLOYER = ["一次性扩岗补助", "招用高校毕业生社会保险补贴（1年）"]


def graduate(year: int, **fields: Any) -> Person:
    """A university graduate of ``year`` living in 大冶市."""
    return PersonFactory(
        graduation_year=year, education=Education.BACHELOR, home_region=region(DAYE), **fields
    )


def at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=SHANGHAI)


def hired_on(day: date, person: Person, **vacancy: Any) -> Match:
    """The person hired through the service on ``day`` (Asia/Shanghai), as staff record it."""
    job = VacancyFactory(status=Vacancy.Status.OPEN, **vacancy)
    match = Match.objects.create(person=person, vacancy=job, score=0.8, person_rank=1, vacancy_rank=1)
    with time_machine.travel(at_noon(day), tick=False):
        match_set_status(match=match, status=MatchStatus.HIRED, by="staff")
    return match


def told(**recipient: Any) -> list[Notice]:
    return list(Notice.objects.filter(kind=NoticeKind.SUBSIDY, channel=Channel.INBOX, **recipient))


def names(**recipient: Any) -> set[str]:
    """The policies told to the person or the employer given (an employer's for hiring someone
    name that person too, but are the employer's)."""
    paid_to = "person" if "person" in recipient else "employer"
    told = Entitlement.objects.filter(**recipient, policy__paid_to=paid_to, told_at__isnull=False)
    return set(told.values_list("policy__name", flat=True))


# --- the rule, as plain functions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "years"),
    [
        (date(2023, 12, 31), None),  # before the graduation year
        (date(2024, 1, 1), 0),  # the graduation year (毕业年度), still at school
        (date(2024, 12, 31), 0),
        (date(2025, 1, 1), 1),
        (date(2025, 7, 1), 1),  # exactly a year after school was left
        (date(2025, 7, 2), 2),
        (date(2026, 7, 1), 2),  # exactly two years out: still within two years
        (date(2026, 7, 2), 3),
    ],
)
def test_years_after_leaving_school_count_the_graduation_year_and_whole_years_to_the_day(
    day: date, years: int | None
) -> None:
    assert years_after_school(2024, 7, day) == years


def test_a_graduate_exactly_two_years_out_is_within_two_years_and_the_next_day_is_not() -> None:
    conditions = [{"fact": "years_after_school", "op": "at_most", "value": 2}]

    def hire(day: date) -> Occasion:
        return Occasion(kind=HIRE, key="hire:1", day=day, person_id=1, graduation_year=2024, employed=True)

    assert eligible(conditions, hire(date(2026, 7, 1)), leaving_month=7)
    assert not eligible(conditions, hire(date(2026, 7, 2)), leaving_month=7)
    assert not eligible(conditions, Occasion(kind=HIRE, key="hire:2", day=date(2026, 7, 1), person_id=2),
                        leaving_month=7)  # fmt: skip


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"fact": "age", "op": "at_most", "value": 35}, "Condition 1: unknown fact 'age'"),
        ({"fact": "certificate_level", "op": "any_of", "value": [5]}, "certificate level is not known of this occasion"),
        ({"fact": "years_after_school", "op": "any_of", "value": [1]}, "takes one of is, at_least, at_most"),
        ({"fact": "in_registry", "op": "is", "value": "yes"}, "in the hard-to-employ registry: true or false"),
        ({"fact": "category", "op": "any_of", "value": ["martian"]}, "hard-to-employ category: not a known value"),
        ({"fact": "work_type", "op": "any_of", "value": []}, "a list of one or more values"),
        ({"fact": "years_after_school", "op": "at_most"}, "give exactly fact, op and value"),
    ],
)  # fmt: skip
def test_a_bad_condition_is_named_with_the_rule_it_breaks(
    english: None, condition: dict[str, Any], message: str
) -> None:
    (error,) = conditions_errors([condition], HIRE)
    assert message in error


def test_the_documents_policies_are_loaded_each_naming_its_document_and_article() -> None:
    # given a fresh install (the migration's rows)
    policies = list(SubsidyPolicy.objects.all())
    # then
    assert len(policies) == 13
    assert all(p.document and p.article and p.evidence and p.how_to_claim for p in policies)
    assert all(not conditions_errors(p.conditions, p.occasion) for p in policies)
    by_key = {p.key: p for p in policies}
    assert (
        by_key["graduate-employment"].amount_yuan == 1000 and "黄石" in by_key["graduate-employment"].document
    )
    assert [by_key[f"skill-upgrade-{k}"].amount_yuan for k in ("junior", "intermediate", "senior")] == [
        1000, 1500, 2000,
    ]  # fmt: skip
    assert (by_key["new-technician-senior"].amount_yuan, by_key["new-technician"].amount_yuan) == (5000, 3500)
    assert by_key["shared-employee-placement"].paid_to == "employer"
    assert "京政办发〔2023〕23号" in by_key["skill-upgrade-junior"].document


# --- found, told once ------------------------------------------------------------------------


def test_a_graduate_hired_exactly_two_years_out_is_told_and_one_hired_a_day_later_is_not() -> None:
    # given two graduates of 2024 (school left on 1 July)
    on_the_day, a_day_late = (graduate(2024) for _ in range(2))

    # when one is hired on 1 July 2026, the other on 2 July
    first = hired_on(date(2026, 7, 1), on_the_day)
    second = hired_on(date(2026, 7, 2), a_day_late)

    # then the first and their employer are told, each in one notice; the second not
    assert names(person=on_the_day) == set(GRADUATE)
    assert names(employer=first.vacancy.employer) == set(GRADUATES_EMPLOYER)
    (to_person,) = told(person=on_the_day)
    assert to_person.title == "您可以申领1项补贴"
    assert (
        "您于2026年7月1日入职" in to_person.body
        and "1000元" in to_person.body
        and "毕业证书" in to_person.body
    )
    (to_employer,) = told(employer=first.vacancy.employer)
    assert to_employer.title == "贵单位可以申领2项补贴" and "按当地标准" in to_employer.body
    assert not names(person=a_day_late) and not told(employer=second.vacancy.employer)


def test_the_daily_check_run_twice_finds_and_tells_nothing_new() -> None:
    # given a graduate hired last month, told at once
    person = graduate(2025)
    hired_on(date(2026, 11, 2), person)
    before = (Entitlement.objects.count(), Notice.objects.count())
    assert before[0] == 3

    # when the daily check runs twice
    with time_machine.travel(at_noon(date(2026, 12, 1)), tick=False):
        first, second = subsidies_check(), subsidies_check()

    # then
    assert (first.found, first.told, second.found, second.told) == (0, 0, 0, 0)
    assert (Entitlement.objects.count(), Notice.objects.count()) == before


def test_a_certificate_level_obtained_twice_is_one_occasion_and_a_higher_one_another() -> None:
    # given a welder in work, and the same junior certificate recorded twice over two saves
    welder = PersonFactory(employment_status=Person.EmploymentStatus.EMPLOYED)
    welding = Occupation.objects.filter(level=4).first()
    junior = {"name": "焊工职业技能等级证书", "occupation": welding, "level": CertificateLevel.JUNIOR,
              "issued_on": date(2026, 10, 9)}  # fmt: skip
    person_profile_save(person=welder, data={"certificates": [junior]})
    person_profile_save(
        person=welder, data={"certificates": [junior, {**junior, "issued_on": date(2026, 11, 1)}]}
    )

    # then one entitlement and one notice
    assert names(person=welder) == {"职工技能提升补贴（初级工）"}
    assert len(told(person=welder)) == 1

    # when an intermediate certificate follows: a new occasion
    intermediate = {**junior, "level": CertificateLevel.INTERMEDIATE, "issued_on": date(2026, 11, 20)}
    person_profile_save(person=welder, data={"certificates": [junior, intermediate]})
    assert names(person=welder) == {"职工技能提升补贴（初级工）", "职工技能提升补贴（中级工）"}
    assert len(told(person=welder)) == 2
    # and the daily check, run again, adds nothing
    assert subsidies_check().found == 0


def test_a_certificate_brings_the_skill_upgrade_subsidy_only_to_someone_in_work() -> None:
    # given someone out of work with a new junior certificate
    person = PersonFactory(employment_status=Person.EmploymentStatus.UNEMPLOYED)
    person_profile_save(person=person, data={"certificates": [
        {"name": "电工证", "level": CertificateLevel.JUNIOR, "issued_on": date(2026, 11, 2)}]})  # fmt: skip
    # then
    assert not Entitlement.objects.filter(person=person).exists()


def test_a_new_technician_brings_the_employer_that_hired_them_its_training_subsidy() -> None:
    # given someone hired through the service, who then becomes a technician
    person = PersonFactory()
    hire = hired_on(date(2026, 3, 2), person)
    Person.objects.filter(pk=person.pk).update(employment_status=Person.EmploymentStatus.EMPLOYED)
    person.refresh_from_db()
    person_profile_save(person=person, data={"certificates": [
        {"name": "数控车工技师", "level": CertificateLevel.TECHNICIAN, "issued_on": date(2026, 11, 2)}]})  # fmt: skip
    # then the employer is told of 3,500 yuan
    (entitlement,) = Entitlement.objects.filter(policy__key="new-technician")
    assert entitlement.employer == hire.vacancy.employer and entitlement.person == person
    assert "3500元" in told(employer=hire.vacancy.employer)[0].body


def test_a_shared_employee_placement_brings_its_organiser_1000_yuan_a_person() -> None:
    person = PersonFactory(home_region=region(DAYE))
    hire = hired_on(date(2026, 11, 2), person, work_type=WorkType.SHARED)
    assert names(employer=hire.vacancy.employer) == {"共享用工调剂就业创业服务补助"}


def test_a_policy_that_does_not_tell_yet_counts_those_eligible_and_tells_them_once_it_does() -> None:
    # given city staff hold the graduate subsidy back
    SubsidyPolicy.objects.filter(key="graduate-employment").update(tell=False)
    person = graduate(2026)
    hired_on(date(2026, 11, 2), person)
    entitlement = Entitlement.objects.get(person=person, policy__key="graduate-employment")
    assert entitlement.told_at is None and not told(person=person)

    # when they let it tell, in the admin (which queues the check), and the check runs
    city = Client()
    city.force_login(staff_user("city", "420200", groups=[CITY_STAFF]))
    policy = SubsidyPolicy.objects.get(key="graduate-employment")
    url = reverse("admin:jobs_subsidypolicy_change", args=[policy.pk])
    form = {k: v for k, v in city.get(url).context["adminform"].form.initial.items() if v is not None}
    assert (
        city.post(url, {**form, "conditions": json.dumps(policy.conditions), "tell": "on"}).status_code == 302
    )
    with time_machine.travel(at_noon(date(2026, 11, 3)), tick=False):
        assert subsidies_check().told == 1
    # then
    assert len(told(person=person)) == 1


def test_a_policy_whose_conditions_break_a_rule_is_refused_in_the_admin_naming_it() -> None:
    city = Client()
    city.force_login(staff_user("city", "420200", groups=[CITY_STAFF]))
    policy = SubsidyPolicy.objects.get(key="graduate-employment")
    url = reverse("admin:jobs_subsidypolicy_change", args=[policy.pk])
    form = {k: v for k, v in city.get(url).context["adminform"].form.initial.items() if v is not None}
    refused = city.post(url, {**form, "conditions": '[{"fact": "age", "op": "at_most", "value": 35}]'})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["conditions"] == ["条件1：未知的事实'age'"]
    assert SubsidyPolicy.objects.get(pk=policy.pk).conditions == policy.conditions


# --- claims ----------------------------------------------------------------------------------


@pytest.fixture
def graduate_hired() -> tuple[Person, Match]:
    person = graduate(2026)
    return person, hired_on(date(2026, 11, 2), person)


def signed_in_seeker(person: Person) -> APIClient:
    user = get_user_model().objects.create_user(username=f"seeker-{person.pk}")
    SeekerAccount.objects.create(user=user, person=person)
    return as_token(AuthToken.objects.create(user)[1])


def signed_in_employer(match: Match) -> APIClient:
    user = get_user_model().objects.create_user(username=f"hr-{match.pk}")
    EmployerAccount.objects.create(user=user, employer=match.vacancy.employer, name="HR", phone="13700000000")
    return as_token(AuthToken.objects.create(user)[1])


def test_a_claim_goes_applied_approved_paid_once(graduate_hired: tuple[Person, Match]) -> None:
    person, hire = graduate_hired
    me, hr = signed_in_seeker(person), signed_in_employer(hire)
    city = as_token(AuthToken.objects.create(staff_user("city", "420200", groups=[CITY_STAFF]))[1])

    # the person sees what they may claim, and applies
    (mine,) = me.get("/api/v1/me/subsidies/").json()["results"]
    assert mine["policy"]["name"] == "高校毕业生一次性就业补贴" and mine["policy"]["amount"] == "1000元"
    assert mine["status"] == "eligible" and "毕业证书" in mine["policy"]["evidence"]
    assert me.post(f"/api/v1/me/subsidies/{mine['id']}/apply/").json()["status"] == "applied"
    assert me.post(f"/api/v1/me/subsidies/{mine['id']}/apply/").status_code == 400  # once
    # the employer sees its own two, with whom they are for
    theirs = hr.get("/api/v1/employer/subsidies/").json()["results"]
    assert {e["policy"]["name"] for e in theirs} == set(GRADUATES_EMPLOYER) and theirs[0][
        "person"
    ] == person.name

    # city staff approve at the policy's amount and pay; paying again is refused
    decide = f"/api/v1/staff/subsidies/{mine['id']}/decide/"
    assert city.post(decide, {"status": "paid", "paid_on": "2026-11-20"}, format="json").status_code == 400
    approved = city.post(decide, {"status": "approved"}, format="json").json()
    assert (approved["status"], approved["amount_yuan"]) == ("approved", 1000)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert city.post(decide, {"status": "paid", "paid_on": future}, format="json").json()["fields"][
        "paid_on"
    ] == ["发放日期：不能晚于今天"]
    assert (
        city.post(decide, {"status": "paid", "paid_on": "2026-11-20"}, format="json").json()["status"]
        == "paid"
    )
    again = city.post(decide, {"status": "paid", "paid_on": "2026-11-21"}, format="json")
    assert again.status_code == 400 and "status" in again.json()["fields"]
    paid = Entitlement.objects.get(pk=mine["id"])
    assert (paid.status, paid.paid_on, paid.amount_yuan) == (EntitlementStatus.PAID, date(2026, 11, 20), 1000)

    # and the progress per station and policy counts it
    rows = {r["policy_name"]: r for r in city.get("/api/v1/staff/subsidies/progress/").json()}
    assert (rows["高校毕业生一次性就业补贴"]["paid"], rows["高校毕业生一次性就业补贴"]["paid_yuan"]) == (
        1,
        1000,
    )
    assert rows["一次性扩岗补助"]["told"] == 1


def test_a_refusal_needs_a_reason_and_an_amount_the_policy_leaves_open_is_staffs(
    graduate_hired: tuple[Person, Match],
) -> None:
    _person, hire = graduate_hired
    city = as_token(AuthToken.objects.create(staff_user("city", "420200", groups=[CITY_STAFF]))[1])
    grant = Entitlement.objects.get(policy__key="graduate-job-expansion", employer=hire.vacancy.employer)
    signed_in_employer(hire).post(f"/api/v1/employer/subsidies/{grant.pk}/apply/")
    decide = f"/api/v1/staff/subsidies/{grant.pk}/decide/"

    refused = city.post(decide, {"status": "refused"}, format="json").json()["fields"]
    assert refused == {"refusal_reason": ["不予发放原因：必填"]}
    approved = city.post(decide, {"status": "approved"}, format="json").json()["fields"]
    assert approved == {"amount_yuan": ["金额：必填，该政策未定金额"]}
    assert (
        city.post(decide, {"status": "approved", "amount_yuan": 1500}, format="json").json()["amount_yuan"]
        == 1500
    )


def test_nobody_but_the_claimant_applies_and_only_permitted_staff_of_the_area_decide(
    graduate_hired: tuple[Person, Match],
) -> None:
    person, hire = graduate_hired
    mine = Entitlement.objects.get(person=person, policy__key="graduate-employment")
    grant = Entitlement.objects.get(policy__key="graduate-job-expansion")
    someone_else = signed_in_seeker(PersonFactory())
    other_employer = EmployerFactory()
    user = get_user_model().objects.create_user(username="other-hr")
    EmployerAccount.objects.create(user=user, employer=other_employer, name="HR", phone="13700000001")
    other_hr = as_token(AuthToken.objects.create(user)[1])
    station = as_token(AuthToken.objects.create(staff_user("desk", DAYE, groups=[STATION_STAFF]))[1])
    neighbour = as_token(AuthToken.objects.create(staff_user("zx", "420881", groups=[CITY_STAFF]))[1])

    # another person and another employer find nothing of theirs, and cannot apply
    assert someone_else.get("/api/v1/me/subsidies/").json()["results"] == []
    assert someone_else.post(f"/api/v1/me/subsidies/{mine.pk}/apply/").status_code == 404
    assert other_hr.get("/api/v1/employer/subsidies/").json()["results"] == []
    assert other_hr.post(f"/api/v1/employer/subsidies/{grant.pk}/apply/").status_code == 404
    # the person cannot apply for the employer's, nor the employer for the person's
    assert signed_in_seeker(person).post(f"/api/v1/me/subsidies/{grant.pk}/apply/").status_code == 404
    assert signed_in_employer(hire).post(f"/api/v1/employer/subsidies/{mine.pk}/apply/").status_code == 404
    # nobody signed in reaches none of it
    for url in ("/api/v1/me/subsidies/", "/api/v1/employer/subsidies/", "/api/v1/staff/subsidies/"):
        assert APIClient().get(url).status_code in (401, 403)

    # the station's staff record an application at the desk, but do not decide
    assert station.post(f"/api/v1/staff/subsidies/{mine.pk}/apply/").json()["status"] == "applied"
    assert station.post(f"/api/v1/staff/subsidies/{mine.pk}/decide/", {"status": "approved"},
                        format="json").status_code == 403  # fmt: skip
    # the next county's city staff see none of it
    assert neighbour.get("/api/v1/staff/subsidies/").json()["results"] == []
    assert neighbour.post(f"/api/v1/staff/subsidies/{mine.pk}/decide/", {"status": "approved"},
                          format="json").status_code == 404  # fmt: skip
    mine.refresh_from_db()
    assert mine.status == EntitlementStatus.APPLIED and mine.applied_by is not None


def test_the_policies_in_force_are_public() -> None:
    SubsidyPolicy.objects.filter(key="new-technician").update(active=False)
    listed = APIClient().get("/api/v1/subsidy-policies/").json()["results"]
    assert len(listed) == 12 and "new-technician" not in {p["key"] for p in listed}
    assert {"name", "document", "article", "amount", "evidence", "how_to_claim"} <= set(listed[0])


def test_staff_record_a_claim_step_in_the_admin_and_see_the_progress(
    graduate_hired: tuple[Person, Match],
) -> None:
    person, _hire = graduate_hired
    mine = Entitlement.objects.get(person=person, policy__key="graduate-employment")
    desk = Client()
    desk.force_login(staff_user("desk", DAYE, groups=[STATION_STAFF]))
    url = reverse("admin:jobs_entitlement_change", args=[mine.pk])

    # the desk may only record the application
    choices = [value for value, _ in desk.get(url).context["adminform"].form.fields["status"].choices]
    assert choices == ["eligible", "applied"]
    assert desk.post(url, {"status": "applied"}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == EntitlementStatus.APPLIED

    # city staff refuse, naming why; without a reason the form says so
    city = Client()
    city.force_login(staff_user("city", "420200", groups=[CITY_STAFF]))
    refused = city.post(url, {"status": "refused"})
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["refusal_reason"]
    assert city.post(url, {"status": "refused", "refusal_reason": "已在外地享受"}).status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.refusal_reason) == (EntitlementStatus.REFUSED, "已在外地享受")
    page = city.get(reverse("admin:jobs_entitlement_changelist")).content.decode()
    assert "高校毕业生一次性就业补贴" in page
    assert city.get(reverse("admin:jobs_entitlement_add")).status_code == 403


def test_staff_run_the_check_by_hand_and_a_second_run_finds_nothing() -> None:
    import io

    from django.core.management import call_command

    welder = PersonFactory(employment_status=Person.EmploymentStatus.EMPLOYED)
    PersonCertificate.objects.create(person=welder, name="焊工证", level=CertificateLevel.SENIOR,
                                     issued_on=timezone.localdate() - timedelta(days=30))  # fmt: skip
    out = io.StringIO()
    call_command("check_subsidies", stdout=out)
    call_command("check_subsidies", "--person", str(welder.pk), stdout=out)
    first, second = out.getvalue().splitlines()
    assert "1 entitlements found; 1 told" in first and "0 entitlements found; 0 told" in second
    assert names(person=welder) == {"职工技能提升补贴（高级工）"}


def test_a_one_time_subsidy_is_found_once_whoever_hires_the_person_and_however_often() -> None:
    # given a graduate hired, then hired again by another employer
    person = graduate(2026)
    first = hired_on(date(2026, 9, 1), person)
    second = hired_on(date(2026, 11, 2), person)
    # then the person's one-time subsidy and each employer grant are the first hire's only
    assert Entitlement.objects.filter(person=person, policy__key="graduate-employment").count() == 1
    assert names(employer=first.vacancy.employer) == set(GRADUATES_EMPLOYER)
    assert not names(employer=second.vacancy.employer)
    assert len(told(person=person)) == 1


def test_a_policy_is_for_the_people_of_its_area_and_the_days_it_is_in_force() -> None:
    # given a graduate of 京山 (not 黄石), and one of 大冶 hired after the policy's last day
    jingshan = PersonFactory(graduation_year=2026, education=Education.BACHELOR, home_region=region("420882"))
    late = graduate(2026)
    SubsidyPolicy.objects.filter(key="graduate-employment").update(valid_until=date(2026, 10, 31))
    # when both are hired in November
    hired_on(date(2026, 11, 2), jingshan)
    hired_on(date(2026, 11, 2), late)
    # then neither has the Huangshi one-time subsidy
    assert not Entitlement.objects.filter(policy__key="graduate-employment").exists()
    assert Entitlement.objects.filter(person=late, policy__key="graduate-job-expansion").exists()
    assert not Entitlement.objects.filter(person=jingshan).exists()


def test_a_secondary_school_leaver_is_not_a_university_graduate() -> None:
    person = PersonFactory(graduation_year=2026, education=Education.SENIOR_HIGH, home_region=region(DAYE))
    hired_on(date(2026, 11, 2), person)
    assert not Entitlement.objects.filter(person=person).exists()


def test_a_policy_someone_was_found_eligible_for_keeps_whom_it_pays_and_city_staff_keep_to_their_area(
    graduate_hired: tuple[Person, Match],
) -> None:
    policy = SubsidyPolicy.objects.get(key="graduate-employment")
    url = reverse("admin:jobs_subsidypolicy_change", args=[policy.pk])
    city = Client()
    city.force_login(staff_user("city", "420200", groups=[CITY_STAFF]))
    form = {k: v for k, v in city.get(url).context["adminform"].form.initial.items() if v is not None}
    form["conditions"] = json.dumps(policy.conditions)

    # whom it pays cannot change once someone was found eligible
    refused = city.post(url, {**form, "paid_to": "employer"})
    assert refused.status_code == 200 and "paid_to" in refused.context["adminform"].form.errors
    # a condition of the wrong shape is an error on the field, not a crash
    broken = city.post(url, {**form, "conditions": '[{"fact": ["age"], "op": {}, "value": [true]}]'})
    assert broken.status_code == 200 and broken.context["adminform"].form.errors["conditions"]
    # nor may it be moved out of their area
    moved = city.post(url, {**form, "area": "420882"})
    assert moved.status_code == 200 and "area" in moved.context["adminform"].form.errors
    # and the city staff of 荆门 cannot change 黄石's at all
    other = Client()
    other.force_login(staff_user("jingmen", "420800", groups=[CITY_STAFF]))
    assert other.post(url, {**form, "tell": ""}).status_code == 403
    assert (
        SubsidyPolicy.objects.get(pk=policy.pk).paid_to == "person"
        and SubsidyPolicy.objects.get(pk=policy.pk).tell
    )
