"""Named permissions of core. The audit log holds who viewed whose personal data: only the
installation's administrators (superusers) read and export it (docs/operations/deploy.md §8). The
installation profile is set by administrators: superusers, and admin staff given Django's model
permission for it (so the admin and the service answer the same)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules

if TYPE_CHECKING:
    from sinergi.accounts.typing import AnyUser


def model_perm(perm: str) -> Any:
    """A predicate: `user` is active admin-site staff holding Django's model permission `perm` (given in
    the admin; not an object rule)."""

    @rules.predicate(name=f"has_model_perm:{perm}")
    def holds(user: AnyUser) -> bool:
        return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False) and user.has_perm(perm))

    return holds


rules.add_perm("core.view_audit_log", rules.is_superuser)
rules.add_perm("core.change_installation_profile", rules.is_superuser | model_perm("core.change_installationprofile"))
