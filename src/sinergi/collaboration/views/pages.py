"""The initiative pages: the public list and detail, support, proposing and editing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.requests import AuthenticatedHttpRequest, signed_in
from sinergi.core import audit
from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error
from sinergi.core.htmx import HtmxHttpRequest, render_page
from sinergi.core.pagecache import csrf_context, public_page
from sinergi.core.ratelimit import posts_a_file, rate_limited

from .. import selectors, services
from ..cache import INITIATIVES
from ..forms import (
    CommentForm,
    DecisionForm,
    EndorseForm,
    FilterForm,
    InitiativeForm,
    MilestoneForm,
    OfflineSupportForm,
    OpenForSupportForm,
    PledgeForm,
    ProgressForm,
    ReasonForm,
    ResultForm,
    acting_organisations,
)
from ..models import Initiative
from ._common import PAGE_SIZE, _back, _initiative_for


@require_GET
@public_page(version=INITIATIVES)
def initiative_list(request: HtmxHttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.initiative_cards(user=request.user, filters=filters)
    # `halaman` as on every list (core/_results.html); `page` still answers for links made before.
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman") or request.GET.get("page"))
    query = request.GET.copy()
    for name in ("halaman", "page"):
        query.pop(name, None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "params": {name: value for name, value in query.items() if value},
        "filter_errors": {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()},
        **csrf_context(request),
    }
    return render_page(request, "collaboration/list.html", context, partial="results")


@require_GET
def follow_through(request: HttpRequest) -> HttpResponse:
    return render(request, "collaboration/follow_through.html", {"initiatives": selectors.follow_through_list()})


@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _initiative_for(request, pk)
    initiative = selectors.initiative_detail(pk=pk)
    user = request.user
    can_internal = user.has_perm("collaboration.view_internal")
    context = {
        "initiative": initiative,
        "coverage": selectors.helix_coverage(initiative=initiative),
        "threads": selectors.comment_threads(initiative=initiative),
        "supported": selectors.has_supported(user=user, initiative=initiative),
        "history": audit.history_for(initiative)[:50],
        "attachments": [a for a in initiative.attachments.all() if can_internal or not a.is_internal],
        "implementing_events": selectors.implementations(initiative, "events"),
        "implementing_programs": selectors.implementations(initiative, "programs"),
        "open_form": OpenForSupportForm(),
        "reason_form": ReasonForm(),
        "decision_form": DecisionForm(),
        "offline_form": OfflineSupportForm(),
        "endorse_form": EndorseForm(user=user),
        "pledge_form": PledgeForm(user=user),
        "comment_form": CommentForm(),
        "milestone_form": MilestoneForm(),
        "progress_form": ProgressForm(),
        "result_form": ResultForm(),
        "acts_for": acting_organisations(user).exists() if user.is_authenticated else False,
        "now": timezone.now(),
    }
    return render(request, "collaboration/detail.html", context)


def _support_context(request: HttpRequest, initiative: Initiative) -> dict[str, Any]:
    initiative.refresh_from_db(fields=["support_count", "offline_support_count", "phase", "support_threshold"])
    return {
        "initiative": initiative,
        "supported": selectors.has_supported(user=request.user, initiative=initiative),
    }


@require_GET
def support_count(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    return render(request, "collaboration/detail.html#support-box", _support_context(request, initiative))


@require_POST
@login_required
def support_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    status = 200
    error = ""
    try:
        if request.POST.get("action") == "withdraw":
            services.support_withdraw(by=signed_in(request), initiative=initiative)
        else:
            if not request.user.has_perm("collaboration.support_initiative", initiative):
                raise PermissionDenied
            services.support_add(by=signed_in(request), initiative=initiative)
    except ServiceError as exc:
        error, status = exc.message, exc.status
    if not request.htmx:
        if error:
            messages.error(request, error)
        return _back(initiative, "dukungan")
    context = _support_context(request, initiative) | {"error": error}
    return render(request, "collaboration/detail.html#support-box", context, status=200 if status < 500 else status)


@login_required
@rate_limited("upload", when=posts_a_file)
def initiative_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("collaboration.create_initiative"):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_propose(
                by=signed_in(request),
                data=form.cleaned_data,
                proposer_organisation=form.cleaned_data.get("proposer_organisation"),
                subsectors=form.cleaned_data["subsectors"],
                coauthors=form.cleaned_data["coauthor_emails"],
                attachment=form.cleaned_data.get("attachment"),
                submit="submit" in request.POST,
            )
        except ServiceError as exc:
            apply_service_error(form, exc, aliases={"file": "attachment"})
        else:
            messages.success(
                request,
                _("Inisiatif tersimpan.")
                if "submit" not in request.POST
                else _("Inisiatif diajukan. Petugas akan meninjaunya."),
            )
            return _back(initiative)
    return render(request, "collaboration/form.html", {"form": form, "initiative": None})


@login_required
@rate_limited("upload", when=posts_a_file)
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.change_initiative")
    form = InitiativeForm(request.POST or None, request.FILES or None, instance=initiative, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_revise(
                by=signed_in(request),
                initiative=initiative,
                data=form.cleaned_data,
                subsectors=form.cleaned_data["subsectors"],
                coauthors=form.cleaned_data["coauthor_emails"],
                attachment=form.cleaned_data.get("attachment"),
                submit="submit" in request.POST,
            )
        except ServiceError as exc:
            initiative.refresh_from_db()
            apply_service_error(form, exc, aliases={"file": "attachment"})
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return _back(initiative)
    return render(request, "collaboration/form.html", {"form": form, "initiative": initiative})
