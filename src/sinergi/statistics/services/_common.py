"""What every statistics service shares: the named-permission check."""

from __future__ import annotations

from typing import Any

from sinergi.accounts.models import User
from sinergi.core.access import check_perm
from sinergi.core.errors import NotAllowed


def _require(by: User | None, perm: str, obj: Any = None, *, message: str) -> None:
    """`by` must hold the named permission `perm` (on `obj`), else NotAllowed with `message`, which says
    what was refused. Unlike other apps' services, statistics' are never the platform's own steps:
    uploading, computing, preparing, reviewing and approving figures are a person's acts, recorded as
    theirs (a publication's preparer and approver, four eyes), so `by` None is refused too."""
    if by is None:
        raise NotAllowed(message)
    check_perm(by, perm, obj, message=message)
