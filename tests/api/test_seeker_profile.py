"""A job seeker's skills, certificates and desired work; interest short of applying; courses for
them; and their record of working away from home: where, until when, and back home."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import MigrantRecord, Occupation, Person, Skill, TrainingCourse
from jobs.models.people import EmploymentStatus
from jobs.services.taxonomy import taxonomy_load
from matching.models import Match, MatchStatus
from tests.api.conftest import as_token
from tests.api.test_seekers import code_sent, registration
from tests.factories import VacancyFactory, region
from tests.workers.fake_gateway import FakeGateway
from workers.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeker(api: APIClient, sms: FakeGateway) -> APIClient:
    taxonomy_load()
    registered = api.post("/api/v1/seekers/", registration(code_sent(api, sms)))
    assert registered.status_code == 201, registered.content
    return as_token(registered.json()["token"])


def patch_me(client: APIClient, body: dict[str, Any]) -> Any:
    return client.patch("/api/v1/me/", body, HTTP_IF_MATCH=client.get("/api/v1/me/")["ETag"])


def test_skills_certificates_and_desired_work_replace_what_was_held(seeker: APIClient) -> None:
    # given
    first = patch_me(seeker, {"skills": [{"skill": "forklift-operation", "level": 3, "years": 5},
                                         {"skill": "warehouse-loading"}]})  # fmt: skip
    assert first.status_code == 200, first.content

    # when
    second = patch_me(seeker, {
        "skills": [{"skill": "co2-welding", "level": 2, "years": 1}],
        "certificates": [{"name": "焊工证", "occupation": "6-18-02-04", "level": 4, "issued_on": "2020-03-01"}],
        "desired_occupations": ["6-18-02-04"], "desired_regions": ["420882", "420800"], "available_from": "2026-12-01",
    })  # fmt: skip

    # then
    assert second.status_code == 200, second.content
    body = second.json()
    assert [(s["skill"], s["name"], s["level"], s["years"]) for s in body["skills"]] == [
        ("co2-welding", "二氧化碳保护焊", 2, 1)
    ]
    assert body["certificates"] == [
        {"name": "焊工证", "occupation": "6-18-02-04", "level": 4, "number": "", "issued_on": "2020-03-01"}
    ]
    assert body["desired_occupations"] == ["6-18-02-04"] and set(body["desired_regions"]) == {
        "420882",
        "420800",
    }
    person = Person.objects.get()
    assert list(person.skills.values_list("skill__code", flat=True)) == ["co2-welding"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"skills": [{"skill": "forklift-operation"}, {"skill": "forklift-operation"}]}, "skills"),
        ({"skills": [{"skill": "no-such-skill"}]}, "skills.0.skill"),
        ({"skills": [{"skill": "forklift-operation", "years": 61}]}, "skills.0.years"),
        ({"skills": [{"skill": "forklift-operation", "level": "3"}]}, "skills.0.level"),
        ({"certificates": [{"name": "焊工证", "issued_on": "2999-01-01"}]}, "certificates.0.issued_on"),
        ({"certificates": [{"name": "证" * 101}]}, "certificates.0.name"),
        ({"desired_regions": ["999999"]}, "desired_regions.0"),
    ],
)
def test_bad_skills_or_certificates_are_a_400_naming_the_field_and_change_nothing(
    seeker: APIClient, change: dict[str, Any], field: str
) -> None:
    patch_me(seeker, {"skills": [{"skill": "warehouse-loading"}]})

    response = patch_me(seeker, change)

    assert response.status_code == 400 and field in response.json()["fields"], response.content
    assert list(Person.objects.get().skills.values_list("skill__code", flat=True)) == ["warehouse-loading"]


def test_a_change_that_does_not_say_which_version_it_was_made_from_is_refused(seeker: APIClient) -> None:
    response = seeker.patch("/api/v1/me/", {"expected_wage": 9000})

    assert response.status_code == 428 and response.json()["code"] == "precondition_required"
    assert Person.objects.get().expected_wage == 5000


def test_interest_shows_the_employer_a_candidate_without_their_contact(seeker: APIClient) -> None:
    match = Match.objects.create(
        person=Person.objects.get(), vacancy=VacancyFactory(), score=0.7, person_rank=1
    )

    interested = seeker.post(f"/api/v1/me/matches/{match.pk}/interest/")
    again = seeker.post(f"/api/v1/me/matches/{match.pk}/interest/")
    applied = seeker.post(f"/api/v1/me/matches/{match.pk}/apply/")

    assert interested.status_code == 200 and interested.json()["status"] == MatchStatus.INTERESTED
    assert again.status_code == 400 and "status" in again.json()["fields"]
    assert applied.status_code == 200 and Match.objects.get().status == MatchStatus.APPLIED
    assert list(Match.objects.get().events.values_list("status", flat=True)) == ["interested", "applied"]


def test_courses_for_me_put_the_one_teaching_what_my_best_matches_ask_for_first(seeker: APIClient) -> None:
    # given my best match asks for welding, which I lack, and three courses
    Match.objects.create(person=Person.objects.get(), vacancy=VacancyFactory(), score=0.7, person_rank=1,
                         explanation={"missing_skills": ["二氧化碳保护焊"]})  # fmt: skip
    today = timezone.localdate()
    for name, start, code, skill in (("叉车班", 5, "420882", "forklift-operation"),
                                     ("焊工班", 20, "420881", "co2-welding"),
                                     ("外市焊工班", 3, "420200", "co2-welding")):  # fmt: skip
        course = TrainingCourse.objects.create(
            name=name, provider="职校", occupation=Occupation.objects.first(), region=region(code), hours=40,
            capacity=20, starts_on=today + timedelta(days=start), ends_on=today + timedelta(days=start + 30),
        )  # fmt: skip
        course.skills.add(Skill.objects.get(code=skill))

    # when
    response = seeker.get("/api/v1/me/courses/")

    # then the welding course of my own city comes first, then the other one in my city
    assert response.status_code == 200, response.content
    courses = response.json()["results"]
    assert [c["name"] for c in courses] == ["焊工班", "叉车班"]
    assert courses[0]["teaches_what_i_lack"] == ["二氧化碳保护焊"] and courses[1]["teaches_what_i_lack"] == []


def working_away(**extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {"work_region": "441900", "industry": "C", "occupation": "6-18-02-04", "employer_name": "东莞五金厂",
            "started_on": (today - timedelta(days=400)).isoformat(),
            "expected_return_on": (today + timedelta(days=60)).isoformat(), "insurance_region": "441900", **extra}  # fmt: skip


def test_a_migrant_worker_says_where_they_work_then_that_they_are_back(seeker: APIClient) -> None:
    # when they say where they work
    away = seeker.put("/api/v1/me/migrant/", working_away())

    # then a current record, and they count as working away
    assert away.status_code == 200, away.content
    assert (
        away.json()["work_region_name"] and Person.objects.get().employment_status == EmploymentStatus.MIGRANT
    )

    # when they move their expected return from the copy they read
    read = seeker.get("/api/v1/me/migrant/")
    later = (timezone.localdate() + timedelta(days=90)).isoformat()
    moved = seeker.put(
        "/api/v1/me/migrant/", working_away(expected_return_on=later), HTTP_IF_MATCH=read["ETag"]
    )
    stale = seeker.put("/api/v1/me/migrant/", working_away(), HTTP_IF_MATCH=read["ETag"])
    unsaid = seeker.put("/api/v1/me/migrant/", working_away())
    assert moved.status_code == 200 and moved.json()["expected_return_on"] == later
    assert stale.status_code == 412 and unsaid.status_code == 428

    # when they are back
    back = seeker.post("/api/v1/me/migrant/back/", {"intends_local_work": True})

    # then the history is kept, they look for work here, and they hear how to move their insurance
    assert back.status_code == 200 and back.json()["returned_on"] == timezone.localdate().isoformat()
    person = Person.objects.get()
    assert person.employment_status == EmploymentStatus.UNEMPLOYED and person.is_seeking
    assert MigrantRecord.objects.filter(person=person).count() == 3
    assert Notice.objects.filter(person=person, kind=NoticeKind.INSURANCE_TRANSFER).exists()
    twice = seeker.post("/api/v1/me/migrant/back/", {})
    assert twice.status_code == 400 and "returned_on" in twice.json()["fields"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"started_on": "2999-01-01"}, "started_on"),
        ({"expected_return_on": "2000-01-01"}, "expected_return_on"),
        ({"work_region": "999999"}, "work_region"),
        ({"employer_name": "厂" * 101}, "employer_name"),
        ({"industry": 3}, "industry"),
    ],
)
def test_a_bad_migrant_record_is_a_400_naming_the_field_and_changes_nothing(
    seeker: APIClient, change: dict[str, Any], field: str
) -> None:
    response = seeker.put("/api/v1/me/migrant/", working_away(**change))

    assert response.status_code == 400 and field in response.json()["fields"], response.content
    assert not MigrantRecord.objects.exists()
    assert Person.objects.get().employment_status == EmploymentStatus.UNEMPLOYED


def test_nobody_but_the_seeker_reaches_their_migrant_record(api: APIClient, seeker: APIClient) -> None:
    assert seeker.get("/api/v1/me/migrant/").status_code == 404  # none yet
    assert seeker.post("/api/v1/me/migrant/back/", {}).status_code == 400
    assert api.get("/api/v1/me/migrant/").status_code == 401
    assert api.put("/api/v1/me/migrant/", working_away()).status_code == 401


def test_a_skill_without_its_code_is_a_400_even_in_a_partial_change(seeker: APIClient) -> None:
    response = patch_me(seeker, {"skills": [{"level": 1}], "certificates": [{"level": 2}]})

    assert response.status_code == 400
    assert {"skills.0.skill", "certificates.0.name"} <= set(response.json()["fields"])
