"""What the reader of an in-app notice changes about it."""

from __future__ import annotations

from django.utils import timezone

from workers.models import Notice


def notice_read(*, notice: Notice) -> Notice:
    """Mark ``notice`` read; it keeps the time it was first read, however often this runs."""
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.refresh_from_db()
    return notice
