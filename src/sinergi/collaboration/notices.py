"""The events collaboration emits and who hears them (the notification layer, notifications/types.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.notifications.types import EventType, Message, Payload, register

from .models import Comment, Initiative


def _initiative(payload: Payload) -> Initiative:
    return Initiative.objects.get(pk=payload["initiative"])


def _url(payload: Payload) -> str:
    return reverse("collaboration:detail", args=[payload["initiative"]])


def _authors(payload: Payload) -> list[int]:
    initiative = _initiative(payload)
    return [initiative.author_id, *initiative.coauthors.values_list("pk", flat=True)]


def _answer_audience(payload: Payload) -> list[int]:
    from .services import answer_recipients

    return [u.pk for u in answer_recipients(_initiative(payload))]


def _comment_author(payload: Payload) -> list[int]:
    return [Comment.objects.values_list("author_id", flat=True).get(pk=payload["comment"])]


def _opened(payload: Payload) -> Message:
    title = _initiative(payload).title
    return Message(
        _("Inisiatif Anda dibuka untuk dukungan: %(title)s") % {"title": title}, url=_url(payload), params=(title,)
    )


def _review(payload: Payload) -> Message:
    title = _initiative(payload).title
    return Message(_("Inisiatif Anda sedang dikaji: %(title)s") % {"title": title}, url=_url(payload), params=(title,))


def _answer(payload: Payload) -> Message:
    title = _initiative(payload).title
    heading = (
        _("Jawaban resmi: inisiatif “%(title)s” diterima")
        if payload["accepted"]
        else _("Jawaban resmi: inisiatif “%(title)s” ditolak")
    )
    return Message(heading % {"title": title}, body=payload["answer"], url=_url(payload), params=(title,))


def _completed(payload: Payload) -> Message:
    title = _initiative(payload).title
    return Message(
        _("Inisiatif selesai dilaksanakan: %(title)s") % {"title": title}, url=_url(payload), params=(title,)
    )


def _pledge(payload: Payload) -> Message:
    from .models import Pledge

    pledge = Pledge.objects.select_related("initiative").get(pk=payload["pledge"])
    return Message(
        _("%(organisation)s menawarkan %(kind)s untuk %(title)s")
        % {
            "organisation": pledge.organisation,
            "kind": pledge.get_kind_display().lower(),
            "title": pledge.initiative.title,
        },
        url=_url(payload),
    )


def _moderation(payload: Payload) -> Message:
    return Message(
        _("Komentar Anda disembunyikan oleh moderator"),
        body=_("Alasan: %(reason)s") % {"reason": payload["reason"]},
        url=_url(payload),
    )


register(
    EventType(
        "collaboration.opened",
        gettext_lazy("Inisiatif dibuka untuk dukungan"),
        gettext_lazy("Pengusul dan pengusul pendamping"),
        _authors,
        _opened,
    ),
    EventType(
        "collaboration.review",
        gettext_lazy("Inisiatif mulai dikaji"),
        gettext_lazy("Pengusul dan pengusul pendamping"),
        _authors,
        _review,
    ),
    EventType(
        "collaboration.answer",
        gettext_lazy("Jawaban resmi atas inisiatif"),
        gettext_lazy("Pengusul, pendukung, pemberi endorsement dan penawar bantuan"),
        _answer_audience,
        _answer,
    ),
    EventType(
        "collaboration.completed",
        gettext_lazy("Inisiatif selesai dilaksanakan"),
        gettext_lazy("Pengusul, pendukung, pemberi endorsement dan penawar bantuan"),
        _answer_audience,
        _completed,
    ),
    EventType(
        "collaboration.pledge",
        gettext_lazy("Tawaran bantuan untuk inisiatif"),
        gettext_lazy("Pengusul dan pengusul pendamping"),
        _authors,
        _pledge,
    ),
    EventType(
        "collaboration.moderation",
        gettext_lazy("Komentar disembunyikan moderator"),
        gettext_lazy("Penulis komentar"),
        _comment_author,
        _moderation,
    ),
)
