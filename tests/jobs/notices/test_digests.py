"""New matches told: a person's daily digest and an employer's candidate notices."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobs.models import Vacancy
from jobs.notices.digests import candidate_digests_write, job_match_digests_write
from matching.models import Match, MatchEvent, MatchStatus
from tests.factories import EmployerFactory, VacancyFactory
from tests.jobs.notices.builders import TODAY, a_seeker, match, notices
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db


def test_a_person_gets_one_digest_a_day_of_their_three_best_new_matches() -> None:
    # given five matches, none told yet
    person = a_seeker()
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
    assert (
        "岗位3" not in inbox.body
        and "距您约3公里" in inbox.body
        and "4500–6500元/月" in inbox.body
        and "元（" not in inbox.body
    )
    told = Match.objects.filter(status=MatchStatus.NOTIFIED).values_list("vacancy__title", flat=True)
    assert sorted(told) == ["岗位0", "岗位1", "岗位2"]
    assert MatchEvent.objects.filter(status=MatchStatus.NOTIFIED, by="system").count() == 3

    # and tomorrow's digest brings the other two
    assert job_match_digests_write(today=TODAY + timedelta(days=1)) == 1
    latest = Notice.objects.filter(kind=NoticeKind.JOB_MATCH, channel=Channel.INBOX).order_by("-pk")[0]
    assert latest.title == "为您推荐2个新岗位" and "岗位3" in latest.body


def test_a_digest_goes_by_the_channels_the_person_chose() -> None:
    # given someone who turned SMS off and email on
    person = a_seeker(notify_sms=False, notify_email=True, email="li@example.com")
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
        match(a_seeker(name=f"王{rank}"), job, rank)

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
    match(a_seeker(), job, 3)
    assert candidate_digests_write(today=TODAY + timedelta(days=1)) == 1
    latest = Notice.objects.filter(kind=NoticeKind.CANDIDATES, channel=Channel.INBOX).order_by("-pk")[0]
    assert latest.title == "“焊工”有1位新的合适人选"


def test_a_job_in_the_persons_own_county_is_said_to_be_there_not_a_kilometre_away() -> None:
    # given a match measured between two places at the county's centre (0.0 km)
    person = a_seeker()
    match(person, VacancyFactory(title="叉车司机", status=Vacancy.Status.OPEN), 1,
          explanation={"distance_km": 0.0, "shared_skills": [], "missing_skills": []})  # fmt: skip
    # when
    job_match_digests_write(today=TODAY)
    # then
    inbox, _sms = notices(NoticeKind.JOB_MATCH, person=person)
    assert "就在您所在的县（市、区）" in inbox.body and "公里" not in inbox.body
