"""Template tags of the registry: the dashboard card's data (the dashboard is core's page)."""

from __future__ import annotations

from typing import Any

from django import template

from .. import selectors
from ..views._common import next_step

register = template.Library()


@register.simple_tag
def registry_dashboard(user: Any) -> dict[str, Any]:
    """My profiles with their next step, communities I lead, invitations to join one, and for staff the queue counts."""
    data: dict[str, Any] = {
        "rows": [{"actor": a, "next": next_step(a)} for a in selectors.actors_owned_by(user=user)[:20]],
        "communities": list(selectors.communities_led_by(user=user)[:20]),
        "invitations": list(selectors.community_invitations_for(user=user)[:20]),
        "memberships": list(selectors.community_memberships_of(user=user)[:50]),
        "counts": None,
    }
    if user.has_perm("registry.view_queues"):
        data["counts"] = {
            "queue": selectors.verification_queue(user=user).count(),
            "claims": selectors.pending_claims(user=user).count(),
            "duplicates": selectors.open_duplicate_flags(user=user).count(),
        }
    return data
