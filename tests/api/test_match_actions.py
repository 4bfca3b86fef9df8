"""What seekers and employers do with a match through the API: applying is idempotent, an
invited candidate reads as invited, and a vacancy's dates are checked as in the registry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import Employer, SeekerAccount, Vacancy
from jobs.services.roles import STATION_STAFF
from jobs.services.taxonomy import taxonomy_load
from matching.models import Match, MatchEvent
from tests.api import conftest
from tests.api.conftest import as_token
from tests.factories import PersonFactory, make_credit_code, staff_user
from tests.workers.fake_gateway import FakeGateway
from workers.models import Notice

pytestmark = pytest.mark.django_db
PHONE = "13712345670"


def employer_client(api: APIClient, sms: FakeGateway, phone: str = PHONE) -> APIClient:
    body = {"phone": phone, "code": conftest.code_sent(api, sms, phone, purpose="employer"),
            "credit_code": make_credit_code(), "name": "京山轻机", "industry": "C", "region": "420882"}  # fmt: skip
    signed_up = api.post("/api/v1/employers/", body)
    assert signed_up.status_code == 201, signed_up.content
    return as_token(signed_up.json()["token"])


def vacancy(**extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "title": "装配工", "occupation": "6-30-05-01", "headcount": 3, "wage_min": 5000, "wage_max": 7000,
        "region": "420882", "valid_from": today.isoformat(), "valid_until": (today + timedelta(days=30)).isoformat(),
        **extra,
    }  # fmt: skip


def seeker_of(person: Any) -> APIClient:
    user = get_user_model().objects.create_user(username=f"seeker-{person.pk}")
    SeekerAccount.objects.create(user=user, person=person)
    return as_token(AuthToken.objects.create(user)[1])


@pytest.fixture
def candidate(api: APIClient, sms: FakeGateway) -> tuple[APIClient, APIClient, Match]:
    """An employer's vacancy with a person on its list, who signs in as a seeker."""
    taxonomy_load()
    employer = employer_client(api, sms)
    job_id = employer.post("/api/v1/employer/vacancies/", vacancy()).json()["id"]
    Employer.objects.update(status=Employer.Status.APPROVED)  # only an approved employer's post is listed
    person = PersonFactory(phone="13512345670")
    match = Match.objects.create(person=person, vacancy_id=job_id, score=0.7, person_rank=1, vacancy_rank=1)
    return employer, seeker_of(person), match


def test_applying_twice_answers_the_match_as_it_is_and_writes_nothing_more(
    candidate: tuple[APIClient, APIClient, Match],
) -> None:
    # given a seeker who applied once
    _, seeker, match = candidate
    first = seeker.post(f"/api/v1/me/matches/{match.pk}/apply/")
    events, notices = MatchEvent.objects.count(), Notice.objects.count()

    # when they apply again
    again = seeker.post(f"/api/v1/me/matches/{match.pk}/apply/")

    # then
    assert first.status_code == 200 and first.json()["status"] == "applied", first.content
    assert again.status_code == 200 and again.json()["status"] == "applied", again.content
    assert (MatchEvent.objects.count(), Notice.objects.count()) == (events, notices)


def test_a_declined_match_still_cannot_be_applied_for(candidate: tuple[APIClient, APIClient, Match]) -> None:
    # given
    _, seeker, match = candidate
    seeker.post(f"/api/v1/me/matches/{match.pk}/decline/")

    # when
    refused = seeker.post(f"/api/v1/me/matches/{match.pk}/apply/")

    # then
    assert refused.status_code == 400 and "status" in refused.json()["fields"]
    assert Match.objects.get(pk=match.pk).status == "declined"


def test_a_vacancy_no_longer_open_cannot_be_applied_for_and_its_employer_sees_nothing(
    candidate: tuple[APIClient, APIClient, Match],
) -> None:
    # given the vacancy closed after the match was listed
    _, seeker, match = candidate
    Vacancy.objects.filter(pk=match.vacancy_id).update(status=Vacancy.Status.CLOSED)
    notices = Notice.objects.count()

    # when the person applies
    refused = seeker.post(f"/api/v1/me/matches/{match.pk}/apply/")

    # then nothing moves and nobody is told
    assert refused.status_code == 400 and "status" in refused.json()["fields"]
    assert Match.objects.get(pk=match.pk).status != "applied" and Notice.objects.count() == notices


def test_an_invited_candidate_reads_as_invited_until_they_apply(
    candidate: tuple[APIClient, APIClient, Match],
) -> None:
    # given
    employer, seeker, match = candidate
    candidates = f"/api/v1/employer/vacancies/{match.vacancy_id}/candidates/"
    before = employer.get(candidates).json()["results"][0]

    # when the employer invites them, and later they apply
    invited = employer.post(f"/api/v1/employer/candidates/{match.pk}/invite/")
    listed = employer.get(candidates).json()["results"][0]
    status_when_invited = Match.objects.get(pk=match.pk).status
    seeker.post(f"/api/v1/me/matches/{match.pk}/apply/")
    after = employer.get(candidates).json()["results"][0]

    # then the answer and the list say "invited"; the lifecycle status is kept beside it
    assert before["stage"] == "proposed" and before["invited_at"] is None
    assert invited.status_code == 200, invited.content
    assert invited.json()["stage"] == "invited" and invited.json()["invited_at"] is not None
    assert invited.json()["id"] == match.pk and invited.json()["status"] == status_when_invited
    assert listed["stage"] == "invited"
    assert after["stage"] == "applied" and after["status"] == "applied" and after["invited_at"] is not None


@pytest.mark.parametrize("write", ["create", "update"])
def test_a_vacancy_starting_after_it_is_valid_is_refused_naming_start_date(
    api: APIClient, sms: FakeGateway, write: str
) -> None:
    # given
    taxonomy_load()
    employer = employer_client(api, sms)
    late = (timezone.localdate() + timedelta(days=31)).isoformat()

    # when
    if write == "create":
        refused = employer.post("/api/v1/employer/vacancies/", vacancy(start_date=late))
    else:
        url = f"/api/v1/employer/vacancies/{employer.post('/api/v1/employer/vacancies/', vacancy()).json()['id']}/"
        etag = employer.get(url)["ETag"]
        refused = employer.patch(url, {"start_date": late}, HTTP_IF_MATCH=etag)

    # then
    assert refused.status_code == 400 and "start_date" in refused.json()["fields"], refused.content
    assert not Vacancy.objects.filter(start_date__isnull=False).exists()


def test_the_invite_answer_and_a_repeated_apply_reach_nobody_else(
    api: APIClient, sms: FakeGateway, candidate: tuple[APIClient, APIClient, Match]
) -> None:
    # given another employer, another seeker, staff of another county and nobody signed in
    _, seeker, match = candidate
    other_employer = employer_client(api, sms, phone="13712345679")
    other_seeker = seeker_of(PersonFactory(phone="13512345671"))
    staff = as_token(AuthToken.objects.create(staff_user("zhongxiang", "420881", groups=[STATION_STAFF]))[1])
    invite, apply = f"/api/v1/employer/candidates/{match.pk}/invite/", f"/api/v1/me/matches/{match.pk}/apply/"

    # when / then: the invitation (which answers the candidate) is the employer's alone
    assert other_employer.post(invite).status_code == 404
    assert seeker.post(invite).status_code == 403
    assert staff.post(invite).status_code == 403
    assert APIClient().post(invite).status_code == 401
    # and the match is applied for by its own seeker only, the first time or again
    assert other_seeker.post(apply).status_code == 404
    assert other_employer.post(apply).status_code == 403
    assert staff.post(apply).status_code == 403
    assert APIClient().post(apply).status_code == 401
    unchanged = Match.objects.get(pk=match.pk)
    assert unchanged.invited_at is None and unchanged.status == "proposed"
