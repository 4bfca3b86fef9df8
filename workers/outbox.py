"""Write, deliver and sweep notices (services; the tasks in ``workers.tasks.notices`` call them).

Exactly once: a notice is a row with a unique key, written with its event; a delivery run claims
a batch with one conditional UPDATE (pending and due → sending, with a lease and the run's own
token), reads back the rows that carry its token (the others went to someone else), and marks a
row sent only while its claim is still the current one. A worker killed mid-send leaves the row "sending" until its lease ends, when the sweeper
gives it back; the gateway recognises the resend by its client message id.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from workers.celery_app import app
from workers.channels import Permanent, Transient, channel_for
from workers.models import Channel, Notice, NoticeKind, NoticeStatus

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
    employer: Any = None,
    region_id: str | None = None,
    payload: dict[str, Any] | None = None,
    to: str = "",
) -> Notice | None:
    """Write a notice in the caller's transaction and queue its delivery for after the commit;
    ``to`` is an address that is not the recipient's own of now (a phone they had). Returns None
    when a notice with this key exists already: nothing is written twice."""
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                key=key, kind=kind, channel=channel, title=title, body=body, person=person, user=user,
                employer=employer, region_id=region_id, payload=payload or {}, to=to,
                next_attempt_at=timezone.now(),
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
    employer_id: int | None = None
    region_id: str | None = None
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
            user_id=d.user_id, employer_id=d.employer_id, region_id=d.region_id, payload=d.payload,
            next_attempt_at=now,
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


def _deliver_later(ids: list[int]) -> None:
    """Queue the delivery of these notices, by the task's name: its module imports this one."""
    app.signature("notices.deliver", args=(ids,)).delay()


def _queue_on_commit(ids: list[int]) -> None:
    # If the broker is down at commit time the rows stay pending and the sweeper sends them.
    def send() -> None:
        try:
            _deliver_later(ids)
        except Exception:  # the broker's own errors vary by transport
            log.warning("could not queue %d notices; the sweeper will", len(ids), exc_info=True)

    transaction.on_commit(send)


def notices_deliver(*, notice_ids: Sequence[int], now: datetime | None = None) -> dict[str, int]:
    """Claim the due notices among ``notice_ids`` in one update, send them a channel at a time
    in batches, and mark them a few updates at a time; the others are skipped."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    ids = list(dict.fromkeys(notice_ids))
    Notice.objects.filter(pk__in=ids, status=NoticeStatus.PENDING, next_attempt_at__lte=now).update(
        status=NoticeStatus.SENDING, attempts=F("attempts") + 1, lease_until=now + _lease(), claim=token
    )
    claimed = list(
        Notice.objects.filter(pk__in=ids, claim=token, status=NoticeStatus.SENDING)
        .select_related("person", "user", "employer")
        .order_by("pk")
    )
    marks = _Marks(token, now)
    allowance = _allowance(claimed, now)
    by_channel: dict[str, list[Notice]] = {}
    for notice in claimed:
        if notice.kind in _AT_ONCE:
            by_channel.setdefault(notice.channel, []).append(notice)
            continue
        if _opted_out(notice):
            marks.withdraw(notice)
            continue
        later = _held_until(notice, now, allowance)
        if later is not None:
            marks.defer(notice, later)
        else:
            by_channel.setdefault(notice.channel, []).append(notice)
    for channel, notices in by_channel.items():
        try:
            failures = channel_for(channel).send(notices)
        except Permanent as e:  # an unknown channel
            failures = {n.pk: e for n in notices}
        for notice in notices:
            marks.outcome(notice, failures.get(notice.pk))
    marks.write()
    return {**marks.counts, "skipped": len(ids) - len(claimed)}


class _Marks:
    """The end of each claim of one delivery run, grouped so that a batch is marked in a few
    updates. A row is marked only if the claim is still this run's (a lease that ran out may
    have passed it to another worker)."""

    def __init__(self, token: str, now: datetime) -> None:
        self.token, self.now = token, now
        self.groups: dict[tuple[tuple[str, Any], ...], list[int]] = {}
        self.counts = {"sent": 0, "retry": 0, "failed": 0, "deferred": 0, "withdrawn": 0}

    def _add(self, outcome: str, notice: Notice, **fields: Any) -> None:
        self.counts[outcome] += 1
        self.groups.setdefault(tuple(sorted(fields.items())), []).append(notice.pk)

    def withdraw(self, notice: Notice) -> None:
        self._add("withdrawn", notice, status=NoticeStatus.WITHDRAWN, last_error="opted out of this channel")

    def defer(self, notice: Notice, until: datetime) -> None:
        # Waiting for the morning or for tomorrow's allowance is not a failed attempt.
        self._add(
            "deferred",
            notice,
            status=NoticeStatus.PENDING,
            attempts=notice.attempts - 1,
            next_attempt_at=until,
        )

    def outcome(self, notice: Notice, error: Exception | None) -> None:
        if error is None:
            self._add("sent", notice, status=NoticeStatus.SENT, sent_at=self.now, last_error="")
        elif isinstance(error, Transient) and notice.attempts < settings.NOTICE_MAX_ATTEMPTS:
            self._add("retry", notice, status=NoticeStatus.PENDING, last_error=str(error)[:300],
                      next_attempt_at=self.now + backoff(notice.attempts))  # fmt: skip
        else:
            self._add("failed", notice, status=NoticeStatus.FAILED, last_error=str(error)[:300])

    def write(self) -> None:
        for fields, ids in self.groups.items():
            for start in range(0, len(ids), BATCH):
                Notice.objects.filter(
                    pk__in=ids[start : start + BATCH], claim=self.token, status=NoticeStatus.SENDING
                ).update(lease_until=None, updated_at=self.now, **dict(fields))


_OPT_IN = {Channel.SMS: "notify_sms", Channel.WECHAT: "notify_wechat", Channel.EMAIL: "notify_email"}
# Channels that reach a phone: silent at night. Pushed channels count against the daily cap; the
# in-app inbox does neither.
_QUIET = {Channel.SMS, Channel.WECHAT}
_PUSHED = {Channel.SMS, Channel.WECHAT, Channel.EMAIL}
# Told whatever the person chose, at night too and beyond the day's cap: a change to their
# account may be the only sign that someone else made it.
_AT_ONCE = {NoticeKind.PHONE_CHANGED}


def _opted_out(notice: Notice) -> bool:
    """A person who turned this channel off since the notice was written."""
    flag = _OPT_IN.get(Channel(notice.channel))
    return notice.person is not None and flag is not None and not getattr(notice.person, flag)


def _allowance(notices: list[Notice], now: datetime) -> Counter[int]:
    """How many more pushed notices each recipient of this batch may have today."""
    people = {n.person_id for n in notices if n.person_id is not None and n.channel in _PUSHED}
    sent = Counter(
        dict(
            Notice.objects.filter(
                person_id__in=people,
                channel__in=_PUSHED,
                status=NoticeStatus.SENT,
                sent_at__gte=_midnight(now),
            )
            .values_list("person_id")
            .annotate(n=Count("pk"))
        )
    )
    return Counter({p: max(settings.NOTICE_DAILY_CAP - sent[p], 0) for p in people})


def _midnight(now: datetime) -> datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def _held_until(notice: Notice, now: datetime, allowance: Counter[int]) -> datetime | None:
    """When the notice may go, if not now: after the quiet hours (22:00 to 08:00 local time by
    default) for SMS and WeChat, and tomorrow morning once a person has had the day's allowance
    of pushed notices (a notice let through here takes one from the allowance)."""
    local = timezone.localtime(now)
    start, end = settings.NOTICE_QUIET_START_HOUR, settings.NOTICE_QUIET_END_HOUR
    morning = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if notice.channel in _QUIET and _is_quiet(local.hour, start, end):
        return morning if local < morning else morning + timedelta(days=1)
    if notice.person_id is not None and notice.channel in _PUSHED:
        if allowance[notice.person_id] <= 0:
            return morning + timedelta(days=1)
        allowance[notice.person_id] -= 1
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
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        Notice.objects.filter(pk__in=batch).update(updated_at=now)
        _deliver_later(batch)
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
