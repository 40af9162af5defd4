"""Office staff pages: the list of all profiles, verification queue, status changes, subsector
override, fostering, claims and duplicates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.models import OrganisationKind
from sinergi.accounts.requests import AuthenticatedHttpRequest
from sinergi.accounts.selectors import organisation_list
from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error

from .. import selectors, services
from ..filters import (
    kabkota_options,
    kecamatan_options,
    kelurahan_options,
    parse_actor_filters,
    subsector_options,
)
from ..forms import (
    DecisionForm,
    FosteringForm,
    MergeForm,
    NoteForm,
    ReasonForm,
    SubsectorOverrideForm,
)
from ..models import Actor, ActorKind, Status
from ._common import actor_for, require, safe_next
from .actors import actor_page

STAFF_PER_PAGE = 50


@login_required
@require_GET
def actor_list(request: HttpRequest) -> HttpResponse:
    """Every profile (not only the queue), filtered with the directory's specification plus the staff
    filters (status, kind, fostering office), paged."""
    require(request, "registry.list_actors")
    f = parse_actor_filters(request.GET, staff=True)
    qs = selectors.actor_list(user=request.user, **f.selector_kwargs()).select_related("owner")
    page = Paginator(qs, STAFF_PER_PAGE).get_page(f.page)
    context = {
        "f": f,
        "page": page,
        "params": {**f.active, **({"urut": f.sort} if f.sort else {})},
        # The same filters, for the export page (it parses them with the same specification).
        "export_query": urlencode(f.active),
        "status_options": Status.choices,
        "kind_options": [("perorangan", ActorKind.INDIVIDUAL.label), ("badan_usaha", ActorKind.BUSINESS.label)],
        "kind_selected": f.active.get("jenis_pelaku", ""),
        "subsector_options": subsector_options(),
        "kabkota_options": kabkota_options(),
        "kecamatan_options": kecamatan_options(f.kabkota),
        "kelurahan_options": kelurahan_options(f.kecamatan),
        "office_options": organisation_list(kind=OrganisationKind.OFFICE),
        "sort_options": [
            ("name", _("Nama A–Z")),
            ("-name", _("Nama Z–A")),
            ("newest", _("Terbaru")),
            ("kecamatan", _("Kecamatan")),
        ],
    }
    return render(request, "registry/actor_list.html", context)


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    require(request, "registry.view_queues")
    return render(request, "registry/queue.html", {"actors": selectors.verification_queue(user=request.user)})


@login_required
@require_POST
def actor_verify(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Verify (with an optional note) or reject (with a reason the owner sees) a submitted profile."""
    actor = actor_for(request, slug, "registry.verify_actor")
    if request.POST.get("decision") == "reject":
        form = ReasonForm(request.POST, prefix="reject")
        if form.is_valid():
            try:
                services.actor_reject(by=request.user, actor=actor, reason=form.cleaned_data["reason"])
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Profil ditolak; pemilik melihat alasan Anda."))
                return redirect(safe_next(request, "registry:queue"))
        return actor_page(request, actor, status=400, reject_form=form)
    note_form = NoteForm(request.POST)
    if note_form.is_valid():
        try:
            services.actor_verify(by=request.user, actor=actor, note=note_form.cleaned_data["reason"])
        except ServiceError as exc:
            apply_service_error(note_form, exc)
        else:
            messages.success(
                request, _("Profil %(name)s terverifikasi dan tampil di direktori.") % {"name": actor.name}
            )
            return redirect(safe_next(request, "registry:queue"))
    return actor_page(request, actor, status=400, verify_form=note_form)


@login_required
@require_POST
def actor_archive(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    actor = actor_for(request, slug, "registry.archive_actor")
    restoring = request.POST.get("action") == "restore"
    form = ReasonForm(request.POST, prefix="restore" if restoring else "archive")
    if form.is_valid():
        service = services.actor_restore if restoring else services.actor_archive
        try:
            service(by=request.user, actor=actor, reason=form.cleaned_data["reason"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Profil dipulihkan.") if restoring else _("Profil diarsipkan."))
            return redirect("registry:actor", slug=actor.slug)
    if restoring:
        return actor_page(request, actor, status=400, restore_form=form)
    return actor_page(request, actor, status=400, archive_form=form)


@login_required
@require_POST
def actor_subsectors(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    actor = actor_for(request, slug, "registry.override_subsectors")
    form = SubsectorOverrideForm(request.POST)
    if form.is_valid():
        derived = form.cleaned_data["derived"]
        try:
            services.actor_override_subsectors(
                by=request.user,
                actor=actor,
                subsectors=None if derived else form.cleaned_data["subsectors"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Subsektor diperbarui."))
            return redirect("registry:actor", slug=actor.slug)
    return actor_page(request, actor, status=400, subsector_form=form)


@login_required
@require_POST
def actor_fostering(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    actor = actor_for(request, slug, "registry.set_fostering")
    form = FosteringForm(request.POST)
    if form.is_valid():
        try:
            services.actor_set_fostering(
                by=request.user, actor=actor, office=form.cleaned_data["office"], since=form.cleaned_data["since"]
            )
        except ServiceError as exc:
            apply_service_error(form, exc, aliases={"fostered_by": "office"})
        else:
            messages.success(request, _("Pembinaan diperbarui."))
            return redirect("registry:actor", slug=actor.slug)
    return actor_page(request, actor, status=400, fostering_form=form)


# ---------------------------------------------------------------- claims


@login_required
@require_GET
def claims(request: HttpRequest) -> HttpResponse:
    require(request, "registry.view_queues")
    pending = selectors.pending_claims(user=request.user)
    return render(request, "registry/claims.html", {"claims": pending, "form": DecisionForm()})


@login_required
@require_POST
def claim_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    claim = get_permitted(request.user, selectors.claim_rows(), perm="registry.decide_claim", pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.claim_decide(
                by=request.user,
                claim=claim,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Klaim diputuskan."))
            return redirect("registry:claims")
    pending = selectors.pending_claims(user=request.user)
    return render(
        request,
        "registry/claims.html",
        {"claims": pending, "form": DecisionForm(), "error_claim": claim.pk, "error_form": form},
        status=400,
    )


# ---------------------------------------------------------------- duplicates


@login_required
@require_GET
def duplicates(request: HttpRequest) -> HttpResponse:
    require(request, "registry.view_queues")
    return render(request, "registry/duplicates.html", {"flags": selectors.open_duplicate_flags(user=request.user)})


COMPARE_FIELDS = (
    ("name", _("Nama")),
    ("status", _("Status")),
    ("nib", _("NIB")),
    ("legal_form", _("Bentuk usaha")),
    ("primary_kbli", _("KBLI utama")),
    ("address", _("Alamat")),
    ("kelurahan", _("Kelurahan")),
    ("owner", _("Pengelola")),
    ("created_at", _("Dibuat")),
)


def _compare_rows(first: Actor, second: Actor) -> list[dict[str, object]]:
    def show(actor: Actor, field: str) -> object:
        if field == "status":
            return actor.get_status_display()
        if field == "legal_form":
            return actor.get_legal_form_display()
        if field == "kelurahan":
            return actor.kelurahan.label if actor.kelurahan_id else ""  # type: ignore[union-attr]
        return getattr(actor, field) or ""

    rows = []
    for field, label in COMPARE_FIELDS:
        a, b = show(first, field), show(second, field)
        rows.append({"label": label, "a": a, "b": b, "same": a == b})
    rows.append({"label": _("Produk"), "a": first.products.count(), "b": second.products.count(), "same": True})
    rows.append(
        {"label": _("Sertifikat"), "a": first.certifications.count(), "b": second.certifications.count(), "same": True}
    )
    return rows


@login_required
def duplicate_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    flag = get_permitted(request.user, selectors.duplicate_flag_rows(), perm="registry.merge_actors", pk=pk)
    pair = (flag.actor, flag.other)
    merge_form = MergeForm(pair=pair)
    dismiss_form = ReasonForm(prefix="dismiss")
    status = 200
    if request.method == "POST" and not flag.resolved:
        if request.POST.get("action") == "dismiss":
            dismiss_form = ReasonForm(request.POST, prefix="dismiss")
            if dismiss_form.is_valid():
                services.duplicate_dismiss(by=request.user, flag=flag, reason=dismiss_form.cleaned_data["reason"])
                messages.success(request, _("Dugaan duplikat diabaikan."))
                return redirect("registry:duplicates")
        else:
            merge_form = MergeForm(request.POST, pair=pair)
            if merge_form.is_valid():
                keep = flag.actor if merge_form.cleaned_data["keep"] == str(flag.actor.pk) else flag.other
                absorb = flag.other if keep is flag.actor else flag.actor
                try:
                    services.actor_merge(
                        by=request.user, keep=keep, absorb=absorb, reason=merge_form.cleaned_data["reason"]
                    )
                except ServiceError as exc:
                    apply_service_error(merge_form, exc)
                else:
                    messages.success(request, _("Profil digabung ke %(name)s.") % {"name": keep.name})
                    return redirect("registry:actor", slug=keep.slug)
        status = 400
    return render(
        request,
        "registry/duplicate_detail.html",
        {"flag": flag, "rows": _compare_rows(*pair), "merge_form": merge_form, "dismiss_form": dismiss_form},
        status=status,
    )
