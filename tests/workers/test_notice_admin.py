"""Staff see the notices of their own area's people and send failed ones again."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs.services.roles import STATION_STAFF
from tests.factories import PersonFactory, region, staff_user
from workers.models import Channel, Notice, NoticeKind, NoticeStatus

pytestmark = pytest.mark.django_db


def failed_notice(person: Any, key: str) -> Notice:
    return Notice.objects.create(
        person=person, region=person.home_region, key=key, kind=NoticeKind.TRAINING, channel=Channel.SMS, title="培训", body="叉车培训班",
        status=NoticeStatus.FAILED, attempts=8, last_error="gateway answered 503", next_attempt_at=timezone.now(),
    )  # fmt: skip


def test_station_staff_see_only_their_areas_notices_and_resend_a_failed_one(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a failed notice to someone in 京山市 and one to someone in 钟祥市
    ours = failed_notice(PersonFactory(name="京山人", home_region=region("420882")), "ours")
    theirs = failed_notice(PersonFactory(name="钟祥人", home_region=region("420881")), "theirs")
    client = Client()
    client.force_login(staff_user("jingshan", "420882", groups=[STATION_STAFF]))
    changelist = reverse("admin:workers_notice_changelist")

    # when
    listing = client.get(changelist)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(changelist, {"action": "resend", "_selected_action": [ours.pk, theirs.pk]})

    # then
    assert listing.status_code == 200
    assert "京山人" in listing.text and "钟祥人" not in listing.text
    assert Notice.objects.get(pk=ours.pk).status == NoticeStatus.PENDING
    assert Notice.objects.get(pk=ours.pk).attempts == 0
    assert Notice.objects.get(pk=theirs.pk).status == NoticeStatus.FAILED
    assert len(queued) == 1
