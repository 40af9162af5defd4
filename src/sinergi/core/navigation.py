"""The signed-in person's work menu, built from named permissions (never from role names).

Each app lists its pages in its own `navigation.py` (found by `autodiscover_modules` when Django starts):

    register(NavItem(_("Antrean verifikasi"), "registry:queue", "registry.view_queues", order=20))

The account menu in the header shows, in `order`, every item whose permission the person has
(`user.has_perm`, the same check the page itself makes), so it follows the permission rules as they
change: nobody is offered a page that would answer 403. `permission=None` means anyone signed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from sinergi.accounts.typing import AnyUser


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str | None
    order: int = 100


_items: dict[str, NavItem] = {}


def register(*items: NavItem) -> None:
    for item in items:
        if item.url_name in _items and _items[item.url_name] != item:
            raise ValueError(f"navigation item {item.url_name!r} registered twice")
        _items[item.url_name] = item


def registered() -> list[NavItem]:
    return sorted(_items.values(), key=lambda i: (i.order, i.url_name))


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    url_name: str


def work_menu(user: AnyUser | None) -> list[NavLink]:
    """The items `user` may open, in order; empty for anonymous visitors (and for a request no
    authentication middleware saw: `user` None)."""
    if user is None or not user.is_authenticated:
        return []
    return [
        NavLink(item.label, reverse(item.url_name), item.url_name)
        for item in registered()
        if item.permission is None or user.has_perm(item.permission)
    ]


def _register_core_items() -> None:
    from django.utils.translation import gettext_lazy as _

    # The audit log (UU 27/2022: who viewed or exported whose personal data) for administrators.
    register(NavItem(_("Log audit"), "core:audit_log", "core.view_audit_log", order=950))


_register_core_items()
