"""Each kind of notice: who gets it, over which channels, what it says (in Chinese), and that
the event that causes it writes it once."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs.models import HardshipRecord, HardToEmployProfile, MigrantRecord, Person, TrainingCourse, Vacancy
from jobs.models.hardship import HardshipCategory, WarningTier
from jobs.services.migrants import migrant_record_save
from matching.models import Match, MatchEvent, MatchStatus
from matching.services.matches import match_set_status
from tests.factories import EmployerFactory, PersonFactory, SkillFactory, VacancyFactory, region, staff_user
from workers.messages import (
    candidate_digests_write,
    job_match_digests_write,
    render,
    training_offers_write,
)
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def seeker(**extra: Any) -> Person:
    fields = {"consent_matching": True, "consent_recorded_at": timezone.now(), "is_seeking": True,
              "notify_sms": True, **extra}  # fmt: skip
    return PersonFactory(**fields)  # type: ignore[no-any-return]


def match(person: Person, vacancy: Vacancy, rank: int, **extra: Any) -> Match:
    fields = {"score": 0.9 - rank / 100, "person_rank": rank, "vacancy_rank": rank,
              "explanation": {"distance_km": 3.4, "shared_skills": ["叉车驾驶"], "missing_skills": []}, **extra}  # fmt: skip
    return Match.objects.create(person=person, vacancy=vacancy, **fields)  # type: ignore[no-any-return]


def notices(kind: str, **where: Any) -> list[Notice]:
    return list(Notice.objects.filter(kind=kind, **where).order_by("channel"))


def test_a_person_gets_one_digest_a_day_of_their_three_best_new_matches() -> None:
    # given five matches, none told yet
    person = seeker()
    jobs = [VacancyFactory(title=f"岗位{i}", status=Vacancy.Status.OPEN) for i in range(5)]
    for rank, job in enumerate(jobs, start=1):
        match(person, job, rank)

    # when the digest runs twice today
    first = job_match_digests_write(today=TODAY)
    again = job_match_digests_write(today=TODAY)

    # then one digest, in the inbox and by SMS, naming the three best in order
    assert (first, again) == (1, 0)
    inbox, text = notices(NoticeKind.JOB_MATCH, person=person)
    assert (inbox.channel, text.channel) == (Channel.INBOX, Channel.SMS)
    assert inbox.title == "为您推荐3个新岗位"
    assert inbox.body.index("1. 岗位0") < inbox.body.index("2. 岗位1") < inbox.body.index("3. 岗位2")
    assert "岗位3" not in inbox.body and "距您约3公里" in inbox.body and "4500–6500元" in inbox.body
    told = Match.objects.filter(status=MatchStatus.NOTIFIED).values_list("vacancy__title", flat=True)
    assert sorted(told) == ["岗位0", "岗位1", "岗位2"]
    assert MatchEvent.objects.filter(status=MatchStatus.NOTIFIED, by="system").count() == 3

    # and tomorrow's digest brings the other two
    assert job_match_digests_write(today=TODAY + timedelta(days=1)) == 1
    latest = Notice.objects.filter(kind=NoticeKind.JOB_MATCH, channel=Channel.INBOX).order_by("-pk")[0]
    assert latest.title == "为您推荐2个新岗位" and "岗位3" in latest.body


def test_a_digest_goes_by_the_channels_the_person_chose() -> None:
    # given someone who turned SMS off and email on
    person = seeker(notify_sms=False, notify_email=True, email="li@example.com")
    match(person, VacancyFactory(status=Vacancy.Status.OPEN), 1)

    # when
    job_match_digests_write(today=TODAY)

    # then
    assert [n.channel for n in notices(NoticeKind.JOB_MATCH)] == [Channel.EMAIL, Channel.INBOX]


def test_an_employer_hears_how_many_new_candidates_a_vacancy_has_without_who_they_are() -> None:
    # given a vacancy with two candidates
    employer = EmployerFactory(contact_phone="13900139000")
    job = VacancyFactory(employer=employer, title="焊工", status=Vacancy.Status.OPEN)
    for rank in (1, 2):
        match(seeker(name=f"王{rank}"), job, rank)

    # when the candidate notices run twice
    assert candidate_digests_write(today=TODAY) == 1
    assert candidate_digests_write(today=TODAY) == 0

    # then the employer's inbox and its contact's phone have the count, and no names
    inbox, text = notices(NoticeKind.CANDIDATES, employer=employer)
    assert (inbox.channel, text.channel) == (Channel.INBOX, Channel.SMS)
    assert inbox.title == "“焊工”有2位新的合适人选"
    assert "叉车驾驶" in inbox.body and "王" not in inbox.body
    assert inbox.region_id == employer.region_id

    # and on a later day only candidates listed since are counted
    match(seeker(), job, 3)
    assert candidate_digests_write(today=TODAY + timedelta(days=1)) == 1
    latest = Notice.objects.filter(kind=NoticeKind.CANDIDATES, channel=Channel.INBOX).order_by("-pk")[0]
    assert latest.title == "“焊工”有1位新的合适人选"


def test_an_application_tells_the_employer_and_a_hire_tells_the_person() -> None:
    # given a match
    employer = EmployerFactory(name="京山轻机", contact_phone="13900139000")
    pair = match(seeker(), VacancyFactory(employer=employer, title="装配工", status=Vacancy.Status.OPEN), 1)

    # when the person applies, then the employer hires them
    match_set_status(match=pair, status=MatchStatus.APPLIED, by="person")
    applied = notices(NoticeKind.APPLICATION)
    match_set_status(match=pair, status=MatchStatus.HIRED, by="employer")

    # then the application went to the employer only, the hire to the person only
    assert {(n.employer_id, n.person_id) for n in applied} == {(employer.pk, None)}
    assert applied[0].title == "有求职者投递“装配工”"
    hired = [n for n in notices(NoticeKind.APPLICATION) if n.person_id]
    assert [n.channel for n in hired] == [Channel.INBOX, Channel.SMS]
    assert hired[0].title == "恭喜您被“装配工”录用" and "京山轻机" in hired[0].body
    # no subsidy: the person is not in the hard-to-employ registry
    assert not notices(NoticeKind.SUBSIDY)


def test_hiring_an_unemployed_graduate_tells_both_sides_which_subsidies_they_may_claim() -> None:
    # given a graduate in the hard-to-employ registry
    person = seeker(name="赵六")
    profile = HardToEmployProfile.objects.create(person=person, registered_on=TODAY)
    HardshipRecord.objects.create(profile=profile, category=HardshipCategory.UNEMPLOYED_GRADUATE)
    pair = match(person, VacancyFactory(title="文员", status=Vacancy.Status.OPEN), 1)

    # when staff record the hire
    match_set_status(match=pair, status=MatchStatus.HIRED, by="staff")

    # then
    to_person = Notice.objects.get(kind=NoticeKind.SUBSIDY, person=person, channel=Channel.INBOX)
    to_employer = Notice.objects.get(
        kind=NoticeKind.SUBSIDY, employer=pair.vacancy.employer, channel=Channel.INBOX
    )
    assert "就业困难人员社会保险补贴" in to_person.body and "高校毕业生一次性就业补贴" in to_person.body
    assert "赵六" in to_employer.body and "一次性扩岗补助" in to_employer.body
    # staff made the change: both sides hear of the hire
    assert len(notices(NoticeKind.APPLICATION, channel=Channel.INBOX)) == 2


def test_a_returning_migrant_insured_elsewhere_is_told_how_to_move_it_once() -> None:
    # given a migrant worker from 京山市 insured in 东莞
    person = seeker(home_region=region("420882"))
    away = MigrantRecord(person=person, work_region=region("441900"), insurance_region=region("441900"),
                         started_on=date(2020, 3, 1))  # fmt: skip
    migrant_record_save(record=away)
    assert not notices(NoticeKind.INSURANCE_TRANSFER)

    # when they are recorded as back, and the record is saved again
    away.returned_on = TODAY
    migrant_record_save(record=away)
    migrant_record_save(record=away)

    # then one guidance, naming both places
    inbox = Notice.objects.get(kind=NoticeKind.INSURANCE_TRANSFER, channel=Channel.INBOX)
    assert inbox.title == "社保转移接续办理提示"
    assert "东莞" in inbox.body and "京山" in inbox.body and "12333" in inbox.body


def test_a_returning_migrant_insured_at_home_needs_no_transfer() -> None:
    person = seeker(home_region=region("420882"))
    record = MigrantRecord(person=person, work_region=region("441900"), insurance_region=region("420882"),
                           started_on=date(2020, 3, 1), returned_on=TODAY)  # fmt: skip

    migrant_record_save(record=record)

    assert not notices(NoticeKind.INSURANCE_TRANSFER)


def test_a_raised_warning_tier_saved_in_the_admin_tells_the_case_worker() -> None:
    # given a profile with a case worker
    worker = staff_user("caseworker", "420882")
    type(worker).objects.filter(pk=worker.pk).update(email="cw@example.com")
    worker.refresh_from_db()
    admin_user = staff_user("admin", None, superuser=True)
    person = seeker(name="孙七")
    profile = HardToEmployProfile.objects.create(person=person, registered_on=TODAY, case_worker=worker,
                                                 tier=WarningTier.BLUE)  # fmt: skip
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:jobs_hardtoemployprofile_change", args=[profile.pk])
    form = {
        "person": person.pk, "tier": WarningTier.RED, "tier_reasons": "零就业家庭", "case_worker": worker.pk,
        "registered_on": TODAY.isoformat(),
        **{f"{prefix}-{field}": value for prefix in ("categories", "assistance")
           for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))},
    }  # fmt: skip

    # when the tier is raised, then the form saved again unchanged
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302

    # then the case worker has one notice in the inbox and by email
    told = notices(NoticeKind.WARNING_TIER)
    assert [(n.user_id, n.channel) for n in told] == [(worker.pk, Channel.EMAIL), (worker.pk, Channel.INBOX)]
    assert told[0].title == "孙七的预警等级变为红色"
    assert "1131" in told[0].body and "零就业家庭" in told[0].body


def test_a_course_teaching_what_a_persons_best_matches_ask_for_is_offered_once() -> None:
    # given a person whose best match asks for welding, and courses nearby and far away
    welding = SkillFactory(name="电焊")
    person = seeker(home_region=region("420882"))
    match(person, VacancyFactory(status=Vacancy.Status.OPEN), 1,
          explanation={"missing_skills": ["电焊"], "shared_skills": []})  # fmt: skip
    near = TrainingCourse.objects.create(
        name="电焊工培训班", provider="京山职校", region=region("420882"), starts_on=TODAY + timedelta(days=10),
        ends_on=TODAY + timedelta(days=40), hours=120, capacity=30, fee_yuan=1500, subsidy_yuan=1500,
    )  # fmt: skip
    far = TrainingCourse.objects.create(
        name="远方电焊班", provider="外地", region=region("441900"), starts_on=TODAY + timedelta(days=5),
        ends_on=TODAY + timedelta(days=30), hours=80, capacity=30,
    )  # fmt: skip
    near.skills.add(welding)
    far.skills.add(welding)

    # when the weekly offers run twice
    first = training_offers_write(today=TODAY)
    again = training_offers_write(today=TODAY)

    # then the nearby course is offered once, free
    assert (first, again) == (2, 0)  # inbox and SMS
    inbox = Notice.objects.get(kind=NoticeKind.TRAINING, channel=Channel.INBOX)
    assert inbox.title == "适合您的培训：电焊工培训班"
    assert "电焊" in inbox.body and "免费" in inbox.body and "远方" not in inbox.body


def test_texts_are_not_html_escaped() -> None:
    title, body = render(NoticeKind.CANDIDATES, title="A&B <组长>", count=1, best_skills="")
    assert title == "“A&B <组长>”有1位新的合适人选"
    assert "&amp;" not in body
