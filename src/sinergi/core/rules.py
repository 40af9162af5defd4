"""Named permissions of core. The audit log holds who viewed whose personal data: only the
installation's administrators (superusers) read and export it (docs/operations/deploy.md §8)."""

from __future__ import annotations

import rules

rules.add_perm("core.view_audit_log", rules.is_superuser)
