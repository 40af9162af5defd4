from __future__ import annotations

from typing import Any

from django import template

from sinergi.accounts.models import User
from sinergi.events import selectors

register = template.Library()


@register.simple_tag
def my_events(user: User) -> dict[str, Any]:
    """A person's tickets and the booth applications they follow, for their dashboard."""
    return {
        "tickets": list(selectors.tickets_of(user=user)[:20]),
        "booths": list(selectors.booth_applications_of(user=user)[:20]),
    }
