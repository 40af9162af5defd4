"""Writes of core's own: keyword-only, atomic, permission-checked, audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from . import audit
from .errors import NotAllowed
from .models import AuditEntry

if TYPE_CHECKING:
    from sinergi.accounts.models import User


@transaction.atomic
def audit_log_exported(*, by: User, filters: Mapping[str, str], count: int) -> AuditEntry:
    """Records that `by` downloaded the audit log (itself evidence in a breach investigation)."""
    if not by.has_perm("core.view_audit_log"):
        raise NotAllowed(_("Hanya administrator yang boleh mengunduh log audit."))
    return audit.record(by=by, action="core.audit_log.exported", data={"filters": dict(filters), "count": count})
