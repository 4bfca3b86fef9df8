from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import PhoneCode
from tests.workers.fake_gateway import FakeGateway, fake_gateway


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def sms(settings: Any) -> Iterator[FakeGateway]:
    """A fake SMS gateway that the sign-in codes go to."""
    with fake_gateway() as gateway:
        settings.SMS_GATEWAY_URL = gateway.url
        yield gateway


def code_sent(api: APIClient, sms: FakeGateway, phone: str, purpose: str = "seeker") -> str:
    """Ask for a code for ``phone`` and ``purpose`` (earlier codes made old enough not to hold it
    back) and read it from the gateway."""
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    response = api.post("/api/v1/auth/codes/", {"phone": phone, "purpose": purpose})
    assert response.status_code == 202, response.content
    found = re.search(r"\d{6}", sms.bodies[-1]["text"])
    assert found is not None and sms.bodies[-1]["to"] == phone
    return found.group()


def as_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client
