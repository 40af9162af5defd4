"""Work-menu entries (core/navigation.py) and dashboard cards (core/dashboard.py) of accounts."""

from django.utils.translation import gettext_lazy as _

from sinergi.core import dashboard
from sinergi.core.navigation import NavItem, register

register(
    NavItem(_("Dasbor"), "core:dashboard", None, order=0),
    NavItem(_("Token API"), "accounts:tokens", None, order=900),
)

dashboard.register(dashboard.Card("accounts/_dashboard.html", order=600))
