from celery import shared_task

from jobs.notices.digests import candidate_digests_write, job_match_digests_write, new_matches_tell
from jobs.notices.training import training_offers_write
from workers.outbox import notices_deliver as deliver
from workers.outbox import notices_sweep as sweep


@shared_task(name="notices.deliver", acks_late=True, reject_on_worker_lost=True)
def notices_deliver(notice_ids: list[int]) -> dict[str, int]:
    """Send a batch of notices. Safe to run twice or at once on two workers: each row is claimed
    by one of them, and rows already sent are skipped."""
    return deliver(notice_ids=notice_ids)


@shared_task(name="notices.sweep", expires=120)
def notices_sweep() -> dict[str, int]:
    """Queue the notices whose retry is due or whose message was lost."""
    return sweep()


@shared_task(name="notices.new_matches", acks_late=True)
def notices_new_matches(person_ids: list[int], vacancy_ids: list[int]) -> dict[str, int]:
    """After a re-scoring: digests and candidate notices for what it listed anew. Safe to run
    twice: a day's digest has one key."""
    return new_matches_tell(person_ids=person_ids, vacancy_ids=vacancy_ids)


@shared_task(name="notices.job_match_digests", expires=6 * 3600)
def notices_job_match_digests() -> int:
    """The morning digest of new matches, for everyone who has some."""
    return job_match_digests_write()


@shared_task(name="notices.candidate_digests", expires=6 * 3600)
def notices_candidate_digests() -> int:
    """The morning candidate notices, for every open vacancy with new candidates."""
    return candidate_digests_write()


@shared_task(name="notices.training_offers", expires=24 * 3600)
def notices_training_offers() -> int:
    """The weekly training offers from the skills people's best matches ask for."""
    return training_offers_write()


@shared_task(name="notices.course_offers", acks_late=True)
def notices_course_offers(course_id: int) -> int:
    """A course just listed, offered at once to those whose near-miss matches it would close."""
    return training_offers_write(course_ids=[course_id])
