"""Work-menu entries of the registry (core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from sinergi.core.navigation import NavItem, register

register(
    NavItem(_("Profil usaha saya"), "registry:home", "registry.use_workspace", order=10),
    NavItem(_("Semua profil"), "registry:actor_list", "registry.list_actors", order=99),
    NavItem(_("Antrean verifikasi"), "registry:queue", "registry.view_queues", order=100),
)
