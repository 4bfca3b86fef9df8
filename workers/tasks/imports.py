from celery import shared_task

from jobs.imports.background import import_job_run
from jobs.imports.uploads import uploads_sweep


@shared_task(name="imports.run", acks_late=True, reject_on_worker_lost=True)
def imports_run(job_id: int) -> None:
    """Import one background job's file, all rows or none. Safe to run twice: a job runs only
    from the queued state, claimed by one worker."""
    import_job_run(job_id=job_id)


@shared_task(name="imports.sweep_uploads", expires=600)
def imports_sweep_uploads() -> int:
    """Delete uploads that a preview or an import left behind more than an hour ago."""
    return uploads_sweep()
