"""What the collaboration pages share: fetching an initiative for a person, running a service and
saying how it went."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sinergi.accounts.requests import signed_in
from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError

from .. import selectors
from ..models import Initiative

PAGE_SIZE = 20


def _initiative_for(request: HttpRequest, pk: int, perm: str = "collaboration.view_initiative") -> Initiative:
    """The initiative, 404 when the person may not see it, 403 when they may see it but not do `perm`."""
    return get_permitted(
        request.user, selectors.initiatives(), perm=perm, visible="collaboration.view_initiative", pk=pk
    )


def _errors(form: Any) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in form.errors.items()}


def _fail(request: HttpRequest, exc: ServiceError) -> None:
    details = [m for msgs in exc.field_errors.values() for m in msgs]
    messages.error(request, " ".join([exc.message, *details]))


def _back(initiative: Initiative, anchor: str = "") -> HttpResponse:
    return redirect(f"/kolaborasi/{initiative.pk}/" + (f"#{anchor}" if anchor else ""))


def _run(request: HttpRequest, initiative: Initiative, anchor: str, fn: Callable[[], Any], ok: str) -> HttpResponse:
    try:
        fn()
    except ServiceError as exc:
        _fail(request, exc)
    else:
        messages.success(request, ok)
    return _back(initiative, anchor)


def _form_or_fail(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise ServiceError(_("Isian belum benar."), field_errors=_errors(form))
    return dict(form.cleaned_data)


def _form_action(
    request: HttpRequest,
    pk: int,
    *,
    perm: str,
    form: Callable[[HttpRequest], Any],
    service: Callable[..., Any],
    anchor: str,
    ok: str,
) -> HttpResponse:
    """A form posted on an initiative: check `perm`, validate the form, call `service` with its data,
    and go back to the part of the page it came from with what happened."""
    initiative = _initiative_for(request, pk, perm)

    def go() -> None:
        data = _form_or_fail(form(request))
        service(by=signed_in(request), initiative=initiative, **data)

    return _run(request, initiative, anchor, go, ok)
