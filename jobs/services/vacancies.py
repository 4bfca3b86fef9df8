from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from jobs.models import Vacancy
from workers.triggers import rescore_after_commit


def vacancies_close_expired(*, today: date | None = None) -> int:
    """Close open vacancies whose last valid day has passed and queue their re-scoring (they
    leave every list); return how many were closed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        expired = Vacancy.objects.select_for_update().filter(
            status=Vacancy.Status.OPEN, valid_until__lt=today
        )
        ids = list(expired.values_list("pk", flat=True))
        expired.update(status=Vacancy.Status.CLOSED, updated_at=timezone.now())
        rescore_after_commit(vacancy_ids=ids)
    return len(ids)
