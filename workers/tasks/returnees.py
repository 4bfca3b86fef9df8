from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from jobs.services.returnees import campaign_send, returnees_daily


@shared_task(name="returnees.daily", acks_late=True)
def returnees_daily_run() -> dict[str, int]:
    """Offers to those expected home soon, campaigns prepared, approved ones sent on. Safe to
    run twice: nobody is offered or welcomed twice, no campaign prepared twice."""
    return asdict(returnees_daily())


@shared_task(name="returnees.send", acks_late=True)
def returnees_send(campaign_id: int) -> str:
    """Send an approved campaign within its window; a send interrupted goes on where it stood."""
    return str(campaign_send(campaign_id=campaign_id, today=timezone.localdate()).status)
