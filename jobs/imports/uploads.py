"""Uploaded spreadsheets at rest: encrypted rows in the database, deleted when their preview or
background import ends, and swept an hour after upload if nothing ended them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

from django.utils import timezone
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
    needs; return how many went."""
    unfinished = ImportJob.objects.exclude(status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED])
    stale = ImportUpload.objects.filter(created_at__lt=timezone.now() - max_age).exclude(
        pk__in=unfinished.filter(upload__isnull=False).values("upload_id")
    )
    deleted, _ = stale.delete()
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
