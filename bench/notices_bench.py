"""Notice delivery through Redis and a real Celery worker: throughput to the in-app inbox and to
a local fake SMS gateway that takes batches, against one task (and one gateway request) per
notice; and Redis memory while a million notices wait to be delivered.

    python bench/notices_bench.py [--notices 20000] [--baseline 2000] [--in-flight 1000000]

Needs PostgreSQL and Redis on loopback. Creates the database ``notices_bench`` (dropped at the
end) and uses Redis database 14 (emptied before and after). The worker has two processes, one
per core; quiet hours and the daily cap are off, as for a campaign sent in the daytime to many
people.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "notices_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
BROKER = "redis://127.0.0.1:6379/14"
WORKER_SETTINGS = {
    "NOTICE_QUIET_START_HOUR": "0",
    "NOTICE_QUIET_END_HOUR": "0",
    "NOTICE_DAILY_CAP": "100000000",
    "DEBUG": "false",
}


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def drop_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


@contextmanager
def worker(folder: Path, gateway_url: str) -> Iterator[None]:
    """A Celery worker on the notices queue, two processes, until the block ends."""
    log = folder / f"worker-{time.monotonic_ns()}.log"
    env = {**os.environ, **WORKER_SETTINGS, "SMS_GATEWAY_URL": gateway_url, "SMS_GATEWAY_KEY": "bench"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--queues", "notices",
               "--concurrency", "2", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait(lambda: "ready" in log.read_text(), 120)
            yield
        finally:
            process.terminate()
            process.wait(timeout=120)


def wait(done: Callable[[], bool], timeout: float, every: float = 0.05) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("gave up waiting")
        time.sleep(every)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=20_000, help="notices per batched run")
    parser.add_argument("--baseline", type=int, default=2_000, help="notices per one-task-each run")
    parser.add_argument("--in-flight", type=int, default=1_000_000, help="notices waiting in Redis")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="notices-bench-"))
    os.environ.update(WORKER_SETTINGS)
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ["CELERY_BROKER_URL"] = BROKER
    os.environ["VAR_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    recreate_database()
    import redis

    broker = redis.Redis.from_url(BROKER)
    broker.flushdb()
    try:
        run(args, folder, broker)
    finally:
        broker.flushdb()
        from django.db import connections

        connections.close_all()
        drop_database()


def run(args: argparse.Namespace, folder: Path, broker: object) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from jobs.models import Person
    from tests.factories import PersonFactory, make_id_number
    from tests.workers.fake_gateway import fake_gateway
    from workers.models import Channel, Notice, NoticeKind, NoticeStatus
    from workers.outbox import Draft, notices_write
    from workers.tasks.notices import notices_deliver

    call_command("migrate", verbosity=0)
    for i in range(1000):  # distinct birth dates: the factory's ID numbers repeat after 500 a day
        PersonFactory(notify_sms=True, id_number=make_id_number(birth=date(1970, 1, 1) + timedelta(days=i)))
    people = list(Person.objects.values_list("pk", flat=True))
    serial = iter(range(10**9))

    def drafts(n: int, channel: str) -> list[Draft]:
        return [
            Draft(key=f"bench:{next(serial)}", kind=NoticeKind.TRAINING, channel=channel, title="叉车司机培训班",
                  body="京山职校叉车司机培训班12月1日开课，符合条件可免费参加。", person_id=people[i % len(people)])
            for i in range(n)
        ]  # fmt: skip

    def sent(since: int) -> int:
        return Notice.objects.filter(pk__gt=since, status=NoticeStatus.SENT).count()

    def last_id() -> int:
        return Notice.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def batched(n: int, channel: str) -> float:
        """The service's way: written in one transaction, queued on commit 500 to a task."""
        before, rows = last_id(), drafts(n, channel)
        start = time.perf_counter()
        with transaction.atomic():
            notices_write(rows)
        wait(lambda: sent(before) == n, 600, every=0.2)
        return time.perf_counter() - start

    def one_task_each(n: int, channel: str) -> float:
        """The naive way: a task per notice (and so a gateway request per SMS)."""
        before, rows = last_id(), drafts(n, channel)
        now = timezone.now()
        Notice.objects.bulk_create(
            [Notice(key=d.key, kind=d.kind, channel=d.channel, title=d.title, body=d.body,
                    person_id=d.person_id, next_attempt_at=now) for d in rows],
            batch_size=1000,
        )  # fmt: skip
        ids = list(Notice.objects.filter(pk__gt=before).values_list("pk", flat=True))
        start = time.perf_counter()
        for notice_id in ids:
            notices_deliver.delay([notice_id])
        wait(lambda: sent(before) == n, 600, every=0.2)
        return time.perf_counter() - start

    print(f"Notice delivery, PostgreSQL and Redis on loopback, worker of 2 processes, {os.cpu_count()} cores")
    print("| channel | way | notices | time | notices/s | gateway requests |")
    print("|---|---|---|---|---|---|")
    rates: dict[tuple[str, str], float] = {}
    with fake_gateway() as gateway, worker(folder, gateway.url):
        for channel in (Channel.INBOX, Channel.SMS):
            for way, measure, n in (("batches of 500", batched, args.notices),
                                    ("one task a notice", one_task_each, args.baseline)):  # fmt: skip
                requests, accepted = gateway.requests, len(gateway.accepted)
                elapsed = measure(n, channel)
                rates[channel, way] = n / elapsed
                if channel == Channel.SMS:  # each exactly once at the gateway
                    assert len(gateway.accepted) - accepted == n and set(gateway.accepted.values()) == {1}
                print(f"| {channel} | {way} | {n:,} | {elapsed:.2f} s | {n / elapsed:,.0f} | "
                      f"{gateway.requests - requests:,} |")  # fmt: skip
    for channel in (Channel.INBOX, Channel.SMS):
        ratio = rates[channel, "batches of 500"] / rates[channel, "one task a notice"]
        print(f"\n{channel}: batches / one task a notice: {ratio:.1f}x")

    in_flight(args.in_flight, drafts, broker)


def in_flight(n: int, drafts: Callable[[int, str], list[Any]], broker: object) -> None:
    """Redis memory while ``n`` notices wait for a worker (none runs now), against the same
    notices queued a message each (measured on a tenth of them and scaled)."""
    import redis
    from django.db import transaction

    from workers.models import Channel, Notice
    from workers.outbox import notices_write
    from workers.tasks.notices import notices_deliver

    assert isinstance(broker, redis.Redis)
    broker.flushdb()

    def used() -> int:
        return int(broker.info("memory")["used_memory"])

    empty = used()
    start = time.perf_counter()
    step = 50_000
    for begin in range(0, n, step):
        with transaction.atomic():
            notices_write(drafts(min(step, n - begin), Channel.INBOX))
    written = time.perf_counter() - start
    batched = used() - empty
    messages = broker.llen("notices")
    broker.flushdb()
    sample = n // 10
    ids = list(Notice.objects.order_by("pk").values_list("pk", flat=True)[:sample])
    empty = used()
    for notice_id in ids:
        notices_deliver.delay([notice_id])
    each = (used() - empty) * n / sample
    broker.flushdb()
    print(f"\nRedis memory with {n:,} notices in flight (written and queued in {written:.0f} s)")
    print("| way | messages | Redis memory |")
    print("|---|---|---|")
    print(f"| batches of 500 | {messages:,} | {batched / 2**20:,.1f} MiB |")
    print(f"| one message a notice (measured on {sample:,}, scaled) | {n:,} | {each / 2**20:,.1f} MiB |")
    print(f"\none message a notice / batches: {each / batched:.0f}x")


if __name__ == "__main__":
    main()
