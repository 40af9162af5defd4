"""Token authentication, scope checks, named-permission checks and write throttling for the API.

Writes accept only `Authorization: Bearer <token>`, never the session cookie, so no CSRF token is
needed. The token's user stands in for `request.user`, and the same named permissions as the pages
(`user.has_perm("registry.change_actor", actor)`) decide what it may do; a scope only narrows that.
A token-authenticated request answers in the token owner's chosen language (`User.language`); without a
token, the language cookie decides, as for pages (core.middleware.PreferredLanguageMiddleware).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from sinergi.accounts.models import ApiToken
from sinergi.accounts.tokens import token_authenticate
from sinergi.accounts.typing import AnyUser
from sinergi.core import logs
from sinergi.core.clientaddr import client_address
from sinergi.core.errors import NotAllowed
from sinergi.core.languages import supported
from sinergi.core.ratelimit import Rate, RateLimited, count_against

DEFAULT_WRITE_RATE = "120/min"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sng_…`: a live (not revoked, not expired) token of an active user.

    With a `guard`, the token's scope and the named permission on the object the path names are
    checked here, before ninja reads the body: a caller with no right to the object is refused (403,
    or 404 when it may not see it) whatever it sends, and their malformed body is never parsed.
    """

    def __init__(self, guard: Callable[..., Any] | None = None) -> None:
        super().__init__()
        self.guard = guard

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_authenticate(token.strip())
        if api_token is None:
            return None
        request.user = api_token.user
        logs.user_id.set(api_token.user_id)  # the token's owner on this request's log lines
        speak_as_owner(request, api_token)
        if self.guard is not None:
            request.auth = api_token  # type: ignore[attr-defined]  # what require_scope reads
            match = request.resolver_match
            self.guard(request, **(match.kwargs if match else {}))
        return api_token


token_auth = TokenAuth()


def path_id(value: Any) -> int | None:
    """A numeric path parameter as a guard sees it (before ninja parses the path): None when it is not
    a number, which ninja then refuses with a 422 on the path."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def guarded(guard: Callable[..., Any]) -> TokenAuth:
    """Token auth for one endpoint that first runs `guard(request, **path_parameters)`: the same
    check the view makes (it raises NotAllowed/NotFound), moved ahead of parsing the body."""
    return TokenAuth(guard=guard)


def speak_as_owner(request: HttpRequest, api_token: ApiToken) -> None:
    """Messages of this request (errors included) in the token owner's language, not the cookie's."""
    language = getattr(api_token.user, "language", "")
    if supported(language):
        translation.activate(language)
        request.LANGUAGE_CODE = language


def optional_token(request: HttpRequest) -> ApiToken | None:
    """For public reads that show more to a token's user: no header is fine, a bad one is a 401."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _space, secret = header.partition(" ")
    api_token = token_authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    if api_token is None:
        raise AuthenticationError()
    speak_as_owner(request, api_token)
    return api_token


def token_of(request: HttpRequest) -> ApiToken:
    api_token = getattr(request, "auth", None)
    if not isinstance(api_token, ApiToken):  # the endpoint forgot auth=token_auth: refuse, loudly
        raise AuthenticationError()
    return api_token


def require_scope(request: HttpRequest, scope: str) -> Any:
    """The token's user, if the token carries `scope`; 403 `insufficient_scope` otherwise."""
    api_token = token_of(request)
    if scope not in (api_token.scopes or []):
        raise NotAllowed(
            _("Token ini tidak memiliki cakupan '%(scope)s'.") % {"scope": scope}, code="insufficient_scope"
        )
    return api_token.user


def require_perm(user: AnyUser, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise NotAllowed(_("Anda tidak berhak melakukan ini."), code="permission_denied")


class WriteThrottle(BaseThrottle):
    """Writes per token (per client address without one) at `SINERGI_API_WRITE_RATE`, read on every
    request, in fixed windows: the shared counter of core.ratelimit, one statement per write."""

    scope = "api_write"

    def __init__(self) -> None:
        self._waits = threading.local()  # the instance is shared by every thread of the process

    def allow_request(self, request: HttpRequest) -> bool:
        rate = Rate.parse(getattr(settings, "SINERGI_API_WRITE_RATE", DEFAULT_WRITE_RATE))
        api_token = getattr(request, "auth", None)
        ident = f"token{api_token.pk}" if isinstance(api_token, ApiToken) else client_address(request)
        try:
            count_against(self.scope, ident, rate)
        except RateLimited as exc:
            self._waits.seconds = exc.retry_after
            return False
        return True

    def wait(self) -> float | None:
        return float(getattr(self._waits, "seconds", 1))


write_throttle = WriteThrottle()
