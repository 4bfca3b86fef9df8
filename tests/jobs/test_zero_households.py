"""Zero-employment households found daily: one whose last working member loses the job is one
from that day; one whose member is hired leaves the list that day; each is offered a post within
the rules' days; staff see how many remain per station and for how long, in their own area."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import GigStation, Household, Person, Vacancy, ZeroEmploymentSpell
from jobs.services.roles import STATION_STAFF
from jobs.services.support import support_refresh
from matching.models import Match
from tests.api.conftest import as_token
from tests.factories import PersonFactory, VacancyFactory, region, staff_user
from tests.support import held_on
from workers.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _today_held() -> Iterator[None]:
    with held_on(TODAY):
        yield


@pytest.fixture
def station() -> GigStation:
    return GigStation.objects.create(name="京山市新市零工驿站", region=region("420882"))


def household(code: str = "420882", address: str = "京山市新市街道8号") -> Household:
    return Household.objects.create(region=region(code), address=address)


def signed_in(user: Any) -> APIClient:
    return as_token(AuthToken.objects.create(user)[1])


def test_the_last_worker_losing_the_job_makes_a_zero_household_from_that_day_and_a_hire_ends_it(
    station: GigStation,
) -> None:
    # given a household of an unemployed member and one in work, and one of students only
    home = household()
    PersonFactory(household=home, status_since=TODAY - timedelta(days=40))
    worker = PersonFactory(household=home, employment_status="employed")
    PersonFactory(household=household(address="京山市新市街道9号"), employment_status="student")
    assert support_refresh().households_opened == 0

    # when the worker lost the job three days ago, and the rules run
    lost = TODAY - timedelta(days=3)
    Person.objects.filter(pk=worker.pk).update(employment_status="unemployed", status_since=lost)
    report = support_refresh()

    # then the household is one from that day, its offer due in 30 days, and it counts to its station
    spell = ZeroEmploymentSpell.objects.get()
    assert report.households_opened == 1 and (spell.became_on, spell.offer_due_on) == (
        lost,
        lost + timedelta(days=30),
    )
    assert spell.station == station and spell.left_on is None
    assert support_refresh().households_opened == 0  # run again: nothing new

    # when a member is hired yesterday
    Person.objects.filter(pk=worker.pk).update(
        employment_status="employed", status_since=TODAY - timedelta(days=1)
    )
    report = support_refresh()

    # then the household leaves the list on that day
    spell.refresh_from_db()
    assert report.households_closed == 1 and spell.left_on == TODAY - timedelta(days=1)
    assert support_refresh().households_closed == 0


def test_a_household_is_offered_a_public_welfare_post_once_and_the_member_is_told(
    station: GigStation,
) -> None:
    # given a zero-employment household whose member has a public-welfare post among their matches
    home = household()
    member = PersonFactory(household=home, status_since=TODAY - timedelta(days=5), name="吴九")
    post = VacancyFactory(title="公益性岗位保洁员")
    Vacancy.objects.filter(pk=post.pk).update(work_type="public_welfare")
    Match.objects.create(person=member, vacancy=post, score=0.6, person_rank=1, vacancy_rank=1)
    support_refresh()
    spell = ZeroEmploymentSpell.objects.get()
    clerk = staff_user("clerk", "420882", groups=[STATION_STAFF], station=station)
    client = Client()
    client.force_login(clerk)
    url = reverse("admin:jobs_zeroemploymentspell_change", args=[spell.pk])
    assert "公益性岗位保洁员" in client.get(url).content.decode()

    # when staff offer it in the admin
    assert client.post(url, {"make_offer": f"{member.pk}:{post.pk}"}).status_code == 302

    # then it is recorded as a public-welfare offer by them, and the member told once
    spell.refresh_from_db()
    assert (spell.offer, spell.offered_to, spell.offered_by, spell.offered_on) == (
        "welfare",
        member,
        clerk,
        TODAY,
    )
    assert (
        Notice.objects.filter(kind=NoticeKind.JOB_RECOMMENDATION, person=member, channel="inbox").count() == 1
    )
    # and a second offer by the API is refused, naming why
    again = signed_in(clerk).post(f"/api/v1/staff/zero-households/{spell.pk}/offer/",
                                  {"person": member.pk, "vacancy": post.pk}, format="json")  # fmt: skip
    assert again.status_code == 400 and list(again.json()["fields"]) == ["offer"]


def test_staff_see_how_many_remain_per_station_and_for_how_long_in_their_area_only(
    station: GigStation,
) -> None:
    # given two households of Jingshan, 10 and 40 days without work, one of Zhongxiang
    for days, address in ((10, "一号"), (40, "二号")):
        PersonFactory(household=household(address=address), status_since=TODAY - timedelta(days=days))
    PersonFactory(household=household("420881", "钟祥三号"), home_region=region("420881"),
                  status_since=TODAY - timedelta(days=3))  # fmt: skip
    support_refresh()
    client = signed_in(staff_user("clerk", "420882", groups=[STATION_STAFF], station=station))

    by_station = client.get("/api/v1/staff/zero-households/by-station/").json()
    listed = client.get("/api/v1/staff/zero-households/").json()["results"]

    # then the offers of the one 40 days in are overdue
    assert by_station == [{"id": station.pk, "name": station.name, "remaining": 2, "average_days": 25,
                           "longest_days": 40, "not_offered": 2, "offers_overdue": 1}]  # fmt: skip
    assert [h["address"] for h in listed] == ["二号", "一号"] and listed[0]["members"][0][
        "employment_status"
    ] == "unemployed"
    page = Client()
    page.force_login(staff_user("desk", "420882", groups=[STATION_STAFF], station=station))
    html = page.get(reverse("admin:jobs_zeroemploymentspell_changelist"), {"offer_overdue": "yes"})
    assert html.context["cl"].result_count == 1 and "京山市新市零工驿站" in html.content.decode()


def test_a_household_with_a_member_too_old_to_count_in_work_is_still_zero() -> None:
    home = household()
    PersonFactory(household=home, status_since=TODAY - timedelta(days=5))
    PersonFactory(household=home, employment_status="employed", birth_date=date(1950, 1, 1))
    assert support_refresh().households_opened == 1
