"""Fetching an object for a person, with the one rule for 404 versus 403.

A view asks for the object and the named permission it needs. When the person may not even know the
object exists (no `visible` permission on it), the answer is 404, as for an object that does not exist;
when they may see it but not do this, 403. Services check their own permission again: this only chooses
the status code a page or API answers with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from .errors import NotAllowed

if TYPE_CHECKING:
    from sinergi.accounts.models import User
    from sinergi.accounts.typing import AnyUser

M = TypeVar("M", bound=models.Model)


def get_permitted(
    user: AnyUser,
    queryset: models.QuerySet[M],
    *,
    perm: str,
    visible: str | None = None,
    **lookup: Any,
) -> M:
    """The object of `queryset` matching `lookup` on which `user` has `perm`.

    404 when there is none, or when `visible` is given and `user` lacks it; 403 when `user` lacks `perm`.
    """
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    if visible is not None and not user.has_perm(visible, obj):
        raise Http404
    if not user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


def check_perm(
    by: User | None,
    perm: str,
    obj: Any = None,
    *,
    message: str,
    field_errors: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """The service side of the rule: `by` lacking the named permission `perm` on `obj` raises `NotAllowed`
    with `message` (and `field_errors`, when the refusal is about one field the person chose).
    `by` None is the system itself (a task, a command, the demo), which the caller trusts."""
    if by is not None and not by.has_perm(perm, obj):
        raise NotAllowed(message, field_errors=field_errors)
