"""The request of a signed-in person, for type checking: behind `login_required` (or a check of
`request.user.is_authenticated`) `request.user` is a `User`, which services take as the person acting."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """An `HttpRequest` whose `user` is signed in (annotation only; Django builds the object)."""

    user: User
