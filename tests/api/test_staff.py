"""Staff through the API: sign-in with a password, then the registries of their own area only.
People outside the area are "not found" and absent from lists; ID numbers and phones are masked
but in a logged reveal; changes name the version they were made from; bad input is a 400
naming the field and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import (
    AssistanceRecord,
    Education,
    Employer,
    EmployerAccount,
    GigStation,
    HardToEmployProfile,
    MigrantRecord,
    Person,
    PlanItem,
    RevealLog,
    SeekerAccount,
    Support,
    TierChange,
    Vacancy,
)
from jobs.services.people import phone_hash
from jobs.services.plans import plan_open_by_staff
from jobs.services.roles import CITY_STAFF, STATION_STAFF
from jobs.services.taxonomy import taxonomy_load
from tests.api.conftest import as_token
from tests.factories import EmployerFactory, PersonFactory, VacancyFactory, make_id_number, region, staff_user

pytestmark = pytest.mark.django_db
JINGSHAN, ZHONGXIANG, JINGMEN = "420882", "420881", "420800"  # two counties of one city


def signed_in(user: Any) -> APIClient:
    return as_token(AuthToken.objects.create(user)[1])


@pytest.fixture
def station() -> GigStation:
    return GigStation.objects.create(name="京山市新市零工驿站", region=region(JINGSHAN))


@pytest.fixture
def jingshan(station: GigStation) -> Any:
    """Station staff of Jingshan county: the registries, no reveal."""
    return staff_user("jingshan", JINGSHAN, groups=[STATION_STAFF], station=station)


@pytest.fixture
def desk(jingshan: Any) -> APIClient:
    return signed_in(jingshan)


@pytest.fixture
def neighbour() -> APIClient:
    """Station staff of the next county."""
    return signed_in(staff_user("zhongxiang", ZHONGXIANG, groups=[STATION_STAFF]))


@pytest.fixture
def city() -> APIClient:
    """City staff: the whole city, and may reveal numbers."""
    return signed_in(staff_user("jingmen", JINGMEN, groups=[CITY_STAFF]))


def walk_in(**extra: Any) -> dict[str, Any]:
    return {
        "name": "李四", "id_number": make_id_number(), "phone": "13812345678", "home_region": JINGSHAN,
        "education": Education.SENIOR_HIGH, "employment_status": "unemployed",
        "desired_occupations": ["6-30-05-01"], "consent_matching": True, "consent_contact": True,
        "consent_text_version": "2025-01", **extra,
    }  # fmt: skip


def in_hardship(
    person: Person, tier: str = "red", case_worker: Any = None, **extra: Any
) -> HardToEmployProfile:
    """In the registry, with the tier the rules gave (none for someone who left it)."""
    profile = HardToEmployProfile.objects.create(person=person, registered_on=date(2024, 1, 1), **extra)
    if not profile.exited_on:
        reasons = [{"rule": "long_unemployed", "tier": tier, "facts": {"months": 13}}]
        Support.objects.create(person=person, tier=tier, rules_tier=tier, tier_since=timezone.now(),
                               reasons=reasons, case_worker=case_worker)  # fmt: skip
    return profile


# --- signing in and who may ask ---------------------------------------------------------------


def test_staff_sign_in_with_a_password_and_the_token_reaches_their_area(
    api: APIClient, jingshan: Any, station: GigStation
) -> None:
    # given
    PersonFactory(name="王五")

    # when
    response = api.post("/api/v1/staff/sign-in/", {"username": "jingshan", "password": "pw-123456"})

    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["staff"]["area"]["code"] == JINGSHAN and body["staff"]["station"]["id"] == station.pk
    assert body["staff"]["may_reveal"] is False and body["staff"]["may_approve_employers"] is True
    listed = as_token(body["token"]).get("/api/v1/staff/people/")
    assert listed.status_code == 200 and [p["name"] for p in listed.json()["results"]] == ["王五"]
    assert get_user_model().objects.get(username="jingshan").last_login is not None


@pytest.mark.parametrize(
    ("username", "password"),
    [("jingshan", "wrong"), ("nobody", "pw-123456"), ("no-area", "pw-123456"), ("gone", "pw-123456")],
)
def test_a_wrong_password_or_an_account_that_is_not_staff_is_refused_alike(
    api: APIClient, jingshan: Any, username: str, password: str
) -> None:
    # given an account without an area, and one switched off
    staff_user("no-area", None, groups=[STATION_STAFF])
    staff_user("gone", JINGSHAN, groups=[STATION_STAFF])
    get_user_model().objects.filter(username="gone").update(is_active=False)

    # when
    response = api.post("/api/v1/staff/sign-in/", {"username": username, "password": password})

    # then
    assert response.status_code == 400 and list(response.json()["fields"]) == ["password"]
    assert not AuthToken.objects.exists()


def test_staff_sign_in_is_throttled(api: APIClient, jingshan: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 100  # the lock-out (tests/test_lockout.py) would answer first
    answers = [
        api.post("/api/v1/staff/sign-in/", {"username": "jingshan", "password": f"guess-{n}"}).status_code
        for n in range(12)
    ]
    assert answers[:10] == [400] * 10 and answers[-1] == 429


STAFF_PATHS = [
    ("get", "/api/v1/staff/people/"),
    ("post", "/api/v1/staff/people/"),
    ("get", "/api/v1/staff/people/{pk}/"),
    ("patch", "/api/v1/staff/people/{pk}/"),
    ("post", "/api/v1/staff/people/{pk}/reveal/"),
    ("get", "/api/v1/staff/people/{pk}/assistance/"),
    ("post", "/api/v1/staff/people/{pk}/assistance/"),
    ("get", "/api/v1/staff/warnings/"),
    ("get", "/api/v1/staff/employers/"),
    ("post", "/api/v1/staff/employers/{employer}/approve/"),
]


@pytest.mark.parametrize(("method", "url"), STAFF_PATHS)
def test_only_staff_reach_the_staff_endpoints(api: APIClient, method: str, url: str) -> None:
    # given a seeker and an employer, each signed in
    person = PersonFactory()
    seeker_user = get_user_model().objects.create_user(username="seeker")
    SeekerAccount.objects.create(user=seeker_user, person=person)
    employer = EmployerFactory(status=Employer.Status.PENDING)
    employer_user = get_user_model().objects.create_user(username="employer")
    EmployerAccount.objects.create(
        user=employer_user, employer=employer, phone_hash=phone_hash("13700000000")
    )
    url = url.format(pk=person.pk, employer=employer.pk)

    # when
    anonymous = getattr(api, method)(url, {})
    as_seeker = getattr(signed_in(seeker_user), method)(url, {})
    as_employer = getattr(signed_in(employer_user), method)(url, {})

    # then
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"
    assert as_seeker.status_code == 403 and as_employer.status_code == 403
    assert Employer.objects.get().status == Employer.Status.PENDING


def test_the_admin_session_works_for_staff_endpoints(jingshan: Any) -> None:
    client = APIClient()
    client.force_login(jingshan)
    assert client.get("/api/v1/staff/people/").status_code == 200


# --- searching the registries -----------------------------------------------------------------


def test_people_are_listed_from_my_area_only_with_numbers_masked(
    desk: APIClient, neighbour: APIClient, city: APIClient
) -> None:
    # given
    mine = PersonFactory(name="张三", phone="13912345678")
    PersonFactory(name="赵六", home_region=region(ZHONGXIANG))

    # when
    listed = desk.get("/api/v1/staff/people/").json()
    theirs = neighbour.get("/api/v1/staff/people/").json()
    whole_city = city.get("/api/v1/staff/people/").json()

    # then
    assert listed["count"] == 1
    row = listed["results"][0]
    assert row["id"] == mine.pk and row["name"] == "张三"
    assert row["id_number"] == mine.id_number[:6] + "*" * 11 + mine.id_number[-1:]
    assert row["phone"] == "139****5678"
    assert not {"sex", "birth_date", "ethnicity", "hukou_region"} & set(row)
    assert [p["name"] for p in theirs["results"]] == ["赵六"]
    assert whole_city["count"] == 2


def test_people_are_found_by_name_full_id_number_or_mobile_and_by_registry(desk: APIClient) -> None:
    # given one in each registry, and one only in the labour registry
    plain = PersonFactory(name="张三", phone="13912345678")
    away = PersonFactory(name="李四", employment_status="migrant")
    MigrantRecord.objects.create(person=away, work_region=region("440300"), started_on=date(2023, 3, 1))
    hard = PersonFactory(name="王五")
    in_hardship(hard, tier="yellow")
    left = PersonFactory(name="王六")
    in_hardship(left, tier="red", exited_on=date(2024, 6, 1))

    def names(**params: Any) -> list[str]:
        response = desk.get("/api/v1/staff/people/", params)
        assert response.status_code == 200, response.content
        return sorted(p["name"] for p in response.json()["results"])

    # then
    assert names(q="张") == ["张三"]
    assert names(q=plain.id_number) == ["张三"]
    assert names(q=plain.id_number[:10]) == []  # part of a number is no search
    assert names(q="139 1234 5678") == ["张三"]
    assert names(registry="labour") == ["张三", "李四", "王五", "王六"]
    assert names(registry="migrant") == ["李四"]
    assert names(registry="hardship") == ["王五"]
    assert names(tier="yellow") == ["王五"]
    assert names(employment_status="migrant") == ["李四"]
    assert names(region=JINGSHAN) == ["张三", "李四", "王五", "王六"]
    rows = {p["name"]: p["tier"] for p in desk.get("/api/v1/staff/people/").json()["results"]}
    assert rows == {"张三": None, "李四": None, "王五": "yellow", "王六": None}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"region": ZHONGXIANG}, "region"),  # outside my area
        ({"region": JINGMEN}, "region"),  # wider than my area
        ({"region": "999999"}, "region"),  # no such region
        ({"registry": "prison"}, "registry"),
        ({"tier": "purple"}, "tier"),
        ({"q": "张" * 51}, "q"),
        ({"page_size": "1000"}, "page_size"),
    ],
)
def test_a_bad_search_is_a_400_naming_the_parameter(
    desk: APIClient, params: dict[str, str], field: str
) -> None:
    response = desk.get("/api/v1/staff/people/", params)
    assert response.status_code == 400 and field in response.json()["fields"], response.content


# --- registering a walk-in ---------------------------------------------------------------------


def test_a_walk_in_is_registered_at_my_station_with_consent_recorded(
    desk: APIClient, station: GigStation, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    taxonomy_load()
    body = walk_in(home_region="420821")  # Jingshan's retired code, as on older papers

    # when
    with django_capture_on_commit_callbacks(execute=False) as rescorings:
        response = desk.post("/api/v1/staff/people/", body)

    # then
    assert response.status_code == 201, response.content
    assert response["ETag"]
    person = Person.objects.get()
    assert person.source == Person.Source.WALK_IN and person.registered_at_station == station
    assert person.home_region_id == JINGSHAN
    assert person.id_number == body["id_number"] and person.phone == "13812345678"
    assert person.consent_matching and person.consent_recorded_at is not None
    assert person.consent_text_version == "2025-01" and person.is_seeking
    assert [o.code for o in person.desired_occupations.all()] == ["6-30-05-01"]
    out = response.json()
    assert out["id"] == person.pk and out["id_number"].count("*") == 11 and out["phone"] == "138****5678"
    assert out["registered_at_station"]["name"] == station.name and out["source"] == "walk_in"
    assert len(rescorings) == 1  # matched once committed


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id_number": "420821199005170010"}, "id_number"),  # check digit wrong
        ({"id_number": "4208211990051700"}, "id_number"),
        ({"id_number": 420821199005170011}, "id_number"),  # a number, not a string
        ({"phone": "12345"}, "phone"),
        ({"home_region": ZHONGXIANG}, "home_region"),  # outside my area
        ({"home_region": "999999"}, "home_region"),  # no such region
        ({"home_region": 420882}, "home_region"),
        ({"name": ""}, "name"),
        ({"name": "李" * 65}, "name"),
        ({"education": "3"}, "education"),  # a string where the number goes
        ({"education": 9}, "education"),
        ({"employment_status": "astronaut"}, "employment_status"),
        ({"is_seeking": "true"}, "is_seeking"),
        ({"expected_wage": -1}, "expected_wage"),
        ({"expected_wage": 10_000_000}, "expected_wage"),
        ({"commute_radius_km": 5.5}, "commute_radius_km"),
        ({"desired_occupations": ["astronaut"]}, "desired_occupations.0"),
        ({"desired_occupations": [7]}, "desired_occupations.0"),
        ({"desired_occupations": "6-30-05-01"}, "desired_occupations"),
        ({"consent_text_version": ""}, "consent_text_version"),
        ({"consent_text_version": "x" * 17}, "consent_text_version"),
    ],
)
def test_a_bad_walk_in_is_a_400_naming_the_field_and_nothing_is_written(
    desk: APIClient, change: dict[str, Any], field: str
) -> None:
    taxonomy_load()

    response = desk.post("/api/v1/staff/people/", walk_in(**change))

    assert response.status_code == 400 and field in response.json()["fields"], response.content
    assert not Person.objects.exists()


def test_consent_given_without_the_version_of_its_text_is_refused(desk: APIClient) -> None:
    body = walk_in(desired_occupations=[])
    del body["consent_text_version"]

    response = desk.post("/api/v1/staff/people/", body)

    assert response.status_code == 400 and "consent_text_version" in response.json()["fields"]
    assert not Person.objects.exists()


def test_a_person_registered_already_is_not_registered_twice(desk: APIClient, neighbour: APIClient) -> None:
    # given someone registered in the next county
    there = PersonFactory(home_region=region(ZHONGXIANG))

    # when my desk registers the same ID number
    response = desk.post("/api/v1/staff/people/", walk_in(id_number=there.id_number, desired_occupations=[]))

    # then
    assert response.status_code == 400 and list(response.json()["fields"]) == ["id_number"]
    assert Person.objects.count() == 1


# --- one person: detail, changes, reveal ---------------------------------------------------------


def test_a_person_in_full_with_an_etag_and_numbers_still_masked(desk: APIClient) -> None:
    # given
    person = PersonFactory(name="张三", phone="13912345678", ethnicity="汉族")
    MigrantRecord.objects.create(person=person, work_region=region("440300"), started_on=date(2023, 3, 1))
    in_hardship(person, tier="blue")

    # when
    response = desk.get(f"/api/v1/staff/people/{person.pk}/")

    # then
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["phone"] == "139****5678" and person.id_number not in str(body)
    assert body["home_region"]["code"] == JINGSHAN and body["ethnicity"] == "汉族"
    assert (
        body["migrant"]["work_region"]["code"] == "440300"
        and body["hardship"]["registered_on"] == "2024-01-01"
    )
    assert body["support"]["tier"] == "blue" and body["support"]["reasons"] == ["失业 13 个月"]


def test_someone_outside_my_area_is_not_found(desk: APIClient, city: APIClient) -> None:
    # given
    there = PersonFactory(home_region=region(ZHONGXIANG))
    in_hardship(there)
    before = Person.objects.get().updated_at

    # then
    for answer in (
        desk.get(f"/api/v1/staff/people/{there.pk}/"),
        desk.patch(f"/api/v1/staff/people/{there.pk}/", {"name": "改"}, HTTP_IF_MATCH="*"),
        desk.get(f"/api/v1/staff/people/{there.pk}/assistance/"),
        desk.post(
            f"/api/v1/staff/people/{there.pk}/assistance/", {"kind": "policy", "delivered_on": "2024-05-01"}
        ),
        desk.get("/api/v1/staff/people/999999/"),
        desk.get("/api/v1/staff/people/99999999999999999999999/"),
    ):
        assert answer.status_code == 404 and answer.json()["code"] == "not_found", answer.content
    assert Person.objects.get().updated_at == before and not AssistanceRecord.objects.exists()
    assert city.get(f"/api/v1/staff/people/{there.pk}/").status_code == 200  # the city sees both counties


def test_a_change_names_the_version_it_was_made_from(desk: APIClient) -> None:
    # given
    taxonomy_load()
    person = PersonFactory(name="张三")
    url = f"/api/v1/staff/people/{person.pk}/"
    first = desk.get(url)["ETag"]

    # when
    missing = desk.patch(url, {"name": "张叁"})
    changed = desk.patch(url, {"name": "张叁", "desired_occupations": ["6-30-05-01"]}, HTTP_IF_MATCH=first)
    stale = desk.patch(url, {"name": "张仨"}, HTTP_IF_MATCH=first)

    # then
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != first and changed["ETag"] == desk.get(url)["ETag"]
    assert changed.json()["desired_occupations"] == ["6-30-05-01"]
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    assert Person.objects.get().name == "张叁"


def test_consent_changed_by_staff_is_recorded_with_its_time(desk: APIClient) -> None:
    person = PersonFactory()
    url = f"/api/v1/staff/people/{person.pk}/"

    response = desk.patch(
        url,
        {"consent_matching": True, "consent_text_version": "2025-01"},
        HTTP_IF_MATCH=desk.get(url)["ETag"],
    )

    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.consent_matching and person.consent_recorded_at is not None
    assert person.consent_text_version == "2025-01"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"home_region": ZHONGXIANG}, "home_region"),
        ({"home_region": "999999"}, "home_region"),
        ({"id_number": "420821199005170010"}, "id_number"),
        ({"phone": "023-1234567"}, "phone"),
        ({"commute_radius_km": -5}, "commute_radius_km"),
        ({"commute_radius_km": 201}, "commute_radius_km"),
        ({"wants_gig": 1}, "wants_gig"),
        ({"name": ["张三"]}, "name"),
        ({"available_from": "下周"}, "available_from"),
        ({"consent_contact": True}, "consent_text_version"),
    ],
)
def test_a_bad_change_is_a_400_naming_the_field_and_nothing_changes(
    desk: APIClient, change: dict[str, Any], field: str
) -> None:
    person = PersonFactory(name="张三")
    url = f"/api/v1/staff/people/{person.pk}/"
    version = desk.get(url)["ETag"]

    response = desk.patch(url, {"name": "改了", **change}, HTTP_IF_MATCH=version)

    assert response.status_code == 400 and field in response.json()["fields"], response.content
    assert desk.get(url)["ETag"] == version and Person.objects.get().name == "张三"


def test_full_numbers_are_revealed_only_with_the_permission_and_every_reveal_is_logged(
    desk: APIClient, city: APIClient
) -> None:
    # given
    person = PersonFactory(phone="13912345678")
    url = f"/api/v1/staff/people/{person.pk}/reveal/"

    # when
    refused = desk.post(url, {"purpose": "核对身份"})
    blank = city.post(url, {"purpose": ""})
    revealed = city.post(url, {"purpose": "核对身份"})

    # then
    assert refused.status_code == 403 and blank.status_code == 400 and "purpose" in blank.json()["fields"]
    assert revealed.status_code == 200 and revealed["Cache-Control"] == "no-store"
    assert revealed.json() == {"id_number": person.id_number, "phone": "13912345678"}
    log = RevealLog.objects.get()
    assert log.person == person and log.staff.username == "jingmen" and log.purpose == "核对身份"


def test_a_reveal_outside_my_area_is_not_found_and_not_logged(city: APIClient) -> None:
    there = PersonFactory(home_region=region("420102"))  # Wuhan, another city
    assert city.post(f"/api/v1/staff/people/{there.pk}/reveal/", {"purpose": "核对"}).status_code == 404
    assert not RevealLog.objects.exists()


# --- assistance and warnings ---------------------------------------------------------------------


def test_assistance_is_recorded_for_a_hard_to_employ_person_and_listed_latest_first(
    desk: APIClient, jingshan: Any
) -> None:
    # given
    person = PersonFactory()
    in_hardship(person)
    job = VacancyFactory()
    url = f"/api/v1/staff/people/{person.pk}/assistance/"
    today = timezone.localdate()

    # when
    briefing = desk.post(url, {"kind": "policy", "delivered_on": (today - timedelta(days=3)).isoformat()})
    offer = desk.post(
        url, {"kind": "job", "delivered_on": today.isoformat(), "vacancy": job.pk, "note": "面试"}
    )

    # then
    assert briefing.status_code == offer.status_code == 201, offer.content
    assert offer.json()["vacancy"] == job.pk and offer.json()["staff"] == "jingshan"
    listed = desk.get(url).json()
    assert [r["kind"] for r in listed["results"]] == ["job", "policy"]
    assert AssistanceRecord.objects.filter(staff=jingshan).count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"delivered_on": "2999-01-01"}, "delivered_on"),
        ({"delivered_on": "2024-02-30"}, "delivered_on"),
        ({"delivered_on": "2023-12-31"}, "delivered_on"),  # before they entered the registry
        ({"kind": "cash"}, "kind"),
        ({"vacancy": 999999}, "vacancy"),
        ({"vacancy": "1"}, "vacancy"),
        ({"vacancy": -1}, "vacancy"),
        ({"course": 999999}, "course"),
        ({"note": "记" * 2001}, "note"),
    ],
)
def test_bad_assistance_is_a_400_naming_the_field_and_nothing_is_recorded(
    desk: APIClient, change: dict[str, Any], field: str
) -> None:
    person = PersonFactory()
    in_hardship(person)

    response = desk.post(
        f"/api/v1/staff/people/{person.pk}/assistance/",
        {"kind": "policy", "delivered_on": "2024-05-01", **change},
    )

    assert response.status_code == 400 and field in response.json()["fields"], response.content
    assert not AssistanceRecord.objects.exists()


def test_assistance_is_only_for_people_in_the_hard_to_employ_registry(desk: APIClient) -> None:
    never = PersonFactory()
    left = PersonFactory()
    in_hardship(left, exited_on=date(2024, 6, 1))

    for person in (never, left):
        response = desk.post(
            f"/api/v1/staff/people/{person.pk}/assistance/", {"kind": "policy", "delivered_on": "2024-05-01"}
        )
        assert response.status_code == 400 and "person" in response.json()["fields"]
    assert not AssistanceRecord.objects.exists()


def test_warnings_come_red_first_with_1131_progress_in_one_query(desk: APIClient, jingshan: Any) -> None:
    # given people at each tier, one without a warning, one who left, one in the next county
    people = {tier: PersonFactory(name=tier) for tier in ("blue", "red", "yellow", "none", "left", "away")}
    for tier in ("blue", "red", "yellow", "none"):
        in_hardship(people[tier], tier=tier, case_worker=jingshan if tier == "red" else None)
    in_hardship(people["left"], tier="red", exited_on=date(2024, 6, 1))
    people["away"].home_region = region(ZHONGXIANG)
    people["away"].save()
    in_hardship(people["away"], tier="red")
    plan = plan_open_by_staff(person=people["red"], by=jingshan)
    for kind, n in (("policy", 1), ("job", 2), ("guidance", 0), ("training", 1)):
        done = plan.items.filter(kind=kind).values_list("pk", flat=True)[:n]
        PlanItem.objects.filter(pk__in=list(done)).update(done_on=timezone.localdate())
    AssistanceRecord.objects.create(
        profile=people["red"].hardship, kind="policy", delivered_on=date(2024, 5, 1)
    )

    # when
    with CaptureQueriesContext(connection) as few:
        response = desk.get("/api/v1/staff/warnings/")

    # then
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert [r["tier"] for r in rows] == ["red", "yellow", "blue"]
    assert rows[0]["person"]["name"] == "red" and rows[0]["case_worker"] == "jingshan"
    assert rows[0]["reasons"] == ["失业 13 个月"] and rows[0]["tier_since"]
    assert rows[0]["assistance_1131"] == {
        "policy_briefings": 1, "guidance_sessions": 0, "job_recommendations": 2, "training_offers": 1,
    }  # fmt: skip
    assert [r["tier"] for r in desk.get("/api/v1/staff/warnings/", {"tier": "yellow"}).json()["results"]] == [
        "yellow"
    ]
    # and the same queries with many more rows: nothing is fetched row by row
    for n in range(5):
        in_hardship(PersonFactory(name=f"more{n}"), tier="red", case_worker=jingshan)
    with CaptureQueriesContext(connection) as many:
        assert desk.get("/api/v1/staff/warnings/").json()["count"] == 8
    assert len(many) == len(few)


def test_staff_set_a_tier_for_a_while_and_end_it_and_another_area_cannot(
    desk: APIClient, neighbour: APIClient, jingshan: Any
) -> None:
    # given someone of Jingshan the rules give no tier
    person = PersonFactory(name="赵六", employment_status="employed")
    url = f"/api/v1/staff/people/{person.pk}/tier/"
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    body = {"override_tier": "yellow", "override_reason": "家中突发变故", "override_until": until}

    # when the next county tries, and when the reason is missing
    assert neighbour.put(url, body, format="json").status_code == 404
    refused = desk.put(url, {**body, "override_reason": " "}, format="json")
    # then nothing is written
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["override_reason"]
    assert not Support.objects.exists()

    # when their own station sets it, then ends it
    response = desk.put(url, body, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["tier"], response.json()["override_until"]) == ("yellow", until)
    ended = desk.delete(url)

    # then the rules' tier is back, and both acts are logged as theirs
    assert ended.status_code == 200 and ended.json()["tier"] == "none" and ended.json()["override_tier"] == ""
    assert list(TierChange.objects.order_by("pk").values_list("to_tier", "source", "changed_by")) == [
        ("yellow", "staff", jingshan.pk), ("none", "staff", jingshan.pk),
    ]  # fmt: skip
    assert neighbour.delete(url).status_code == 404


def test_a_warning_filter_on_no_tier_is_refused(desk: APIClient) -> None:
    response = desk.get("/api/v1/staff/warnings/", {"tier": "none"})
    assert response.status_code == 400 and "tier" in response.json()["fields"]


# --- employers ---------------------------------------------------------------------------------


def test_pending_employers_of_my_area_are_listed(desk: APIClient, neighbour: APIClient) -> None:
    # given
    waiting = EmployerFactory(name="京山轻机", status=Employer.Status.PENDING, contact_phone="13812345678")
    EmployerFactory(name="京山已批", status=Employer.Status.APPROVED)
    EmployerFactory(name="钟祥待批", status=Employer.Status.PENDING, region=region(ZHONGXIANG))
    VacancyFactory(employer=waiting)

    # when
    listed = desk.get("/api/v1/staff/employers/", {"status": "pending"})

    # then
    assert listed.status_code == 200
    rows = listed.json()["results"]
    assert [r["name"] for r in rows] == ["京山轻机"]
    assert rows[0]["contact_phone"] == "138****5678" and rows[0]["open_vacancies"] == 1
    assert [r["name"] for r in neighbour.get("/api/v1/staff/employers/").json()["results"]] == ["钟祥待批"]


def test_an_approved_employer_has_its_vacancies_listed_and_matched(
    api: APIClient, desk: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    # given an employer awaiting approval, with an open vacancy nobody sees yet
    employer = EmployerFactory(status=Employer.Status.PENDING)
    job = VacancyFactory(employer=employer)
    Vacancy.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(days=1))
    assert api.get("/api/v1/vacancies/").json()["count"] == 0

    # when
    with django_capture_on_commit_callbacks(execute=False) as rescorings:
        approved = desk.post(f"/api/v1/staff/employers/{employer.pk}/approve/")
    again = desk.post(f"/api/v1/staff/employers/{employer.pk}/approve/")

    # then
    assert approved.status_code == 200 and approved.json()["status"] == "approved", approved.content
    assert again.status_code == 200
    assert [v["id"] for v in api.get("/api/v1/vacancies/").json()["results"]] == [job.pk]
    assert len(rescorings) == 1  # its vacancies re-scored once committed
    assert Employer.objects.get().updated_at > timezone.now() - timedelta(minutes=1)  # the index catches up


def test_only_staff_allowed_to_change_employers_approve_them_and_only_in_their_area(
    desk: APIClient, neighbour: APIClient
) -> None:
    # given
    employer = EmployerFactory(status=Employer.Status.PENDING)
    suspended = EmployerFactory(status=Employer.Status.SUSPENDED)
    reader = signed_in(staff_user("reader", JINGSHAN))  # an area, but no permissions

    # when
    not_allowed = reader.post(f"/api/v1/staff/employers/{employer.pk}/approve/")
    not_theirs = neighbour.post(f"/api/v1/staff/employers/{employer.pk}/approve/")
    not_pending = desk.post(f"/api/v1/staff/employers/{suspended.pk}/approve/")

    # then
    assert not_allowed.status_code == 403 and not_theirs.status_code == 404
    assert not_pending.status_code == 400 and "status" in not_pending.json()["fields"]
    assert Employer.objects.get(pk=employer.pk).status == Employer.Status.PENDING
    assert Employer.objects.get(pk=suspended.pk).status == Employer.Status.SUSPENDED
