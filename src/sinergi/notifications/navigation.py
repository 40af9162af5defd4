"""Work-menu entries of the notification layer (core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from sinergi.core.navigation import NavItem, register

register(
    NavItem(_("Aktivitas saya"), "notifications:activity", None, order=20),
    NavItem(_("Pengaturan pemberitahuan"), "notifications:preferences", None, order=21),
    NavItem(_("Status pengiriman"), "notifications:delivery_status", "notifications.view_delivery_status", order=22),
)
