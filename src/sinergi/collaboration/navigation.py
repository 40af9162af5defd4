"""Work-menu entries (core/navigation.py) and dashboard cards (core/dashboard.py) of collaboration."""

from django.utils.translation import gettext_lazy as _

from sinergi.core import dashboard
from sinergi.core.navigation import NavItem, register

register(
    NavItem(_("Moderasi komentar"), "collaboration:moderation", "collaboration.moderate", order=200),
)

dashboard.register(dashboard.Card("collaboration/_dashboard.html", order=300))
