"""Write, deliver and sweep notices (services; the tasks in ``workers.tasks.notices`` call them).

Exactly once: a notice is a row with a unique key, written with its event; delivery claims it
with a conditional UPDATE (pending and due → sending, with a lease) and treats "0 rows" as
"someone else has it"; it is marked sent only by the claimant whose claim is still the current
one. A worker killed mid-send leaves the row "sending" until its lease ends, when the sweeper
gives it back; the gateway recognises the resend by its client message id.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from workers.channels import Permanent, Transient, channel_for
from workers.models import Channel, Notice, NoticeStatus

log = logging.getLogger(__name__)
BATCH = 500  # notices per delivery task


def _lease() -> timedelta:
    """A claim not marked within this time is taken to be lost (worker killed, machine gone)."""
    return timedelta(seconds=settings.NOTICE_LEASE_SECONDS)


def _grace() -> timedelta:
    """Pending rows queued less than this long ago are left to the message queued with them."""
    return timedelta(seconds=settings.NOTICE_SWEEP_GRACE_SECONDS)


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt: 30 s, 1, 2, 4 ... minutes (by default), at most 6 hours."""
    first = settings.NOTICE_RETRY_SECONDS
    return min(timedelta(seconds=first * 2 ** max(attempts - 1, 0)), timedelta(hours=6))


def notice_write(
    *,
    key: str,
    kind: str,
    channel: str,
    title: str,
    body: str,
    person: Any = None,
    user: Any = None,
    payload: dict[str, Any] | None = None,
) -> Notice | None:
    """Write a notice in the caller's transaction and queue its delivery for after the commit.
    Returns None when a notice with this key exists already: nothing is written twice."""
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                key=key, kind=kind, channel=channel, title=title, body=body, person=person, user=user,
                payload=payload or {}, next_attempt_at=timezone.now(),
            )  # fmt: skip
    except IntegrityError:
        if Notice.objects.filter(key=key).exists():
            return None
        raise
    _queue_on_commit([notice.pk])
    return notice


@dataclass(frozen=True)
class Draft:
    """A notice to write; see ``notice_write``."""

    key: str
    kind: str
    channel: str
    title: str
    body: str
    person_id: int | None = None
    user_id: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)


def notices_write(drafts: Sequence[Draft]) -> int:
    """Many notices at once (a campaign, a digest run), in the caller's transaction, queued after
    the commit in batches of ``BATCH``. Keys already written are skipped; returns how many were
    new."""
    now = timezone.now()
    keys = [d.key for d in drafts]
    existing: set[str] = set()
    for start in range(0, len(keys), BATCH):
        existing.update(
            Notice.objects.filter(key__in=keys[start : start + BATCH]).values_list("key", flat=True)
        )
    first: dict[str, Draft] = {}  # a key given twice: the first draft is the notice
    for d in drafts:
        if d.key not in existing:
            first.setdefault(d.key, d)
    rows = [
        Notice(
            key=d.key, kind=d.kind, channel=d.channel, title=d.title, body=d.body, person_id=d.person_id,
            user_id=d.user_id, payload=d.payload, next_attempt_at=now,
        )
        for d in first.values()
    ]  # fmt: skip
    # A concurrent writer of the same key loses quietly: its notice is the other's.
    Notice.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    new_keys = [r.key for r in rows]
    ids: list[int] = []
    for start in range(0, len(new_keys), BATCH):
        ids += Notice.objects.filter(key__in=new_keys[start : start + BATCH]).values_list("pk", flat=True)
    for start in range(0, len(ids), BATCH):
        _queue_on_commit(ids[start : start + BATCH])
    return len(rows)


def _queue_on_commit(ids: list[int]) -> None:
    from workers.tasks.notices import notices_deliver

    # If the broker is down at commit time the rows stay pending and the sweeper sends them.
    def send() -> None:
        try:
            notices_deliver.delay(ids)
        except Exception:  # the broker's own errors vary by transport
            log.warning("could not queue %d notices; the sweeper will", len(ids), exc_info=True)

    transaction.on_commit(send)


def notices_deliver(*, notice_ids: Sequence[int], now: datetime | None = None) -> dict[str, int]:
    """Claim and send each due notice among ``notice_ids``; the others are skipped."""
    counts = {"sent": 0, "retry": 0, "failed": 0, "deferred": 0, "withdrawn": 0, "skipped": 0}
    for notice_id in notice_ids:
        counts[_deliver_one(notice_id, now or timezone.now())] += 1
    return counts


def _deliver_one(notice_id: int, now: datetime) -> str:
    claimed = Notice.objects.filter(
        pk=notice_id, status=NoticeStatus.PENDING, next_attempt_at__lte=now
    ).update(status=NoticeStatus.SENDING, attempts=F("attempts") + 1, lease_until=now + _lease())
    if not claimed:
        return "skipped"
    notice = Notice.objects.select_related("person", "user").get(pk=notice_id)

    def end_claim(status: str, error: object = "", **fields: Any) -> None:
        """Mark the row, if the claim is still this one (a lease that ran out may have passed it
        to another worker)."""
        Notice.objects.filter(pk=notice_id, status=NoticeStatus.SENDING, attempts=notice.attempts).update(
            status=status, last_error=str(error)[:300], lease_until=None, **fields
        )

    if _opted_out(notice):
        end_claim(NoticeStatus.WITHDRAWN, "opted out of this channel")
        return "withdrawn"
    later = _held_until(notice, now)
    if later is not None:
        # Waiting for the morning or for tomorrow's allowance is not a failed attempt.
        end_claim(NoticeStatus.PENDING, attempts=F("attempts") - 1, next_attempt_at=later)
        return "deferred"
    try:
        channel_for(notice.channel).send(notice)
    except Transient as e:
        if notice.attempts >= settings.NOTICE_MAX_ATTEMPTS:
            end_claim(NoticeStatus.FAILED, e)
            return "failed"
        end_claim(NoticeStatus.PENDING, e, next_attempt_at=now + backoff(notice.attempts))
        return "retry"
    except Permanent as e:
        end_claim(NoticeStatus.FAILED, e)
        return "failed"
    end_claim(NoticeStatus.SENT, sent_at=now)
    return "sent"


_OPT_IN = {Channel.SMS: "notify_sms", Channel.WECHAT: "notify_wechat", Channel.EMAIL: "notify_email"}
# Channels that reach a phone: silent at night. Pushed channels count against the daily cap; the
# in-app inbox does neither.
_QUIET = {Channel.SMS, Channel.WECHAT}
_PUSHED = {Channel.SMS, Channel.WECHAT, Channel.EMAIL}


def _opted_out(notice: Notice) -> bool:
    """A person who turned this channel off since the notice was written."""
    flag = _OPT_IN.get(Channel(notice.channel))
    return notice.person is not None and flag is not None and not getattr(notice.person, flag)


def _held_until(notice: Notice, now: datetime) -> datetime | None:
    """When the notice may go, if not now: after the quiet hours (22:00 to 08:00 local time by
    default) for SMS and WeChat, and tomorrow morning once a person has had the day's allowance
    of pushed notices."""
    local = timezone.localtime(now)
    start, end = settings.NOTICE_QUIET_START_HOUR, settings.NOTICE_QUIET_END_HOUR
    morning = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if notice.channel in _QUIET and _is_quiet(local.hour, start, end):
        return morning if local < morning else morning + timedelta(days=1)
    if notice.person_id is not None and notice.channel in _PUSHED:
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        sent_today = Notice.objects.filter(
            person_id=notice.person_id, channel__in=_PUSHED, status=NoticeStatus.SENT, sent_at__gte=midnight
        ).count()
        if sent_today >= settings.NOTICE_DAILY_CAP:
            return morning + timedelta(days=1)
    return None


def _is_quiet(hour: int, start: int, end: int) -> bool:
    """Quiet from ``start`` o'clock until ``end``, across midnight when start > end; never when
    they are equal."""
    if start > end:
        return hour >= start or hour < end
    return start <= hour < end


def notices_sweep() -> dict[str, int]:
    """Give back claims whose lease ran out and queue, in batches, the pending notices that are
    due and have not been queued for a while: retries whose time has come, and notices whose
    message was lost (broker down at commit, worker killed before it took the message). A row
    queued here is stamped, so the next sweep leaves it to this message for the grace period;
    a row queued twice is still claimed once."""
    now = timezone.now()
    released = Notice.objects.filter(status=NoticeStatus.SENDING, lease_until__lt=now).update(
        status=NoticeStatus.PENDING, lease_until=None, next_attempt_at=now, updated_at=now - _grace()
    )
    due = Notice.objects.filter(
        status=NoticeStatus.PENDING, next_attempt_at__lte=now, updated_at__lte=now - _grace()
    )
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[: BATCH * 20])
    from workers.tasks.notices import notices_deliver

    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        Notice.objects.filter(pk__in=batch).update(updated_at=now)
        notices_deliver.delay(batch)
    return {"released": released, "queued": len(ids)}


def notices_resend(*, notice_ids: Sequence[int]) -> int:
    """Staff send failed notices again: back to pending, attempts reset, queued after commit."""
    ids = list(
        Notice.objects.filter(pk__in=notice_ids, status=NoticeStatus.FAILED).values_list("pk", flat=True)
    )
    Notice.objects.filter(pk__in=ids).update(
        status=NoticeStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    if ids:
        _queue_on_commit(ids)
    return len(ids)
