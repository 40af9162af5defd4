from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import ImportJob

if TYPE_CHECKING:
    from sinergi.accounts.models import User


def job_list(*, user: User, kind: str | None = None) -> QuerySet[ImportJob]:
    """A user's own import jobs, newest first (uploads are private to their uploader)."""
    qs = ImportJob.objects.filter(created_by=user)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.defer("errors", "warnings", "preview")


def job_get(*, user: User, pk: int) -> ImportJob | None:
    return ImportJob.objects.filter(pk=pk, created_by=user).first()
