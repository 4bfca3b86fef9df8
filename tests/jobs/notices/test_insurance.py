"""Social-insurance transfer guidance, as the rules staff keep say: for a migrant worker back
home and on a hire, scheme by scheme, the most specific rule for the move. A pair of regions
with a rule of its own (东莞 → 京山, home again: Jingshan's green channel) and two without (深圳
→ 黄石, 武汉 → 京山: the national rules)."""

from __future__ import annotations

from datetime import date

import pytest

from jobs.models import InsuranceScheme, InsuranceTransferRule, MigrantRecord, Person
from jobs.services.migrants import migrant_record_save
from matching.models import MatchStatus
from matching.services.lifecycle import match_set_status
from tests.factories import EmployerFactory, VacancyFactory, region
from tests.jobs.notices.builders import TODAY, a_seeker, match, notices
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db

JINGSHAN, DONGGUAN = "420882", "441900"
GREEN_CHANNEL = "当天受理、当天办结"
PENSION_ONLINE = "国家社会保险公共服务平台"


def home_from(insured_in: str, home: str = JINGSHAN) -> Person:
    """Someone of ``home`` recorded as back today from work in ``insured_in``, insured there."""
    person = a_seeker(home_region=region(home))
    away = MigrantRecord(person=person, work_region=region(insured_in), insurance_region=region(insured_in),
                         started_on=date(2020, 3, 1))  # fmt: skip
    migrant_record_save(record=away)
    away.returned_on = TODAY
    migrant_record_save(record=away)
    return person


def guidance(**filters: object) -> Notice:
    return Notice.objects.get(kind=NoticeKind.INSURANCE_TRANSFER, channel=Channel.INBOX, **filters)


def test_a_returnee_from_a_pair_with_a_rule_of_its_own_is_told_the_green_channel_once() -> None:
    # given a migrant worker from 京山市 insured in 东莞, recorded as back (and saved again)
    person = home_from(DONGGUAN)
    migrant_record_save(record=MigrantRecord.objects.get(person=person, is_current=True))

    # then one guidance: the pension by the national measures, medical insurance the same day
    inbox = guidance()
    assert inbox.title == "社保转移接续办理提示"
    assert "东莞" in inbox.body and "京山" in inbox.body and "欢迎返乡！" in inbox.body
    pension, medical = inbox.body.splitlines()[1:]
    assert (
        pension.startswith("1. 基本养老保险：")
        and PENSION_ONLINE in pension
        and "国办发〔2009〕66号" in pension
    )
    assert medical.startswith("2. 基本医疗保险：到京山市医疗保障局") and GREEN_CHANNEL in medical
    assert "京政办发〔2023〕23号" in medical


def test_a_returnee_between_two_places_without_a_rule_of_their_own_is_told_the_national_ones() -> None:
    # given someone of 黄石港区 back from 深圳: no rule names either place
    home_from("440304", home="420202")

    body = guidance().body
    assert "15个工作日" in body and GREEN_CHANNEL not in body and PENSION_ONLINE in body


def test_a_move_inside_one_province_moves_only_the_medical_insurance() -> None:
    # given someone of 京山市 back from 武汉: one province (one pension pool), two cities
    home_from("420102")

    body = guidance().body
    assert "基本养老保险" not in body and "1. 基本医疗保险" in body and GREEN_CHANNEL in body


def test_a_returnee_insured_at_home_or_in_the_same_city_needs_no_transfer() -> None:
    home_from(JINGSHAN)
    home_from("420881")  # 钟祥市: another county-level city of 荆门, one pool with 京山

    assert not notices(NoticeKind.INSURANCE_TRANSFER)


def test_someone_hired_elsewhere_than_they_are_insured_in_and_the_employer_are_told_how_to_move_it() -> None:
    # given a migrant worker insured in 东莞, hired for a vacancy in 京山市 (not a return)
    person = a_seeker(home_region=region(JINGSHAN), name="王五")
    MigrantRecord.objects.create(person=person, work_region=region(DONGGUAN), insurance_region=region(DONGGUAN),
                                 started_on=date(2020, 3, 1), is_current=True)  # fmt: skip
    employer = EmployerFactory(region=region(JINGSHAN), contact_phone="13900000000")
    pair = match(person, VacancyFactory(employer=employer, region=region(JINGSHAN)), 1)

    # when
    match_set_status(match=pair, status=MatchStatus.HIRED, by="employer")

    # then the person hears the national rules (the green channel is for returnees)
    to_person = guidance(person=person)
    assert "您已在新单位就业，" in to_person.body and "东莞" in to_person.body
    assert GREEN_CHANNEL not in to_person.body and "15个工作日" in to_person.body
    # and the employer, who insures them here, without being told where they were insured
    to_employer = guidance(employer=employer)
    assert to_employer.title == "新录用职工社保转移接续提示"
    assert "王五" in to_employer.body and "参保登记" in to_employer.body and "东莞" not in to_employer.body
    assert Notice.objects.filter(
        kind=NoticeKind.INSURANCE_TRANSFER, employer=employer, channel=Channel.SMS
    ).exists()


def test_the_rules_staff_keep_decide_what_is_told() -> None:
    # given staff add a rule for moves from 广东 to 京山 and take the national pension one out of force
    InsuranceTransferRule.objects.create(
        scheme=InsuranceScheme.MEDICAL, from_area=region("440000"), to_area=region(JINGSHAN), returnees_only=True,
        office="京山市政务服务中心医保窗口", documents="居民身份证", takes="即时办结", document="某文件",
    )  # fmt: skip
    InsuranceTransferRule.objects.filter(scheme=InsuranceScheme.PENSION).update(active=False)

    # when someone comes home from 东莞
    home_from(DONGGUAN)
    body = guidance().body

    # then the rule naming the origin wins over the green channel, and no pension office is guessed
    assert body.splitlines()[1:] == [
        "1. 基本医疗保险：到京山市政务服务中心医保窗口办理，携带居民身份证，即时办结。依据：某文件。"
    ]


def test_with_no_rule_in_force_nothing_is_told() -> None:
    InsuranceTransferRule.objects.update(active=False)

    home_from(DONGGUAN)

    assert not notices(NoticeKind.INSURANCE_TRANSFER)
