"""Work-menu entries of accounts (core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from sinergi.core.navigation import NavItem, register

register(
    NavItem(_("Dasbor"), "core:dashboard", None, order=0),
    NavItem(_("Token API"), "accounts:tokens", None, order=900),
)
