"""API tokens: create (the secret is returned once), revoke, authenticate.

Only the SHA-256 hash of a secret is stored. A secret is looked up by its hash (a unique index), so the
time a lookup takes says nothing about how much of a guess was right; the found hash is compared again
with `hmac.compare_digest` for good measure.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.core import audit
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.core.selectors import unique_row
from sinergi.core.writes import validate

from .models import ApiToken, TokenScope, User

SECRET_PREFIX = "sng_"  # noqa: S105 -- a public marker that tells a token apart, not a secret
PREFIX_LENGTH = 12  # "sng_" and 8 characters of the secret, shown to tell tokens apart
LAST_USED_RESOLUTION = timedelta(minutes=1)  # write last_used_at at most this often per token
MAX_ACTIVE_TOKENS = 20


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(
    *, by: User, user: User, name: str, scopes: Iterable[str], expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`. Returns the token and its secret: the only time the secret exists."""
    if by.pk != user.pk and not by.is_superuser:
        raise NotAllowed(_("Token hanya dapat dibuat oleh pemiliknya."))
    name = name.strip()
    scope_list = sorted(set(scopes))
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Wajib diisi.")]
    unknown = [s for s in scope_list if s not in TokenScope.values]
    if unknown:
        errors["scopes"] = [_("Cakupan tidak dikenal: %(scopes)s.") % {"scopes": ", ".join(unknown)}]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("Tanggal berlaku harus di masa depan.")]
    if errors:
        raise ServiceError(_("Data token belum benar."), field_errors=errors)
    if token_list(user=user, active_only=True).count() >= MAX_ACTIVE_TOKENS:
        raise ServiceError(
            ngettext(
                "Paling banyak %(count)d token aktif; cabut token yang tidak dipakai.",
                "Paling banyak %(count)d token aktif; cabut token yang tidak dipakai.",
                MAX_ACTIVE_TOKENS,
            )
            % {"count": MAX_ACTIVE_TOKENS},
            code="too_many_tokens",
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        key_prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_secret(secret),
        scopes=scope_list,
        expires_at=expires_at,
    )
    validate(token, message=_("Data token belum benar."))
    token.save()
    audit.record(
        by=by,
        action="accounts.token.created",
        target=user,
        data={"token": token.pk, "prefix": token.key_prefix, "scopes": scope_list},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, by: User, token: ApiToken) -> ApiToken:
    """The token's owner (or a superuser) revokes it; revoking a revoked token changes nothing."""
    if by.pk != token.user_id and not by.is_superuser:
        raise NotAllowed(_("Token hanya dapat dicabut oleh pemiliknya."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        by=by,
        action="accounts.token.revoked",
        target=token.user,
        data={"token": token.pk, "prefix": token.key_prefix},
    )
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The live token with this secret, or None (unknown, revoked, expired, or the user is inactive)."""
    if not secret or not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    digest = hash_secret(secret)
    token = unique_row(ApiToken.objects.select_related("user").filter(key_hash=digest))  # every API request
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    now = timezone.now()
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_list(*, user: User, active_only: bool = False) -> QuerySet[ApiToken]:
    qs = ApiToken.objects.filter(user=user)
    if active_only:
        now = timezone.now()
        qs = qs.filter(revoked_at__isnull=True).exclude(expires_at__lte=now)
    return qs.order_by("-created_at", "-id")
