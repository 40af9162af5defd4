"""Work-menu entries of events (core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from sinergi.core.navigation import NavItem, register

register(NavItem(_("Acara baru"), "events:create", "events.manage_event", order=400))
