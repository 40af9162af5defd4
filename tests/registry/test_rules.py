"""The registry's permission matrix: every named permission × role × actor state.

Expectations are written out here from the requirements, not derived from rules.py, so a change to a
rule that is not also a decision recorded here fails. A new permission must be added to EXPECTED.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from sinergi.accounts.models import Role
from sinergi.registry import services
from sinergi.registry.models import Actor, Community, Status
from tests.factories import UserFactory, make_actor, user_with_role

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "stranger", "owner", "leader", "staff", "head", "superuser")
STATES = (Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.REJECTED, Status.ARCHIVED)
OFFICE = {"staff", "head", "superuser"}
SIGNED_IN = set(ROLES) - {"anonymous"}

Expectation = Callable[[str, str], bool]


def staff_only(role: str, state: str) -> bool:
    return role in OFFICE


def owner_or_staff(role: str, state: str) -> bool:
    return role == "owner" or role in OFFICE


def owner_unless_archived_or_staff(role: str, state: str) -> bool:
    return role in OFFICE or (role == "owner" and state != Status.ARCHIVED)


def signed_in(role: str, state: str) -> bool:
    return role in SIGNED_IN


# Permissions whose object is an actor (or none): walked over every role and actor state.
EXPECTED: dict[str, Expectation] = {
    "registry.view_actor": lambda role, state: state == Status.VERIFIED or owner_or_staff(role, state),
    "registry.create_actor": signed_in,
    "registry.change_actor": owner_unless_archived_or_staff,
    "registry.submit_actor": owner_or_staff,  # the lifecycle (draft/rejected only) is the service's rule
    "registry.verify_actor": staff_only,
    "registry.archive_actor": staff_only,
    "registry.override_subsectors": staff_only,
    "registry.set_fostering": staff_only,
    "registry.merge_actors": staff_only,
    "registry.claim_actor": lambda role, state: (
        state == Status.VERIFIED and role in {"stranger", "leader", "staff", "head"}
    ),
    "registry.decide_claim": staff_only,
    "registry.view_personal_data": owner_or_staff,
    "registry.export_personal_data": lambda role, state: role in {"head", "superuser"},
    "registry.create_community": staff_only,
    "registry.change_hub": staff_only,
    "registry.change_product": owner_unless_archived_or_staff,
    "registry.set_flagship": staff_only,
    "registry.import_actors": staff_only,
    "registry.export_actors": staff_only,
    "registry.use_workspace": signed_in,
    "registry.manage_actor": owner_or_staff,
    "registry.view_actor_documents": owner_or_staff,
    "registry.view_queues": staff_only,
    "registry.list_actors": staff_only,
    # What a profile's notifications told whom (Status pengiriman): the registry office, not the owner.
    "registry.view_deliveries": staff_only,
}
# Permissions whose object is a community: the leader of *this* community and office staff.
COMMUNITY_PERMS = ("registry.change_community", "registry.manage_community_members")


def test_every_registry_permission_is_in_the_matrix() -> None:
    named = {name for name in rules.permissions.permissions if name.startswith("registry.")}
    assert named == set(EXPECTED) | set(COMMUNITY_PERMS) | {
        "registry.respond_community_invitation",
        "registry.leave_community",
    }


@pytest.fixture
def people() -> dict[str, Any]:
    superuser = UserFactory(is_superuser=True)
    return {
        "anonymous": AnonymousUser(),
        "stranger": UserFactory(),
        "owner": UserFactory(),
        "leader": UserFactory(),
        "staff": user_with_role(Role.STAFF),
        "head": user_with_role(Role.HEAD),
        "superuser": superuser,
    }


@pytest.fixture
def community(people: dict[str, Any]) -> Community:
    community = services.community_create(by=None, data={"name": "Komunitas Fesyen Depok"})
    services.community_set_leader(by=None, community=community, user=people["leader"])
    return community


def _actor_in(state: str, owner: Any, community: Community) -> Actor:
    actor = make_actor(by=owner, status=Status.DRAFT, name=f"Usaha {state}")
    services.community_member_set(by=None, community=community, actor=actor, role="member")
    if state == Status.SUBMITTED:
        services.actor_submit(by=owner, actor=actor)
    elif state == Status.VERIFIED:
        services.actor_submit(by=owner, actor=actor)
        services.actor_verify(by=None, actor=actor)
    elif state == Status.REJECTED:
        services.actor_submit(by=owner, actor=actor)
        services.actor_reject(by=None, actor=actor, reason="Belum lengkap")
    elif state == Status.ARCHIVED:
        services.actor_archive(by=None, actor=actor, reason="Tutup")
    actor.refresh_from_db()
    assert actor.status == state
    return actor


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_actor_permission_matrix(perm: str, people: dict[str, Any], community: Community) -> None:
    actors = {state: _actor_in(state, people["owner"], community) for state in STATES}
    wrong = []
    for role in ROLES:
        for state in STATES:
            # Django gives an active superuser every permission (PermissionsMixin.has_perm).
            expected = role == "superuser" or EXPECTED[perm](role, state)
            actual = people[role].has_perm(perm, actors[state])
            if actual != expected:
                wrong.append(f"{role} on {state}: expected {expected}, got {actual}")
    assert not wrong, f"{perm}: " + "; ".join(wrong)


@pytest.mark.parametrize("perm", COMMUNITY_PERMS)
def test_community_permission_matrix(perm: str, people: dict[str, Any], community: Community) -> None:
    other = services.community_create(by=None, data={"name": "Crafter Depok"})
    # A leader of another community, and a plain member of this one, are not leaders here.
    services.community_set_leader(by=None, community=other, user=people["stranger"])
    from sinergi.accounts.services import membership_set

    membership_set(by=None, user=people["owner"], organisation=community.organisation, role=Role.MEMBER)
    wrong = []
    for role in ROLES:
        for target, is_own in ((community, True), (other, False)):
            expected = role in OFFICE or (role == "leader" and is_own) or (role == "stranger" and not is_own)
            user = people[role]
            if hasattr(user, "_sinergi_memberships"):
                del user._sinergi_memberships
            actual = user.has_perm(perm, target)
            if actual != expected:
                wrong.append(f"{role} on {target.name}: expected {expected}, got {actual}")
    assert not wrong, f"{perm}: " + "; ".join(wrong)


def test_office_analysts_and_community_staff_are_not_office_staff() -> None:
    analyst = user_with_role(Role.ANALYST)
    community_admin = user_with_role(Role.ADMIN, kind="community")
    actor = make_actor(status=Status.SUBMITTED)
    for user in (analyst, community_admin):
        assert not user.has_perm("registry.verify_actor", actor)
        assert not user.has_perm("registry.view_personal_data", actor)
        assert not user.has_perm("registry.view_queues")


def test_only_the_invited_person_answers_an_open_invitation(people: dict[str, Any], community: Community) -> None:
    from sinergi.registry.models import MembershipStatus

    resident = UserFactory()
    invitation = services.community_invite(by=people["leader"], community=community, user=resident, role="member")
    perm = "registry.respond_community_invitation"
    assert resident.has_perm(perm, invitation)
    refused = [role for role in ROLES if role != "superuser" and people[role].has_perm(perm, invitation)]
    assert refused == []  # not the leader, not the registry office, not another member
    invitation.status = MembershipStatus.ACCEPTED
    assert not resident.has_perm(perm, invitation)  # answered once


def test_only_the_owner_answers_a_business_invitation_and_only_a_member_leaves(
    people: dict[str, Any], community: Community
) -> None:
    from sinergi.registry.models import MembershipStatus

    business = make_actor(by=people["owner"], name="Batik Owner")
    invitation = services.community_member_set(by=people["leader"], community=community, actor=business, role="member")
    assert invitation.status == MembershipStatus.INVITED
    respond, leave = "registry.respond_community_invitation", "registry.leave_community"
    assert [r for r in ROLES if r != "superuser" and people[r].has_perm(respond, invitation)] == ["owner"]
    assert [r for r in ROLES if r != "superuser" and people[r].has_perm(leave, invitation)] == []  # not yet a member
    services.community_invitation_respond(by=people["owner"], member=invitation, accept=True)
    invitation.refresh_from_db()
    assert [r for r in ROLES if r != "superuser" and people[r].has_perm(respond, invitation)] == []
    # Leaving is the member's own choice: not the leader's, not the registry office's.
    assert [r for r in ROLES if r != "superuser" and people[r].has_perm(leave, invitation)] == ["owner"]
    person = services.community_invite(by=people["leader"], community=community, user=people["stranger"], role="member")
    services.community_invitation_respond(by=people["stranger"], member=person, accept=True)
    person.refresh_from_db()
    assert [r for r in ROLES if r != "superuser" and people[r].has_perm(leave, person)] == ["stranger"]
