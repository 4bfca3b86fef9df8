"""Notices through a real Celery worker over Redis and PostgreSQL, to a local fake gateway that
counts what it accepts: none lost and none sent twice when the worker is killed mid-batch or the
gateway keeps failing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import transaction

from tests.factories import PersonFactory
from tests.support import ROOT, child_env, process_group, wait_for
from tests.workers.fake_gateway import FakeGateway, fake_gateway
from workers.models import Channel, Notice, NoticeKind, NoticeStatus
from workers.outbox import Draft, notices_sweep, notices_write

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("regions_loaded")]
# Short leases and waits; no quiet hours and no daily cap, whatever the time the suite runs.
WORKER_SETTINGS = {
    "NOTICE_LEASE_SECONDS": "3",
    "NOTICE_SWEEP_GRACE_SECONDS": "5",
    "NOTICE_RETRY_SECONDS": "1",
    "NOTICE_QUIET_START_HOUR": "0",
    "NOTICE_QUIET_END_HOUR": "0",
    "NOTICE_DAILY_CAP": "100000",
    # Small gateway requests, so that a batch takes many of them and a kill lands mid-batch.
    "NOTICE_GATEWAY_BATCH": "10",
}


@pytest.fixture
def gateway(settings: Any) -> Iterator[FakeGateway]:
    with fake_gateway() as fake:
        for name, value in WORKER_SETTINGS.items():
            setattr(settings, name, int(value))
        yield fake


def notices_worker(tmp_path: Path, gateway: FakeGateway, name: str) -> Any:
    db = django_settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    command = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--queues", "notices",
               "--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]  # fmt: skip
    env = child_env(DATABASE_URL=url, SMS_GATEWAY_URL=gateway.url, SMS_GATEWAY_KEY="k", **WORKER_SETTINGS)
    return process_group(command, env, tmp_path / f"{name}.log")


def write_campaign(count: int) -> None:
    people = PersonFactory.create_batch(20)
    drafts = [
        Draft(key=f"campaign:{i}", kind=NoticeKind.TRAINING, channel=Channel.SMS, title="培训",
              body="叉车司机培训班下周开班", person_id=people[i % 20].pk)
        for i in range(count)
    ]  # fmt: skip
    with transaction.atomic():
        notices_write(drafts)


def sent() -> int:
    return Notice.objects.filter(status=NoticeStatus.SENT).count()


def sweep_until_all_sent(count: int, timeout: float) -> None:
    """Run the sweeper every few seconds, as the scheduler would every minute."""
    last = 0.0

    def done() -> bool:
        nonlocal last
        if time.monotonic() - last > 3:
            notices_sweep()
            last = time.monotonic()
        return sent() == count

    wait_for(done, timeout=timeout, what=f"all {count} notices to be sent")


def test_a_worker_killed_mid_batch_loses_no_notice_and_sends_none_twice(
    tmp_path: Path, gateway: FakeGateway
) -> None:
    # given 1,000 notices committed, and a worker that is killed -9 a fifth of the way through
    gateway.delay = 0.05
    write_campaign(1000)
    with notices_worker(tmp_path, gateway, "first") as first:
        wait_for(lambda: len(gateway.accepted) >= 200, timeout=120, what="the first 200 notices")
        os.killpg(first.pid, signal.SIGKILL)
    assert len(gateway.accepted) < 1000

    # when a new worker starts and the sweeper finds what the dead one left
    with notices_worker(tmp_path, gateway, "second"):
        sweep_until_all_sent(1000, timeout=240)

    # then every notice reached the gateway exactly once
    assert len(gateway.accepted) == 1000
    assert set(gateway.accepted.values()) == {1}


def test_transient_gateway_errors_are_retried_until_every_notice_goes_once(
    tmp_path: Path, gateway: FakeGateway
) -> None:
    # given a gateway that fails its next 15 requests (150 messages)
    gateway.fail_next = 15
    write_campaign(300)

    # when a worker delivers and the sweeper queues the retries as they fall due
    with notices_worker(tmp_path, gateway, "worker"):
        sweep_until_all_sent(300, timeout=240)

    # then
    assert gateway.requests >= 30 + 15
    assert len(gateway.accepted) == 300
    assert set(gateway.accepted.values()) == {1}
    assert not Notice.objects.filter(status=NoticeStatus.FAILED).exists()


def redis_stop() -> None:
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379).shutdown(nosave=True)
    except redis.ConnectionError:  # the server closes the connection as it goes
        pass
    wait_for(lambda: subprocess.run(["redis-cli", "ping"], capture_output=True).returncode != 0,
             timeout=30, what="Redis to stop")  # fmt: skip


def redis_start() -> None:
    subprocess.run(["bash", str(ROOT / "scripts" / "services-up.sh")], check=True, capture_output=True)


def test_notices_committed_while_redis_is_down_are_sent_once_when_it_is_back(
    tmp_path: Path, gateway: FakeGateway
) -> None:
    # given a worker running, and Redis stopped (every queued message with it)
    with notices_worker(tmp_path, gateway, "worker"):
        wait_for(lambda: "ready" in (tmp_path / "worker.log").read_text(), timeout=60, what="the worker")
        redis_stop()
        try:
            # when 200 notices are committed while it is down: the commits succeed, the
            # messages cannot be queued
            write_campaign(200)
            assert Notice.objects.filter(status=NoticeStatus.PENDING).count() == 200
        finally:
            redis_start()

        # then once Redis is back the sweeper queues them, the worker reconnects and sends them
        sweep_until_all_sent(200, timeout=240)

    assert len(gateway.accepted) == 200
    assert set(gateway.accepted.values()) == {1}
