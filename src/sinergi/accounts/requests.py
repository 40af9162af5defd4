"""The request of a signed-in person, for type checking: behind `login_required` (or a check of
`request.user.is_authenticated`) `request.user` is a `User`, which services take as the person acting."""

from __future__ import annotations

from sinergi.core.htmx import HtmxHttpRequest

from .models import User


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """An `HttpRequest` whose `user` is signed in, with django-htmx's `htmx` (annotation only; Django
    builds the object)."""

    user: User
