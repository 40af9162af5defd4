"""The statistics' notices and who hears them (the notification layer, notifications/types.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.typing import AnyUser
from sinergi.notifications.types import EventType, Message, Payload, Workflow, register, register_workflow

from .models import Publication


def _publication(payload: Payload) -> Publication:
    return Publication.objects.get(pk=payload["publication"])


def _preparer(payload: Payload) -> list[int]:
    preparer = _publication(payload).prepared_by_id
    return [preparer] if preparer else []


def _returned(payload: Payload) -> Message:
    pub = _publication(payload)
    return Message(
        _("Publikasi %(title)s dikembalikan untuk diperbaiki") % {"title": pub.title},
        body=payload["comment"],
        url=reverse("statistics:publication", args=[pub.pk]),
    )


def _published(payload: Payload) -> Message:
    pub = _publication(payload)
    return Message(
        _("Publikasi %(title)s disetujui dan diterbitkan") % {"title": pub.title},
        url=reverse("statistics:publication", args=[pub.pk]),
    )


register(
    EventType(
        "statistics.publication.returned",
        gettext_lazy("Publikasi dikembalikan"),
        gettext_lazy("Penyusun publikasi"),
        _preparer,
        _returned,
        subject=_publication,
    ),
    EventType(
        "statistics.publication.published",
        gettext_lazy("Publikasi disetujui dan diterbitkan"),
        gettext_lazy("Penyusun publikasi"),
        _preparer,
        _published,
        subject=_publication,
    ),
)


def _publications_followed(user: AnyUser) -> QuerySet[Publication]:
    """Every publication, for the statistics office's analysts (their workflow has no narrower scope)."""
    if not user.has_perm("statistics.view_deliveries"):
        return Publication.objects.none()
    return Publication.objects.all()


register_workflow(
    Workflow(
        Publication,
        gettext_lazy("Publikasi PDRB Ekraf"),
        "statistics.view_deliveries",
        visible=_publications_followed,
        url=lambda publication: reverse("statistics:publication", args=[publication.pk]),
    )
)
