"""The review of a publication: submit, return with a comment, comment, approve and publish (four eyes)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.notifications.services import emit

from ..models import (
    Publication,
    PublicationComment,
    PublicationStatus,
)
from ..rules import is_preparer
from ._common import _require


def _locked(publication: Publication, by: User, perm: str, refused: str, *states: str) -> Publication:
    """The row, locked, when `by` has `perm` on it (else NotAllowed with `refused`); a state outside
    `states` is refused even for a superuser (whom Django's permission backend allows everything)."""
    pub = Publication.objects.select_for_update().get(pk=publication.pk)
    _require(by, perm, pub, message=refused)
    if pub.status not in states:
        raise Conflict(
            _("Tidak dapat dilakukan pada publikasi berstatus %(status)s.") % {"status": pub.get_status_display()}
        )
    return pub


def publication_submit(*, by: User, publication: Publication, comment: str = "") -> Publication:
    with transaction.atomic():
        pub = _locked(
            publication,
            by,
            "statistics.submit_publication",
            _("Anda tidak berhak mengajukan publikasi ini untuk ditinjau."),
            PublicationStatus.DRAFT,
        )
        pub.status = PublicationStatus.IN_REVIEW
        pub.submitted_at = timezone.now()
        pub.save(update_fields=["status", "submitted_at", "updated_at"])
        if comment.strip():
            PublicationComment.objects.create(
                publication=pub, author=by, body=comment.strip(), kind=PublicationComment.Kind.SUBMITTED
            )
        audit.record(by=by, action="statistics.publication.submitted", target=pub)
    return pub


def publication_return(*, by: User, publication: Publication, comment: str) -> Publication:
    if not comment.strip():
        raise ServiceError(_("Tulis apa yang perlu diperbaiki."), field_errors={"body": [_("Wajib diisi.")]})
    with transaction.atomic():
        pub = _locked(
            publication,
            by,
            "statistics.return_publication",
            _("Anda tidak berhak mengembalikan publikasi ini untuk diperbaiki."),
            PublicationStatus.IN_REVIEW,
        )
        pub.status = PublicationStatus.DRAFT
        pub.save(update_fields=["status", "updated_at"])
        PublicationComment.objects.create(
            publication=pub, author=by, body=comment.strip(), kind=PublicationComment.Kind.RETURNED
        )
        audit.record(by=by, action="statistics.publication.returned", target=pub)
        emit("statistics.publication.returned", publication=pub.pk, comment=comment.strip())
    return pub


def publication_comment(*, by: User, publication: Publication, body: str) -> PublicationComment:
    if not body.strip():
        raise ServiceError(_("Komentar kosong."), field_errors={"body": [_("Wajib diisi.")]})
    with transaction.atomic():
        pub = _locked(
            publication,
            by,
            "statistics.comment_publication",
            _("Anda tidak berhak mengomentari publikasi ini."),
            PublicationStatus.DRAFT,
            PublicationStatus.IN_REVIEW,
        )
        comment = PublicationComment.objects.create(publication=pub, author=by, body=body.strip())
        audit.record(by=by, action="statistics.publication.commented", target=pub)
    return comment


def may_approve(user: User | AnonymousUser, publication: Publication) -> bool:
    """The named permission, and four eyes even for a superuser: nobody approves what they prepared."""
    return bool(user.has_perm("statistics.approve_publication", publication)) and not is_preparer(user, publication)


def awaits_other_approver(user: User | AnonymousUser, publication: Publication) -> bool:
    """In review and prepared by `user`: someone else must approve it (the page says so)."""
    return publication.status == PublicationStatus.IN_REVIEW and is_preparer(user, publication)


def publication_approve(*, by: User, publication: Publication, comment: str = "") -> Publication:
    """Publish; a revision supersedes the publication it revises (which stays visible, labelled).
    Four eyes: the approver is never the person who prepared it."""
    if is_preparer(by, publication):  # who prepared it never changes
        raise NotAllowed(
            _(
                "Prinsip empat mata: publikasi yang Anda siapkan harus disetujui oleh kepala bidang lain, "
                "bukan oleh Anda sendiri."
            )
        )
    with transaction.atomic():
        pub = _locked(
            publication,
            by,
            "statistics.approve_publication",
            _("Anda tidak berhak menyetujui dan menerbitkan publikasi ini."),
            PublicationStatus.IN_REVIEW,
        )
        now = timezone.now()
        if pub.revision_of_id is not None:
            previous = Publication.objects.select_for_update().get(pk=pub.revision_of_id)
            if previous.status != PublicationStatus.PUBLISHED:
                raise Conflict(_("Publikasi yang direvisi sudah tidak berlaku; siapkan revisi dari yang terbaru."))
            previous.status = PublicationStatus.SUPERSEDED
            previous.superseded_at = now
            previous.save(update_fields=["status", "superseded_at", "updated_at"])
            audit.record(by=by, action="statistics.publication.superseded", target=previous, data={"by": pub.pk})
        pub.status = PublicationStatus.PUBLISHED
        pub.approved_by = by
        pub.approved_at = now
        pub.published_at = now
        pub.save(update_fields=["status", "approved_by", "approved_at", "published_at", "updated_at"])
        PublicationComment.objects.create(
            publication=pub,
            author=by,
            body=comment.strip() or _("Disetujui dan diterbitkan."),
            kind=PublicationComment.Kind.APPROVED,
        )
        audit.record(by=by, action="statistics.publication.published", target=pub)
        emit("statistics.publication.published", publication=pub.pk)
    return pub
