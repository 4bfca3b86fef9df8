"""An employer keeps its profile and vacancies up to date (each change names the version it was
made from), closes a vacancy, and lets colleagues sign in for it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import Employer, EmployerAccount, Vacancy
from jobs.services.taxonomy import taxonomy_load
from tests.api.conftest import as_token
from tests.api.test_employers import code_sent, sign_up, vacancy
from tests.workers.fake_gateway import FakeGateway
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(api: APIClient, sms: FakeGateway) -> APIClient:
    taxonomy_load()
    signed_up = sign_up(api, sms, contact_name="张经理")
    assert signed_up.status_code == 201, signed_up.content
    return as_token(signed_up.json()["token"])


def posted(client: APIClient, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/v1/employer/vacancies/", vacancy(**extra))
    assert response.status_code == 201, response.content
    return response.json()  # type: ignore[no-any-return]


def test_two_clerks_editing_one_vacancy_do_not_overwrite_each_other(employer: APIClient) -> None:
    # given a vacancy both clerks read
    job = posted(employer, skills=[{"skill": "forklift-operation", "level": 2, "required": True}])
    read = employer.get(f"/api/v1/employer/vacancies/{job['id']}/")

    # when one raises the wage and the other, from the same copy, changes the headcount
    first = employer.patch(f"/api/v1/employer/vacancies/{job['id']}/", {"wage_max": 8000,
                           "skills": [{"skill": "n1-licence", "level": 1}]}, HTTP_IF_MATCH=read["ETag"])  # fmt: skip
    second = employer.patch(f"/api/v1/employer/vacancies/{job['id']}/", {"headcount": 5},
                            HTTP_IF_MATCH=read["ETag"])  # fmt: skip
    unsaid = employer.patch(f"/api/v1/employer/vacancies/{job['id']}/", {"headcount": 5})

    # then the second is refused, and the first's change and skills hold
    assert first.status_code == 200 and first.json()["wage_max"] == 8000
    assert second.status_code == 412 and unsaid.status_code == 428
    saved = Vacancy.objects.get()
    assert saved.headcount == 3 and list(saved.skills.values_list("skill__code", flat=True)) == ["n1-licence"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"wage_max": 100}, "wage_max"),  # below the minimum
        ({"wage_min": -5}, "wage_min"),
        ({"region": "999999"}, "region"),
        ({"skills": [{"level": 2}]}, "skills.0.skill"),
        ({"headcount": 2.5}, "headcount"),
    ],
)
def test_a_bad_vacancy_change_is_a_400_naming_the_field_and_changes_nothing(
    employer: APIClient, change: dict[str, Any], field: str
) -> None:
    job = posted(employer)
    etag = employer.get(f"/api/v1/employer/vacancies/{job['id']}/")["ETag"]

    response = employer.patch(f"/api/v1/employer/vacancies/{job['id']}/", change, HTTP_IF_MATCH=etag)

    assert response.status_code == 400 and field in response.json()["fields"], response.content
    saved = Vacancy.objects.get()
    assert (saved.wage_min, saved.wage_max, saved.headcount, saved.region_id) == (5000, 7000, 3, "420882")


def test_a_closed_vacancy_leaves_the_public_list_and_cannot_be_changed(
    api: APIClient, employer: APIClient
) -> None:
    job = posted(employer)
    Employer.objects.update(status=Employer.Status.APPROVED)
    assert api.get("/api/v1/vacancies/").json()["count"] == 1

    closed = employer.post(f"/api/v1/employer/vacancies/{job['id']}/close/")
    change = employer.patch(
        f"/api/v1/employer/vacancies/{job['id']}/", {"headcount": 9}, HTTP_IF_MATCH=closed["ETag"]
    )

    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert api.get("/api/v1/vacancies/").json()["count"] == 0
    assert change.status_code == 400 and "status" in change.json()["fields"]


def test_an_employer_changes_its_description_and_contact_but_not_its_name(employer: APIClient) -> None:
    etag = employer.get("/api/v1/employer/")["ETag"]

    changed = employer.patch("/api/v1/employer/", {"description": "叉车整机制造", "contact_phone": "13900001111",
                                                   "name": "别的名字"}, HTTP_IF_MATCH=etag)  # fmt: skip
    bad = employer.patch("/api/v1/employer/", {"contact_phone": "12345"}, HTTP_IF_MATCH=changed["ETag"])

    assert changed.status_code == 200, changed.content
    assert changed.json()["contact_phone"] == "139****1111" and changed.json()["name"] == "京山轻机"
    assert Employer.objects.get().contact_phone == "13900001111"
    assert bad.status_code == 400 and "contact_phone" in bad.json()["fields"]


def test_a_colleague_signs_in_for_the_employer_and_leaves(
    api: APIClient, sms: FakeGateway, employer: APIClient
) -> None:
    # given a colleague added by the first clerk
    added = employer.post("/api/v1/employer/accounts/", {"name": "李会计", "phone": "13600001111"})
    assert added.status_code == 201, added.content
    twice = employer.post("/api/v1/employer/accounts/", {"name": "李会计", "phone": "13600001111"})
    bad = employer.post("/api/v1/employer/accounts/", {"name": "王", "phone": "1360000"})

    # when the colleague signs in with a code to their own phone
    signed_in = api.post("/api/v1/employers/sign-in/", {"phone": "13600001111",
                                                         "code": code_sent(api, sms, "13600001111")})  # fmt: skip
    colleague = as_token(signed_in.json()["token"])

    # then they see the same employer and its accounts, masked
    assert signed_in.status_code == 200 and signed_in.json()["employer"]["name"] == "京山轻机"
    accounts = colleague.get("/api/v1/employer/accounts/").json()["results"]
    assert [(a["name"], a["phone"], a["is_me"], a["verified"]) for a in accounts] == [
        ("张经理", "137****5678", False, True), ("李会计", "136****1111", True, True)]  # fmt: skip
    assert added.json()["verified"] is False  # until the colleague proved the phone
    assert twice.status_code == 400 and "phone" in twice.json()["fields"]
    assert bad.status_code == 400 and "phone" in bad.json()["fields"]

    # and when the first clerk ends the colleague's sign-in, their token stops working
    assert employer.delete(f"/api/v1/employer/accounts/{added.json()['id']}/").status_code == 204
    assert colleague.get("/api/v1/employer/").status_code == 401
    last = EmployerAccount.objects.get()
    refused = employer.delete(f"/api/v1/employer/accounts/{last.pk}/")
    assert refused.status_code == 400 and EmployerAccount.objects.count() == 1


def test_an_employer_reaches_neither_another_employers_vacancy_nor_its_accounts(
    api: APIClient, sms: FakeGateway, employer: APIClient
) -> None:
    theirs = as_token(sign_up(api, sms, phone="13612345678").json()["token"])
    job = posted(theirs)
    their_account = EmployerAccount.objects.get(employer__vacancies__id=job["id"])

    assert employer.get(f"/api/v1/employer/vacancies/{job['id']}/").status_code == 404
    assert employer.post(f"/api/v1/employer/vacancies/{job['id']}/close/").status_code == 404
    assert employer.delete(f"/api/v1/employer/accounts/{their_account.pk}/").status_code == 404
    assert Vacancy.objects.get().status == "open" and EmployerAccount.objects.count() == 2
    assert api.get("/api/v1/employer/accounts/").status_code == 401


def test_an_employer_reads_its_own_notices_and_no_one_elses(api: APIClient, sms: FakeGateway) -> None:
    # given two employers, each with a notice in its inbox
    taxonomy_load()
    ours = as_token(sign_up(api, sms).json()["token"])
    as_token(sign_up(api, sms, phone="13612345678").json()["token"])
    for employer in Employer.objects.all():
        Notice.objects.create(employer=employer, key=f"n:{employer.pk}", kind=NoticeKind.CANDIDATES,
                              channel=Channel.INBOX, title=employer.contact_phone, body="b",
                              next_attempt_at=timezone.now())  # fmt: skip
    theirs = Notice.objects.get(title="13612345678")

    # when
    listed = ours.get("/api/v1/employer/notices/").json()["results"]
    read_mine = ours.post(f"/api/v1/employer/notices/{listed[0]['id']}/read/")
    read_theirs = ours.post(f"/api/v1/employer/notices/{theirs.pk}/read/")

    # then
    assert [n["title"] for n in listed] == ["13712345678"]
    assert read_mine.status_code == 200 and read_mine.json()["read_at"] is not None
    assert read_theirs.status_code == 404 and Notice.objects.get(pk=theirs.pk).read_at is None
    assert ours.get("/api/v1/me/notices/").status_code == 403  # an employer's clerk is no seeker
