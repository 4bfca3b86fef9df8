from celery import shared_task

from workers.outbox import notices_deliver as deliver
from workers.outbox import notices_sweep as sweep
from workers.queues import Queue


@shared_task(name="notices.deliver", queue=Queue.NOTICES.value, acks_late=True, reject_on_worker_lost=True)
def notices_deliver(notice_ids: list[int]) -> dict[str, int]:
    """Send a batch of notices. Safe to run twice or at once on two workers: each row is claimed
    by one of them, and rows already sent are skipped."""
    return deliver(notice_ids=notice_ids)


@shared_task(name="notices.sweep", queue=Queue.NOTICES.value, expires=120)
def notices_sweep() -> dict[str, int]:
    """Queue the notices whose retry is due or whose message was lost."""
    return sweep()
