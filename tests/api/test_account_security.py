"""Accounts hold against the people around them: staff change the phone on file, never the phone
a seeker signs in with; a seeker moves their own sign-in with a code to the new phone; a code
goes to its phone only and serves what it was asked for; a failed registration spends its code
and does not say where an ID number is on file; a closed account is in no list."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import (
    EmployerAccount,
    HardToEmployProfile,
    MigrantRecord,
    Person,
    PhoneChange,
    PhoneCode,
    SeekerAccount,
    Support,
    TierChange,
)
from jobs.services.roles import STATION_STAFF
from matching.models import Match
from tests.api import conftest
from tests.api.conftest import as_token
from tests.api.test_employers import sign_up
from tests.api.test_seekers import registration
from tests.factories import PersonFactory, VacancyFactory, make_id_number, region, staff_user
from tests.workers.fake_gateway import FakeGateway
from workers.models import Channel, Notice, NoticeKind
from workers.outbox import notices_deliver

pytestmark = pytest.mark.django_db
PHONE = "13912345678"  # the seeker's, as in tests.api.test_seekers
STAFF_PHONE = "13598765432"
NEW_PHONE = "13011112222"


def code_sent(api: APIClient, sms: FakeGateway, phone: str = PHONE, purpose: str = "seeker") -> str:
    return conftest.code_sent(api, sms, phone, purpose)


def registered(api: APIClient, sms: FakeGateway, **extra: Any) -> tuple[APIClient, Person]:
    response = api.post("/api/v1/seekers/", registration(code_sent(api, sms), **extra))
    assert response.status_code == 201, response.content
    return as_token(response.json()["token"]), Person.objects.get(account__isnull=False)


def desk() -> tuple[Any, APIClient]:
    user = staff_user("jingshan", "420882", groups=[STATION_STAFF])
    return user, as_token(AuthToken.objects.create(user)[1])


def codes_aged() -> None:
    """Earlier codes old enough not to hold the next one back."""
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))


def deliver_all() -> None:
    notices_deliver(notice_ids=list(Notice.objects.values_list("pk", flat=True)))


# --- 2. the phone someone signs in with is theirs -----------------------------------------------


def test_staff_changing_a_seekers_phone_gives_no_sign_in_and_the_seeker_is_told_on_the_old_phone(
    api: APIClient, sms: FakeGateway
) -> None:
    # given a registered seeker, and a staff member of their area
    seeker, person = registered(api, sms)
    staff, staff_client = desk()
    etag = staff_client.get(f"/api/v1/staff/people/{person.pk}/")["ETag"]

    # when the staff member puts their own phone on file and asks a sign-in code for it
    changed = staff_client.patch(
        f"/api/v1/staff/people/{person.pk}/", {"phone": STAFF_PHONE}, HTTP_IF_MATCH=etag
    )
    code = code_sent(api, sms, STAFF_PHONE)
    taken = api.post("/api/v1/auth/sign-in/", {"phone": STAFF_PHONE, "code": code})

    # then the phone on file changed, but it signs nobody in, and the seeker still signs in with theirs
    assert changed.status_code == 200, changed.content
    assert Person.objects.get(pk=person.pk).phone == STAFF_PHONE
    assert taken.status_code == 400 and "token" not in taken.json()
    assert seeker.get("/api/v1/me/").status_code == 200
    own = api.post("/api/v1/auth/sign-in/", {"phone": PHONE, "code": code_sent(api, sms)})
    assert own.status_code == 200 and own.json()["profile"]["name"] == "李四"
    # and the change is audited, without a number in clear
    change = PhoneChange.objects.get(person=person)
    assert (change.which, change.changed_by, change.old_phone, change.new_phone) == (
        "on_file", staff, "139****5678", "135****5432")  # fmt: skip
    # and the seeker is told in their inbox and by SMS to the old phone, not to the new one
    inbox = seeker.get("/api/v1/me/notices/").json()["results"]
    assert [n["kind"] for n in inbox] == [NoticeKind.PHONE_CHANGED] and "135****5432" in inbox[0]["body"]
    sms.bodies.clear()
    deliver_all()
    assert [m["to"] for m in sms.bodies] == [PHONE]
    assert Notice.objects.get(channel=Channel.SMS).status == "sent"
    # and the old number shows nowhere in the admin, on the notice or in the audit trail
    admin = Client()
    admin.force_login(staff_user("root", None, superuser=True))
    pages = [reverse("admin:workers_notice_change", args=[Notice.objects.get(channel=Channel.SMS).pk]),
             reverse("admin:jobs_phonechange_changelist")]  # fmt: skip
    for url in pages:
        page = admin.get(url)
        assert page.status_code == 200 and PHONE not in page.content.decode(), url


def test_a_seeker_moves_their_sign_in_to_a_new_phone_with_a_code_sent_to_it_and_other_devices_sign_out(
    api: APIClient, sms: FakeGateway
) -> None:
    # given a seeker signed in on two devices, who turned SMS notices off
    here, person = registered(api, sms, notify_sms=False)
    there = as_token(
        api.post("/api/v1/auth/sign-in/", {"phone": PHONE, "code": code_sent(api, sms)}).json()["token"]
    )
    sign_in_code = code_sent(api, sms, NEW_PHONE)

    # when they move their sign-in to a new phone, first with a code asked for signing in, then
    # with one asked for the new phone
    wrong_purpose = here.post("/api/v1/me/phone/", {"phone": NEW_PHONE, "code": sign_in_code})
    moved = here.post(
        "/api/v1/me/phone/", {"phone": NEW_PHONE, "code": code_sent(api, sms, NEW_PHONE, "new_phone")}
    )

    # then only the code for the new phone does it; the other device is signed out
    assert wrong_purpose.status_code == 400 and "code" in wrong_purpose.json()["fields"]
    assert moved.status_code == 200, moved.content
    assert moved.json()["phone"] == "130****2222"
    assert here.get("/api/v1/me/").status_code == 200 and there.get("/api/v1/me/").status_code == 401
    assert SeekerAccount.objects.get().phone == NEW_PHONE and Person.objects.get().phone == NEW_PHONE
    old = api.post("/api/v1/auth/sign-in/", {"phone": PHONE, "code": code_sent(api, sms)})
    new = api.post("/api/v1/auth/sign-in/", {"phone": NEW_PHONE, "code": code_sent(api, sms, NEW_PHONE)})
    assert old.status_code == 400 and new.status_code == 200
    # and it is audited, and told in the inbox and on the old phone, SMS turned off or not
    change = PhoneChange.objects.get()
    assert (change.which, change.old_phone, change.new_phone) == ("sign_in", "139****5678", "130****2222")
    assert set(Notice.objects.filter(person=person).values_list("kind", "channel")) == {
        (NoticeKind.PHONE_CHANGED, Channel.INBOX), (NoticeKind.PHONE_CHANGED, Channel.SMS)}  # fmt: skip
    sms.bodies.clear()
    deliver_all()
    assert [m["to"] for m in sms.bodies] == [PHONE]


def test_a_phone_changed_in_the_admin_is_audited_and_the_seeker_told(
    api: APIClient, sms: FakeGateway
) -> None:
    # given a registered seeker and a staff member of their area in the admin
    _seeker, person = registered(api, sms)
    staff = staff_user("jingshan", "420882", groups=[STATION_STAFF])
    client = Client()
    client.force_login(staff)
    url = reverse("admin:jobs_person_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data |= {"phone_input": STAFF_PHONE, "home_region": person.home_region_id}
    for prefix in ("skills", "certificates", "work_history"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}

    # when the staff member saves another phone
    saved = client.post(url, data)

    # then it is the phone on file only, audited, and the seeker is told
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    assert Person.objects.get().phone == STAFF_PHONE
    taken = api.post(
        "/api/v1/auth/sign-in/", {"phone": STAFF_PHONE, "code": code_sent(api, sms, STAFF_PHONE)}
    )
    assert taken.status_code == 400 and "token" not in taken.json()
    assert PhoneChange.objects.get().changed_by == staff
    assert Notice.objects.filter(person=person, kind=NoticeKind.PHONE_CHANGED).count() == 2


# --- 3. a code goes to its phone only ------------------------------------------------------------


def test_without_an_sms_gateway_a_code_goes_to_no_inbox_and_the_console_marks_it_development_only(
    api: APIClient, sms: FakeGateway, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # given a seeker signed in on one phone, in development (no SMS gateway)
    seeker, _person = registered(api, sms)
    settings.SMS_GATEWAY_URL = ""
    codes_aged()

    # when a code is asked for
    with caplog.at_level(logging.WARNING, logger="jobs.services.accounts"):
        asked = api.post("/api/v1/auth/codes/", {"phone": PHONE})

    # then it is in no inbox, and only the console shows it, marked as development only
    assert asked.status_code == 202
    assert seeker.get("/api/v1/me/notices/").json()["results"] == [] and not Notice.objects.exists()
    logged = [r.getMessage() for r in caplog.records if "DEVELOPMENT ONLY" in r.getMessage()]
    code = re.search(r"\d{6}$", logged[0]).group()  # type: ignore[union-attr]
    assert api.post("/api/v1/auth/sign-in/", {"phone": PHONE, "code": code}).status_code == 200


def test_a_clerk_who_adds_a_seekers_phone_as_a_colleague_gets_no_code_and_no_sign_in(
    api: APIClient, sms: FakeGateway, settings: Any
) -> None:
    # given a signed-in seeker and an employer's clerk
    seeker, _person = registered(api, sms)
    clerk = as_token(sign_up(api, sms).json()["token"])

    # when the clerk adds the seeker's phone as a colleague and asks codes for it, in development
    added = clerk.post("/api/v1/employer/accounts/", {"name": "同事", "phone": PHONE})
    settings.SMS_GATEWAY_URL = ""
    codes_aged()
    api.post("/api/v1/auth/codes/", {"phone": PHONE})
    codes_aged()
    api.post("/api/v1/auth/codes/", {"phone": PHONE, "purpose": "employer"})

    # then neither inbox holds a code, and the colleague account waits for its phone's proof
    assert added.status_code == 201 and added.json()["verified"] is False
    assert clerk.get("/api/v1/employer/notices/").json()["results"] == []
    assert seeker.get("/api/v1/me/notices/").json()["results"] == []
    assert not Notice.objects.exists()
    assert EmployerAccount.objects.get(pk=added.json()["id"]).verified_at is None


def test_a_code_asked_for_an_employer_sign_in_does_not_sign_in_a_seeker(
    api: APIClient, sms: FakeGateway
) -> None:
    # given a seeker whose phone a clerk added as a colleague
    registered(api, sms)
    clerk = as_token(sign_up(api, sms).json()["token"])
    clerk.post("/api/v1/employer/accounts/", {"name": "同事", "phone": PHONE})

    # when the employer code the seeker's phone received is tried on the seeker's sign-in
    code = code_sent(api, sms, PHONE, "employer")
    seeker_sign_in = api.post("/api/v1/auth/sign-in/", {"phone": PHONE, "code": code})

    # then it opens nothing there; the SMS said what it was for
    assert seeker_sign_in.status_code == 400 and "code" in seeker_sign_in.json()["fields"]
    assert "用人单位" in sms.bodies[-1]["text"]


# --- 14. one code, one question ----------------------------------------------------------------


def test_a_registration_refused_for_an_id_number_on_file_spends_its_code(
    api: APIClient, sms: FakeGateway
) -> None:
    # given someone registered at a station with another phone
    on_file = PersonFactory(phone="13800000001")
    code = code_sent(api, sms)

    # when a registration of their ID number fails, and the same code is tried with another number
    first = api.post("/api/v1/seekers/", registration(code, id_number=on_file.id_number))
    second = api.post("/api/v1/seekers/", registration(code))

    # then the code is spent
    assert first.status_code == 400 and "id_number" in first.json()["fields"]
    assert second.status_code == 400 and list(second.json()["fields"]) == ["code"]
    assert not SeekerAccount.objects.exists()


def test_an_id_number_on_file_gets_one_answer_with_an_account_or_with_another_phone(
    api: APIClient, sms: FakeGateway
) -> None:
    # given one person with an account, and one registered at a station with another phone
    with_account = make_id_number()
    registered(api, sms, id_number=with_account)
    at_station = PersonFactory(phone="13800000001")
    other = "13700000002"

    # when someone else registers each ID number
    answers = [
        api.post("/api/v1/seekers/", registration(code_sent(api, sms, other), phone=other, id_number=number))
        for number in (with_account, at_station.id_number)
    ]

    # then both get the same answer
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json()
    assert "请直接登录" in answers[0].json()["fields"]["id_number"][0]


# --- 10. a closed account is in no list --------------------------------------------------------


def test_a_closed_account_leaves_every_staff_and_employer_list_and_its_records_name_no_one(
    api: APIClient, sms: FakeGateway
) -> None:
    # given a seeker working away, in the hard-to-employ registry, who applied to a vacancy
    seeker, person = registered(api, sms)
    MigrantRecord.objects.create(person=person, work_region=region("420100"), employer_name="武汉某电子厂",
                                 started_on=date(2024, 3, 1))  # fmt: skip
    HardToEmployProfile.objects.create(person=person, registered_on=date(2024, 1, 1), exit_reason="")
    support = Support.objects.create(person=person, tier="red", override_tier="red",
                                     override_reason="李四独居，腿脚不便", override_until=timezone.localdate())  # fmt: skip
    TierChange.objects.create(support=support, from_tier="none", to_tier="red", why="李四独居，腿脚不便",
                              source="staff")  # fmt: skip
    employer = as_token(sign_up(api, sms, phone="13612345678").json()["token"])
    job = VacancyFactory(employer=EmployerAccount.objects.get().employer)
    Match.objects.create(person=person, vacancy=job, score=0.7, vacancy_rank=1, status="applied")
    staff, staff_client = desk()
    assert staff_client.get("/api/v1/staff/people/", {"registry": "migrant"}).json()["count"] == 1

    # when they close their account
    assert seeker.delete("/api/v1/me/").status_code == 204

    # then staff find them nowhere, by list, search, registry, detail or warning
    closed_name = Person.objects.get(pk=person.pk).name
    for query in ({}, {"registry": "migrant"}, {"registry": "hardship"}, {"q": closed_name}):
        assert staff_client.get("/api/v1/staff/people/", query).json()["results"] == [], query
    assert staff_client.get(f"/api/v1/staff/people/{person.pk}/").status_code == 404
    assert staff_client.get("/api/v1/staff/warnings/").json()["results"] == []
    # nor in the admin's lists
    admin = Client()
    admin.force_login(staff)
    for name in ("jobs_person", "jobs_migrantrecord", "jobs_hardtoemployprofile", "jobs_support"):
        page = admin.get(reverse(f"admin:{name}_changelist"))
        assert page.status_code == 200 and page.context["cl"].result_count == 0, name
    assert admin.get(reverse("admin:jobs_person_change", args=[person.pk])).status_code == 302
    # nor the employer among the vacancy's candidates
    assert employer.get(f"/api/v1/employer/vacancies/{job.pk}/candidates/").json()["results"] == []
    # and their records keep no name
    assert MigrantRecord.objects.get().employer_name == ""
    assert Support.objects.get().override_reason == "" and TierChange.objects.get().why == ""
    assert Person.objects.get(pk=person.pk).closed_at is not None


def test_notices_about_a_closed_account_to_staff_and_employers_keep_no_words_and_are_not_sent(
    api: APIClient, sms: FakeGateway
) -> None:
    # given a case worker's tier notice and an employer's application notice, both naming the seeker
    seeker, person = registered(api, sms)
    job = VacancyFactory()
    match = Match.objects.create(person=person, vacancy=job, score=0.7, vacancy_rank=1, status="applied")
    staff, _client = desk()
    now = timezone.now()
    tier = Notice.objects.create(key="t", kind=NoticeKind.WARNING_TIER, channel=Channel.EMAIL, user=staff,
                                 title="李四 红色预警", body="李四 失业超过一年", next_attempt_at=now,
                                 payload={"person": person.pk})  # fmt: skip
    applied = Notice.objects.create(key="a", kind=NoticeKind.APPLICATION, channel=Channel.INBOX,
                                    employer=job.employer, title="李四 投递了简历", body="李四", status="sent",
                                    next_attempt_at=now, payload={"match": match.pk})  # fmt: skip
    unrelated = Notice.objects.create(key="u", kind=NoticeKind.APPLICATION, channel=Channel.INBOX,
                                      employer=job.employer, title="王五", body="王五", next_attempt_at=now,
                                      payload={"match": match.pk + 1000})  # fmt: skip

    # when the seeker closes their account
    assert seeker.delete("/api/v1/me/").status_code == 204

    # then the notices about them name nobody, the pending one is withdrawn, others are untouched
    tier.refresh_from_db()
    applied.refresh_from_db()
    unrelated.refresh_from_db()
    assert "李四" not in tier.title + tier.body and tier.status == "withdrawn"
    assert "李四" not in applied.title + applied.body and applied.status == "sent"
    assert (unrelated.title, unrelated.status) == ("王五", "pending")


def test_an_employer_with_accounts_is_not_joined_through_its_contact_phone(
    api: APIClient, sms: FakeGateway
) -> None:
    # given an employer with an account, whose contact phone on file staff then set to another number
    from jobs.models import Employer
    from tests.factories import make_credit_code

    credit_code = make_credit_code()
    first = sign_up(api, sms, phone="13612345678", credit_code=credit_code)
    assert first.status_code == 201, first.content
    employer = Employer.objects.get(credit_code=credit_code)
    employer.contact_phone = "13698765432"
    employer.save()

    # when the holder of that number signs up for the employer
    joined = sign_up(api, sms, phone="13698765432", credit_code=credit_code)

    # then it is refused: only the employer's own accounts add colleagues
    assert joined.status_code == 400 and "credit_code" in joined.json()["fields"]
    assert EmployerAccount.objects.count() == 1
