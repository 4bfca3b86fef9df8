from __future__ import annotations

from datetime import date

from django.utils import timezone

from jobs.models import Vacancy


def vacancies_close_expired(*, today: date | None = None) -> int:
    """Close open vacancies whose last valid day has passed; return how many were closed."""
    today = today or timezone.localdate()
    return Vacancy.objects.filter(status=Vacancy.Status.OPEN, valid_until__lt=today).update(
        status=Vacancy.Status.CLOSED, updated_at=timezone.now()
    )
