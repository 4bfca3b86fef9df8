from celery import shared_task

from matching.services.refresh import matches_rebuild, matches_refresh_people, matches_refresh_vacancies
from workers.queues import Queue


@shared_task(name="matching.rebuild", queue=Queue.SLOW.value, acks_late=True)
def matching_rebuild() -> dict[str, int]:
    """Rebuild the match index, save it for restarts, and rewrite every stored match.
    Safe to run twice: the second run finds the same lists."""
    return matches_rebuild()


@shared_task(name="matching.refresh_people", queue=Queue.SCORING.value, acks_late=True)
def matching_refresh_people(person_ids: list[int]) -> dict[str, int]:
    """Re-score people who changed (ids that no longer exist are taken out of the lists)."""
    return matches_refresh_people(person_ids=person_ids)


@shared_task(name="matching.refresh_vacancies", queue=Queue.SCORING.value, acks_late=True)
def matching_refresh_vacancies(vacancy_ids: list[int]) -> dict[str, int]:
    """Re-score vacancies that changed, were closed or were deleted."""
    return matches_refresh_vacancies(vacancy_ids=vacancy_ids)
