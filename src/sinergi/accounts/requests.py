"""The request of a signed-in person, for type checking: behind `login_required` (or a check of
`request.user.is_authenticated`) `request.user` is a `User`, which services take as the person acting."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sinergi.core.htmx import HtmxHttpRequest

from .models import User


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """An `HttpRequest` whose `user` is signed in, with django-htmx's `htmx` (annotation only; Django
    builds the object)."""

    user: User


def signed_in(request: HttpRequest) -> User:
    """The signed-in person of a view behind `login_required` (or a permission only people hold): the
    person every service takes as `by`. 403 should an anonymous request get this far."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
