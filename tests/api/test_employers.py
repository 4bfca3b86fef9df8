"""Employers through the API: sign-up by credit code waits for staff approval before its
vacancies are shown; posting a vacancy is checked as in the registry; an employer sees only its
own vacancies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import Employer, EmployerAccount, Person, SeekerAccount, Vacancy
from jobs.services.taxonomy import taxonomy_load
from matching.models import Match, MatchEvent
from tests.api import conftest
from tests.api.conftest import as_token
from tests.factories import EmployerFactory, PersonFactory, make_credit_code
from tests.workers.fake_gateway import FakeGateway

pytestmark = pytest.mark.django_db
PHONE = "13712345678"


def code_sent(api: APIClient, sms: FakeGateway, phone: str = PHONE) -> str:
    return conftest.code_sent(api, sms, phone, purpose="employer")


def sign_up(api: APIClient, sms: FakeGateway, phone: str = PHONE, **extra: Any) -> Any:
    body = {"phone": phone, "code": code_sent(api, sms, phone), "credit_code": make_credit_code(),
            "name": "京山轻机", "industry": "C", "region": "420882", **extra}  # fmt: skip
    return api.post("/api/v1/employers/", body)


def vacancy(**extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "title": "叉车司机", "occupation": "6-30-05-01", "headcount": 3, "wage_min": 5000, "wage_max": 7000,
        "region": "420882", "valid_from": today.isoformat(), "valid_until": (today + timedelta(days=30)).isoformat(),
        "skills": [], **extra,
    }  # fmt: skip


def test_a_new_employer_waits_for_approval_before_its_vacancy_is_shown(
    api: APIClient, sms: FakeGateway
) -> None:
    # given
    taxonomy_load()
    signed_up = sign_up(api, sms)
    assert signed_up.status_code == 201, signed_up.content
    assert signed_up.json()["employer"]["status"] == "pending"
    client = as_token(signed_up.json()["token"])

    # when it posts a vacancy
    posted = client.post("/api/v1/employer/vacancies/", vacancy())

    # then it is in its own list but nobody else's until staff approve the employer
    assert posted.status_code == 201, posted.content
    assert [v["title"] for v in client.get("/api/v1/employer/vacancies/").json()["results"]] == ["叉车司机"]
    assert api.get("/api/v1/vacancies/").json()["count"] == 0
    Employer.objects.update(status=Employer.Status.APPROVED)
    assert api.get("/api/v1/vacancies/").json()["count"] == 1


def test_a_vacancy_names_the_licence_it_requires_and_its_minimum_education(
    api: APIClient, sms: FakeGateway
) -> None:
    taxonomy_load()
    client = as_token(sign_up(api, sms).json()["token"])

    posted = client.post("/api/v1/employer/vacancies/", vacancy(licence="forklift_n1", education_min=2))

    assert posted.status_code == 201, posted.content
    assert (posted.json()["licence"], posted.json()["education_min"]) == ("forklift_n1", 2)
    assert Vacancy.objects.get().licence == "forklift_n1"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"wage_min": -1}, "wage_min"),
        ({"wage_min": 8000}, "wage_max"),  # above the maximum
        ({"headcount": 0}, "headcount"),
        ({"region": "999999"}, "region"),
        ({"title": "叉" * 101}, "title"),
        ({"occupation": "astronaut"}, "occupation"),
        ({"valid_until": "2000-01-01"}, "valid_until"),
        ({"skills": [{"skill": "forklift-operation", "level": 9}]}, "skills.0.level"),
        ({"headcount": "三个"}, "headcount"),
        ({"licence": "pilot"}, "licence"),
        ({"education_min": "大专"}, "education_min"),
        ({"education_min": 9}, "education_min"),
    ],
)
def test_a_bad_vacancy_is_a_400_naming_the_field_and_nothing_is_written(
    api: APIClient, sms: FakeGateway, change: dict[str, Any], field: str
) -> None:
    taxonomy_load()
    client = as_token(sign_up(api, sms).json()["token"])

    response = client.post("/api/v1/employer/vacancies/", vacancy(**change))

    assert response.status_code == 400 and field in response.json()["fields"], response.content
    assert not Vacancy.objects.exists()


def test_a_wrong_credit_code_is_refused_and_an_employer_on_file_is_joined_only_from_its_contact(
    api: APIClient, sms: FakeGateway
) -> None:
    bad = sign_up(api, sms, credit_code="91420882000000000X")
    on_file = EmployerFactory(contact_phone="13800138000")
    stranger = sign_up(api, sms, credit_code=on_file.credit_code)
    contact = sign_up(api, sms, phone="13800138000", credit_code=on_file.credit_code)

    assert bad.status_code == 400 and "credit_code" in bad.json()["fields"]
    assert stranger.status_code == 400 and "credit_code" in stranger.json()["fields"]
    assert contact.status_code == 201
    assert EmployerAccount.objects.get().employer_id == on_file.pk


def test_an_employer_sees_only_its_own_vacancies_and_seekers_cannot_post(
    api: APIClient, sms: FakeGateway
) -> None:
    taxonomy_load()
    ours = as_token(sign_up(api, sms).json()["token"])
    theirs = as_token(sign_up(api, sms, phone="13612345678").json()["token"])
    theirs.post("/api/v1/employer/vacancies/", vacancy(title="别人的岗位"))

    assert ours.get("/api/v1/employer/vacancies/").json()["count"] == 0
    assert api.post("/api/v1/employer/vacancies/", vacancy()).status_code == 401
    signed_in = as_token(
        api.post("/api/v1/employers/sign-in/", {"phone": PHONE, "code": code_sent(api, sms)}).json()["token"]
    )
    assert signed_in.get("/api/v1/employer/").json()["contact_phone"] == "137****5678"


def test_candidates_are_masked_until_they_apply_and_outcomes_follow_an_application(
    api: APIClient, sms: FakeGateway
) -> None:
    # given an employer's vacancy with a candidate on its list, signed in as a seeker too

    taxonomy_load()
    employer = as_token(sign_up(api, sms).json()["token"])
    job_id = employer.post("/api/v1/employer/vacancies/", vacancy()).json()["id"]
    Employer.objects.update(status=Employer.Status.APPROVED)  # only an approved employer's post is listed
    person = PersonFactory(name="王小明", phone="13512345678", consent_matching=True,
                           consent_recorded_at=timezone.now())  # fmt: skip
    match = Match.objects.create(person=person, vacancy_id=job_id, score=0.8, person_rank=1, vacancy_rank=1,
                                 explanation={"shared_skills": ["叉车驾驶"]})  # fmt: skip

    user = get_user_model().objects.create_user(username="wang")
    SeekerAccount.objects.create(user=user, person=person)
    seeker = as_token(AuthToken.objects.create(user)[1])

    # when the employer looks before the application
    before = employer.get(f"/api/v1/employer/vacancies/{job_id}/candidates/").json()["results"][0]
    too_soon = employer.post(f"/api/v1/employer/candidates/{match.pk}/outcome/", {"status": "hired"})
    applied = seeker.post(f"/api/v1/me/matches/{match.pk}/apply/")
    after = employer.get(f"/api/v1/employer/vacancies/{job_id}/candidates/").json()["results"][0]
    hired = employer.post(f"/api/v1/employer/candidates/{match.pk}/outcome/", {"status": "hired"})

    # then
    assert before["person"] == {"name": "王**", "phone": None, "education": person.education,
                                "region": person.home_region.full_name}  # fmt: skip
    assert "sex" not in before["person"] and any("叉车驾驶" in r for r in before["reasons"])
    assert too_soon.status_code == 400 and "status" in too_soon.json()["fields"]
    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    assert after["person"]["name"] == "王小明" and after["person"]["phone"] == "13512345678"
    assert hired.status_code == 200 and Match.objects.get(pk=match.pk).status == "hired"
    assert list(MatchEvent.objects.filter(match=match).values_list("by", flat=True)) == ["person", "employer"]
    assert Person.objects.get(pk=person.pk).notices.filter(kind="application").exists()


def test_nobody_reaches_another_employers_candidates_or_another_seekers_match(
    api: APIClient, sms: FakeGateway
) -> None:

    taxonomy_load()
    ours = as_token(sign_up(api, sms).json()["token"])
    theirs = as_token(sign_up(api, sms, phone="13612345678").json()["token"])
    job_id = theirs.post("/api/v1/employer/vacancies/", vacancy()).json()["id"]
    match = Match.objects.create(person=PersonFactory(), vacancy_id=job_id, score=0.5, vacancy_rank=1)

    assert ours.get(f"/api/v1/employer/vacancies/{job_id}/candidates/").status_code == 404
    assert (
        ours.post(f"/api/v1/employer/candidates/{match.pk}/outcome/", {"status": "declined"}).status_code
        == 404
    )
    assert ours.post(f"/api/v1/me/matches/{match.pk}/apply/").status_code == 403  # an employer is no seeker
    assert Match.objects.get(pk=match.pk).status == "proposed"


def test_an_invited_candidate_is_told_once_and_an_ended_match_cannot_be_invited(
    api: APIClient, sms: FakeGateway
) -> None:
    taxonomy_load()
    employer = as_token(sign_up(api, sms).json()["token"])
    job_id = employer.post("/api/v1/employer/vacancies/", vacancy(title="装配工")).json()["id"]
    person = PersonFactory(phone="13512345678")
    match = Match.objects.create(person=person, vacancy_id=job_id, score=0.7, vacancy_rank=1)
    ended = Match.objects.create(person=PersonFactory(), vacancy_id=job_id, score=0.6, vacancy_rank=2,
                                 status="declined")  # fmt: skip

    first = employer.post(f"/api/v1/employer/candidates/{match.pk}/invite/")
    again = employer.post(f"/api/v1/employer/candidates/{match.pk}/invite/")
    refused = employer.post(f"/api/v1/employer/candidates/{ended.pk}/invite/")

    assert first.status_code == again.status_code == 200
    told = person.notices.filter(kind="application", channel="inbox")
    assert told.count() == 1 and told.get().title == "京山轻机邀请您应聘“装配工”"
    assert "联系方式" in told.get().body
    listed = employer.get(f"/api/v1/employer/vacancies/{job_id}/candidates/").json()["results"][0]
    assert listed["invited_at"] is not None and listed["person"]["phone"] is None  # not until they apply
    assert refused.status_code == 400 and "status" in refused.json()["fields"]
