from celery import group, shared_task

from matching.services.refresh import matches_rebuild, matches_refresh_people, matches_refresh_vacancies
from matching.services.rescore import (
    SHARD_PEOPLE,
    rescore_failed,
    rescore_finish,
    rescore_shard,
    rescore_start,
)


@shared_task(name="matching.rebuild", acks_late=True)
def matching_rebuild() -> dict[str, int]:
    """Rebuild the match index in one process, save it for restarts, and rewrite every stored
    match. Safe to run twice: the second run finds the same lists."""
    return matches_rebuild()


@shared_task(name="matching.rescore", acks_late=True)
def matching_rescore(shard_people: int = SHARD_PEOPLE) -> int:
    """The nightly full re-scoring: profile everyone once, then rank in shards of people by
    region on every worker of the slow queue (the last shard to finish queues the merge)."""
    run = rescore_start(shard_people=shard_people)
    group(matching_rescore_shard.si(run.pk, shard) for shard in range(run.shards_total)).delay()
    return run.pk


@shared_task(name="matching.rescore_shard", acks_late=True, reject_on_worker_lost=True)
def matching_rescore_shard(run_id: int, shard: int) -> None:
    """Rank one shard; safe to run twice (it writes the same file)."""
    try:
        last = rescore_shard(run_id=run_id, shard=shard)
    except Exception as e:
        rescore_failed(run_id=run_id, error=f"shard {shard}: {e!r}")
        raise
    if last:
        matching_rescore_finish.delay(run_id)


@shared_task(name="matching.rescore_finish", acks_late=True)
def matching_rescore_finish(run_id: int) -> dict[str, int]:
    """Merge the shards of a full re-scoring and store every match."""
    try:
        return rescore_finish(run_id=run_id)
    except Exception as e:
        rescore_failed(run_id=run_id, error=f"merge: {e!r}")
        raise


@shared_task(name="matching.refresh_people", acks_late=True)
def matching_refresh_people(person_ids: list[int]) -> dict[str, int]:
    """Re-score people who changed (ids that no longer exist are taken out of the lists)."""
    return matches_refresh_people(person_ids=person_ids)


@shared_task(name="matching.refresh_vacancies", acks_late=True)
def matching_refresh_vacancies(vacancy_ids: list[int]) -> dict[str, int]:
    """Re-score vacancies that changed, were closed or were deleted."""
    return matches_refresh_vacancies(vacancy_ids=vacancy_ids)
