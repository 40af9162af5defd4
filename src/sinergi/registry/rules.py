"""Named permissions of the registry, shared by pages and the API.

The registry's workflow (verifying, archiving, merging, claims, imports, personal data) belongs to the
office that administers the registry (`Organisation.administers_registry`): `registry_staff` and
`registry_head`. Staff of other offices may read unverified profiles (`staff`) but hold no power here
and see personal data masked. Walk the role × office × state matrix in tests/registry/test_rules.py
when you change one.
"""

from __future__ import annotations

import rules

from sinergi.accounts.models import Role
from sinergi.accounts.predicates import memberships_of, registry_head, registry_staff, staff
from sinergi.accounts.typing import AnyUser

from .models import Actor, Community, CommunityMember, MembershipStatus, Status


@rules.predicate
def is_actor_owner(user: AnyUser, actor: Actor | None) -> bool:
    return actor is not None and actor.owner_id is not None and actor.owner_id == getattr(user, "pk", None)


@rules.predicate
def actor_is_public(user: AnyUser, actor: Actor | None) -> bool:
    return actor is not None and actor.status == Status.VERIFIED


@rules.predicate
def actor_is_editable_by_owner(user: AnyUser, actor: Actor | None) -> bool:
    return actor is not None and actor.status in {Status.DRAFT, Status.REJECTED, Status.VERIFIED, Status.SUBMITTED}


@rules.predicate
def is_community_leader(user: AnyUser, community: Community | None) -> bool:
    if community is None:
        return False
    return any(
        org_id == community.organisation_id and role in {Role.LEADER, Role.ADMIN}
        for org_id, _, role in memberships_of(user)
    )


@rules.predicate
def speaks_for_member(user: AnyUser, member: CommunityMember | None) -> bool:
    """The account a community member stands for: the person, or the owner of the member business."""
    return member is not None and member.answerer_id is not None and member.answerer_id == getattr(user, "pk", None)


@rules.predicate
def invitation_is_open(user: AnyUser, member: CommunityMember | None) -> bool:
    return member is not None and member.status == MembershipStatus.INVITED


@rules.predicate
def membership_is_accepted(user: AnyUser, member: CommunityMember | None) -> bool:
    return member is not None and member.status == MembershipStatus.ACCEPTED


# The person an open community invitation is addressed to, or the owner of the invited business: only
# they accept or decline it.
is_invitee = speaks_for_member & invitation_is_open


@rules.predicate
def is_authenticated(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# Actors
rules.add_perm("registry.view_actor", actor_is_public | is_actor_owner | staff)  # reading: any office
rules.add_perm("registry.create_actor", is_authenticated)
rules.add_perm("registry.change_actor", (is_actor_owner & actor_is_editable_by_owner) | registry_staff)
rules.add_perm("registry.submit_actor", is_actor_owner | registry_staff)
rules.add_perm("registry.verify_actor", registry_staff)
rules.add_perm("registry.archive_actor", registry_staff)
rules.add_perm("registry.override_subsectors", registry_staff)
rules.add_perm("registry.set_fostering", registry_staff)
rules.add_perm("registry.merge_actors", registry_staff)
# Only a public (verified) profile can be claimed, and not by the person who already manages it.
rules.add_perm("registry.claim_actor", is_authenticated & ~is_actor_owner & actor_is_public)
rules.add_perm("registry.decide_claim", registry_staff)
# Personal data of contact persons: the owner and the registry office; every full view is logged.
# Exports carry it unmasked only for the registry office's head; everyone else's export is masked.
rules.add_perm("registry.view_personal_data", is_actor_owner | registry_staff)
rules.add_perm("registry.export_personal_data", registry_head)
# Communities
rules.add_perm("registry.create_community", registry_staff)
rules.add_perm("registry.change_community", is_community_leader | registry_staff)
rules.add_perm("registry.manage_community_members", is_community_leader | registry_staff)
# Not an office's power: only the invited person answers an invitation (consent, UU 27/2022).
rules.add_perm("registry.respond_community_invitation", is_invitee)
# Leaving is the member's own choice too (also a business the leader added before its owner claimed it).
rules.add_perm("registry.leave_community", speaks_for_member & membership_is_accepted)
# Hubs and products
rules.add_perm("registry.change_hub", registry_staff)
# The object is the product's actor; an archived profile's products are frozen for its owner.
rules.add_perm("registry.change_product", (is_actor_owner & actor_is_editable_by_owner) | registry_staff)
rules.add_perm("registry.set_flagship", registry_staff)
# Bulk work
rules.add_perm("registry.import_actors", registry_staff)
rules.add_perm("registry.export_actors", staff)  # any office; personal data masked unless the above
# The signed-in workspace (/direktori/kelola/)
rules.add_perm("registry.use_workspace", is_authenticated)
# An actor's workspace page (its forms, notes and history): the owner and office staff.
rules.add_perm("registry.manage_actor", is_actor_owner | registry_staff)
# Private uploads (certification documents): the owner and office staff.
rules.add_perm("registry.view_actor_documents", is_actor_owner | registry_staff)
# The staff list of every profile (all statuses, with staff filters).
rules.add_perm("registry.list_actors", registry_staff)
# Staff queues: verification, claims and duplicates.
rules.add_perm("registry.view_queues", registry_staff)

rules.add_perm("registry.view_deliveries", registry_staff)  # what a profile's notifications told whom
