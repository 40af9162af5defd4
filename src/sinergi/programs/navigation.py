"""Work-menu entries of programs (core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from sinergi.core.navigation import NavItem, register

register(
    NavItem(_("Program baru"), "programs:create", "programs.manage_program", order=300),
    NavItem(_("Surat keterangan binaan"), "programs:letter_issue", "programs.issue_letter", order=310),
)
