"""What every statistics service shares: the named-permission check."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.errors import NotAllowed


def _require(by: User | None, perm: str, obj: Any = None) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise NotAllowed(_("Anda tidak berhak melakukan ini."))
