"""Owner pages: "Profil usaha saya", the profile form, figures, certifications, links, contacts,
products and photos, submission; and the claim of an existing profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.requests import AuthenticatedHttpRequest, signed_in
from sinergi.classification.selectors import kbli_search
from sinergi.core import audit
from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error
from sinergi.core.phones import mask
from sinergi.core.ratelimit import posts_a_file, rate_limited

from .. import selectors, services, sizing
from ..derived import checklist, next_step
from ..forms import (
    ActorForm,
    CertificationForm,
    ClaimForm,
    ContactForm,
    EraseForm,
    FigureForm,
    FlagshipForm,
    FosteringForm,
    LinkForm,
    NoteForm,
    PhotoForm,
    ProductForm,
    ReasonForm,
    SubsectorOverrideForm,
)
from ..identifiers import mask_address
from ..models import Actor, ClaimStatus, Product, Status
from ._common import actor_for, require

PERSONAL_DATA_PURPOSE = "Melihat data narahubung di ruang kelola"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The workspace: my profiles with their status and next step; links for staff and leaders."""
    require(request, "registry.use_workspace")
    user = signed_in(request)
    mine = selectors.dashboard(user=user)
    counts = selectors.queue_counts(user=user) if user.has_perm("registry.view_queues") else None
    context = {"rows": mine["rows"], "communities": mine["communities"], "counts": counts}
    return render(request, "registry/home.html", context)


def _kbli_choice(form: ActorForm) -> services.KbliChoice:
    return services.KbliChoice(primary=form.cleaned_data["kbli_primary"], others=form.cleaned_data["kbli_others"])


@login_required
def actor_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request, "registry.create_actor")
    form = ActorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actor = services.actor_create(
                by=request.user, data=form.service_data(), kbli=_kbli_choice(form), owner=request.user
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Profil disimpan sebagai draf. Lengkapi lalu ajukan verifikasi."))
            return redirect("registry:actor", slug=actor.slug)
    return render(
        request, "registry/actor_form.html", {"form": form, "actor": None}, status=400 if form.errors else 200
    )


@login_required
def actor_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    actor = actor_for(request, slug, "registry.change_actor")
    form = ActorForm(request.POST or None, initial=ActorForm.initial_for(actor))
    if request.method == "POST" and form.is_valid():
        try:
            services.actor_update(
                by=request.user,
                actor=actor,
                data=form.service_data(),
                kbli=_kbli_choice(form),
                staff=request.user.has_perm("registry.set_fostering", actor),
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Profil diperbarui."))
            return redirect("registry:actor", slug=actor.slug)
    return render(
        request, "registry/actor_form.html", {"form": form, "actor": actor}, status=400 if form.errors else 200
    )


def _size_explanation() -> dict[str, Any]:
    table = sizing.thresholds()
    return {"capital": table.get("modal_usaha", []), "sales": table.get("hasil_penjualan_tahunan", [])}


def _contact_rows(actor: Actor) -> list[dict[str, Any]]:
    return [
        {
            "contact": c,
            "nik": mask(c.nik),
            "phone": mask(c.phone, keep_end=3),
            "home_address": mask_address(c.home_address),
        }
        for c in actor.contacts.order_by("id")
    ]


def actor_page(
    request: HttpRequest, actor: Actor, *, status: int = 200, partial: str = "", **forms: Any
) -> HttpResponse:
    """The actor's workspace page; bound forms with errors are passed in to keep what was typed."""
    user = request.user
    is_staff = user.has_perm("registry.verify_actor", actor)
    context: dict[str, Any] = {
        "actor": actor,
        "checklist": checklist(actor),
        "next_step": next_step(actor),
        "can_change": user.has_perm("registry.change_actor", actor),
        "can_submit": user.has_perm("registry.submit_actor", actor) and actor.status in {Status.DRAFT, Status.REJECTED},
        "can_view_personal": user.has_perm("registry.view_personal_data", actor),
        "can_change_product": user.has_perm("registry.change_product", actor),
        "is_staff": is_staff,
        "figures": actor.yearly_figures.order_by("-year"),
        "size": _size_explanation(),
        "certifications": actor.certifications.select_related("product").order_by("kind", "-valid_until"),
        "links": actor.links.order_by("kind", "id"),
        "contacts": _contact_rows(actor),
        "products": actor.products.prefetch_related("photos").order_by("is_archived", "name"),
        "subsectors": actor.subsectors.order_by("name_id"),
        "other_kbli": actor.other_kbli.order_by("code"),
        "history": audit.history_for(actor)[:50],
        "figure_form": forms.get("figure_form") or FigureForm(),
        "certification_form": forms.get("certification_form") or CertificationForm(actor=actor),
        "link_form": forms.get("link_form") or LinkForm(),
    }
    if is_staff:
        context.update(
            verify_form=forms.get("verify_form") or NoteForm(),
            reject_form=forms.get("reject_form") or ReasonForm(prefix="reject"),
            archive_form=forms.get("archive_form") or ReasonForm(prefix="archive"),
            restore_form=forms.get("restore_form") or ReasonForm(prefix="restore"),
            subsector_form=forms.get("subsector_form")
            or SubsectorOverrideForm(
                initial={"subsectors": list(context["subsectors"]), "reason": actor.subsectors_override_reason}
            ),
            fostering_form=forms.get("fostering_form")
            or FosteringForm(initial={"office": actor.fostered_by_id, "since": actor.fostered_since}),
            pending_claims=actor.claims.filter(status=ClaimStatus.PENDING).select_related("user"),
        )
    template = "registry/actor_detail.html" + (f"#{partial}" if partial else "")
    return render(request, template, context, status=status)


@login_required
@require_GET
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for(request, slug, "registry.manage_actor")
    return actor_page(request, actor)


def _back(actor: Actor, anchor: str = "") -> HttpResponse:
    return redirect(reverse("registry:actor", kwargs={"slug": actor.slug}) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def actor_submit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    actor = actor_for(request, slug, "registry.submit_actor")
    try:
        services.actor_submit(by=request.user, actor=actor)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Profil diajukan. Petugas akan memeriksanya."))
    return _back(actor)


@login_required
@require_POST
def figure_set(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    actor = actor_for(request, slug, "registry.change_actor")
    form = FigureForm(request.POST)
    if form.is_valid():
        try:
            services.actor_set_figure(
                by=request.user,
                actor=actor,
                year=form.cleaned_data["year"],
                capital=form.cleaned_data["capital"],
                sales=form.cleaned_data["sales"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Angka tahunan disimpan; skala usaha dihitung ulang."))
            return _back(actor, "angka")
    return actor_page(request, actor, status=400, figure_form=form)


@login_required
@require_POST
@rate_limited("upload", when=posts_a_file)
def certification_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    actor = actor_for(request, slug, "registry.change_actor")
    form = CertificationForm(request.POST, request.FILES, actor=actor)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"document", "product"}}
        try:
            services.certification_add(
                by=request.user,
                actor=actor,
                data=data,
                document=form.cleaned_data.get("document") or None,
                product=form.cleaned_data.get("product"),
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Sertifikat ditambahkan."))
            return _back(actor, "sertifikat")
    return actor_page(request, actor, status=400, certification_form=form)


@login_required
@require_POST
def certification_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = actor_for(request, slug, "registry.change_actor")
    certification = get_object_or_404(actor.certifications, pk=pk)
    services.certification_remove(by=request.user, certification=certification)
    messages.success(request, _("Sertifikat dihapus."))
    return _back(actor, "sertifikat")


@login_required
@require_POST
def link_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    actor = actor_for(request, slug, "registry.change_actor")
    form = LinkForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.actor_add_link(
                by=request.user, actor=actor, kind=form.cleaned_data["kind"], url=form.cleaned_data["url"]
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
            status = 400
        else:
            if not request.htmx:
                return _back(actor, "tautan")
            form = LinkForm()
    else:
        status = 400
    return actor_page(
        request,
        actor,
        status=status if not request.htmx else 200,
        partial="links" if request.htmx else "",
        link_form=form,
    )


@login_required
@require_POST
def link_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = actor_for(request, slug, "registry.change_actor")
    services.actor_remove_link(by=request.user, link=get_object_or_404(actor.links, pk=pk))
    if request.htmx:
        return actor_page(request, actor, partial="links")
    return _back(actor, "tautan")


# ---------------------------------------------------------------- contact persons (personal data)


@login_required
def contact_form(request: AuthenticatedHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    actor = actor_for(request, slug, "registry.change_actor")
    contact = get_object_or_404(actor.contacts, pk=pk) if pk else None
    if contact is not None:
        # Editing shows the full values: it is a full view of personal data, and is logged as one.
        require(request, "registry.view_personal_data", actor)
        if request.method == "GET":
            services.personal_data_viewed(by=request.user, actor=actor, purpose="Mengubah data narahubung")
    initial = {f: getattr(contact, f) for f in ContactForm.base_fields if hasattr(contact, f)} if contact else {}
    form = ContactForm(request.POST or None, initial=initial)
    if contact is not None and contact.consent_at:
        form.fields["consent"].help_text = _("Persetujuan tercatat %(when)s.") % {
            "when": contact.consent_at.strftime("%d-%m-%Y")
        }
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_save(by=request.user, actor=actor, data=form.cleaned_data, contact=contact)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Narahubung disimpan."))
            return _back(actor, "narahubung")
    return render(
        request,
        "registry/contact_form.html",
        {"form": form, "actor": actor, "contact": contact},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def contact_reveal(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """'Tampilkan data lengkap': full NIK, phone and home address to the allowed, each view logged."""
    actor = actor_for(request, slug, "registry.view_personal_data")
    contact = get_object_or_404(actor.contacts, pk=pk)
    services.personal_data_viewed(by=request.user, actor=actor, purpose=PERSONAL_DATA_PURPOSE)
    template = "registry/contact_full.html" + ("#contact-full" if request.htmx else "")
    response = render(request, template, {"actor": actor, "contact": contact})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def contact_erase(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Erasure on request: removes the contact's personal data; the trail keeps only that it went."""
    actor = actor_for(request, slug, "registry.change_actor")
    contact = get_object_or_404(actor.contacts, pk=pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_delete(by=request.user, contact=contact, reason=form.cleaned_data["reason"])
        messages.success(request, _("Data narahubung dihapus."))
        return _back(actor, "narahubung")
    return render(
        request,
        "registry/contact_erase.html",
        {"form": form, "actor": actor, "contact": contact},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- products


def _product_initial(product: Product) -> dict[str, Any]:
    return {f: getattr(product, f) for f in ProductForm.base_fields if f != "subsector"} | {
        "subsector": product.subsector_id
    }


@login_required
def product_form(request: AuthenticatedHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    actor = actor_for(request, slug, "registry.manage_actor")
    product = get_object_or_404(actor.products, pk=pk) if pk else None
    if request.method == "POST":
        require(request, "registry.change_product", actor)
    form = ProductForm(request.POST or None, initial=_product_initial(product) if product else {})
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_save(by=request.user, actor=actor, data=form.cleaned_data, product=product)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Produk disimpan."))
            return redirect("registry:product", slug=actor.slug, pk=product.pk)
    return _product_page(request, actor, product, form=form, status=400 if form.errors else 200)


def _product_page(
    request: HttpRequest, actor: Actor, product: Product | None, *, status: int = 200, **forms: Any
) -> HttpResponse:
    context: dict[str, Any] = {
        "actor": actor,
        "product": product,
        "form": forms.get("form") or ProductForm(initial=_product_initial(product) if product else {}),
        "can_change": request.user.has_perm("registry.change_product", actor),
        "can_flag": request.user.has_perm("registry.set_flagship", actor),
    }
    if product is not None:
        context.update(
            photos=product.photos.all(),
            photo_form=forms.get("photo_form") or PhotoForm(),
            flagship_form=forms.get("flagship_form") or FlagshipForm(initial={"flagship": not product.is_flagship}),
            archive_form=forms.get("archive_form") or ReasonForm(prefix="archive"),
            history=audit.history_for(product)[:50],
        )
    return render(request, "registry/product_form.html", context, status=status)


@login_required
@require_POST
@rate_limited("upload", when=posts_a_file)
def photo_add(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = actor_for(request, slug, "registry.change_product")
    product = get_object_or_404(actor.products, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.product_photo_add(
                by=request.user,
                product=product,
                upload=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Foto ditambahkan."))
            return redirect("registry:product", slug=actor.slug, pk=product.pk)
    return _product_page(request, actor, product, status=400, photo_form=form)


@login_required
@require_POST
def photo_remove(request: AuthenticatedHttpRequest, slug: str, pk: int, photo_pk: int) -> HttpResponse:
    actor = actor_for(request, slug, "registry.change_product")
    photo = get_object_or_404(get_object_or_404(actor.products, pk=pk).photos, pk=photo_pk)
    services.product_photo_remove(by=request.user, photo=photo)
    messages.success(request, _("Foto dihapus."))
    return redirect("registry:product", slug=actor.slug, pk=pk)


@login_required
@require_POST
def product_flagship(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = actor_for(request, slug, "registry.set_flagship")
    product = get_object_or_404(actor.products, pk=pk)
    form = FlagshipForm(request.POST)
    if form.is_valid():
        try:
            services.product_set_flagship(
                by=request.user,
                product=product,
                flagship=form.cleaned_data["flagship"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Status produk unggulan diperbarui."))
            return redirect("registry:product", slug=actor.slug, pk=product.pk)
    return _product_page(request, actor, product, status=400, flagship_form=form)


@login_required
@require_POST
def product_archive(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = actor_for(request, slug, "registry.change_product")
    product = get_object_or_404(actor.products, pk=pk)
    form = ReasonForm(request.POST, prefix="archive")
    if form.is_valid():
        services.product_archive(by=request.user, product=product, reason=form.cleaned_data["reason"])
        messages.success(request, _("Produk diarsipkan."))
        return _back(actor, "produk")
    return _product_page(request, actor, product, status=400, archive_form=form)


# ---------------------------------------------------------------- KBLI picker and claims


@require_GET
@login_required
def kbli_picker(request: HttpRequest) -> HttpResponse:
    """HTMX fragment of the profile form: KBLI 2020 codes matching what was typed (code prefix or title words)."""
    query = (request.GET.get("q") or request.GET.get("kbli_primary") or request.GET.get("kbli_search") or "").strip()
    target = request.GET.get("target", "kbli_primary")
    results = list(kbli_search(query, limit=15)) if len(query) >= 2 else []
    return render(
        request,
        "registry/actor_form.html#kbli-results",
        {"results": results, "query": query, "target": "kbli_others" if target == "kbli_others" else "kbli_primary"},
    )


@login_required
def claim(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Ask to manage an existing (verified) profile; staff decide."""
    published = selectors.actor_list().prefetch_related(Prefetch("claims"))
    actor = get_permitted(request.user, published, perm="registry.claim_actor", slug=slug)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_create(by=request.user, actor=actor, message=form.cleaned_data["message"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Klaim Anda terkirim. Petugas akan menghubungi Anda setelah memeriksa."))
            return redirect("registry:home")
    return render(
        request, "registry/claim_form.html", {"form": form, "actor": actor}, status=400 if form.errors else 200
    )
