"""Work-menu entries of imports (core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from sinergi.core.navigation import NavItem, register

register(NavItem(_("Impor & ekspor"), "imports:home", "registry.import_actors", order=110))
