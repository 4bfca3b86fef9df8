"""A match moving on, told to the other side; a hire's subsidies and insurance guidance."""

from __future__ import annotations

from datetime import date

import pytest

from jobs.models import Education, HardshipRecord, HardToEmployProfile, Vacancy, WorkType
from jobs.models.hardship import HardshipCategory
from matching.models import MatchStatus
from matching.services.lifecycle import match_invite, match_set_status
from tests.factories import EmployerFactory, VacancyFactory, region
from tests.jobs.notices.builders import TODAY, a_seeker, match, notices
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db


def test_an_application_tells_the_employer_and_a_hire_tells_the_person() -> None:
    # given a match
    employer = EmployerFactory(name="京山轻机", contact_phone="13900139000")
    pair = match(a_seeker(), VacancyFactory(employer=employer, title="装配工", status=Vacancy.Status.OPEN), 1)

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
    # no subsidy: the person is neither in the hard-to-employ registry nor a recent graduate
    assert not notices(NoticeKind.SUBSIDY)


def test_an_invitation_tells_the_person_once() -> None:
    # given a match
    pair = match(a_seeker(), VacancyFactory(title="仓管员", employer=EmployerFactory(name="京山物流")), 1)

    # when the employer invites them twice
    match_invite(match=pair)
    match_invite(match=pair)

    # then
    (inbox,) = notices(NoticeKind.APPLICATION, channel=Channel.INBOX)
    assert inbox.title == "京山物流邀请您应聘“仓管员”"


def test_hiring_a_graduate_in_the_hard_to_employ_registry_tells_both_sides_what_they_may_claim() -> None:
    # given a university graduate of last year in Huangshi's hard-to-employ registry
    person = a_seeker(name="赵六", graduation_year=TODAY.year - 1, education=Education.BACHELOR,
                      home_region=region("420281"))  # fmt: skip
    profile = HardToEmployProfile.objects.create(person=person, registered_on=date(2026, 1, 5))
    HardshipRecord.objects.create(profile=profile, category=HardshipCategory.UNEMPLOYED_GRADUATE)
    pair = match(
        person, VacancyFactory(title="文员", status=Vacancy.Status.OPEN, work_type=WorkType.PART_TIME), 1
    )

    # when staff record the part-time hire
    match_set_status(match=pair, status=MatchStatus.HIRED, by="staff")

    # then one notice to each side names every policy of the occasion, with its amount
    to_person = Notice.objects.get(kind=NoticeKind.SUBSIDY, person=person, channel=Channel.INBOX)
    to_employer = Notice.objects.get(
        kind=NoticeKind.SUBSIDY, employer=pair.vacancy.employer, channel=Channel.INBOX
    )
    assert to_person.title == "您可以申领2项补贴"
    assert "高校毕业生一次性就业补贴（1000元）" in to_person.body
    assert "就业困难人员灵活就业社会保险补贴（按当地标准）" in to_person.body
    assert to_employer.title == "贵单位可以申领3项补贴" and "赵六" in to_employer.body
    for name in ("一次性扩岗补助", "招用高校毕业生社会保险补贴（1年）", "吸纳就业困难人员社会保险补贴"):
        assert name in to_employer.body
    # staff made the change: both sides hear of the hire
    assert len(notices(NoticeKind.APPLICATION, channel=Channel.INBOX)) == 2
