"""Imports too long for a preview in the browser, run by a worker with their progress on a row."""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.imports.files import REGISTRIES, dataset_load, registry_import
from jobs.imports.uploads import upload_delete, upload_read
from jobs.models import ImportJob, ImportUpload
from workers.celery_app import app

log = logging.getLogger(__name__)
# Enough for staff to fix a file by; the count says how many more there were.
ERRORS_KEPT = 500


def import_job_start(
    *, user: Any, registry: str, upload: ImportUpload, file_name: str, file_format: str
) -> ImportJob:
    """Queue the import of an upload already stored (encrypted) as ``upload``; the job owns it
    from now on and deletes it when it ends. Asked twice for one upload (a form sent twice), it
    answers the job already made."""
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                registry=registry,
                upload=upload,
                created_by=user,
                file_name=file_name,
                file_format=file_format,
            )
    except IntegrityError:
        return ImportJob.objects.get(upload=upload)

    def send() -> None:
        app.send_task("imports.run", args=[job.pk])  # routed to the slow queue by its name

    transaction.on_commit(send)
    return job


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Check every row of the job's file (progress after each batch), then write all of them in
    one transaction, or none and record why. The upload is deleted however it ends. Runs once:
    a job no longer queued (another worker has it, or it ended) is left alone."""
    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.CHECKING
    ):
        return None
    job = ImportJob.objects.select_related("upload", "created_by").get(pk=job_id)
    name = job.upload.name if job.upload else ""
    try:
        data = upload_read(name=name)
        if data is None:
            return _finish(job, errors=[_("File: the upload is gone; upload it again")])
        dataset = dataset_load(data, job.file_format)
        del data
        ImportJob.objects.filter(pk=job.pk).update(rows_total=len(dataset))

        def checked(rows: int) -> None:
            if rows == len(dataset):  # all checked: the write comes next
                ImportJob.objects.filter(pk=job.pk).update(rows_checked=rows, status=ImportJob.Status.WRITING)
            else:
                ImportJob.objects.filter(pk=job.pk).update(rows_checked=rows)

        resource = REGISTRIES[job.registry](user=job.created_by)
        outcome = registry_import(resource=resource, dataset=dataset, dry_run=False, checked=checked)
        job.refresh_from_db()
        return _finish(job, errors=outcome.problems, new=outcome.new, updated=outcome.updated)
    except Exception as exc:
        log.exception("background import %s failed", job_id)
        messages = getattr(exc, "messages", None) or [
            _("File: could not be read or imported (%(error)s)") % {"error": type(exc).__name__}
        ]
        return _finish(job, errors=list(messages))
    finally:
        upload_delete(name=name)


def _finish(job: ImportJob, *, errors: list[str], new: int = 0, updated: int = 0) -> ImportJob:
    if errors:
        job.status = ImportJob.Status.FAILED
        job.errors = errors[:ERRORS_KEPT]
        if len(errors) > ERRORS_KEPT:
            job.errors.append(_("… and %(count)s more") % {"count": len(errors) - ERRORS_KEPT})
    else:
        job.status, job.rows_new, job.rows_updated = ImportJob.Status.DONE, new, updated
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "rows_new", "rows_updated", "finished_at"])
    return job
