"""The notice outbox: written with its event, claimed once, retried with back-off, failed and
resent by staff, and swept when a message or a worker was lost. Sent to a local fake gateway."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from tests.factories import PersonFactory
from tests.workers.fake_gateway import FakeGateway, fake_gateway
from workers.celery_app import app
from workers.models import Channel, Notice, NoticeKind, NoticeStatus
from workers.outbox import (
    Draft,
    backoff,
    notice_write,
    notices_deliver,
    notices_resend,
    notices_sweep,
    notices_write,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings: Any) -> Iterator[FakeGateway]:
    with fake_gateway() as fake:
        settings.SMS_GATEWAY_URL = fake.url
        settings.SMS_GATEWAY_KEY = "test-key"
        settings.NOTICE_MAX_ATTEMPTS = 3
        # Any hour, any number: the tests of quiet hours and the daily cap set their own.
        settings.NOTICE_QUIET_START_HOUR = settings.NOTICE_QUIET_END_HOUR = 0
        settings.NOTICE_DAILY_CAP = 1000
        yield fake


@pytest.fixture
def eager() -> Iterator[None]:
    """Tasks the sweeper queues run at once, in this process."""
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False


def sms(person: Any, key: str = "match:1:2026-11-22") -> Notice:
    notice = notice_write(
        key=key, kind=NoticeKind.JOB_MATCH, channel=Channel.SMS, person=person,
        title="新的岗位推荐", body="为您找到3个匹配岗位",
    )  # fmt: skip
    assert notice is not None
    return notice


def reload(notice: Notice) -> Notice:
    return Notice.objects.get(pk=notice.pk)


def due_now(notice: Notice) -> None:
    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())


def test_a_notice_written_twice_under_one_key_is_one_row() -> None:
    # given
    person = PersonFactory()
    sms(person)

    # when
    again = notice_write(
        key="match:1:2026-11-22", kind=NoticeKind.JOB_MATCH, channel=Channel.SMS, person=person,
        title="x", body="y",
    )  # fmt: skip

    # then
    assert again is None
    assert Notice.objects.count() == 1


def test_a_notice_is_queued_only_when_its_event_commits(django_capture_on_commit_callbacks: Any) -> None:
    # given
    person = PersonFactory()

    # when the event's transaction rolls back
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        try:
            with transaction.atomic():
                sms(person)
                raise RuntimeError("the event failed")
        except RuntimeError:
            pass

    # then there is no notice and nothing was queued
    assert not Notice.objects.exists()
    assert callbacks == []


def test_a_notice_reaches_the_gateway_once_with_its_key_and_is_marked_sent(gateway: FakeGateway) -> None:
    # given
    person = PersonFactory()
    notice = sms(person)

    # when it is delivered, then delivered again (a duplicate message)
    first = notices_deliver(notice_ids=[notice.pk])
    second = notices_deliver(notice_ids=[notice.pk])

    # then
    assert first["sent"] == 1 and second["skipped"] == 1
    assert gateway.accepted == {"match:1:2026-11-22": 1}
    assert gateway.bodies[0]["to"] == person.phone
    assert reload(notice).status == NoticeStatus.SENT


def test_a_busy_gateway_is_retried_with_back_off_and_the_notice_goes_once(gateway: FakeGateway) -> None:
    # given a gateway that fails the first request
    notice = sms(PersonFactory())
    gateway.fail_next = 1

    # when
    counts = notices_deliver(notice_ids=[notice.pk])

    # then it waits, then goes
    waiting = reload(notice)
    assert counts["retry"] == 1
    assert waiting.status == NoticeStatus.PENDING
    assert waiting.next_attempt_at > timezone.now() + backoff(1) - timedelta(seconds=5)
    assert "503" in waiting.last_error
    assert notices_deliver(notice_ids=[notice.pk])["skipped"] == 1  # not due yet
    due_now(notice)
    assert notices_deliver(notice_ids=[notice.pk])["sent"] == 1
    assert gateway.accepted == {notice.key: 1}


def test_a_batch_goes_in_few_requests_and_each_message_gets_its_own_outcome(
    gateway: FakeGateway, settings: Any
) -> None:
    # given five notices, a gateway taking two a request, busy for one and refusing another
    settings.NOTICE_GATEWAY_BATCH = 2
    notices = [sms(PersonFactory(), key=f"batch:{i}") for i in range(5)]
    gateway.busy, gateway.reject = {"batch:1"}, {"batch:3"}

    # when
    counts = notices_deliver(notice_ids=[n.pk for n in notices])

    # then
    assert gateway.requests == 3
    assert counts == {"sent": 3, "retry": 1, "failed": 1, "deferred": 0, "withdrawn": 0, "skipped": 0}
    assert [reload(n).status for n in notices] == [
        NoticeStatus.SENT, NoticeStatus.PENDING, NoticeStatus.SENT, NoticeStatus.FAILED, NoticeStatus.SENT
    ]  # fmt: skip
    assert "rejected" in reload(notices[3]).last_error
    # and the busy one goes when its retry is due
    due_now(notices[1])
    assert notices_deliver(notice_ids=[notices[1].pk])["sent"] == 1
    assert gateway.accepted == {f"batch:{i}": 1 for i in (0, 1, 2, 4)}


def test_back_off_doubles_and_stops_growing_at_six_hours() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(20) == timedelta(hours=6)


def test_after_the_last_attempt_the_notice_fails_and_staff_can_resend_it(
    gateway: FakeGateway, django_capture_on_commit_callbacks: Any
) -> None:
    # given a gateway down for every attempt
    notice = sms(PersonFactory())
    gateway.fail_next = 3
    for _ in range(3):
        due_now(notice)
        notices_deliver(notice_ids=[notice.pk])

    # then
    failed = reload(notice)
    assert failed.status == NoticeStatus.FAILED and failed.attempts == 3
    assert gateway.accepted == {}

    # when staff resend it and the gateway is back
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert notices_resend(notice_ids=[notice.pk]) == 1
    notices_deliver(notice_ids=[notice.pk])

    # then it goes once
    assert len(callbacks) == 1
    assert reload(notice).status == NoticeStatus.SENT
    assert gateway.accepted == {notice.key: 1}


def test_a_person_without_a_phone_fails_at_once_without_calling_the_gateway(gateway: FakeGateway) -> None:
    # given
    notice = sms(PersonFactory(phone="", phone_hash=""))

    # when
    counts = notices_deliver(notice_ids=[notice.pk])

    # then
    assert counts["failed"] == 1
    assert "phone" in reload(notice).last_error
    assert gateway.requests == 0


def test_an_inbox_notice_is_there_at_once() -> None:
    # given
    notice = notice_write(
        key="tier:9", kind=NoticeKind.WARNING_TIER, channel=Channel.INBOX, person=PersonFactory(),
        title="预警等级变化", body="黄色",
    )  # fmt: skip
    assert notice is not None

    # when
    notices_deliver(notice_ids=[notice.pk])

    # then
    assert reload(notice).status == NoticeStatus.SENT


def test_the_sweeper_sends_what_a_lost_message_left_pending(gateway: FakeGateway, eager: None) -> None:
    # given a notice written three minutes ago whose message never arrived, and a fresh one
    lost, fresh = sms(PersonFactory(), key="lost"), sms(PersonFactory(), key="fresh")
    Notice.objects.filter(pk=lost.pk).update(updated_at=timezone.now() - timedelta(minutes=3))

    # when
    swept = notices_sweep()

    # then the lost one is sent; the fresh one is left to its own message
    assert swept["queued"] == 1
    assert gateway.accepted == {"lost": 1}
    assert reload(fresh).status == NoticeStatus.PENDING


def test_a_claim_never_marked_is_given_back_after_its_lease_and_sent_once(
    gateway: FakeGateway, eager: None
) -> None:
    # given a notice sent by a worker that was killed before it could mark it
    notice = sms(PersonFactory())
    notices_deliver(notice_ids=[notice.pk])
    Notice.objects.filter(pk=notice.pk).update(
        status=NoticeStatus.SENDING, sent_at=None, lease_until=timezone.now() - timedelta(seconds=1)
    )

    # when the sweeper runs
    swept = notices_sweep()

    # then the resend is recognised by its key: delivered once, marked sent
    assert swept["released"] == 1
    assert gateway.requests == 2
    assert gateway.accepted == {notice.key: 1}
    assert reload(notice).status == NoticeStatus.SENT


def test_a_claim_still_leased_is_left_alone(gateway: FakeGateway, eager: None) -> None:
    # given a notice another worker is sending right now
    notice = sms(PersonFactory())
    Notice.objects.filter(pk=notice.pk).update(
        status=NoticeStatus.SENDING, attempts=1, lease_until=timezone.now() + timedelta(minutes=4)
    )

    # when
    notices_sweep()
    notices_deliver(notice_ids=[notice.pk])

    # then nobody else sends it
    assert gateway.requests == 0
    assert reload(notice).status == NoticeStatus.SENDING


def test_many_notices_are_written_at_once_skipping_keys_already_written_and_queued_in_batches(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given one notice already written, and 1,200 drafts that repeat its key and one of their own
    people = PersonFactory.create_batch(3)
    sms(people[0], key="campaign:0")
    drafts = [
        Draft(key=f"campaign:{i}", kind=NoticeKind.TRAINING, channel=Channel.INBOX, title="培训", body="叉车",
              person_id=people[i % 3].pk)
        for i in range(1200)
    ] + [Draft(key="campaign:5", kind=NoticeKind.TRAINING, channel=Channel.INBOX, title="x", body="y",
               person_id=people[0].pk)]  # fmt: skip

    # when
    with django_capture_on_commit_callbacks(execute=False) as queued:
        written = notices_write(drafts)

    # then
    assert written == 1199
    assert Notice.objects.count() == 1200
    assert Notice.objects.get(key="campaign:5").body == "叉车"  # the first draft of a repeated key
    assert len(queued) == 3  # 500 + 500 + 199


def local(hour: int, day: int = 22) -> datetime:
    return timezone.make_aware(datetime(2026, 11, day, hour, 0))


def test_an_sms_at_eleven_at_night_waits_for_eight_in_the_morning_and_the_inbox_does_not(
    gateway: FakeGateway, settings: Any
) -> None:
    # given quiet hours from 22:00 to 08:00
    settings.NOTICE_QUIET_START_HOUR, settings.NOTICE_QUIET_END_HOUR = 22, 8
    person = PersonFactory()
    text, inbox = (
        sms(person, key="night"),
        notice_write(
            key="night-inbox",
            kind=NoticeKind.JOB_MATCH,
            channel=Channel.INBOX,
            person=person,
            title="t",
            body="b",
        ),
    )
    assert inbox is not None
    Notice.objects.update(next_attempt_at=local(22, day=21))

    # when delivered at 23:00
    counts = notices_deliver(notice_ids=[text.pk, inbox.pk], now=local(23))

    # then the SMS waits (not an attempt) and the inbox notice is there
    held = reload(text)
    assert counts["deferred"] == 1 and counts["sent"] == 1
    assert held.status == NoticeStatus.PENDING and held.attempts == 0
    assert held.next_attempt_at == local(8, day=23)
    assert gateway.requests == 0
    # and at 08:00 it goes
    assert notices_deliver(notice_ids=[text.pk], now=local(8, day=23))["sent"] == 1


def test_an_sms_at_six_in_the_morning_waits_for_eight_the_same_day(
    gateway: FakeGateway, settings: Any
) -> None:
    settings.NOTICE_QUIET_START_HOUR, settings.NOTICE_QUIET_END_HOUR = 22, 8
    notice = sms(PersonFactory())
    Notice.objects.update(next_attempt_at=local(5))

    notices_deliver(notice_ids=[notice.pk], now=local(6))

    assert reload(notice).next_attempt_at == local(8)


def test_once_a_person_has_had_the_days_allowance_more_notices_wait_for_tomorrow(
    gateway: FakeGateway, settings: Any
) -> None:
    # given a cap of two a day and three notices for one person, in the afternoon
    settings.NOTICE_DAILY_CAP = 2
    settings.NOTICE_QUIET_START_HOUR, settings.NOTICE_QUIET_END_HOUR = 22, 8
    person = PersonFactory()
    notices = [sms(person, key=f"cap:{i}") for i in range(3)]
    Notice.objects.update(next_attempt_at=local(14))

    # when
    counts = notices_deliver(notice_ids=[n.pk for n in notices], now=local(15))

    # then two go now and the third tomorrow at eight
    assert counts["sent"] == 2 and counts["deferred"] == 1
    assert reload(notices[2]).next_attempt_at == local(8, day=23)
    assert len(gateway.accepted) == 2


def test_a_person_who_turned_sms_off_gets_no_sms_and_the_notice_is_withdrawn_not_failed(
    gateway: FakeGateway,
) -> None:
    # given a notice written while SMS was on, then SMS turned off
    person = PersonFactory(notify_sms=True)
    notice = sms(person)
    type(person).objects.filter(pk=person.pk).update(notify_sms=False)

    # when
    counts = notices_deliver(notice_ids=[notice.pk])

    # then
    assert counts["withdrawn"] == 1
    assert reload(notice).status == NoticeStatus.WITHDRAWN
    assert gateway.requests == 0
