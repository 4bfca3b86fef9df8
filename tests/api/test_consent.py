"""The consent text through the API: anyone reads the current text and the published versions;
a registration, by the seeker or at a desk, must name a published version."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import ConsentText, Person, SeekerAccount
from jobs.services.roles import STATION_STAFF
from tests.api import conftest
from tests.api.conftest import as_token
from tests.factories import make_id_number, staff_user
from tests.workers.fake_gateway import FakeGateway

pytestmark = pytest.mark.django_db
PHONE = "13912345670"


def registration(code: str, **extra: Any) -> dict[str, Any]:
    return {
        "phone": PHONE, "code": code, "name": "李四", "id_number": make_id_number(), "home_region": "420882",
        "education": 3, "employment_status": "unemployed", "consent_matching": True, "consent_contact": True,
        "consent_text_version": "2025-01", **extra,
    }  # fmt: skip


def walk_in(**extra: Any) -> dict[str, Any]:
    return {
        "name": "李四", "id_number": make_id_number(), "phone": "13812345670", "home_region": "420882",
        "education": 3, "employment_status": "unemployed", "consent_matching": True,
        "consent_text_version": "2025-01", **extra,
    }  # fmt: skip


def desk() -> APIClient:
    return as_token(AuthToken.objects.create(staff_user("desk", "420882", groups=[STATION_STAFF]))[1])


def test_anyone_reads_the_current_consent_text_and_the_published_versions(api: APIClient) -> None:
    # given a newer text published and one not yet published
    today = timezone.localdate()
    ConsentText.objects.create(version="2026-01", text="新的同意书", published_on=today - timedelta(days=1))
    ConsentText.objects.create(version="2099-01", text="未发布", published_on=today + timedelta(days=30))

    # when
    response = api.get("/api/v1/consent/")

    # then the newest published one is current, and only published versions are listed
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["version"], body["text"]) == ("2026-01", "新的同意书")
    listed = [(v["version"], v["published_on"]) for v in body["versions"]]
    assert listed == [("2026-01", (today - timedelta(days=1)).isoformat()), ("2025-01", "2025-01-01")]
    assert "text" not in body["versions"][0]  # the list names versions; the text read is the current one


def test_a_seeker_naming_an_unknown_consent_version_is_refused_and_nothing_changes(
    api: APIClient, sms: FakeGateway
) -> None:
    # given
    code = conftest.code_sent(api, sms, PHONE)

    # when
    refused = api.post("/api/v1/seekers/", registration(code, consent_text_version="1999-01"))

    # then
    assert refused.status_code == 400 and "consent_text_version" in refused.json()["fields"], refused.content
    assert not Person.objects.exists() and not SeekerAccount.objects.exists()


def test_a_seeker_naming_the_current_consent_version_is_registered(api: APIClient, sms: FakeGateway) -> None:
    # given the version the API says is current
    version = api.get("/api/v1/consent/").json()["version"]
    code = conftest.code_sent(api, sms, PHONE)

    # when
    registered = api.post("/api/v1/seekers/", registration(code, consent_text_version=version))

    # then
    assert registered.status_code == 201, registered.content
    assert Person.objects.get().consent_text_version == version


def test_a_desk_registration_naming_an_unknown_consent_version_is_refused_and_nothing_changes() -> None:
    # given
    client = desk()

    # when
    refused = client.post("/api/v1/staff/people/", walk_in(consent_text_version="1999-01"))
    accepted = client.post("/api/v1/staff/people/", walk_in(consent_text_version="2025-01"))

    # then
    assert refused.status_code == 400 and "consent_text_version" in refused.json()["fields"], refused.content
    assert accepted.status_code == 201, accepted.content
    assert Person.objects.get().consent_text_version == "2025-01"
