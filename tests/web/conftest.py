from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jobs.models import PhoneCode
from tests.workers.fake_gateway import FakeGateway, fake_gateway


@pytest.fixture
def sms(settings: Any) -> Iterator[FakeGateway]:
    """A fake SMS gateway that the sign-in codes go to."""
    with fake_gateway() as gateway:
        settings.SMS_GATEWAY_URL = gateway.url
        yield gateway


def form_token(client: Client, path: str) -> str:
    """The one-time token of the forms on the page at ``path``."""
    page = client.get(path)
    assert page.status_code == 200, page.content[:500]
    found = re.search(r'name="form_token" value="([^"]+)"', page.content.decode())
    assert found is not None
    return found.group(1)


def code_sent(client: Client, sms: FakeGateway, phone: str) -> str:
    """Ask the page for a code, as its script does, and read it from the gateway."""
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    answer = client.post("/code/", {"phone": phone}, headers={"X-Requested-With": "fetch"})
    assert answer.status_code == 200, answer.content
    found = re.search(r"\d{6}", sms.bodies[-1]["text"])
    assert found is not None and sms.bodies[-1]["to"] == phone
    return found.group()
