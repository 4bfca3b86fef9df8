"""Job seekers through the API: a code by SMS, registration with consent, sign-in and out, their
own profile (with conditional updates), matches and notices; nobody reaches another's data, and
bad input is a 400 naming the field that changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import Person, PhoneCode, SeekerAccount
from jobs.services.people import person_find_by_id_number
from matching.models import Match
from tests.api import conftest
from tests.api.conftest import as_token
from tests.factories import PersonFactory, VacancyFactory, make_id_number
from tests.workers.fake_gateway import FakeGateway
from workers.models import Channel, Notice, NoticeKind

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
_VALID = make_id_number()
WRONG_CHECK_DIGIT = _VALID[:-1] + ("0" if _VALID[-1] != "0" else "1")


def code_sent(api: APIClient, sms: FakeGateway, phone: str = PHONE) -> str:
    return conftest.code_sent(api, sms, phone)


def registration(code: str, **extra: Any) -> dict[str, Any]:
    return {
        "phone": PHONE, "code": code, "name": "李四", "id_number": make_id_number(), "home_region": "420882",
        "education": 3, "employment_status": "unemployed", "self_description": "开过五年叉车",
        "desired_occupations": [], "expected_wage": 5000, "consent_matching": True, "consent_contact": True,
        "consent_text_version": "2025-01", **extra,
    }  # fmt: skip


def test_a_seeker_registers_with_a_code_and_consent_and_sees_their_profile_masked(
    api: APIClient, sms: FakeGateway
) -> None:
    # given
    code = code_sent(api, sms)

    # when
    response = api.post("/api/v1/seekers/", registration(code))

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get(account__isnull=False)
    assert person.source == Person.Source.SELF and person.consent_text_version == "2025-01"
    assert person.consent_recorded_at is not None and person.consent_matching and person.consent_contact
    assert body["profile"]["phone"] == "139****5678" and "*" in body["profile"]["id_number"]
    profile = as_token(body["token"]).get("/api/v1/me/")
    assert profile.status_code == 200 and profile.json()["name"] == "李四" and profile["ETag"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id_number": WRONG_CHECK_DIGIT}, "id_number"),
        ({"expected_wage": -100}, "expected_wage"),
        ({"home_region": "999999"}, "home_region"),
        ({"self_description": "叉" * 2001}, "self_description"),
        ({"education": "大学"}, "education"),
        ({"consent_matching": False}, "consent_matching"),
        ({"desired_occupations": "forklift"}, "desired_occupations"),
        ({"consent_contact": 1}, "consent_contact"),  # JSON's own types only
        ({"expected_wage": "5000"}, "expected_wage"),
        ({"education": "3"}, "education"),
    ],
)
def test_bad_registration_is_a_400_naming_the_field_and_keeps_the_code(
    api: APIClient, sms: FakeGateway, change: dict[str, Any], field: str
) -> None:
    # given
    code = code_sent(api, sms)

    # when
    bad = api.post("/api/v1/seekers/", registration(code, **change))

    # then nothing was written, and the same code still registers
    assert bad.status_code == 400 and field in bad.json()["fields"], bad.content
    assert not Person.objects.exists() and not SeekerAccount.objects.exists()
    assert api.post("/api/v1/seekers/", registration(code)).status_code == 201


def test_a_code_is_single_use_wrong_guesses_spend_it_and_old_codes_expire(
    api: APIClient, sms: FakeGateway
) -> None:
    code = code_sent(api, sms)
    assert api.post("/api/v1/seekers/", registration(code)).status_code == 201
    # used once: signing in with it again fails
    again = api.post("/api/v1/auth/sign-in/", {"phone": PHONE, "code": code})
    assert again.status_code == 400 and "code" in again.json()["fields"]

    # five wrong guesses and the right code no longer works
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    code = code_sent(api, sms)
    for _ in range(5):
        api.post(
            "/api/v1/auth/sign-in/", {"phone": PHONE, "code": "000000" if code != "000000" else "111111"}
        )
    assert api.post("/api/v1/auth/sign-in/", {"phone": PHONE, "code": code}).status_code == 400

    # an expired code does not work either
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    code = code_sent(api, sms)
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.post("/api/v1/auth/sign-in/", {"phone": PHONE, "code": code}).status_code == 400


def test_codes_for_one_phone_are_one_a_minute(api: APIClient, sms: FakeGateway) -> None:
    code_sent(api, sms)

    again = api.post("/api/v1/auth/codes/", {"phone": PHONE})

    assert again.status_code == 429
    assert again.json()["code"] == "throttled" and 0 < again.json()["retry_after"] <= 60
    assert len(sms.bodies) == 1
    assert api.post("/api/v1/auth/codes/", {"phone": "12345"}).status_code == 400


def test_sign_in_and_out(api: APIClient, sms: FakeGateway) -> None:
    # given a registered seeker
    api.post("/api/v1/seekers/", registration(code_sent(api, sms)))
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))

    # when they sign in again, then out
    token = api.post("/api/v1/auth/sign-in/", {"phone": PHONE, "code": code_sent(api, sms)}).json()["token"]
    client = as_token(token)
    assert client.get("/api/v1/me/").status_code == 200
    assert client.post("/api/v1/auth/sign-out/").status_code == 204

    # then the token is dead
    gone = client.get("/api/v1/me/")
    assert gone.status_code == 401 and gone.json()["code"] in ("not_authenticated", "authentication_failed")
    unknown = api.post("/api/v1/auth/sign-in/", {"phone": "13700000000", "code": "123456"})
    assert unknown.status_code == 400


def test_someone_registered_at_a_station_is_linked_only_from_the_phone_on_file(
    api: APIClient, sms: FakeGateway
) -> None:
    number = make_id_number()
    walk_in = PersonFactory(id_number=number, phone=PHONE)
    other = PersonFactory(phone="13800000001")

    taken = api.post("/api/v1/seekers/", registration(code_sent(api, sms), id_number=other.id_number))
    linked = api.post("/api/v1/seekers/", registration(code_sent(api, sms, "13900000009") if False else "x"))
    assert taken.status_code == 400 and "id_number" in taken.json()["fields"]
    assert linked.status_code == 400  # a wrong code

    PhoneCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    ok = api.post("/api/v1/seekers/", registration(code_sent(api, sms), id_number=number))
    assert ok.status_code == 201
    assert SeekerAccount.objects.get().person_id == walk_in.pk


def test_a_profile_change_from_a_stale_copy_is_refused(api: APIClient, sms: FakeGateway) -> None:
    client = as_token(api.post("/api/v1/seekers/", registration(code_sent(api, sms))).json()["token"])
    etag = client.get("/api/v1/me/")["ETag"]

    first = client.patch("/api/v1/me/", {"expected_wage": 6000}, HTTP_IF_MATCH=etag)
    stale = client.patch("/api/v1/me/", {"expected_wage": 7000}, HTTP_IF_MATCH=etag)

    assert first.status_code == 200 and first.json()["expected_wage"] == 6000
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    assert Person.objects.get().expected_wage == 6000
    bad = client.patch("/api/v1/me/", {"commute_radius_km": 0}, HTTP_IF_MATCH=first["ETag"])
    assert bad.status_code == 400 and "commute_radius_km" in bad.json()["fields"]
    nul = client.patch("/api/v1/me/", {"desired_occupations": ["\x00"]}, HTTP_IF_MATCH=first["ETag"])
    assert nul.status_code == 400 and nul.json()["code"] == "parse_error"


def test_a_seeker_sees_only_their_own_matches_and_notices(api: APIClient, sms: FakeGateway) -> None:
    # given a registered seeker and somebody else, each with a match and a notice
    client = as_token(api.post("/api/v1/seekers/", registration(code_sent(api, sms))).json()["token"])
    mine, theirs = Person.objects.get(account__isnull=False), PersonFactory()
    for person, title in ((mine, "我的岗位"), (theirs, "别人的岗位")):
        Match.objects.create(person=person, vacancy=VacancyFactory(title=title), score=0.8, person_rank=1,
                             explanation={"shared_skills": ["叉车驾驶"], "distance_km": 3.0})  # fmt: skip
        Notice.objects.create(person=person, key=f"n:{person.pk}", kind=NoticeKind.JOB_MATCH, channel=Channel.INBOX,
                              title=title, body="b", next_attempt_at=timezone.now())  # fmt: skip
    their_notice = Notice.objects.get(person=theirs)

    # when
    matches = client.get("/api/v1/me/matches/", {"ordering": "explanation"}).json()["results"]
    notices = client.get("/api/v1/me/notices/").json()["results"]
    read_theirs = client.post(f"/api/v1/me/notices/{their_notice.pk}/read/")
    read_mine = client.post(f"/api/v1/me/notices/{notices[0]['id']}/read/")

    # then
    assert [m["vacancy"]["title"] for m in matches] == ["我的岗位"]
    assert any("叉车驾驶" in r for r in matches[0]["reasons"])
    assert [n["title"] for n in notices] == ["我的岗位"]
    assert read_theirs.status_code == 404 and Notice.objects.get(pk=their_notice.pk).read_at is None
    assert read_mine.status_code == 200 and read_mine.json()["read_at"] is not None
    assert api.get("/api/v1/me/matches/").status_code == 401


def test_a_seeker_takes_their_data_away_in_full(api: APIClient, sms: FakeGateway) -> None:
    client = as_token(api.post("/api/v1/seekers/", registration(code_sent(api, sms))).json()["token"])
    person = Person.objects.get()
    Match.objects.create(person=person, vacancy=VacancyFactory(title="焊工"), score=0.6, person_rank=1)

    data = client.get("/api/v1/me/data/")

    assert data.status_code == 200 and "attachment" in data["Content-Disposition"]
    body = data.json()
    assert body["profile"]["id_number"] == person.id_number and body["profile"]["phone"] == PHONE
    assert body["account"]["sign_in_phone"] == PHONE and body["phone_changes"] == []
    assert [m["vacancy__title"] for m in body["matches"]] == ["焊工"]
    assert api.get("/api/v1/me/data/").status_code == 401


def test_a_closed_account_leaves_an_anonymous_row_and_nothing_that_names_the_person(
    api: APIClient, sms: FakeGateway
) -> None:
    # given a registered seeker with a notice and a match they applied to
    number = make_id_number()
    client = as_token(
        api.post("/api/v1/seekers/", registration(code_sent(api, sms), id_number=number)).json()["token"]
    )
    person = Person.objects.get()
    match = Match.objects.create(
        person=person, vacancy=VacancyFactory(), score=0.6, person_rank=1, status="applied"
    )
    Notice.objects.create(person=person, key="k", kind=NoticeKind.JOB_MATCH, channel=Channel.INBOX, title="t",
                          body="李四，您好", next_attempt_at=timezone.now())  # fmt: skip

    # when they close the account
    closed = client.delete("/api/v1/me/")

    # then the row stays for the statistics, without anything that names them
    assert closed.status_code == 204
    row = Person.objects.get(pk=person.pk)
    assert row.name != "李四" and row.id_number == "" and row.phone == "" and row.self_description == ""
    assert (row.birth_date.month, row.birth_date.day) == (1, 1) and row.home_region_id == "420882"
    assert not row.consent_matching and not row.is_seeking
    assert not Notice.objects.filter(person=row).exists() and not SeekerAccount.objects.exists()
    assert Match.objects.get(pk=match.pk).status == "applied"  # the outcome still counts
    assert person_find_by_id_number(number) is None
    assert client.get("/api/v1/me/").status_code == 401
    # and the same person may register again later
    assert (
        api.post("/api/v1/seekers/", registration(code_sent(api, sms), id_number=number)).status_code == 201
    )
