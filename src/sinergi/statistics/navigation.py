"""Work-menu entries of statistics (core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from sinergi.core.navigation import NavItem, register

register(
    NavItem(_("Ruang kerja statistik"), "statistics:workspace", "statistics.use_workspace", order=500),
    NavItem(_("Persetujuan publikasi"), "statistics:approvals", "statistics.review_publications", order=510),
)
