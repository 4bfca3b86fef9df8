from dataclasses import asdict

from celery import shared_task

from jobs.notices.plans import plan_digests_write
from jobs.services.support import support_refresh


@shared_task(name="support.refresh", acks_late=True)
def support_refresh_all() -> dict[str, int]:
    """Apply the warning rules to everyone they look at. Safe to run twice: the second run finds
    every tier as the first left it, and writes no log row, plan or notice."""
    return asdict(support_refresh())


@shared_task(name="notices.plan_digests", acks_late=True)
def notices_plan_digests() -> int:
    """Each case worker's list of the 1131 items overdue or falling due. Safe to run twice: one
    notice a case worker a day, by its key."""
    return plan_digests_write()
