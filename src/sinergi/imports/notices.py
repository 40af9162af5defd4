"""The imports' notices: the person who uploaded hears when the work is done (notifications/types.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.notifications.types import EventType, Message, Payload, register

from .models import ImportJob, JobStatus


def _job(payload: Payload) -> ImportJob:
    return ImportJob.objects.get(pk=payload["job"])


def _uploader(payload: Payload) -> list[int]:
    by = _job(payload).created_by_id
    return [by] if by else []


def _finished(payload: Payload) -> Message:
    job = _job(payload)
    name = {"name": job.original_name}
    titles = {
        JobStatus.VALIDATED: _("Berkas %(name)s sudah diperiksa dan siap disimpan"),
        JobStatus.INVALID: _("Berkas %(name)s berisi kesalahan"),
        JobStatus.COMMITTED: _("Impor %(name)s selesai disimpan"),
        JobStatus.FAILED: _("Impor %(name)s gagal"),
    }
    return Message(
        titles[JobStatus(payload["status"])] % name, body=job.message, url=reverse("imports:job", args=[job.pk])
    )


register(
    EventType(
        "imports.job.finished",
        gettext_lazy("Impor selesai atau gagal"),
        gettext_lazy("Pengunggah berkas"),
        _uploader,
        _finished,
    ),
)
