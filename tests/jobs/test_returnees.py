"""Returning migrant workers: local jobs and training ahead of an expected return, a "接您回家"
campaign before each holiday (its day computed from the lunar calendar, sent in the window staff
approve, with its progress kept, never twice to one person), and the case worker's call once
someone is back. The edges: a lunar holiday across the year end, a return date moved after the
campaign was prepared, the daily run twice, a send interrupted."""

from __future__ import annotations

import importlib
from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from jobs.models import GigStation, MigrantRecord, Person, ReturnCampaign, ReturneeCall, SupportRules
from jobs.models.returnees import CampaignStatus
from jobs.notices import returnees as returnee_notices
from jobs.notices.plans import plan_digests_write
from jobs.selectors.exports import person_export
from jobs.services import returnees
from jobs.services.accounts import seeker_delete
from jobs.services.festivals import festival_days, festivals_within
from jobs.services.migrants import migrant_back_home, migrant_record_save
from jobs.services.returnees import (
    campaign_approve,
    campaign_cancel,
    campaign_send,
    campaigns_prepare,
    returnee_call_done,
    returnee_offers_due,
    returnees_daily,
)
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from tests.api.conftest import as_token
from tests.factories import EmployerFactory, VacancyFactory, region, staff_user
from tests.jobs.notices.builders import a_seeker, match
from workers.models import Channel, Notice, NoticeKind
from workers.tasks.returnees import returnees_daily_run

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
JINGSHAN, DONGGUAN = "420882", "441900"


def away_from_home(expected: date | None, name: str = "张三") -> Person:
    """Someone of 京山 working in 东莞, expected home on ``expected``."""
    person = a_seeker(home_region=region(JINGSHAN), name=name)
    migrant_record_save(record=MigrantRecord(
        person=person, work_region=region(DONGGUAN), insurance_region=region(JINGSHAN),
        started_on=date(2022, 3, 1), expected_return_on=expected,
    ))  # fmt: skip
    return person


def with_local_job(person: Person, title: str = "数控车床操作工") -> None:
    vacancy = VacancyFactory(title=title, region=region(JINGSHAN), employer=EmployerFactory(name="京山轻机"),
                             valid_from=date(2020, 1, 1), valid_until=date(2030, 1, 1))  # fmt: skip
    match(person, vacancy, 1)


def told(kind: str, person: Person | None = None) -> list[Notice]:
    found = Notice.objects.filter(kind=kind, channel=Channel.INBOX)
    return list(found.filter(person=person) if person else found)


@pytest.fixture
def station() -> GigStation:
    return GigStation.objects.create(name="京山市新市零工驿站", region=region(JINGSHAN), phone="0724-7222333")


# --- the holidays ----------------------------------------------------------------------------


def test_the_holidays_are_computed_from_the_lunar_calendar() -> None:
    assert festival_days(2026) == {
        "spring_festival": date(2026, 2, 17), "mid_autumn": date(2026, 9, 25), "national_day": date(2026, 10, 1)
    }  # fmt: skip
    assert festival_days(2028)["spring_festival"] == date(2028, 1, 26)
    assert festival_days(2031)["mid_autumn"] == date(2031, 10, 1)  # the same day as National Day


def test_a_lunar_holiday_across_the_year_end_is_prepared_for_in_december_once() -> None:
    # given someone away, on 20 December 2027: Spring Festival 2028 falls on 26 January
    away_from_home(None)
    assert festivals_within(date(2027, 12, 20), 45) == [("spring_festival", date(2028, 1, 26))]

    # when the daily run prepares, twice
    first, second = campaigns_prepare(today=date(2027, 12, 20)), campaigns_prepare(today=date(2027, 12, 21))

    # then one campaign, its window proposed by the rules (21 to 3 days before), awaiting approval
    assert len(first) == 1 and second == []
    campaign = ReturnCampaign.objects.get()
    assert (campaign.title, campaign.holiday_on) == ("春节", date(2028, 1, 26))
    assert (campaign.send_from, campaign.send_until) == (date(2028, 1, 5), date(2028, 1, 23))
    assert campaign.status == CampaignStatus.PREPARED and campaign.expected == 1
    assert not told(NoticeKind.WELCOME_HOME)


def test_each_city_people_away_come_from_has_its_own_campaign_sent_to_its_own_people() -> None:
    # given someone away from each of 京山 (in 荆门), 黄石港 (in 黄石), 东莞 (a city with no
    # counties) and 仙桃 (a county-level city its province runs), and nobody of any other city
    jingshan = away_from_home(None)
    for name, home in (("李四", "420202"), ("王五", "441900"), ("赵六", "429004")):
        Person.objects.filter(pk=away_from_home(None, name=name).pk).update(home_region=region(home))

    # when the daily run prepares Spring Festival 2028, twice
    prepared = campaigns_prepare(today=date(2027, 12, 20))
    assert campaigns_prepare(today=date(2027, 12, 21)) == []

    # then each city has one campaign, for its own people
    assert sorted((c.area_id, c.expected) for c in prepared) == [
        ("420200", 1), ("420800", 1), ("429004", 1), ("441900", 1)
    ]  # fmt: skip
    jingmen = next(c for c in prepared if c.area_id == "420800")
    campaign_approve(campaign=jingmen, by=None, today=date(2027, 12, 20))
    with time_machine.travel(datetime(2028, 1, 6, 10, tzinfo=SHANGHAI), tick=False):
        campaign_send(campaign_id=jingmen.pk, today=date(2028, 1, 6))
    # and sending one city's tells only its people
    assert [n.person_id for n in told(NoticeKind.WELCOME_HOME)] == [jingshan.pk]


def test_mid_autumn_and_national_day_close_together_make_one_campaign() -> None:
    away_from_home(None)
    campaigns_prepare(today=date(2026, 8, 15))  # 中秋 25 September, 国庆 1 October
    campaigns_prepare(today=date(2026, 8, 20))  # National Day is now within 45 days too

    campaign = ReturnCampaign.objects.get()
    assert (campaign.title, campaign.holiday, campaign.holiday_on) == (
        "中秋节、国庆节",
        "mid_autumn",
        date(2026, 9, 25),
    )


# --- the campaign ----------------------------------------------------------------------------


def prepared_spring_festival_2028() -> ReturnCampaign:
    (campaign,) = campaigns_prepare(today=date(2027, 12, 20))
    return campaign


def test_a_campaign_is_sent_only_once_approved_and_within_its_window_to_each_person_once(
    station: GigStation,
) -> None:
    # given two people away, one with a local match
    zhang = away_from_home(date(2028, 1, 20))
    with_local_job(zhang)
    li = away_from_home(None, name="李四")
    campaign = prepared_spring_festival_2028()

    # when the daily run comes before approval, and in the window before approval
    returnees_daily(today=date(2027, 12, 22))
    campaign_send(campaign_id=campaign.pk, today=date(2028, 1, 6))
    assert not told(NoticeKind.WELCOME_HOME)

    # when approved before the window, the window's first day comes, and the run comes again
    campaign_approve(campaign=campaign, by=None, today=date(2027, 12, 28))
    assert campaign_send(campaign_id=campaign.pk, today=date(2027, 12, 29)).status == CampaignStatus.APPROVED
    returnees_daily(today=date(2028, 1, 5))
    returnees_daily(today=date(2028, 1, 6))

    # then each told once, with their local job, their expected day and where to ask
    campaign.refresh_from_db()
    assert (campaign.status, campaign.audience, campaign.done, campaign.told) == (
        CampaignStatus.DONE,
        2,
        2,
        2,
    )
    (to_zhang,) = told(NoticeKind.WELCOME_HOME, zhang)
    assert to_zhang.title == "春节将至，接您回家"
    assert "1月20日" in to_zhang.body and "数控车床操作工（京山轻机" in to_zhang.body
    assert "京山市新市零工驿站" in to_zhang.body and "0724-7222333" in to_zhang.body
    (to_li,) = told(NoticeKind.WELCOME_HOME, li)
    assert "预计" not in to_li.body and "岗位" not in to_li.body
    assert len(Notice.objects.filter(kind=NoticeKind.WELCOME_HOME, channel=Channel.SMS)) == 2


def test_a_return_moved_or_made_after_the_campaign_was_prepared_is_what_the_send_goes_by() -> None:
    # given the campaign prepared for three people away
    stays = away_from_home(date(2028, 1, 20), name="王五")
    moved = away_from_home(date(2028, 1, 10), name="赵六")
    early = away_from_home(date(2028, 1, 20), name="钱七")
    campaign = prepared_spring_festival_2028()
    assert campaign.expected == 3

    # when one moves their return to the 24th and one comes home on New Year's Day
    record = MigrantRecord.objects.get(person=moved, is_current=True)
    record.expected_return_on = date(2028, 1, 24)
    migrant_record_save(record=record)
    migrant_back_home(person=early, returned_on=date(2028, 1, 1), intends_local_work=True)
    campaign_approve(campaign=campaign, by=None, today=date(2028, 1, 2))
    campaign_send(campaign_id=campaign.pk, today=date(2028, 1, 5))

    # then the one home already is not welcomed home; the one who moved hears their new day
    assert not told(NoticeKind.WELCOME_HOME, early)
    assert len(told(NoticeKind.WELCOME_HOME, stays)) == 1
    (to_moved,) = told(NoticeKind.WELCOME_HOME, moved)
    assert "1月24日" in to_moved.body and "1月10日" not in to_moved.body
    campaign.refresh_from_db()
    assert (campaign.audience, campaign.told) == (2, 2)


def test_a_send_interrupted_goes_on_from_where_it_stood_and_tells_nobody_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given five people away and a send that fails on its third chunk of two
    people = [away_from_home(date(2028, 1, 20), name=f"工友{i}") for i in range(5)]
    campaign = prepared_spring_festival_2028()
    campaign_approve(campaign=campaign, by=None, today=date(2028, 1, 5))
    monkeypatch.setattr(returnees, "SEND_CHUNK", 2)
    real, calls = returnee_notices.welcome_home_write, []

    def failing_third(**kwargs: Any) -> int:
        calls.append(kwargs["person_ids"])
        if len(calls) == 3:
            raise ConnectionError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(returnees, "welcome_home_write", failing_third)

    # when it is sent, fails, and is sent again
    with pytest.raises(ConnectionError):
        campaign_send(campaign_id=campaign.pk, today=date(2028, 1, 5))
    campaign.refresh_from_db()
    assert (campaign.status, campaign.audience, campaign.done, campaign.told) == (
        CampaignStatus.SENDING,
        5,
        4,
        4,
    )
    campaign_send(campaign_id=campaign.pk, today=date(2028, 1, 5))

    # then everyone is told once
    campaign.refresh_from_db()
    assert (campaign.status, campaign.done, campaign.told) == (CampaignStatus.DONE, 5, 5)
    assert sorted(n.person_id for n in told(NoticeKind.WELCOME_HOME)) == sorted(p.pk for p in people)


def test_a_campaign_cancelled_sends_nothing_more_and_one_past_its_window_ends() -> None:
    away_from_home(None)
    campaign = prepared_spring_festival_2028()
    campaign_approve(campaign=campaign, by=None, today=date(2027, 12, 30))
    campaign_cancel(campaign=campaign)

    assert campaign_send(campaign_id=campaign.pk, today=date(2028, 1, 6)).status == CampaignStatus.CANCELLED
    assert not told(NoticeKind.WELCOME_HOME)
    with pytest.raises(Exception, match="status"):
        campaign_cancel(campaign=campaign)


# --- staff: the window, approval and progress ------------------------------------------------


@pytest.fixture
def in_late_december() -> Any:
    with time_machine.travel(datetime(2027, 12, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


def api_as(username: str, area: str, role: str) -> Any:
    return as_token(AuthToken.objects.create(staff_user(username, area, groups=[role]))[1])


def test_city_staff_set_the_window_and_approve_station_staff_only_follow(in_late_december: Any) -> None:
    away_from_home(None)
    campaign = prepared_spring_festival_2028()
    city, station = api_as("city", "420800", CITY_STAFF), api_as("station", JINGSHAN, STATION_STAFF)
    base = f"/api/v1/staff/campaigns/{campaign.pk}"

    # another city's staff neither see it nor decide it; a county's staff, even permitted, only follow it
    huangshi = api_as("huangshi", "420200", CITY_STAFF)
    assert huangshi.get("/api/v1/staff/campaigns/").json()["results"] == []
    assert huangshi.post(f"{base}/approve/").status_code == 404
    county = api_as("county", JINGSHAN, CITY_STAFF)
    assert [c["id"] for c in county.get("/api/v1/staff/campaigns/").json()["results"]] == [campaign.pk]
    assert county.post(f"{base}/approve/").status_code == 403
    assert county.post(f"{base}/cancel/").status_code == 403

    # station staff see it and its progress, and may not change or approve it
    listed = station.get("/api/v1/staff/campaigns/").json()["results"]
    assert [(c["title"], c["status"], c["done"]) for c in listed] == [("春节", "prepared", 0)]
    assert station.post(f"{base}/approve/").status_code == 403
    assert (
        station.post(f"{base}/window/", {"send_from": "2028-01-10", "send_until": "2028-01-20"}).status_code
        == 403
    )

    # a window in the past or after the holiday is refused, naming the field
    past = city.post(f"{base}/window/", {"send_from": "2027-12-19", "send_until": "2028-01-20"})
    assert past.status_code == 400 and list(past.json()["fields"]) == ["send_from"]
    late = city.post(f"{base}/window/", {"send_from": "2028-01-10", "send_until": "2028-01-27"})
    assert late.status_code == 400 and list(late.json()["fields"]) == ["send_until"]

    # city staff change it and approve; approving twice is refused
    assert (
        city.post(f"{base}/window/", {"send_from": "2028-01-10", "send_until": "2028-01-20"}).status_code
        == 200
    )
    approved = city.post(f"{base}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert city.post(f"{base}/approve/").status_code == 400
    campaign.refresh_from_db()
    assert (campaign.send_from, campaign.send_until, campaign.approved_by.username) == (
        date(2028, 1, 10), date(2028, 1, 20), "city",
    )  # fmt: skip


def test_the_admin_shows_the_progress_and_approves_only_for_those_permitted(in_late_december: Any) -> None:
    away_from_home(None)
    campaign = prepared_spring_festival_2028()
    city, station = Client(), Client()
    city.force_login(staff_user("city", "420800", groups=[CITY_STAFF]))
    station.force_login(staff_user("station", JINGSHAN, groups=[STATION_STAFF]))
    changelist = reverse("admin:jobs_returncampaign_changelist")

    refused = station.post(changelist, {"action": "approve", "_selected_action": [campaign.pk]})
    assert ReturnCampaign.objects.get(
        pk=campaign.pk
    ).status == CampaignStatus.PREPARED and refused.status_code in (200, 302)
    # another city's staff do not see it, nor approve it by its id
    elsewhere = Client()
    elsewhere.force_login(staff_user("huangshi", "420200", groups=[CITY_STAFF]))
    change = reverse("admin:jobs_returncampaign_change", args=[campaign.pk])
    assert change not in elsewhere.get(changelist).content.decode()
    assert change in city.get(changelist).content.decode()
    elsewhere.post(changelist, {"action": "approve", "_selected_action": [campaign.pk]})
    assert ReturnCampaign.objects.get(pk=campaign.pk).status == CampaignStatus.PREPARED
    assert elsewhere.get(change).status_code in (302, 404)
    # a county's staff, even permitted, follow their city's campaign and do not decide it
    county = Client()
    county.force_login(staff_user("county", JINGSHAN, groups=[CITY_STAFF]))
    assert change in county.get(changelist).content.decode()
    county.post(changelist, {"action": "approve", "_selected_action": [campaign.pk]})
    assert ReturnCampaign.objects.get(pk=campaign.pk).status == CampaignStatus.PREPARED
    city.post(changelist, {"action": "approve", "_selected_action": [campaign.pk]})
    assert ReturnCampaign.objects.get(pk=campaign.pk).status == CampaignStatus.APPROVED
    campaign_send(campaign_id=campaign.pk, today=date(2028, 1, 6))
    page = city.get(changelist)
    assert "1 / 1（100%）" in page.content.decode()


# --- ahead of a return -----------------------------------------------------------------------


def test_someone_expected_home_within_30_days_is_offered_local_jobs_once_a_spell(station: GigStation) -> None:
    # given three people away: one back in 20 days with a local match, one in 40, one with nothing
    soon = away_from_home(date(2028, 1, 21), name="王五")
    with_local_job(soon)
    later = away_from_home(date(2028, 2, 10), name="赵六")
    with_local_job(later)
    away_from_home(date(2028, 1, 21), name="钱七")  # no match, no course: nothing to offer

    # when the daily run comes twice, and the return date then moves
    assert returnee_offers_due(today=date(2028, 1, 1)) == 1
    assert returnee_offers_due(today=date(2028, 1, 2)) == 0
    record = MigrantRecord.objects.get(person=soon, is_current=True)
    record.expected_return_on = date(2028, 1, 25)
    migrant_record_save(record=record)
    assert returnee_offers_due(today=date(2028, 1, 3)) == 0

    # then the one told once, with the job and where to go
    (offer,) = told(NoticeKind.RETURNEE_OFFERS)
    assert offer.person_id == soon.pk and offer.title == "返乡前为您推荐家乡岗位和培训"
    assert "1月21日" in offer.body and "数控车床操作工" in offer.body and "0724-7222333" in offer.body


def test_the_daily_task_run_twice_writes_nothing_the_second_time() -> None:
    person = away_from_home(date(2027, 12, 30))
    with_local_job(person)

    with time_machine.travel(datetime(2027, 12, 20, 9, 15, tzinfo=SHANGHAI), tick=False):
        first, second = returnees_daily_run(), returnees_daily_run()

    assert first == {"offered": 1, "prepared": 1, "sending": 0}
    assert second == {"offered": 0, "prepared": 0, "sending": 0}
    assert ReturnCampaign.objects.count() == 1 and len(told(NoticeKind.RETURNEE_OFFERS)) == 1


# --- the call once back ----------------------------------------------------------------------


def test_someone_back_is_owed_a_call_from_their_case_worker_within_7_days(station: GigStation) -> None:
    worker = staff_user("caseworker", JINGSHAN, groups=[STATION_STAFF], station=station, is_case_worker=True)
    person = away_from_home(date(2028, 1, 20))
    person.registered_at_station = station
    person.save(update_fields=["registered_at_station"])

    # when they are back (and the record saved again)
    migrant_back_home(person=person, returned_on=date(2028, 1, 18), intends_local_work=True)
    migrant_record_save(record=MigrantRecord.objects.get(person=person, is_current=True))

    # then one call, due a week later, in the case worker's morning list
    call = ReturneeCall.objects.get()
    assert (call.case_worker, call.station, call.due_on) == (worker, station, date(2028, 1, 25))
    plan_digests_write(today=date(2028, 1, 23))
    (digest,) = Notice.objects.filter(kind=NoticeKind.PLAN_DIGEST, user=worker, channel=Channel.INBOX)
    assert f"1. {person.name}：返乡人员回访电话，1月25日到期" in digest.body

    # when the call is recorded through the API: refused without an outcome or in the future
    url = f"/api/v1/staff/returnee-calls/{call.pk}/done/"
    with time_machine.travel(datetime(2028, 1, 22, 10, tzinfo=SHANGHAI), tick=False):
        api = as_token(AuthToken.objects.create(worker)[1])
        assert list(api.post(url, {"done_on": "2028-01-23", "outcome": "想找车工"}).json()["fields"]) == [
            "done_on"
        ]
        assert list(api.post(url, {"outcome": " "}).json()["fields"]) == ["outcome"]
        done = api.post(url, {"outcome": "想在本地找车工，已推荐两个岗位"})
        assert done.status_code == 200 and done.json()["done_on"] == "2028-01-22"
        assert api.post(url, {"outcome": "又打了一次"}).status_code == 400
        listed = api.get("/api/v1/staff/returnee-calls/", {"state": "open"}).json()["results"]
    assert listed == []
    assert ReturneeCall.objects.get().done_by == worker


def test_calls_of_another_area_are_not_seen_or_recorded() -> None:
    person = away_from_home(None)
    migrant_back_home(person=person, returned_on=date(2028, 1, 18), intends_local_work=None)
    call = ReturneeCall.objects.get()
    other = as_token(AuthToken.objects.create(staff_user("huangshi", "420202", groups=[STATION_STAFF]))[1])

    assert other.get("/api/v1/staff/returnee-calls/").json()["results"] == []
    assert other.post(f"/api/v1/staff/returnee-calls/{call.pk}/done/", {"outcome": "x"}).status_code == 404
    assert ReturneeCall.objects.get().done_on is None


def test_a_call_is_recorded_in_the_admin_with_the_services_checks(station: GigStation) -> None:
    person = away_from_home(None)
    with time_machine.travel(datetime(2028, 1, 20, 10, tzinfo=SHANGHAI), tick=False):
        migrant_back_home(person=person, returned_on=date(2028, 1, 18), intends_local_work=True)
        call = ReturneeCall.objects.get()
        staff = Client()
        staff.force_login(staff_user("station", JINGSHAN, groups=[STATION_STAFF]))
        url = reverse("admin:jobs_returneecall_change", args=[call.pk])
        refused = staff.post(url, {"done_on": "2028-01-17", "outcome": "已联系"})
        assert refused.status_code == 200
        assert refused.context["adminform"].form.errors["done_on"] == ["回访日期：须在返乡当天至今天之间"]
        assert staff.post(url, {"done_on": "2028-01-20", "outcome": "已联系，暂不找工作"}).status_code == 302
    call.refresh_from_db()
    assert (call.done_on, call.outcome, call.done_by.username) == (
        date(2028, 1, 20),
        "已联系，暂不找工作",
        "station",
    )


def test_a_case_worker_s_list_counts_a_call_with_their_plans_items_the_most_due_first(
    station: GigStation,
) -> None:
    worker = staff_user("caseworker", JINGSHAN, groups=[STATION_STAFF], station=station, is_case_worker=True)
    for i, back in enumerate((date(2028, 1, 10), date(2028, 1, 14))):
        person = away_from_home(None, name=f"返乡{i}")
        person.registered_at_station = station
        person.save(update_fields=["registered_at_station"])
        migrant_back_home(person=person, returned_on=back, intends_local_work=True)

    plan_digests_write(today=date(2028, 1, 18))

    digest = Notice.objects.get(kind=NoticeKind.PLAN_DIGEST, user=worker, channel=Channel.INBOX)
    assert digest.title == "今日帮扶待办2项，其中逾期1项"
    assert digest.body.index("返乡0") < digest.body.index("返乡1")
    assert timedelta(days=7) == ReturneeCall.objects.get(person__name="返乡0").due_on - date(2028, 1, 10)


def test_a_closed_account_is_owed_no_call_and_keeps_no_words_of_one_and_the_export_lists_them() -> None:
    # given someone back twice, one call made with its outcome, one not yet
    person = away_from_home(None)
    migrant_back_home(person=person, returned_on=date(2027, 2, 1), intends_local_work=True)
    made = ReturneeCall.objects.get()
    returnee_call_done(
        call=made, done_on=date(2027, 2, 3), outcome="想去县城工业园", by=None, today=date(2027, 2, 3)
    )
    migrant_record_save(
        record=MigrantRecord(person=person, work_region=region(DONGGUAN), started_on=date(2027, 3, 1))
    )
    migrant_back_home(person=person, returned_on=date(2028, 1, 18), intends_local_work=True)

    # then their export lists both (dates only: the outcome is staff's words)
    calls = person_export(person=person)["returnee_calls"]
    assert [c["returned_on"] for c in calls] == [
        date(2027, 2, 1),
        date(2028, 1, 18),
    ] and "outcome" not in calls[0]

    # when they close their account
    seeker_delete(person=person)

    # then the call owed is gone and the one made keeps no words
    assert list(ReturneeCall.objects.values_list("returned_on", "outcome")) == [(date(2027, 2, 1), "")]


def test_a_return_long_past_entered_now_is_owed_no_call() -> None:
    person = away_from_home(None)
    with time_machine.travel(datetime(2028, 3, 1, 10, tzinfo=SHANGHAI), tick=False):
        migrant_back_home(person=person, returned_on=date(2028, 1, 18), intends_local_work=True)

    assert not ReturneeCall.objects.exists()


def test_the_campaign_rules_are_checked_naming_the_field() -> None:
    rules = SupportRules(campaign_send_from_days=3, campaign_send_until_days=3)
    with pytest.raises(ValidationError) as refused:
        rules.full_clean()
    assert list(refused.value.message_dict) == ["campaign_send_until_days"]

    rules = SupportRules(campaign_prepare_days=20, campaign_send_from_days=21)
    with pytest.raises(ValidationError) as refused:
        rules.full_clean()
    assert list(refused.value.message_dict) == ["campaign_send_from_days"]


def test_the_daily_run_by_hand_reports_what_it_did() -> None:
    person = away_from_home(date(2027, 12, 30))
    with_local_job(person)
    out = StringIO()

    with time_machine.travel(datetime(2027, 12, 20, 11, tzinfo=SHANGHAI), tick=False):
        call_command("run_returnees", stdout=out)
        call_command("run_returnees", stdout=out)

    assert out.getvalue().splitlines() == [
        "1 offered ahead of their return; 1 campaigns prepared; 0 approved campaigns sent on.",
        "0 offered ahead of their return; 0 campaigns prepared; 0 approved campaigns sent on.",
    ]


def test_a_return_moved_beyond_the_offer_days_is_not_offered_by_the_date_it_was_moved_from() -> None:
    person = away_from_home(date(2028, 1, 21))
    with_local_job(person)
    record = MigrantRecord.objects.get(person=person, is_current=True)
    record.expected_return_on = date(2028, 4, 15)
    migrant_record_save(record=record)  # the old row, no longer current, keeps 21 January

    assert returnee_offers_due(today=date(2028, 1, 1)) == 0


def test_a_corrected_return_date_moves_the_call_owed_rather_than_adding_one() -> None:
    person = away_from_home(None)
    migrant_back_home(person=person, returned_on=date(2028, 1, 18), intends_local_work=True)
    record = MigrantRecord.objects.get(person=person, is_current=True)
    record.returned_on = date(2028, 1, 16)
    migrant_record_save(record=record)

    assert list(ReturneeCall.objects.values_list("returned_on", "due_on")) == [
        (date(2028, 1, 16), date(2028, 1, 23))
    ]


def test_a_campaign_is_approved_within_its_open_window_and_not_after_it() -> None:
    away_from_home(None)
    campaign = prepared_spring_festival_2028()  # window 5 to 23 January 2028

    with pytest.raises(ValidationError) as late:
        campaign_approve(campaign=campaign, by=None, today=date(2028, 1, 24))
    assert list(late.value.message_dict) == ["send_until"]
    assert (
        campaign_approve(campaign=campaign, by=None, today=date(2028, 1, 10)).status
        == CampaignStatus.APPROVED
    )


def test_a_call_nobody_holds_is_given_to_a_case_worker_of_its_station_in_the_admin(
    station: GigStation,
) -> None:
    person = away_from_home(None)
    person.registered_at_station = station
    person.save(update_fields=["registered_at_station"])
    migrant_back_home(person=person, returned_on=date(2028, 1, 18), intends_local_work=True)
    call = ReturneeCall.objects.get()
    assert call.case_worker is None  # the station had no case worker then
    worker = staff_user("caseworker", JINGSHAN, groups=[STATION_STAFF], station=station, is_case_worker=True)
    staff_user("other", JINGSHAN, groups=[STATION_STAFF], is_case_worker=True)  # of no station
    desk = Client()
    desk.force_login(staff_user("desk", JINGSHAN, groups=[STATION_STAFF]))
    url = reverse("admin:jobs_returneecall_change", args=[call.pk])

    choices = [c[0] for c in desk.get(url).context["adminform"].form.fields["case_worker"].choices if c[0]]
    assert [getattr(c, "value", c) for c in choices] == [worker.pk]
    assert desk.post(url, {"case_worker": worker.pk, "done_on": "", "outcome": ""}).status_code == 302
    assert ReturneeCall.objects.get().case_worker == worker


def test_a_campaign_of_no_city_not_yet_approved_is_dropped_for_the_cities_own_and_a_decided_one_stays() -> (
    None
):
    undecided = ReturnCampaign.objects.create(holiday="spring_festival", holiday_on=date(2028, 1, 26), title="春节",
                                              send_from=date(2028, 1, 5), send_until=date(2028, 1, 23))  # fmt: skip
    sent = ReturnCampaign.objects.create(holiday="national_day", holiday_on=date(2027, 10, 1), title="国庆节",
                                         send_from=date(2027, 9, 10), send_until=date(2027, 9, 28),
                                         status=CampaignStatus.DONE)  # fmt: skip
    migration = importlib.import_module("jobs.migrations.0032_campaign_city")

    migration.drop_undecided_campaigns_of_no_city(django_apps, None)

    assert (
        list(ReturnCampaign.objects.all()) == [sent]
        and not ReturnCampaign.objects.filter(pk=undecided.pk).exists()
    )
    away_from_home(None)
    (city,) = campaigns_prepare(today=date(2027, 12, 20))
    assert (city.area_id, city.holiday_on) == ("420800", date(2028, 1, 26))
