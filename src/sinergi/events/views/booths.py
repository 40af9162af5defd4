"""The sellers' side of booths: applying for one, the seller's page for an application (status, booth,
daily sales from a phone), and the floor plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.accounts.requests import signed_in
from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error
from sinergi.registry.models import Actor, Community

from .. import floorplan, selectors, services
from ..forms import BoothApplicationForm, CorrectionForm, SalesForm
from ..models import Event
from ._common import event_for


def sellers_for(user: User, event: Event) -> list[tuple[str, str]]:
    """The form's choices: the communities and businesses this person may apply for, less those applying."""
    communities, actors = selectors.sellers_for(user=user, event=event)
    return [(f"c{c.pk}", str(c)) for c in communities] + [(f"a{a.pk}", str(a)) for a in actors]


@login_required
def booth_apply(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    user = signed_in(request)
    sellers = sellers_for(user, event)
    form = BoothApplicationForm(request.POST or None, sellers=sellers)
    if request.method == "POST" and form.is_valid():
        seller = selectors.seller_get(form.cleaned_data["seller"])
        data = {k: form.cleaned_data[k] for k in ("products", "size_wanted", "needs_power", "wants_shared")}
        try:
            app = services.booth_application_submit(
                by=user,
                event=event,
                data=data,
                community=seller if isinstance(seller, Community) else None,
                actor=seller if isinstance(seller, Actor) else None,
            )
        except ServiceError as exc:
            apply_service_error(form, exc, aliases={"community": "seller", "actor": "seller"})
        else:
            messages.success(request, _("Pengajuan stan terkirim. Petugas akan menilai dan mengabari Anda."))
            return redirect("events:booth", pk=app.pk)
    return render(
        request,
        "events/booth_apply.html",
        {
            "event": event,
            "form": form,
            "sellers": sellers,
            "my_applications": selectors.applications_for_user(user=user, event=event),
        },
        status=400 if form.errors else 200,
    )


@login_required
def booth_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The seller's page for one application: status, booth, and daily sales reporting from a phone."""
    app = get_permitted(request.user, selectors.booth_applications(), perm="events.view_booth", pk=pk)
    event = app.event
    locked = event.sales_locked()
    can_correct = request.user.has_perm("events.correct_sales", event)
    form = (CorrectionForm if locked and can_correct else SalesForm)(request.POST or None, days=event.days())
    # The services check `events.report_sales` / `events.correct_sales`.
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if isinstance(form, CorrectionForm):
                services.sales_correct(
                    by=signed_in(request),
                    event=event,
                    application=app,
                    day=data["day"],
                    amount=data["amount"],
                    transactions=data["transactions"],
                    reason=data["reason"],
                )
            else:
                services.sales_report(
                    by=signed_in(request),
                    application=app,
                    day=data["day"],
                    amount=data["amount"],
                    transactions=data["transactions"],
                )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Penjualan tersimpan."))
            return redirect("events:booth", pk=app.pk)
    return render(
        request,
        "events/booth_detail.html",
        {
            "app": app,
            "event": event,
            "form": form,
            "locked": locked,
            "can_correct": can_correct,
            "sales": selectors.sales_of(application=app),
            "allocation": getattr(app, "allocation", None),
        },
    )


def floor_plan(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    svg = floorplan.floor_plan_svg(selectors.booth_list(event=event), title=_("Denah stan %(e)s") % {"e": event})
    return HttpResponse(svg, content_type="image/svg+xml")
