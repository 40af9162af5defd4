"""The signed-in person's dashboard, built from cards the apps register (never from a list in core).

Each app registers its cards in its own `navigation.py`, beside its work-menu items (core/navigation.py),
found by `autodiscover_modules` when Django starts:

    register(Card("programs/_dashboard.html", order=400, data=selectors.my_applications))
    register(Card("programs/_dashboard_manage.html", order=410, permission="programs.manage_program"))

The dashboard shows, in `order`, every card whose permission the person has (`user.has_perm`, the same
check the pages behind the card make; `permission=None` means anyone signed in). A card's `data` is a
read from the app's selectors, `data(user=person) -> Mapping`, computed only for the cards shown; the
card's template reads it as `data` (an empty mapping for a card without one). A template never runs a
query of its own.

A card whose template does not exist or whose permission no rule defines (which would hide it from
everyone, silently) fails `sinergi check` (sinergi.E101, sinergi.E102), so a typo stops the start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import rules
from django.contrib.auth.models import AnonymousUser
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

if TYPE_CHECKING:
    from sinergi.accounts.models import User
    from sinergi.accounts.typing import AnyUser


class CardData(Protocol):
    """A selector giving a card what it shows for the person (`user=` keyword)."""

    def __call__(self, *, user: User) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Card:
    template: str
    order: int
    permission: str | None = None
    data: CardData | None = None


_cards: dict[str, Card] = {}


def register(*cards: Card) -> None:
    """Add cards to the dashboard; a template is one card (a second, different card for it is refused)."""
    for card in cards:
        if card.template in _cards and _cards[card.template] != card:
            raise ValueError(f"dashboard card {card.template!r} registered twice")
        _cards[card.template] = card


def registered() -> list[Card]:
    return sorted(_cards.values(), key=lambda c: (c.order, c.template))


@dataclass(frozen=True)
class ShownCard:
    """A card the person may see, with its data read for them."""

    template: str
    data: Mapping[str, Any] = field(default_factory=dict)


def cards_for(user: AnyUser) -> list[ShownCard]:
    """The cards `user` may see, in order, each with its data; empty for anonymous visitors."""
    if isinstance(user, AnonymousUser):
        return []
    return [
        ShownCard(card.template, card.data(user=user) if card.data is not None else {})
        for card in registered()
        if card.permission is None or user.has_perm(card.permission)
    ]


@checks.register()
def check_cards(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every registered card names a template that exists and a permission a rule defines."""
    errors: list[checks.CheckMessage] = []
    for card in registered():
        try:
            get_template(card.template)
        except TemplateDoesNotExist:
            errors.append(
                checks.Error(
                    f"dashboard card {card.template!r}: no such template",
                    hint="Register the card with the path of a template an app ships (core/dashboard.py).",
                    id="sinergi.E101",
                )
            )
        if card.permission is not None and not rules.perm_exists(card.permission):
            errors.append(
                checks.Error(
                    f"dashboard card {card.template!r}: no rule defines the permission {card.permission!r}",
                    hint="Name a permission added with rules.add_perm in the app's rules.py, or None for "
                    "anyone signed in.",
                    id="sinergi.E102",
                )
            )
    return errors
