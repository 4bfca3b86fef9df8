from dataclasses import asdict

from celery import shared_task

from jobs.services.subsidies import subsidies_check


@shared_task(name="subsidies.check", acks_late=True)
def subsidies_check_all() -> dict[str, int]:
    """Check the year's hires and certificates against every subsidy policy in force. Safe to
    run twice: the second run finds no new entitlement and tells nobody again."""
    return asdict(subsidies_check())
