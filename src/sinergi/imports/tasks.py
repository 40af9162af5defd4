"""Background work: takes a job id, calls the pipeline. Enqueued on commit by services.

A task has no request, so no language is active: each runs in its uploader's language, so that the
messages stored on the job (file and cell errors, warnings, the report's `kesalahan` column) are
written in the language the uploader reads them in.
"""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from sinergi.core.languages import language_of
from sinergi.core.leases import Lease

from . import pipeline
from .models import ImportJob, JobStatus


def _language(job: ImportJob) -> str:
    return language_of(job.created_by)


@task()
def validate_import(job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id, status=JobStatus.UPLOADED).select_related("created_by").first()
    if job is None:
        return "skipped"
    with translation.override(_language(job)), Lease(ImportJob, job.pk):
        return str(pipeline.validate_job(job).status)


@task()
def commit_import(job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id, status=JobStatus.COMMITTING).select_related("created_by").first()
    if job is None:
        return "skipped"
    with translation.override(_language(job)), Lease(ImportJob, job.pk):
        return str(pipeline.commit_job(job).status)
