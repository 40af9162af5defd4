"""Named permissions of accounts: who administers accounts and offices.

Creating an account for a person, and changing what an office does in Sinergi (its functions) or how its
letters are headed and signed, belong to the installation's administrators: superusers, and staff whom a
superuser gave Django's model permission for it in the admin (so the admin and the services answer the
same). `by=None` in a service is the platform itself (a command, the demo)."""

from __future__ import annotations

import rules

from sinergi.core.rules import model_perm

rules.add_perm("accounts.create_account", rules.is_superuser | model_perm("accounts.add_user"))
rules.add_perm("accounts.set_organisation_functions", rules.is_superuser | model_perm("accounts.change_organisation"))
rules.add_perm("accounts.set_organisation_letterhead", rules.is_superuser | model_perm("accounts.change_organisation"))
