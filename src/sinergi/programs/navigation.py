"""Work-menu entries (core/navigation.py) and dashboard cards (core/dashboard.py) of programs."""

from django.utils.translation import gettext_lazy as _

from sinergi.core import dashboard
from sinergi.core.navigation import NavItem, register

from . import selectors

register(
    NavItem(_("Program baru"), "programs:create", "programs.manage_program", order=300),
    NavItem(_("Surat keterangan binaan"), "programs:letter_issue", "programs.issue_letter", order=310),
)

dashboard.register(
    dashboard.Card("programs/_dashboard.html", order=400, data=selectors.my_applications),
    dashboard.Card("programs/_dashboard_manage.html", order=410, permission="programs.manage_program"),
)
