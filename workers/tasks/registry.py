from celery import shared_task

from jobs.services.accounts import tokens_delete_expired as delete_expired
from jobs.services.vacancies import vacancies_close_expired as close_expired


@shared_task(name="jobs.vacancies_close_expired", acks_late=True)
def vacancies_close_expired() -> int:
    """Close open vacancies whose validity has ended. Safe to run twice: closed rows stay closed."""
    return close_expired()


@shared_task(name="accounts.tokens_delete_expired", acks_late=True)
def tokens_delete_expired() -> int:
    """Delete expired app tokens. Safe to run twice."""
    return delete_expired()
