"""Work-menu entries (core/navigation.py) and dashboard cards (core/dashboard.py) of imports."""

from django.utils.translation import gettext_lazy as _

from sinergi.core import dashboard
from sinergi.core.navigation import NavItem, register

register(NavItem(_("Impor & ekspor"), "imports:home", "registry.import_actors", order=110))

dashboard.register(dashboard.Card("imports/_dashboard.html", order=200, permission="registry.import_actors"))
