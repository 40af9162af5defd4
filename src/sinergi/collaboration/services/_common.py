"""What every collaboration service shares: rate limits, blocks, phase changes under a lock, acting for
an organisation.

Each service checks its named permission (rules.py) with `core.access.check_perm`, after its phase rule:
a step the phase does not allow is a `Conflict` for everyone, a step this person may not take in this
phase is `NotAllowed`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from sinergi.accounts.models import Organisation, User
from sinergi.accounts.predicates import memberships_of
from sinergi.core import audit, ratelimit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, NotAllowed, ServiceError

from ..models import (
    ENGAGEMENT_PHASES,
    Initiative,
    Phase,
    PhaseChange,
    UserBlock,
)
from ..rules import ORGANISATION_ACTING_ROLES

COMMENT_LIMIT_PER_MINUTE = 5
SUPPORT_LIMIT_PER_MINUTE = 30
RATE_WINDOW_SECONDS = 60


class RateLimited(ServiceError):
    code = "rate_limited"
    status = 429


def _require(text: str | None, field: str, message: str | None = None) -> str:
    value = (text or "").strip()
    if not value:
        raise ServiceError(_("Data belum lengkap."), field_errors={field: [message or _("Wajib diisi.")]})
    return value


LIMITS_PER_MINUTE = {"comment": COMMENT_LIMIT_PER_MINUTE, "support": SUPPORT_LIMIT_PER_MINUTE}


def _rate(action: str, user: User, limit: int) -> tuple[str, str, ratelimit.Rate]:
    return f"collaboration_{action}", f"user:{user.pk}", ratelimit.Rate(limit, RATE_WINDOW_SECONDS)


def rate_limit_reset(*, action: str, user: User) -> None:
    """Forget this window's count (the demo seeder writes many comments as one person at once)."""
    ratelimit.forget(*_rate(action, user, LIMITS_PER_MINUTE[action]))


def rate_limit(*, action: str, user: User, limit: int, message: str) -> None:
    """At most `limit` actions per user per minute, counted by the shared limiter (core.ratelimit, fixed
    windows in the database) in the service's own transaction, so a step that fails counts nothing;
    raises RateLimited, with `message`, beyond it."""
    try:
        ratelimit.count_against(*_rate(action, user, limit))
    except ratelimit.RateLimited as exc:
        raise RateLimited(message) from exc


def _ensure_not_blocked(user: User) -> None:
    if UserBlock.objects.filter(user_id=user.pk, lifted_at__isnull=True).exists():
        raise NotAllowed(_("Akun Anda sedang diblokir dari diskusi dan dukungan."), code="blocked")


def _lock(initiative: Initiative) -> Initiative:
    """The initiative re-read under a row lock, so two phase changes never interleave."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    initiative.refresh_from_db()
    return locked


def _change_phase(
    *,
    by: User,
    initiative: Initiative,
    to: str,
    allowed_from: Iterable[str],
    action: str,
    perm: str,
    refused: str,
    reason: str = "",
    data: Mapping[str, Any] | None = None,
) -> Initiative:
    """Move the locked initiative from one of `allowed_from` to `to` (else Conflict), when `by` has `perm`
    on it in its current phase (else NotAllowed with `refused`)."""
    locked = _lock(initiative)
    allowed = set(allowed_from)
    if locked.phase not in allowed:
        raise Conflict(
            _("Tahap sekarang (%(current)s) tidak dapat diubah menjadi %(target)s.")
            % {"current": locked.get_phase_display(), "target": Phase(to).label},
            code="wrong_phase",
        )
    check_perm(by, perm, locked, message=refused)
    previous = locked.phase
    locked.phase = to
    if reason:
        locked.phase_reason = reason
    locked.save(update_fields=["phase", "phase_reason", "updated_at"])
    PhaseChange.objects.create(initiative=locked, from_phase=previous, to_phase=to, by=_user(by), reason=reason)
    audit.record(by=by, action=action, target=locked, data={"from": previous, "to": to, **(data or {})})
    initiative.refresh_from_db()
    return locked


def _user(by: User) -> User | None:
    return by if getattr(by, "is_authenticated", False) else None


def _acts_for(user: User, organisation: Organisation) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(
        org_id == organisation.pk and role in ORGANISATION_ACTING_ROLES for org_id, _, role in memberships_of(user)
    )


def _engagement_open(initiative: Initiative) -> None:
    if initiative.phase not in ENGAGEMENT_PHASES:
        raise Conflict(_("Dukungan organisasi tidak dibuka pada tahap ini."), code="wrong_phase")
