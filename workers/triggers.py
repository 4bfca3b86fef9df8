"""Re-scoring queued by the writes that change what the matching engine reads."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from workers.celery_app import app

log = logging.getLogger(__name__)
_batch: ContextVar[tuple[set[int], set[int]] | None] = ContextVar("rescore_batch", default=None)


@contextmanager
def rescore_batched() -> Iterator[tuple[set[int], set[int]]]:
    """Collect the re-scoring asked for inside (people, vacancies) instead of queueing it, for
    the caller to queue once: a file of rows, each saved by its service, is one re-scoring and
    not one a row."""
    batch: tuple[set[int], set[int]] = (set(), set())
    token = _batch.set(batch)
    try:
        yield batch
    finally:
        _batch.reset(token)


def rescore_after_commit(*, person_ids: Iterable[int] = (), vacancy_ids: Iterable[int] = ()) -> None:
    """Queue the re-scoring of these people and vacancies for when the current transaction
    commits, and never for one that rolls back. A broker that is down then costs nothing but
    time: the next use of the match index catches up on every row changed since it looked.
    The tasks are sent by their names (routed in ``workers.queues``), so that the services that
    call this never import the task modules, which import them."""
    batch = _batch.get()
    if batch is not None:
        batch[0].update(person_ids)
        batch[1].update(vacancy_ids)
        return
    people, vacancies = sorted(set(person_ids)), sorted(set(vacancy_ids))
    if not people and not vacancies:
        return

    def send() -> None:
        try:
            # Each re-scoring is followed by the notices of what it listed anew.
            if people:
                (
                    app.signature("matching.refresh_people", args=(people,), immutable=True)
                    | app.signature("notices.new_matches", args=(people, []), immutable=True)
                ).delay()
            if vacancies:
                (
                    app.signature("matching.refresh_vacancies", args=(vacancies,), immutable=True)
                    | app.signature("notices.new_matches", args=([], vacancies), immutable=True)
                ).delay()
        except Exception:  # the broker's own errors vary by transport
            log.warning("could not queue re-scoring; the index catches up on next use", exc_info=True)

    transaction.on_commit(send)
