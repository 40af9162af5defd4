"""Work-menu entries of collaboration (core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from sinergi.core.navigation import NavItem, register

register(
    NavItem(_("Moderasi komentar"), "collaboration:moderation", "collaboration.moderate", order=200),
)
