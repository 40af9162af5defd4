"""Work-menu entries (core/navigation.py) and dashboard cards (core/dashboard.py) of events."""

from django.utils.translation import gettext_lazy as _

from sinergi.core import dashboard
from sinergi.core.navigation import NavItem, register

from . import selectors

register(NavItem(_("Acara baru"), "events:create", "events.manage_event", order=400))

dashboard.register(
    dashboard.Card("events/_dashboard.html", order=500, data=selectors.my_events),
    dashboard.Card("events/_dashboard_manage.html", order=510, permission="events.manage_event"),
)
