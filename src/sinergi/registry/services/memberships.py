"""A community's members: businesses and persons, invitations (consent first, UU 27/2022), its Ketua, and
leaving. One change of a community's members at a time (`_lock`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.writes import validate
from sinergi.notifications.services import emit

from ..mail import community_invitation_email
from ..models import (
    Actor,
    Community,
    CommunityMember,
    CommunityRole,
    JoinedVia,
    MembershipStatus,
    Status,
)


def _sole_chair(community: Community, actor: Actor) -> bool:
    """Whether this actor is the community's only Ketua (a community always keeps one)."""
    return _sole_chair_member(community, CommunityMember.objects.filter(community=community, actor=actor).first())


def _sole_chair_member(community: Community, member: CommunityMember | None) -> bool:
    """Whether this member is the community's only Ketua (invitations do not count: not yet members)."""
    if member is None:
        return False
    chairs = CommunityMember.objects.filter(
        community=community, role=CommunityRole.CHAIR, status=MembershipStatus.ACCEPTED
    )
    return list(chairs.values_list("pk", flat=True)) == [member.pk]


def _who(member: CommunityMember) -> dict[str, Any]:
    """The audit data naming a member: the business, or the person (by account id, never e-mail)."""
    return {"actor": member.actor_id} if member.actor_id is not None else {"user": member.user_id}


def _already(member: CommunityMember) -> str:
    """Why a business or person cannot be added or invited again, in the form's words."""
    if member.actor_id is not None:
        if member.status == MembershipStatus.INVITED:
            return _("Usaha ini sudah diundang dan menunggu persetujuan pemiliknya.")
        return _("Pelaku usaha ini sudah menjadi anggota komunitas.")
    if member.status == MembershipStatus.INVITED:
        return _("Orang ini sudah diundang dan belum menjawab.")
    return _("Orang ini sudah menjadi anggota komunitas.")


def _lock(community: Community) -> None:
    """One change of a community's members at a time (chairs, invitations)."""
    Community.objects.select_for_update().filter(pk=community.pk).first()


def _check_manager(by: User | None, community: Community) -> None:
    """The community's leader or registry staff (`registry.manage_community_members`)."""
    check_perm(
        by,
        "registry.manage_community_members",
        community,
        message=_("Anda tidak berhak mengelola anggota komunitas ini."),
    )


@transaction.atomic
def community_member_set(
    *, by: User | None, community: Community, actor: Actor, role: str, joined_on: dt.date | None = None
) -> CommunityMember:
    """Add a business to the community, or change an accepted business member's role.

    A business with an owner account joins only by its owner's consent: it is invited
    (`community_invite`) and is not a member until the owner accepts, unless the owner is the one adding
    it. A business nobody has claimed is added directly and marked as added by the leader
    (`JoinedVia.LEADER`); once claimed, its owner may leave (`community_member_leave`).

    Who may: the community's leader or registry staff (`registry.manage_community_members`); the
    business's owner may add it (their own act is the consent) but not change a membership's role."""
    owner_acting = by is not None and actor.owner_id == by.pk
    if not owner_acting:
        _check_manager(by, community)
    if actor.status == Status.ARCHIVED:
        raise ServiceError(_("Profil yang diarsipkan tidak dapat menjadi anggota."))
    _lock(community)
    existing = CommunityMember.objects.filter(community=community, actor=actor).first()
    if existing is not None and owner_acting:
        _check_manager(by, community)
    if existing is None:
        if actor.owner_id is not None and (by is None or actor.owner_id != by.pk):
            return community_invite(by=by, community=community, role=role, actor=actor)
        member = CommunityMember(
            community=community,
            actor=actor,
            role=role,
            joined_on=joined_on,
            status=MembershipStatus.ACCEPTED,
            joined_via=JoinedVia.OWNER if actor.owner_id is not None else JoinedVia.LEADER,
            invited_by=by,
        )
        validate(member, exclude=["invited_by"], unique=False)
        member.save()
        audit.record(
            by=by,
            action="registry.community.member_added",
            target=community,
            data={"actor": actor.pk, "role": role, "joined_via": member.joined_via},
        )
        return member
    if existing.status == MembershipStatus.INVITED:
        message = _already(existing)
        raise Conflict(message, field_errors={"actor": [message]})
    if role != CommunityRole.CHAIR and _sole_chair_member(community, existing):
        message = _("%(name)s adalah satu-satunya Ketua. Jadikan anggota lain Ketua dulu.") % {"name": actor.name}
        raise Conflict(message, field_errors={"role": [message]})
    existing.role = role
    if joined_on is not None:
        existing.joined_on = joined_on
    validate(existing, unique=False)
    existing.save(update_fields=["role", "joined_on", "updated_at"])
    audit.record(
        by=by, action="registry.community.member_changed", target=community, data={"actor": actor.pk, "role": role}
    )
    return existing


@transaction.atomic
def community_member_remove(
    *, by: User | None, community: Community, actor: Actor, successor: Actor | None = None
) -> None:
    """Remove a member. The only Ketua leaves only by naming a successor, who becomes Ketua."""
    _check_manager(by, community)
    _lock(community)
    if _sole_chair(community, actor):
        if successor is None:
            message = _("%(name)s adalah satu-satunya Ketua. Pilih Ketua pengganti sebelum mengeluarkannya.") % {
                "name": actor.name
            }
            raise Conflict(message, field_errors={"successor": [message]})
        heir = (
            CommunityMember.objects.filter(community=community, actor=successor, status=MembershipStatus.ACCEPTED)
            .exclude(actor=actor)
            .first()
        )
        if heir is None:
            message = _("Ketua pengganti harus anggota lain komunitas ini.")
            raise ServiceError(message, field_errors={"successor": [message]})
        heir.role = CommunityRole.CHAIR
        heir.save(update_fields=["role", "updated_at"])
        audit.record(
            by=by,
            action="registry.community.member_changed",
            target=community,
            data={"actor": successor.pk, "role": CommunityRole.CHAIR},
        )
    deleted, _objects = CommunityMember.objects.filter(
        community=community, actor=actor, status=MembershipStatus.ACCEPTED
    ).delete()
    if deleted:
        audit.record(by=by, action="registry.community.member_removed", target=community, data={"actor": actor.pk})


@transaction.atomic
def community_invite(
    *, by: User | None, community: Community, role: str, user: User | None = None, actor: Actor | None = None
) -> CommunityMember:
    """Invite a person (`user`, no business needed) or a business with an owner account (`actor`): a
    member only once that person or owner accepts on their dashboard. The one place an invitation is made:
    it is checked, saved, audited and e-mailed (in the recipient's language) here."""
    _check_manager(by, community)
    if (user is None) == (actor is None):
        raise ValueError("Invite exactly one: a person (user) or a business (actor).")
    field = "email" if user is not None else "actor"
    recipient = user if user is not None else actor.owner  # type: ignore[union-attr]
    if actor is not None and actor.status == Status.ARCHIVED:
        message = _("Profil yang diarsipkan tidak dapat menjadi anggota.")
        raise ServiceError(message, field_errors={field: [message]})
    if recipient is None:
        message = _("Usaha ini belum diklaim pemiliknya; tambahkan langsung sebagai anggota.")
        raise ServiceError(message, field_errors={field: [message]})
    if not recipient.is_active:
        message = (
            _("Akun ini tidak aktif dan tidak dapat diundang.")
            if user is not None
            else _("Akun pemilik usaha ini tidak aktif; undangan tidak dapat dikirim.")
        )
        raise ServiceError(message, field_errors={field: [message]})
    _lock(community)
    existing = CommunityMember.objects.filter(
        community=community, **({"user": user} if user is not None else {"actor": actor})
    ).first()
    if existing is not None:
        message = _already(existing)
        raise Conflict(message, field_errors={field: [message]})
    member = CommunityMember(
        community=community,
        user=user,
        actor=actor,
        role=role,
        status=MembershipStatus.INVITED,
        joined_via=JoinedVia.INVITATION,
        invited_by=by,
    )
    validate(member, exclude=["invited_by"], unique=False)
    member.save()
    audit.record(
        by=by,
        action="registry.community.person_invited" if user is not None else "registry.community.business_invited",
        target=community,
        data={**_who(member), "role": role},
    )
    community_invitation_email(member=member, recipient=recipient).send()  # queued in this transaction
    emit("registry.community.invited", member=member.pk)  # the bell and WhatsApp; the e-mail is the above
    return member


def _open_invitation(member: CommunityMember) -> CommunityMember:
    locked = CommunityMember.objects.select_for_update().filter(pk=member.pk).first()
    if locked is None or locked.status != MembershipStatus.INVITED:
        raise Conflict(_("Undangan ini sudah tidak berlaku (dijawab atau ditarik)."))
    return locked


@transaction.atomic
def community_invitation_respond(*, by: User | None, member: CommunityMember, accept: bool) -> CommunityMember | None:
    """The invited person, or the invited business's owner, accepts (a member from today) or declines
    (the invitation goes). Consent is theirs alone, so this is checked here as well as by the callers."""
    member = _open_invitation(member)
    if by is None or not by.has_perm("registry.respond_community_invitation", member):  # the system never consents
        raise NotAllowed(_("Hanya orang yang diundang (atau pemilik usaha yang diundang) yang dapat menjawabnya."))
    community = member.community
    if accept:
        member.status = MembershipStatus.ACCEPTED
        member.joined_on = timezone.localdate()
        member.save(update_fields=["status", "joined_on", "updated_at"])
        audit.record(
            by=by,
            action="registry.community.invitation_accepted",
            target=community,
            data={**_who(member), "role": member.role},
        )
        return member
    member.delete()
    audit.record(by=by, action="registry.community.invitation_declined", target=community, data=_who(member))
    return None


@transaction.atomic
def community_invitation_withdraw(*, by: User | None, community: Community, member: CommunityMember) -> None:
    """The leader withdraws an open invitation (of a person or a business) before it is answered."""
    _check_manager(by, community)
    if member.community_id != community.pk:
        raise ServiceError(_("Undangan ini bukan untuk komunitas ini."))
    _lock(community)
    member = _open_invitation(member)
    member.delete()
    audit.record(by=by, action="registry.community.invitation_withdrawn", target=community, data=_who(member))


@transaction.atomic
def community_person_remove(*, by: User | None, community: Community, member: CommunityMember) -> None:
    """Withdraw a person's open invitation, or remove a person member (never the only Ketua)."""
    _check_manager(by, community)
    if member.community_id != community.pk or member.user_id is None:
        raise ServiceError(_("Bukan anggota perorangan komunitas ini."))
    if member.status == MembershipStatus.INVITED:
        community_invitation_withdraw(by=by, community=community, member=member)
        return
    _lock(community)
    if _sole_chair_member(community, member):
        message = _("%(name)s adalah satu-satunya Ketua. Jadikan anggota lain Ketua dulu.") % {"name": member.name}
        raise Conflict(message)
    member.delete()
    audit.record(by=by, action="registry.community.member_removed", target=community, data=_who(member))


@transaction.atomic
def community_member_leave(*, by: User | None, member: CommunityMember) -> None:
    """A member leaves by their own choice: the person, or the owner of a member business (also one the
    leader added before it was claimed). The only Ketua stays until the leader names another."""
    community = member.community
    _lock(community)
    locked = CommunityMember.objects.select_for_update().filter(pk=member.pk).first()
    if locked is None or locked.status != MembershipStatus.ACCEPTED:
        raise Conflict(_("Sudah bukan anggota komunitas ini."))
    if by is None or not by.has_perm("registry.leave_community", locked):
        raise NotAllowed(_("Hanya anggota itu sendiri (atau pemilik usahanya) yang dapat keluar dari komunitas."))
    if _sole_chair_member(community, locked):
        raise Conflict(
            _("%(name)s adalah satu-satunya Ketua %(community)s. Minta pengurus menetapkan Ketua lain dulu.")
            % {"name": locked.name, "community": community.name}
        )
    locked.delete()
    audit.record(by=by, action="registry.community.member_left", target=community, data=_who(locked))
