"""The events the registry emits and who hears them (the notification layer, notifications/types.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.models import OfficeFunction
from sinergi.accounts.selectors import office_staff_ids
from sinergi.accounts.typing import AnyUser
from sinergi.notifications.types import EventType, Message, Payload, Workflow, register, register_workflow

from .models import Actor, CommunityMember, ProfileClaim

# WhatsApp Business templates (approved in Meta's WhatsApp Manager), per language; see
# docs/operations/notifications.md for their wording and parameters.
PROFILE_VERIFIED_TEMPLATES = {"id": "sinergi_profil_terverifikasi", "en": "sinergi_profile_verified"}
PROFILE_REJECTED_TEMPLATES = {"id": "sinergi_profil_ditolak", "en": "sinergi_profile_rejected"}


def _actor(payload: Payload) -> Actor:
    return Actor.objects.get(pk=payload["actor"])


def _owner(payload: Payload) -> list[int]:
    owner = _actor(payload).owner_id
    return [owner] if owner else []


def _registry_staff(payload: Payload) -> list[int]:
    return office_staff_ids(function=OfficeFunction.REGISTRY)


def _submitted_owner(payload: Payload) -> Message:
    actor = _actor(payload)
    return Message(
        _("Profil %(name)s diajukan untuk verifikasi") % {"name": actor.name},
        body=_("Petugas pendataan akan memeriksanya; Anda diberi tahu hasilnya di sini."),
        url=reverse("registry:actor", args=[actor.slug]),
        params=(actor.name,),
    )


def _submitted_staff(payload: Payload) -> Message:
    actor = _actor(payload)
    return Message(
        _("Profil baru menunggu verifikasi: %(name)s") % {"name": actor.name},
        url=reverse("registry:actor_verify", args=[actor.slug]),
        params=(actor.name,),
    )


def _verified(payload: Payload) -> Message:
    actor = _actor(payload)
    return Message(
        _("Profil %(name)s sudah terverifikasi") % {"name": actor.name},
        body=_("Profil Anda kini tampil di direktori publik."),
        url=reverse("registry:actor", args=[actor.slug]),
        params=(actor.name,),
    )


def _rejected(payload: Payload) -> Message:
    actor = _actor(payload)
    return Message(
        _("Profil %(name)s perlu diperbaiki") % {"name": actor.name},
        body=_("Alasan petugas: %(reason)s\nPerbaiki lalu ajukan lagi.") % {"reason": payload["reason"]},
        url=reverse("registry:actor_edit", args=[actor.slug]),
        params=(actor.name, payload["reason"]),
    )


def _claim(payload: Payload) -> ProfileClaim:
    return ProfileClaim.objects.select_related("actor").get(pk=payload["claim"])


def _claim_actor(payload: Payload) -> Actor:
    return _claim(payload).actor


def _claimant(payload: Payload) -> list[int]:
    return [_claim(payload).user_id]


def _claim_decided(payload: Payload) -> Message:
    claim = _claim(payload)
    if payload["approved"]:
        return Message(
            _("Klaim Anda atas profil %(name)s disetujui") % {"name": claim.actor.name},
            body=_("Anda kini mengelola profil ini."),
            url=reverse("registry:actor", args=[claim.actor.slug]),
        )
    return Message(
        _("Klaim Anda atas profil %(name)s ditolak") % {"name": claim.actor.name},
        body=_("Alasan petugas: %(reason)s") % {"reason": claim.decision_reason},
        url=reverse("registry:actor", args=[claim.actor.slug]),
    )


def _invitee(payload: Payload) -> list[int]:
    """The invited person, or the owner of the invited business."""
    user, owner = CommunityMember.objects.values_list("user_id", "actor__owner_id").get(pk=payload["member"])
    return [user or owner] if (user or owner) else []


def _invited(payload: Payload) -> Message:
    member = CommunityMember.objects.select_related("community", "actor").get(pk=payload["member"])
    if member.actor is not None:
        subject = _("Usaha Anda, %(business)s, diundang bergabung dengan komunitas %(name)s") % {
            "business": member.actor.name,
            "name": member.community.name,
        }
    else:
        subject = _("Anda diundang bergabung dengan komunitas %(name)s") % {"name": member.community.name}
    return Message(
        subject,
        body=_("Terima atau tolak undangan ini di dasbor Anda."),
        url=reverse("core:dashboard"),
        params=(member.community.name,),
    )


register(
    EventType(
        "registry.actor.submitted",
        gettext_lazy("Profil diajukan (tanda terima)"),
        gettext_lazy("Pemilik profil"),
        _owner,
        _submitted_owner,
        subject=_actor,
    ),
    EventType(
        "registry.actor.awaiting_verification",
        gettext_lazy("Profil baru menunggu verifikasi"),
        gettext_lazy("Petugas pendataan"),
        _registry_staff,
        _submitted_staff,
        subject=_actor,
    ),
    EventType(
        "registry.actor.verified",
        gettext_lazy("Profil diverifikasi"),
        gettext_lazy("Pemilik profil"),
        _owner,
        _verified,
        whatsapp_templates=PROFILE_VERIFIED_TEMPLATES,
        subject=_actor,
    ),
    EventType(
        "registry.actor.rejected",
        gettext_lazy("Profil dikembalikan untuk diperbaiki"),
        gettext_lazy("Pemilik profil"),
        _owner,
        _rejected,
        whatsapp_templates=PROFILE_REJECTED_TEMPLATES,
        subject=_actor,
    ),
    EventType(
        "registry.claim.decided",
        gettext_lazy("Keputusan atas klaim profil"),
        gettext_lazy("Pengaju klaim"),
        _claimant,
        _claim_decided,
        subject=_claim_actor,
    ),
    EventType(
        "registry.community.invited",
        gettext_lazy("Undangan bergabung dengan komunitas"),
        gettext_lazy("Orang yang diundang, atau pemilik usaha yang diundang"),
        _invitee,
        _invited,
        channels=frozenset({"whatsapp"}),  # the invitation e-mail is sent by registry.services.community_invite
    ),
)


def _actors_in_scope(user: AnyUser) -> QuerySet[Actor]:
    from .selectors import in_registry_scope

    if not user.has_perm("registry.view_deliveries"):
        return Actor.objects.none()
    return in_registry_scope(Actor.objects.all(), user=user)


register_workflow(
    Workflow(
        Actor,
        gettext_lazy("Profil pelaku"),
        "registry.view_deliveries",
        visible=_actors_in_scope,
        url=lambda actor: reverse("registry:actor", args=[actor.slug]),
    )
)
