"""Background work: takes a job id, calls the pipeline. Enqueued on commit by services."""

from __future__ import annotations

from django_tasks import task

from . import pipeline
from .models import ImportJob, JobStatus


@task()
def validate_import(job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id, status=JobStatus.UPLOADED).first()
    if job is None:
        return "skipped"
    return str(pipeline.validate_job(job).status)


@task()
def commit_import(job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id, status=JobStatus.COMMITTING).first()
    if job is None:
        return "skipped"
    return str(pipeline.commit_job(job).status)
