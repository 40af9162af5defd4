"""Work-menu entries (core/navigation.py) and dashboard cards (core/dashboard.py) of the registry."""

from django.utils.translation import gettext_lazy as _

from sinergi.core import dashboard
from sinergi.core.navigation import NavItem, register

from . import selectors

register(
    NavItem(_("Profil usaha saya"), "registry:home", "registry.use_workspace", order=10),
    NavItem(_("Semua profil"), "registry:actor_list", "registry.list_actors", order=99),
    NavItem(_("Antrean verifikasi"), "registry:queue", "registry.view_queues", order=100),
)

dashboard.register(
    # Invitations to join a community, the communities I belong to, my profiles and those I lead.
    dashboard.Card("registry/_dashboard.html", order=100, data=selectors.dashboard),
    dashboard.Card(
        "registry/_dashboard_staff.html", order=110, permission="registry.view_queues", data=selectors.queue_counts
    ),
)
