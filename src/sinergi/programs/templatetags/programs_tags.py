from __future__ import annotations

from typing import Any

from django import template

from sinergi.accounts.models import User
from sinergi.programs import selectors

register = template.Library()


@register.simple_tag
def my_program_applications(user: User) -> list[Any]:
    """Fostering-program applications of the person's businesses, for their dashboard."""
    return list(selectors.applications_of(user=user)[:20])
