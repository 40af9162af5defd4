"""Discussion and its moderation: comments, reports, hiding, blocking."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.accounts.predicates import is_office_staff
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.writes import validate
from sinergi.notifications.services import emit

from ..models import (
    Comment,
    CommentReport,
    Initiative,
    Stance,
    UserBlock,
)
from ..rules import COMMENT_EDIT_WINDOW
from ._common import COMMENT_LIMIT_PER_MINUTE, _engagement_open, _ensure_not_blocked, _require, rate_limit


def _moderators_only() -> str:
    return _("Hanya moderator (petugas perangkat daerah) yang dapat memoderasi komentar.")


@transaction.atomic
def comment_post(
    *, by: User, initiative: Initiative, body: str, stance: str = Stance.NEUTRAL, parent: Comment | None = None
) -> Comment:
    _ensure_not_blocked(by)
    rate_limit(
        action="comment",
        user=by,
        limit=COMMENT_LIMIT_PER_MINUTE,
        message=_(
            "Terlalu banyak komentar dalam waktu singkat (maksimal %(limit)d per menit). "
            "Tunggu sebentar lalu coba lagi."
        )
        % {"limit": COMMENT_LIMIT_PER_MINUTE},
    )
    _engagement_open(initiative)
    check_perm(by, "collaboration.comment_initiative", initiative, message=_("Anda tidak dapat berkomentar di sini."))
    if parent is not None:
        if parent.initiative_id != initiative.pk:
            raise ServiceError(
                _("Balasan harus pada inisiatif yang sama."), field_errors={"parent": [_("Tidak cocok.")]}
            )
        parent = parent.parent or parent  # threads are two levels deep: replies attach to the root
    comment = Comment(initiative=initiative, author=by, body=(body or "").strip(), stance=stance, parent=parent)
    validate(comment, unique=False)
    comment.save()
    audit.record(
        by=by,
        action="collaboration.comment.posted",
        target=initiative,
        data={"comment": comment.pk, "stance": stance},
    )
    return comment


@transaction.atomic
def comment_edit(*, by: User, comment: Comment, body: str) -> Comment:
    if comment.author_id != by.pk:
        raise NotAllowed(_("Hanya penulis yang dapat mengubah komentarnya."))
    if timezone.now() - comment.created_at > COMMENT_EDIT_WINDOW:
        raise Conflict(_("Waktu untuk mengubah komentar (15 menit) sudah lewat."), code="edit_window_closed")
    if comment.is_hidden:
        raise Conflict(_("Komentar yang disembunyikan tidak dapat diubah."), code="hidden")
    check_perm(
        by,
        "collaboration.edit_comment",
        comment,
        message=_("Komentar hanya dapat diubah oleh penulisnya dalam 15 menit."),
    )
    comment.body = (body or "").strip()
    comment.edited_at = timezone.now()
    validate(comment, unique=False)
    comment.save(update_fields=["body", "edited_at"])
    audit.record(by=by, action="collaboration.comment.edited", target=comment.initiative, data={"comment": comment.pk})
    return comment


@transaction.atomic
def comment_report(*, by: User, comment: Comment, reason: str) -> CommentReport:
    check_perm(by, "collaboration.report_comment", comment, message=_("Anda tidak dapat melaporkan komentar ini."))
    reason = _require(reason, "reason", _("Tuliskan alasan pelaporan."))
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=by, reason=reason[:1000])
    except IntegrityError as exc:
        raise Conflict(_("Anda sudah melaporkan komentar ini."), code="duplicate") from exc
    Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    audit.record(
        by=by, action="collaboration.comment.reported", target=comment.initiative, data={"comment": comment.pk}
    )
    return report


@transaction.atomic
def comment_hide(*, by: User, comment: Comment, reason: str) -> Comment:
    """Hide with a reason the author can read; the text stays for the record."""
    check_perm(by, "collaboration.moderate", comment, message=_moderators_only())
    reason = _require(reason, "reason", _("Tuliskan alasan yang akan dibaca penulis."))
    comment.is_hidden, comment.hidden_reason, comment.hidden_by = True, reason, by
    comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by"])
    CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    audit.record(
        by=by,
        action="collaboration.comment.hidden",
        target=comment.initiative,
        data={"comment": comment.pk, "reason": reason},
    )
    emit("collaboration.moderation", initiative=comment.initiative_id, comment=comment.pk, reason=reason)
    return comment


@transaction.atomic
def comment_unhide(*, by: User, comment: Comment) -> Comment:
    check_perm(by, "collaboration.moderate", comment, message=_moderators_only())
    comment.is_hidden, comment.hidden_reason, comment.hidden_by = False, "", None
    comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by"])
    audit.record(
        by=by, action="collaboration.comment.unhidden", target=comment.initiative, data={"comment": comment.pk}
    )
    return comment


@transaction.atomic
def user_block(*, by: User, user: User, reason: str) -> UserBlock:
    check_perm(by, "collaboration.block_user", message=_("Hanya moderator yang dapat memblokir pengguna."))
    reason = _require(reason, "reason", _("Tuliskan alasan pemblokiran."))
    if is_office_staff(user):
        raise NotAllowed(_("Petugas perangkat daerah tidak dapat diblokir di sini."))
    block, created = UserBlock.objects.get_or_create(
        user=user, lifted_at__isnull=True, defaults={"reason": reason, "blocked_by": by}
    )
    if created:
        audit.record(by=by, action="collaboration.user.blocked", target=user, data={"reason": reason})
    return block


@transaction.atomic
def user_unblock(*, by: User, user: User) -> int:
    check_perm(by, "collaboration.block_user", message=_("Hanya moderator yang dapat mencabut blokir."))
    lifted = UserBlock.objects.filter(user=user, lifted_at__isnull=True).update(lifted_at=timezone.now())
    if lifted:
        audit.record(by=by, action="collaboration.user.unblocked", target=user)
    return lifted
