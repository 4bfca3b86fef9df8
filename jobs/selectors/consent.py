"""The consent texts people are shown."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from jobs.models import ConsentText


def consent_versions_published(*, today: date | None = None) -> QuerySet[ConsentText]:
    """The versions published so far, newest first: those a person may have agreed to."""
    return ConsentText.objects.filter(published_on__lte=today or timezone.localdate()).order_by(
        "-published_on", "-version"
    )


def consent_current() -> ConsentText | None:
    """The text shown to people now: the newest published version."""
    return consent_versions_published().first()
