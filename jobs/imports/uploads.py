"""Uploaded spreadsheets at rest: encrypted rows in the database, deleted when their preview or
background import ends, and swept an hour after upload if nothing ended them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.tmp_storages import BaseStorage

from jobs.crypto import decrypt_bytes, encrypt_bytes
from jobs.models import ImportJob, ImportUpload

# A preview is confirmed within minutes; an upload older than this was abandoned.
UPLOAD_MAX_AGE = timedelta(hours=1)


def upload_save(*, data: bytes) -> str:
    """Keep ``data`` encrypted and return the name to read it back by (a random hex string,
    which is all the confirm form carries)."""
    name = uuid4().hex
    ImportUpload.objects.create(name=name, content=encrypt_bytes(data))
    return name


def upload_read(*, name: str) -> bytes | None:
    content = ImportUpload.objects.filter(name=name).values_list("content", flat=True).first()
    return None if content is None else decrypt_bytes(bytes(content))


def upload_delete(*, name: str) -> None:
    ImportUpload.objects.filter(name=name).delete()


def uploads_sweep(*, max_age: timedelta = UPLOAD_MAX_AGE) -> int:
    """Delete uploads older than ``max_age`` that no queued or running background import still
    needs; return how many went. A background import unfinished long after any task could have
    ended (its worker died, or its message was lost) is marked failed first, and its upload goes."""
    unfinished = ImportJob.objects.exclude(status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED])
    task_limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    unfinished.filter(created_at__lt=timezone.now() - task_limit - max_age).update(
        status=ImportJob.Status.FAILED,
        errors=[str(_("File: the import was interrupted; upload it again"))],
        finished_at=timezone.now(),
    )
    stale = ImportUpload.objects.filter(created_at__lt=timezone.now() - max_age).exclude(
        pk__in=unfinished.filter(upload__isnull=False).values("upload_id")
    )
    deleted, _by_model = stale.delete()
    return deleted


class EncryptedDatabaseStorage(BaseStorage):  # type: ignore[misc]
    """django-import-export's store for a file between preview and confirm
    (IMPORT_EXPORT_TMP_STORAGE_CLASS)."""

    def save(self, data: bytes | str) -> None:
        raw = data.encode(self.encoding or "utf-8") if isinstance(data, str) else data
        self.name = upload_save(data=raw)

    def read(self) -> Any:
        data = upload_read(name=self.name or "")
        if data is None:
            raise FileNotFoundError("the upload has expired")
        return data.decode(self.encoding or "utf-8") if self.read_mode == "r" else data

    def remove(self) -> None:
        upload_delete(name=self.name or "")
