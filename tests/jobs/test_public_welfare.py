"""Public-welfare posts go first to the people the rule (data) makes eligible: zero-employment
households, older and disabled people of the hard-to-employ registry, the unemployed over a
year; a placement records the post and its subsidised term."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from jobs.models import HardToEmployProfile, Household, Person, Support, SupportRules, Vacancy
from jobs.services.hardship import hardship_profile_save
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from jobs.services.support import support_refresh
from jobs.services.tier_rules import Facts, add_months, welfare_grounds
from tests.api.conftest import as_token
from tests.factories import PersonFactory, VacancyFactory, region, staff_user
from tests.support import held_on

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _today_held() -> Iterator[None]:
    with held_on(TODAY):
        yield


class Rule:
    welfare_zero_household = True
    welfare_categories = ["older", "disability"]
    welfare_unemployed_months = 12


def grounds_of(person: Person) -> list[str]:
    return Support.objects.get(person=person).welfare_grounds


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (Facts("unemployed", TODAY, zero_household=True), ["zero_household"]),
        (Facts("unemployed", TODAY, categories=frozenset({"disability", "veteran"})), ["disability"]),
        (Facts("unemployed", add_months(TODAY, -12)), []),  # exactly a year: not over it
        (Facts("unemployed", add_months(TODAY, -12) - timedelta(days=1)), ["long_unemployed"]),
        (Facts("employed", add_months(TODAY, -30), categories=frozenset({"older"})), []),  # in work
    ],
)
def test_the_grounds_for_a_public_welfare_post(facts: Facts, expected: list[str]) -> None:
    assert welfare_grounds(facts, Rule(), TODAY) == expected


def test_the_daily_rules_mark_who_is_eligible_and_the_rule_is_data_city_staff_change() -> None:
    # given a disabled person of the registry out of work two months, and a veteran likewise
    disabled, veteran = (PersonFactory(status_since=add_months(TODAY, -2)) for _ in range(2))
    for person, category in ((disabled, "disability"), (veteran, "veteran")):
        hardship_profile_save(profile=HardToEmployProfile(person=person, registered_on=date(2025, 1, 2)),
                              categories=[category])  # fmt: skip
    assert grounds_of(disabled) == ["disability"] and grounds_of(veteran) == []

    # when city staff add veterans to the rule in the admin
    city = Client()
    city.force_login(staff_user("jingmen", "420800", groups=[CITY_STAFF]))
    url = reverse("admin:jobs_supportrules_change", args=[1])
    form = {k: v for k, v in city.get(url).context["adminform"].form.initial.items() if k != "id"}
    form["welfare_categories"] = ["older", "disability", "veteran"]
    assert city.post(url, form).status_code == 302
    support_refresh()  # as the task queued by the change does

    # then the veteran is eligible too
    assert SupportRules.objects.get().welfare_categories == ["older", "disability", "veteran"]
    assert grounds_of(veteran) == ["veteran"]


def test_public_welfare_posts_are_listed_for_the_eligible_only(settings: Any, tmp_path: Any) -> None:
    from matching.models import Match
    from matching.services.index import index_reset
    from matching.services.refresh import matches_refresh_people

    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_reset()
    # given a public-welfare cleaning post, a zero-employment household's member and someone else
    post = VacancyFactory(title="公益性岗位保洁员", description="负责社区道路清扫保洁")
    Vacancy.objects.filter(pk=post.pk).update(work_type="public_welfare")
    home = Household.objects.create(region=region("420882"), address="京山市新市街道8号")
    alike = {"self_description": "想找保洁的活，扫地拖地都行", "consent_matching": True,
             "consent_recorded_at": timezone.now()}  # fmt: skip
    eligible, other = PersonFactory(household=home, **alike), PersonFactory(**alike)
    for person in (eligible, other):
        person.desired_occupations.add(post.occupation)
    support_refresh()
    assert grounds_of(eligible) == ["zero_household"]

    # when both are matched
    matches_refresh_people(person_ids=[eligible.pk, other.pk])

    # then only the eligible one is offered the post
    assert list(Match.objects.filter(vacancy=post).values_list("person_id", flat=True)) == [eligible.pk]
    index_reset()


def test_a_placement_records_the_post_and_its_term_for_the_eligible_and_puts_them_in_work() -> None:
    station_staff = staff_user("clerk", "420882", groups=[STATION_STAFF])
    client = as_token(AuthToken.objects.create(station_staff)[1])
    post = VacancyFactory(title="公益性岗位保洁员")
    Vacancy.objects.filter(pk=post.pk).update(work_type="public_welfare")
    person = PersonFactory(status_since=add_months(TODAY, -14))
    support_refresh(person_ids=[person.pk])
    hardship_profile_save(profile=HardToEmployProfile(person=person, registered_on=date(2025, 1, 2)))
    url = f"/api/v1/staff/people/{person.pk}/welfare-placements/"
    start = TODAY.isoformat()

    # a term longer than 36 months, a post that is not public-welfare, and someone not eligible are refused
    too_long = client.post(url, {"vacancy": post.pk, "starts_on": start, "ends_on": add_months(TODAY, 37).isoformat()},
                           format="json")  # fmt: skip
    assert too_long.status_code == 400 and list(too_long.json()["fields"]) == ["ends_on"]
    plain = VacancyFactory(title="装配工")
    wrong = client.post(url, {"vacancy": plain.pk, "starts_on": start, "ends_on": add_months(TODAY, 12).isoformat()},
                        format="json")  # fmt: skip
    assert wrong.status_code == 400 and list(wrong.json()["fields"]) == ["vacancy"]
    newcomer = PersonFactory(status_since=TODAY)
    hardship_profile_save(profile=HardToEmployProfile(person=newcomer, registered_on=date(2025, 1, 2)))
    refused = client.post(f"/api/v1/staff/people/{newcomer.pk}/welfare-placements/",
                          {"vacancy": post.pk, "starts_on": start, "ends_on": add_months(TODAY, 12).isoformat()},
                          format="json")  # fmt: skip
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["person"]

    # when the eligible person is placed for a year
    placed = client.post(url, {"vacancy": post.pk, "starts_on": start, "ends_on": add_months(TODAY, 12).isoformat()},
                         format="json")  # fmt: skip

    # then the placement is kept and the registry has them in work from its start
    assert placed.status_code == 201, placed.content
    assert client.get(url).json()[0]["ends_on"] == add_months(TODAY, 12).isoformat()
    person.refresh_from_db()
    assert (person.employment_status, person.status_since) == ("employed", TODAY)
    support_refresh()
    assert Support.objects.get(person=person).tier == "none"
    # and nobody is placed twice for the same days, even before the morning's rules run again
    Person.objects.filter(pk=person.pk).update(employment_status="unemployed")
    overlap = client.post(url, {"vacancy": post.pk, "starts_on": start, "ends_on": add_months(TODAY, 6).isoformat()},
                          format="json")  # fmt: skip
    assert overlap.status_code == 400 and list(overlap.json()["fields"]) == ["person"]
