"""What the registry shows a person on their dashboard and workspace home (core/dashboard.py cards)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from sinergi.accounts.models import User

from ..derived import next_step
from ..models import Actor, Community, CommunityMember
from .actors import actors_owned_by
from .communities import communities_led_by, community_invitations_for, community_memberships_of
from .queues import open_duplicate_flags, pending_claims, verification_queue

# How many of each list a dashboard card shows (the pages behind the card list them all).
DASHBOARD_ROWS = 20
DASHBOARD_MEMBERSHIPS = 50


@dataclass(frozen=True)
class OwnedProfile:
    """One of the person's business profiles with the one sentence telling them what to do next."""

    actor: Actor
    next: str


class RegistryDashboard(TypedDict):
    rows: list[OwnedProfile]
    communities: list[Community]
    invitations: list[CommunityMember]
    memberships: list[CommunityMember]


class QueueCounts(TypedDict):
    queue: int
    claims: int
    duplicates: int


def dashboard(*, user: User) -> RegistryDashboard:
    """My profiles with their next step, the communities I lead, invitations to join one (to me or to a
    business I own) and the communities I belong to."""
    return {
        "rows": [OwnedProfile(a, next_step(a)) for a in actors_owned_by(user=user)[:DASHBOARD_ROWS]],
        "communities": list(communities_led_by(user=user)[:DASHBOARD_ROWS]),
        "invitations": list(community_invitations_for(user=user)[:DASHBOARD_ROWS]),
        "memberships": list(community_memberships_of(user=user)[:DASHBOARD_MEMBERSHIPS]),
    }


def queue_counts(*, user: User) -> QueueCounts:
    """How much waits in this person's registry office's queues (the caller checks `registry.view_queues`)."""
    return {
        "queue": verification_queue(user=user).count(),
        "claims": pending_claims(user=user).count(),
        "duplicates": open_duplicate_flags(user=user).count(),
    }
