"""Work-menu entries (core/navigation.py) and dashboard cards (core/dashboard.py) of statistics."""

from django.utils.translation import gettext_lazy as _

from sinergi.core import dashboard
from sinergi.core.navigation import NavItem, register

register(
    NavItem(_("Ruang kerja statistik"), "statistics:workspace", "statistics.use_workspace", order=500),
    NavItem(_("Persetujuan publikasi"), "statistics:approvals", "statistics.review_publications", order=510),
)

dashboard.register(dashboard.Card("statistics/_dashboard.html", order=700, permission="statistics.use_workspace"))
