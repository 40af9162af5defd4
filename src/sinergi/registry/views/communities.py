"""Communities (leaders manage their own community's members and nothing else) and creative hubs (staff)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.requests import AuthenticatedHttpRequest, signed_in
from sinergi.core import audit
from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error

from .. import selectors, services
from ..forms import (
    ActivityForm,
    CommunityForm,
    HubForm,
    InviteForm,
    LeaderForm,
    MemberForm,
    ResidentForm,
)
from ..models import Community, CommunityMember, CommunityRole, CreativeHub, MembershipStatus
from ._common import require


def _community_for(request: HttpRequest, slug: str, perm: str) -> Community:
    """The community this person may `perm` on (404 if there is none, 403 without the permission)."""
    return get_permitted(request.user, selectors.community_workspace(), perm=perm, slug=slug)


@login_required
@require_GET
def community_list(request: HttpRequest) -> HttpResponse:
    require(request, "registry.use_workspace")
    is_staff = request.user.has_perm("registry.create_community")
    qs = selectors.communities_all() if is_staff else selectors.communities_led_by(user=signed_in(request))
    return render(request, "registry/community_list.html", {"communities": qs, "is_staff": is_staff})


@login_required
def community_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request, "registry.create_community")
    form = CommunityForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create_with_leader(
                by=request.user,
                data=form.service_data(),
                focus_subsectors=form.cleaned_data["focus_subsectors"],
                leader=form.cleaned_data["leader_email"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Komunitas dicatat."))
            return redirect("registry:community", slug=community.slug)
    return render(request, "registry/community_form.html", {"form": form}, status=400 if form.errors else 200)


def community_page(
    request: HttpRequest, community: Community, *, status: int = 200, partial: str = "", **forms: Any
) -> HttpResponse:
    is_staff = request.user.has_perm("registry.create_community")
    initial = {
        "name": community.name,
        "description": community.description,
        "focus_subsectors": list(community.focus_subsectors.all()),
        "base_kecamatan": community.base_kecamatan_id,
        "founded_year": community.founded_year,
        "fostered_by": community.fostered_by_id,
        "fostered_since": community.fostered_since,
    }
    members = list(selectors.community_members(community=community))
    chairs = [m.actor_id for m in members if m.role == CommunityRole.CHAIR]
    context = {
        "community": community,
        "is_staff": is_staff,
        "members": members,
        "invitations": list(selectors.community_invitations_sent(community=community)),
        "invite_form": forms.get("invite_form") or InviteForm(prefix="undang"),
        # The only Ketua is removed only together with a named successor (services.community_member_remove).
        "sole_chair_id": chairs[0] if len(chairs) == 1 else None,
        "member_error": forms.get("member_error", ""),
        "member_notice": forms.get("member_notice", ""),
        "activities": community.activities.all()[:30],
        "leaders": selectors.community_leaders(community=community),
        "form": forms.get("form") or CommunityForm(initial=initial, staff=is_staff),
        "member_form": forms.get("member_form") or MemberForm(community=community, search=request.GET.get("cari", "")),
        "activity_form": forms.get("activity_form") or ActivityForm(),
        "leader_form": forms.get("leader_form") or LeaderForm(),
        "history": audit.history_for(community)[:50],
    }
    template = "registry/community_detail.html" + (f"#{partial}" if partial else "")
    return render(request, template, context, status=status)


@login_required
def community_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = _community_for(request, slug, "registry.change_community")
    if request.method != "POST":
        return community_page(request, community)
    is_staff = request.user.has_perm("registry.create_community")
    form = CommunityForm(request.POST, staff=is_staff)
    if form.is_valid():
        try:
            services.community_update(
                by=request.user,
                community=community,
                data=form.service_data(),
                focus_subsectors=form.cleaned_data["focus_subsectors"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Komunitas diperbarui."))
            return redirect("registry:community", slug=community.slug)
    return community_page(request, community, status=400, form=form)


@login_required
@require_POST
def member_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = _community_for(request, slug, "registry.manage_community_members")
    form = MemberForm(request.POST, community=community)
    notice = ""
    if form.is_valid():
        try:
            member = services.community_member_set(
                by=request.user,
                community=community,
                actor=form.cleaned_data["actor"],
                role=form.cleaned_data["role"],
                joined_on=form.cleaned_data["joined_on"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc, aliases={"__all__": "actor"})
        else:
            notice = _member_notice(member)
    if request.htmx:
        return community_page(
            request,
            community,
            partial="members",
            member_form=MemberForm(community=community) if notice else form,
            member_notice=notice,
        )
    if notice:
        messages.success(request, notice)
        return redirect(reverse("registry:community", kwargs={"slug": community.slug}) + "#anggota")
    return community_page(request, community, status=400, member_form=form)


def _member_notice(member: CommunityMember) -> str:
    """What adding a business did: invited its owner, or (unclaimed) added it directly."""
    if member.status == MembershipStatus.INVITED:
        return _("Undangan dikirim ke pemilik %(name)s. Usaha ini menjadi anggota setelah pemiliknya menyetujui.") % {
            "name": member.name
        }
    if member.unconfirmed:
        return _("%(name)s ditambahkan sebagai anggota (profil belum diklaim pemiliknya).") % {"name": member.name}
    return _("%(name)s ditambahkan sebagai anggota.") % {"name": member.name}


@login_required
def member_search(request: HttpRequest, slug: str) -> HttpResponse:
    """HTMX fragment: businesses whose name matches what was typed, to pick one as a new member."""
    community = _community_for(request, slug, "registry.manage_community_members")
    form = MemberForm(community=community, search=request.GET.get("cari", ""))
    return community_page(request, community, partial="member-choices", member_form=form)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, slug: str, actor_pk: int) -> HttpResponse:
    community = _community_for(request, slug, "registry.manage_community_members")
    members = selectors.community_member_actors(community=community)
    actor = get_object_or_404(members, pk=actor_pk)
    successor_pk = request.POST.get("successor", "")
    successor = members.filter(pk=successor_pk).first() if successor_pk.isdigit() else None
    try:
        services.community_member_remove(by=request.user, community=community, actor=actor, successor=successor)
    except ServiceError as exc:
        if request.htmx:
            return community_page(request, community, partial="members", member_error=exc.message)
        messages.error(request, exc.message)
        return redirect("registry:community", slug=community.slug)
    if request.htmx:
        return community_page(request, community, partial="members")
    if successor is not None:
        messages.success(request, _("Anggota dikeluarkan; %(name)s sekarang Ketua.") % {"name": successor.name})
    else:
        messages.success(request, _("Anggota dikeluarkan."))
    return redirect("registry:community", slug=community.slug)


@login_required
@require_POST
def person_invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Invite a person (no business profile needed) by their account's e-mail; they answer on the dashboard."""
    community = _community_for(request, slug, "registry.manage_community_members")
    form = InviteForm(request.POST, prefix="undang")
    ok = False
    if form.is_valid():
        try:
            member = services.community_invite(
                by=request.user, community=community, user=form.cleaned_data["email"], role=form.cleaned_data["role"]
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            ok = True
    if ok:
        messages.success(request, _("Undangan dikirim ke %(name)s.") % {"name": member.name})
        return redirect(reverse("registry:community", kwargs={"slug": community.slug}) + "#anggota")
    return community_page(request, community, status=400, invite_form=form)


@login_required
@require_POST
def person_remove(request: AuthenticatedHttpRequest, slug: str, member_pk: int) -> HttpResponse:
    """Withdraw a person's open invitation, or remove a person member."""
    community = _community_for(request, slug, "registry.manage_community_members")
    member = get_object_or_404(selectors.community_member_rows(), pk=member_pk, community=community, user__isnull=False)
    invited = member.status == MembershipStatus.INVITED
    try:
        services.community_person_remove(by=request.user, community=community, member=member)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Undangan ditarik.") if invited else _("Anggota dikeluarkan."))
    return redirect("registry:community", slug=community.slug)


@login_required
@require_POST
def invitation_withdraw(request: AuthenticatedHttpRequest, slug: str, member_pk: int) -> HttpResponse:
    """The leader withdraws an open invitation (of a person or a business) before it is answered."""
    community = _community_for(request, slug, "registry.manage_community_members")
    member = get_object_or_404(
        selectors.community_member_rows(),
        pk=member_pk,
        community=community,
        status=MembershipStatus.INVITED,
    )
    try:
        services.community_invitation_withdraw(by=request.user, community=community, member=member)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Undangan untuk %(name)s ditarik.") % {"name": member.name})
    return redirect(reverse("registry:community", kwargs={"slug": community.slug}) + "#undangan")


@login_required
@require_POST
def member_leave(request: AuthenticatedHttpRequest, member_pk: int) -> HttpResponse:
    """A member (the person, or the owner of a member business) leaves a community, from their dashboard."""
    member = get_permitted(
        request.user,
        selectors.community_member_rows(),
        perm="registry.leave_community",
        pk=member_pk,
        status=MembershipStatus.ACCEPTED,
    )
    try:
        services.community_member_leave(by=request.user, member=member)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s sudah keluar dari %(community)s.") % {"name": member.name, "community": member.community.name},
        )
    return redirect(reverse("core:dashboard") + "#komunitas-saya")


@login_required
@require_POST
def invitation_respond(request: AuthenticatedHttpRequest, member_pk: int) -> HttpResponse:
    """The invited person accepts or declines an invitation to join a community (from their dashboard)."""
    member = get_permitted(
        request.user, selectors.community_member_rows(), perm="registry.respond_community_invitation", pk=member_pk
    )
    action = request.POST.get("action")
    if action not in {"accept", "decline"}:
        messages.error(request, _("Pilih terima atau tolak."))
        return redirect("core:dashboard")
    try:
        services.community_invitation_respond(by=request.user, member=member, accept=action == "accept")
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        name = member.community.name
        if action == "accept" and member.actor_id is not None:
            messages.success(
                request, _("%(business)s sekarang anggota %(name)s.") % {"business": member.name, "name": name}
            )
        elif action == "accept":
            messages.success(request, _("Anda sekarang anggota %(name)s.") % {"name": name})
        else:
            messages.success(request, _("Undangan dari %(name)s ditolak.") % {"name": name})
    return redirect("core:dashboard")


@login_required
@require_POST
def activity_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = _community_for(request, slug, "registry.change_community")
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.community_log_activity(by=request.user, community=community, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Kegiatan dicatat."))
            return redirect("registry:community", slug=community.slug)
    return community_page(request, community, status=400, activity_form=form)


@login_required
@require_POST
def leader_set(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = _community_for(request, slug, "registry.create_community")
    if request.POST.get("action") == "remove":
        leader = get_object_or_404(selectors.community_leaders(community=community), pk=request.POST.get("membership"))
        services.community_leader_remove(by=request.user, community=community, user=leader.user)
        messages.success(request, _("Pengurus dicabut."))
        return redirect("registry:community", slug=community.slug)
    form = LeaderForm(request.POST)
    if form.is_valid():
        services.community_set_leader(by=request.user, community=community, user=form.cleaned_data["email"])
        messages.success(request, _("Pengurus ditetapkan."))
        return redirect("registry:community", slug=community.slug)
    return community_page(request, community, status=400, leader_form=form)


# ---------------------------------------------------------------- creative hubs


@login_required
@require_GET
def hub_list(request: HttpRequest) -> HttpResponse:
    require(request, "registry.change_hub")
    hubs = selectors.hubs_all()
    return render(request, "registry/hub_list.html", {"hubs": hubs})


def _hub_initial(hub: CreativeHub) -> dict[str, Any]:
    data = {f: getattr(hub, f) for f in HubForm.base_fields if f not in {"kelurahan", "operator"}}
    data["kelurahan"] = hub.kelurahan.code if hub.kelurahan_id else ""  # type: ignore[union-attr]
    data["operator"] = hub.operator_id
    return data


@login_required
def hub_form(request: AuthenticatedHttpRequest, slug: str | None = None) -> HttpResponse:
    hub = get_object_or_404(selectors.hubs_all(), slug=slug) if slug else None
    require(request, "registry.change_hub", hub)
    form = HubForm(request.POST or None, initial=_hub_initial(hub) if hub else {})
    if request.method == "POST" and form.is_valid():
        try:
            hub = services.hub_save(by=request.user, data=form.cleaned_data, hub=hub)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Ruang kreatif disimpan."))
            return redirect("registry:hub", slug=hub.slug)
    return _hub_page(request, hub, form=form, status=400 if form.errors else 200)


def _hub_page(request: HttpRequest, hub: CreativeHub | None, *, status: int = 200, **forms: Any) -> HttpResponse:
    context: dict[str, Any] = {
        "hub": hub,
        "form": forms.get("form") or HubForm(initial=_hub_initial(hub) if hub else {}),
    }
    if hub is not None:
        context.update(
            residents=hub.residents.order_by("name"),
            resident_form=forms.get("resident_form") or ResidentForm(),
            history=audit.history_for(hub)[:50],
        )
    return render(request, "registry/hub_form.html", context, status=status)


@login_required
@require_POST
def resident_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hub = get_permitted(request.user, selectors.hubs_all(), perm="registry.change_hub", slug=slug)
    form = ResidentForm(request.POST)
    if form.is_valid():
        try:
            services.hub_resident_add(by=request.user, hub=hub, actor=form.cleaned_data["actor"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Pelaku ditambahkan."))
            return redirect("registry:hub", slug=hub.slug)
    return _hub_page(request, hub, status=400, resident_form=form)


@login_required
@require_POST
def resident_remove(request: AuthenticatedHttpRequest, slug: str, actor_pk: int) -> HttpResponse:
    hub = get_permitted(request.user, selectors.hubs_all(), perm="registry.change_hub", slug=slug)
    services.hub_resident_remove(by=request.user, hub=hub, actor=get_object_or_404(hub.residents, pk=actor_pk))
    messages.success(request, _("Pelaku dikeluarkan."))
    return redirect("registry:hub", slug=hub.slug)
