from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import ImportJob


def job_list(*, user: Any, kind: str | None = None) -> QuerySet[ImportJob]:
    """A user's own import jobs, newest first (uploads are private to their uploader)."""
    qs = ImportJob.objects.filter(created_by=user)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.defer("errors", "warnings", "preview")


def job_get(*, user: Any, pk: int) -> ImportJob | None:
    return ImportJob.objects.filter(pk=pk, created_by=user).first()
