"""Re-scoring queued by the writes that change what the matching engine reads."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

log = logging.getLogger(__name__)


def rescore_after_commit(*, person_ids: Iterable[int] = (), vacancy_ids: Iterable[int] = ()) -> None:
    """Queue the re-scoring of these people and vacancies for when the current transaction
    commits, and never for one that rolls back. A broker that is down then costs nothing but
    time: the next use of the match index catches up on every row changed since it looked."""
    people, vacancies = sorted(set(person_ids)), sorted(set(vacancy_ids))
    if not people and not vacancies:
        return

    def send() -> None:
        from workers.tasks.matching import matching_refresh_people, matching_refresh_vacancies
        from workers.tasks.notices import notices_new_matches

        try:
            # Each re-scoring is followed by the notices of what it listed anew.
            if people:
                (matching_refresh_people.si(people) | notices_new_matches.si(people, [])).delay()
            if vacancies:
                (matching_refresh_vacancies.si(vacancies) | notices_new_matches.si([], vacancies)).delay()
        except Exception:  # the broker's own errors vary by transport
            log.warning("could not queue re-scoring; the index catches up on next use", exc_info=True)

    transaction.on_commit(send)
