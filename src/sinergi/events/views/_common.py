"""What every event page shares: fetching the event with the one 404/403 rule, who is acting, the site's
address for links in e-mail, and a service call whose errors go back onto its form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest

from sinergi.accounts.models import User
from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error

from .. import selectors
from ..models import Event

VIEW = "events.view_event"
T = TypeVar("T")


def event_for(request: HttpRequest, slug: str, perm: str = VIEW) -> Event:
    """The event `slug` for this person: 404 when they may not see it, 403 when they may see but not `perm`.

    Only the public view hides an event's existence; an office page answers 403 to whoever lacks `perm`.
    """
    return get_permitted(
        request.user, selectors.events_for_pages(), perm=perm, visible=VIEW if perm == VIEW else None, slug=slug
    )


def visitor(request: HttpRequest) -> User | None:
    """The person when signed in, None for an anonymous visitor (registering, cancelling by ticket code)."""
    return request.user if request.user.is_authenticated else None


def site_url(request: HttpRequest) -> str:
    """This site's address as the visitor reached it (for links in e-mail)."""
    return request.build_absolute_uri("/")


def save(form: forms.BaseForm, call: Callable[[dict[str, Any]], T]) -> T | None:
    """Call a service with a bound, valid form's data (less its partners); put its errors back on the form."""
    data = {k: v for k, v in form.cleaned_data.items() if k != "partners"}
    try:
        return call(data)
    except ServiceError as exc:
        apply_service_error(form, exc)
        return None


def form_errors(form: forms.BaseForm) -> str:
    """A form's errors in one line, for a message on the page it redirects to."""
    return "; ".join(str(e) for errs in form.errors.values() for e in errs)
